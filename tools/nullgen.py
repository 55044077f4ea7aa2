#!/usr/bin/env python3
"""Data whose truth is known for the peer rule's false flags (issue 20).

usage: nullgen.py --out CASES.csv --truth TRUTH.csv [--seed N] [--violations N]
                  [--min N] [--max N] [--planted SHARE] [--factor F] [--sd LO HI]

Writes violations V0001... with 15-120 cases each (uniform), no catalogue,
no declared tier: fines log-normal around a median drawn log-uniformly in
200-50,000 yuan with a log-scale standard deviation drawn uniformly in
--sd LO HI (default 0.3-0.6), then rounded as officers round them (60 % to the nearest 'nice'
amount 1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8 x 10^k, the rest to two
significant figures).  Regions are three counties of one city, parties
half individuals, half enterprises, neither with any effect.

--planted SHARE (default 0) multiplies that share of the cases by --factor
(default 5) or its inverse, half each way, before rounding, and writes them
as over_penalized / under_penalized in the truth file (the truth file has
the generator's columns, so tools/truth_check.py reads it).  Every other
case is planted 'none': on --planted 0 every flag is a false flag.
"""
import argparse
import csv
import math
import random

NICE = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0]
COUNTIES = ["甲省/乙市/南县", "甲省/乙市/北县", "甲省/乙市/东县"]


def officer_round(rng, yuan):
    k = math.floor(math.log10(yuan))
    m = yuan / 10 ** k
    if rng.random() < 0.6:
        step = min(NICE, key=lambda v: abs(math.log(v) - math.log(m)))
        return step * 10 ** k
    return round(m, 1) * 10 ** k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--violations", type=int, default=600)
    ap.add_argument("--min", type=int, default=15)
    ap.add_argument("--max", type=int, default=120)
    ap.add_argument("--planted", type=float, default=0.0)
    ap.add_argument("--factor", type=float, default=5.0)
    ap.add_argument("--sd", type=float, nargs=2, default=[0.3, 0.6], metavar=("LO", "HI"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    head = ["case_id", "decision_date", "region", "violation_code", "party_type", "fine"]
    with open(a.out, "w", newline="", encoding="utf-8") as fo, \
            open(a.truth, "w", newline="", encoding="utf-8") as ft:
        out, truth = csv.writer(fo), csv.writer(ft)
        out.writerow(head)
        truth.writerow(["status", "planted", "reason", "case_id", "decision_date", "region", "agency",
                        "violation_code", "violation_name", "party_type", "tier", "fine", "base_amount"])
        serial = 0
        for v in range(1, a.violations + 1):
            code = f"V{v:04d}"
            median = math.exp(rng.uniform(math.log(200), math.log(50000)))
            sd = rng.uniform(a.sd[0], a.sd[1])
            for _ in range(rng.randint(a.min, a.max)):
                serial += 1
                planted = "none"
                x = math.log(median) + rng.gauss(0, sd)
                if a.planted > 0 and rng.random() < a.planted:
                    up = rng.random() < 0.5
                    planted = "over_penalized" if up else "under_penalized"
                    x += math.log(a.factor) * (1 if up else -1)
                fine = max(officer_round(rng, math.exp(x)), 1.0)
                date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                region = rng.choice(COUNTIES)
                party = rng.choice(["individual", "enterprise"])
                cid = f"N{serial:06d}"
                amount = f"{fine:.2f}"
                out.writerow([cid, date, region, code, party, amount])
                truth.writerow(["imported", planted, "", cid, date, region, "", code, "", party, "", amount, ""])


if __name__ == "__main__":
    main()
