#!/usr/bin/env python3
"""Compare `youdu regions --format csv` labels with the generator's planted
regional bias (yd-gen --regions, or --bias-scenario 40 --regions).
usage: regions_check.py BIAS.csv REGIONS.csv

Prints one line per planted kind with how its towns were labelled, then
every biased town with its nominal factor (when the bias file gives one),
measured effect and label, the town whose cases are all enterprises (when
the bias file has a `parties` column: yd-gen --party-mix), and the two
criteria of docs/METHODS.md:
  biased towns labelled in their direction: must be all of them;
  fair towns not labelled in_line (harsh, lenient, uncertain or too_few):
  must be at most MAX_FAIR_WRONG (1).  A fair town called uncertain is
  counted: it was not shown to be in line;
and with --party-mix a third: the fair town of enterprises only in_line.
Exits 1 unless all hold."""
import collections
import csv
import sys

MAX_FAIR_WRONG = 1
LABELS = ("harsh", "lenient", "in_line", "uncertain", "too_few", "missing")

planted = {r["region"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
got = {r["region"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}


def label(region):
    return got[region]["label"] if region in got else "missing"


for kind in ("harsh", "lenient", "fair"):
    regions = [r for r, p in planted.items() if p["planted_bias"] == kind]
    counts = collections.Counter(label(r) for r in regions)
    said = ", ".join(f"{counts[lab]} {lab}" for lab in LABELS if counts[lab])
    print(f"{kind:8} {len(regions):3d} planted: {said}")

biased = [r for r, p in planted.items() if p["planted_bias"] != "fair"]
for r in sorted(biased, key=lambda r: float(got[r]["effect_pct"]) if r in got and got[r]["effect_pct"] else 0):
    factor = planted[r].get("factor")
    eff = got[r]["effect_pct"] if r in got else "-"
    nominal = f"factor {float(factor):.2f} " if factor else ""
    print(f"  {r}: {nominal}measured {eff} %, {label(r)}")
mix_wrong = 0
for r, p in planted.items():
    if p.get("parties") == "enterprise":
        eff = got[r]["effect_pct"] if r in got else "-"
        print(f"  {r}: all enterprises, {p['planted_bias']}, measured {eff} %, {label(r)}")
        mix_wrong += p["planted_bias"] == "fair" and label(r) != "in_line"
found = sum(1 for r in biased if label(r) == planted[r]["planted_bias"])
wrong = sum(1 for r, p in planted.items() if p["planted_bias"] == "fair" and label(r) != "in_line")
print(f"biased towns labelled in their direction: {found} of {len(biased)}")
print(f"fair towns not labelled in_line: {wrong} (at most {MAX_FAIR_WRONG})")
if any(p.get("parties") == "enterprise" for p in planted.values()):
    print(f"fair towns of enterprises only not labelled in_line: {mix_wrong} (must be 0)")
sys.exit(0 if found == len(biased) and wrong <= MAX_FAIR_WRONG and mix_wrong == 0 else 1)
