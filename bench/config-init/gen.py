#!/usr/bin/env python3
"""Writes the benchmark inputs into DIR: a ~1 MB base.json, 100 overrides as an env file
(APP_Section<i>__Key=...) and the same overrides as one JSON object for jq's `*`."""
import json, sys, os
d = sys.argv[1]
base = {}
i = 0
while True:
    base[f"Section{i}"] = {"Key": f"value-{i}", "Port": 8000 + i, "Enabled": i % 2 == 0,
                           "Tags": [f"t{i}-{j}" for j in range(8)],
                           "Nested": {"A": "x" * 40, "B": {"C": i, "D": "lorem ipsum dolor sit amet"}}}
    i += 1
    if i % 100 == 0 and len(json.dumps(base, indent=2)) >= 1_000_000:
        break
with open(os.path.join(d, "base.json"), "w") as f:
    json.dump(base, f, indent=2)
overrides = {}
with open(os.path.join(d, "overrides.env"), "w") as f:
    for k in range(100):
        s = k * (i // 100)
        f.write(f"APP_Section{s}__Key=override-{k}\n")
        overrides.setdefault(f"Section{s}", {})["Key"] = f"override-{k}"
with open(os.path.join(d, "overrides.json"), "w") as f:
    json.dump(overrides, f)
