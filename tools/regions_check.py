#!/usr/bin/env python3
"""Compare `youdu regions --format csv` labels with the generator's planted
regional bias (yd-gen --regions).  usage: regions_check.py BIAS.csv REGIONS.csv
Prints one line per planted kind and exits 1 unless every harsh and lenient
region is labelled so and no fair region is."""
import csv
import sys

planted = {r["region"]: r["planted_bias"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
got = {r["region"]: r["label"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
bad = 0
for kind in ("harsh", "lenient", "fair"):
    regions = [r for r, p in planted.items() if p == kind]
    want = "in_line" if kind == "fair" else kind
    ok = sum(1 for r in regions if got.get(r) == want)
    print(f"{kind:8} {len(regions):3d} planted, {ok:3d} labelled {want}")
    bad += len(regions) - ok
sys.exit(1 if bad else 0)
