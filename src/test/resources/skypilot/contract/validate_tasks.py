"""Validates task YAMLs with SkyPilot itself: sky.Task.from_yaml on every path listed in the JSON file argv[1].

Prints one line `RESULT <json>` mapping each path to "ok" or the error SkyPilot raised."""
import json
import sys

import sky

results = {}
for path in json.load(open(sys.argv[1])):
    try:
        sky.Task.from_yaml(path)
        results[path] = "ok"
    except Exception as e:  # SkyPilot raises several exception types for invalid YAML
        results[path] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
print("RESULT " + json.dumps(results))
