#!/usr/bin/env python3
"""Checks the relative links of the repository's Markdown files (Python 3 stdlib only).

Every `](path)`, `](path#anchor)`, `](#anchor)` and reference definition `[x]: path` must name a file or directory
that exists, and an anchor into a Markdown file must name one of its headings (GitHub's slugs, numbered when a heading
repeats) or an explicit `<a id="...">`. Links to other sites (`scheme:`) are not followed. Text in code fences and
in inline code is skipped, since it shows Markdown rather than linking.

  python3 scripts/check-doc-links.py           # the Markdown files git tracks (every *.md outside build dirs elsewhere)
  python3 scripts/check-doc-links.py a.md b.md # only those

Prints each broken link as file:line: link (why) and exits 1 if there is any.
"""
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {".git", "target", "node_modules", "__pycache__"}

INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+(?:[^>]*\s)?(?:id|name)=\"([^\"]+)\"", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files():
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return sorted(os.path.join(ROOT, p) for p in out.splitlines() if os.path.isfile(os.path.join(ROOT, p)))
    except (OSError, subprocess.CalledProcessError):
        found = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
            found.extend(os.path.join(top, f) for f in files if f.endswith(".md"))
        return sorted(found)


def prose_lines(path):
    """(line number, text) of the lines outside code fences, with inline code blanked out."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fence = None
    for number, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield number, INLINE_CODE.sub(lambda c: " " * len(c.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading: the text without markup, lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.replace("`", "").strip().lower()
    kept = []
    for ch in text:
        if ch in " -_" or ch.isalnum() or unicodedata.category(ch).startswith("M"):
            kept.append("-" if ch == " " else ch)
    return "".join(kept)


_anchors = {}


def anchors(path):
    if path not in _anchors:
        found, seen = set(), {}
        for _, line in prose_lines_with_code(path):
            m = HEADING.match(line)
            if m:
                base = slug(m.group(2))
                n = seen.get(base, 0)
                seen[base] = n + 1
                found.add(base if n == 0 else "%s-%d" % (base, n))
            found.update(HTML_ANCHOR.findall(line))
        _anchors[path] = found
    return _anchors[path]


def prose_lines_with_code(path):
    """Lines outside code fences, inline code kept (a heading's slug includes its code spans' text)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fence = None
    for number, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield number, line


def check_link(source, target):
    """Why the link is broken, or None."""
    if SCHEME.match(target) or target.startswith("//"):
        return None
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    if path:
        resolved = os.path.normpath(os.path.join(os.path.dirname(source), path))
        if not os.path.exists(resolved):
            return "no such file"
    else:
        resolved = source
    if anchor and resolved.endswith(".md") and os.path.isfile(resolved):
        if anchor.lower() not in {a.lower() for a in anchors(resolved)}:
            return "no heading #%s in %s" % (anchor, os.path.relpath(resolved, ROOT))
    return None


def main(argv):
    files = [os.path.abspath(a) for a in argv] or markdown_files()
    broken = 0
    for source in files:
        for number, line in prose_lines(source):
            targets = INLINE_LINK.findall(line)
            ref = REFERENCE_DEF.match(line)
            if ref:
                targets.append(ref.group(1))
            for target in targets:
                why = check_link(source, target)
                if why:
                    broken += 1
                    print("%s:%d: %s (%s)" % (os.path.relpath(source, ROOT), number, target, why))
    print("%d Markdown files, %d broken links" % (len(files), broken), file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
