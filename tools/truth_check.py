#!/usr/bin/env python3
"""Compare youdu's verdicts with the generator's ground truth.

usage: truth_check.py TRUTH.csv AUDIT.csv [--require] [--require-rare]
                      [--max-false F] [--min-precision P] [--min-recall R]

AUDIT.csv is `youdu audit --verdict all --format csv`.  Prints, for each
planted kind, how many were planted and found, the false flags, and the
precision and recall of the peer (outlier) verdicts.  With --require it
exits 1 unless every planted illegal and tier case is found with its exact
verdict, no unplanted case gets a legal or tier verdict, and no legal
mitigated / no-penalty case is called illegal.  With --require-rare it also
exits 1 unless an outlier is rare (issue 11): false over/under flags at most
0.15 % of all cases (--max-false, a share), no (violation, tier) with at
least 200 cases has more than 2 % of its cases flagged over/under, at least
90 % of the planted outliers are found (--min-recall) and at least
--min-precision (default 0) of the over/under flags are planted ones.
"""
import csv
import sys

LEGAL = {"above_legal_max", "below_legal_min", "above_tier", "below_tier"}
PEER = {"over_penalized", "under_penalized"}


def main():
    truth_path, audit_path = sys.argv[1], sys.argv[2]
    require = "--require" in sys.argv[3:]
    require_rare = "--require-rare" in sys.argv[3:]
    def opt(name, default):
        args = sys.argv[3:]
        return float(args[args.index(name) + 1]) if name in args else default
    max_false, min_precision, min_recall = opt("--max-false", 0.0015), opt("--min-precision", 0.0), \
        opt("--min-recall", 0.9)
    planted, tiers = {}, {}
    with open(truth_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["status"] != "imported":
                continue
            key = (row["case_id"], row["violation_code"])
            planted[key] = row["planted"]
            tiers[key] = row["tier"]
    verdict, cell = {}, {}
    with open(audit_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["case_id"], row["violation_code"])
            verdict[key] = row["verdict"]
            cell[key] = (row["violation_code"], row["tier"])
    missing = [k for k in planted if k not in verdict]
    problems = []
    if missing:
        problems.append(f"{len(missing)} imported cases have no verdict")
    kinds = sorted(LEGAL | PEER)
    print(f"{'planted':18} {'n':>5} {'found':>6} {'recall':>7}")
    for kind in kinds:
        keys = [k for k, p in planted.items() if p == kind]
        found = sum(1 for k in keys if verdict.get(k) == kind)
        rec = found / len(keys) if keys else float("nan")
        print(f"{kind:18} {len(keys):5d} {found:6d} {rec:7.3f}")
        if kind in LEGAL and found != len(keys):
            problems.append(f"{len(keys) - found} planted {kind} cases not found")
    false_legal = [k for k, v in verdict.items() if v in LEGAL and planted.get(k) != v]
    lenient_illegal = [k for k, v in verdict.items()
                       if v in LEGAL and tiers.get(k) in ("mitigated", "none") and planted.get(k) == "none"]
    peer_flags = [k for k, v in verdict.items() if v in PEER]
    peer_true = [k for k in peer_flags if planted.get(k) == verdict[k]]
    peer_planted = [k for k, p in planted.items() if p in PEER]
    precision = len(peer_true) / len(peer_flags) if peer_flags else float("nan")
    recall = len(peer_true) / len(peer_planted) if peer_planted else float("nan")
    print(f"legal/tier verdicts on unplanted cases: {len(false_legal)}")
    print(f"legal mitigated/no-penalty cases called illegal: {len(lenient_illegal)}")
    print(f"peer flags: {len(peer_flags)}, planted outliers: {len(peer_planted)}, "
          f"true: {len(peer_true)}, precision {precision:.3f}, recall {recall:.3f}")
    false_peer = [k for k in peer_flags if planted.get(k) != verdict[k]]
    share = len(false_peer) / len(verdict) if verdict else 0.0
    # per (violation, tier): every flag, and the flags no planted outlier
    # explains (the generator plants outliers unevenly: a cell can hold many
    # true flags, which says nothing against the rule)
    sizes, flagged, wrong = {}, {}, {}
    false_set = set(false_peer)
    for k, c in cell.items():
        sizes[c] = sizes.get(c, 0) + 1
        flagged[c] = flagged.get(c, 0) + (verdict[k] in PEER)
        wrong[c] = wrong.get(c, 0) + (k in false_set)
    worst = max(((flagged[c] / n, c, flagged[c], n) for c, n in sizes.items() if n >= 200), default=None)
    worst_false = max(((wrong[c] / n, c, wrong[c], n) for c, n in sizes.items() if n >= 200), default=None)
    print(f"false over/under flags: {len(false_peer)} of {len(verdict)} cases ({100 * share:.3f} %)")
    if worst:
        print(f"most flagged (violation, tier) with >= 200 cases: {worst[1][0]} {worst[1][1] or '(none)'} "
              f"{worst[2]} of {worst[3]} ({100 * worst[0]:.2f} %, planted outliers included)")
        print(f"most falsely flagged (violation, tier) with >= 200 cases: {worst_false[1][0]} "
              f"{worst_false[1][1] or '(none)'} {worst_false[2]} of {worst_false[3]} ({100 * worst_false[0]:.2f} %)")
    if require_rare:
        if share > max_false:
            problems.append(f"false over/under flags {100 * share:.3f} % of all cases (limit {100 * max_false:g} %)")
        if worst_false and worst_false[0] > 0.02:
            problems.append(f"{worst_false[1]} has {100 * worst_false[0]:.2f} % of its cases falsely flagged (limit 2 %)")
        if peer_planted and recall < min_recall:
            problems.append(f"planted outliers found {recall:.3f} (limit {min_recall:.2f})")
        if peer_flags and precision < min_precision:
            problems.append(f"precision of the over/under flags {precision:.3f} (limit {min_precision:.2f})")
    if false_legal:
        problems.append(f"{len(false_legal)} unplanted cases got a legal or tier verdict")
    if lenient_illegal:
        problems.append(f"{len(lenient_illegal)} legal mitigated/no-penalty cases called illegal")
    for p in problems:
        print("PROBLEM:", p)
    if (require or require_rare) and problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
