#!/usr/bin/env python3
"""Compare `youdu regions --format csv` labels with the generator's planted
regional bias (yd-gen --regions, or --bias-scenario 40 --regions).
usage: regions_check.py BIAS.csv REGIONS.csv

Prints one line per planted kind, then every biased town with its nominal
factor (when the bias file gives one), measured effect and label, and the
two criteria of docs/METHODS.md:
  biased towns labelled in their direction: must be all of them;
  fair towns labelled harsh or lenient: must be at most MAX_FAIR_WRONG (1).
Exits 1 unless both hold."""
import csv
import sys

MAX_FAIR_WRONG = 1

planted = {r["region"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
got = {r["region"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}


def label(region):
    return got[region]["label"] if region in got else "missing"


for kind in ("harsh", "lenient", "fair"):
    regions = [r for r, p in planted.items() if p["planted_bias"] == kind]
    want = "in_line" if kind == "fair" else kind
    ok = sum(1 for r in regions if label(r) == want)
    print(f"{kind:8} {len(regions):3d} planted, {ok:3d} labelled {want}")

biased = [r for r, p in planted.items() if p["planted_bias"] != "fair"]
for r in sorted(biased, key=lambda r: float(got[r]["effect_pct"]) if r in got and got[r]["effect_pct"] else 0):
    factor = planted[r].get("factor")
    eff = got[r]["effect_pct"] if r in got else "-"
    nominal = f"factor {float(factor):.2f} " if factor else ""
    print(f"  {r}: {nominal}measured {eff} %, {label(r)}")
found = sum(1 for r in biased if label(r) == planted[r]["planted_bias"])
wrong = sum(1 for r, p in planted.items() if p["planted_bias"] == "fair" and label(r) in ("harsh", "lenient"))
print(f"biased towns labelled in their direction: {found} of {len(biased)}")
print(f"fair towns labelled harsh or lenient: {wrong} (at most {MAX_FAIR_WRONG})")
sys.exit(0 if found == len(biased) and wrong <= MAX_FAIR_WRONG else 1)
