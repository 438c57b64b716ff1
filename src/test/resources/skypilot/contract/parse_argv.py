"""Parses command lines with the real `sky` CLI's click parser, without running them (no API server needed).

argv[1] is a JSON list of argument lists (without the program). Prints one line `RESULT <json>`: for each, "ok" or
the click error (type and message) the real CLI would answer with exit code 2."""
import json
import sys

import click
from sky.client.cli.command import cli


def parse(args):
    ctx = cli.make_context("sky", list(args))
    command, rest = cli, list(ctx.protected_args) + list(ctx.args)
    while isinstance(command, click.Group) and rest:
        name, command, rest = command.resolve_command(ctx, rest)
        ctx = command.make_context(name, rest, parent=ctx)
        rest = list(getattr(ctx, "protected_args", [])) + list(ctx.args)
    return ctx


results = []
for args in json.load(open(sys.argv[1])):
    try:
        parse(args)
        results.append("ok")
    except click.exceptions.ClickException as e:
        results.append("%s: %s" % (type(e).__name__, e.format_message()))
print("RESULT " + json.dumps(results))
