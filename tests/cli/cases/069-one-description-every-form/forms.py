"""The table, CSV and JSON of every listing command agree (issue 16)."""
import csv, decimal, io, json, os, re, subprocess, sys, unicodedata

YOUDU = os.environ["YOUDU"]
bad = 0


def run(args):
    r = subprocess.run([YOUDU] + args, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


def fail(msg):
    global bad
    bad += 1
    print("FAIL", msg)


def same(v, cell):
    """A JSON value is its CSV cell: null empty, true/false yes/no, a number
    the same number (jansson writes 13282.00 as 13282.0), text the text."""
    if isinstance(v, decimal.Decimal):
        try:
            return decimal.Decimal(cell) == v
        except decimal.InvalidOperation:
            return False
    return cell == ("" if v is None else "yes" if v is True else "no" if v is False else v)


# command, its table's columns (None: it writes no table), lines of the table
# under each row (the YD_SHOW_BELOW column), table-only columns, whether
# every row's cells fit their columns (then they must line up)
COMMANDS = [
    (["audit", "--verdict", "all", "--limit", "40"],
     "case_id violation_code region decision_date fine verdict verdict_zh review", "reason", ["verdict_zh"], True),
    (["regions"], "region n effect_pct effect_raw_pct effect_low_pct effect_high_pct limits998_pct label label_zh top_violations",
     None, ["limits998_pct", "label_zh"], True),
    (["regions", "--level", "3"], "region n effect_pct effect_raw_pct effect_low_pct effect_high_pct limits998_pct label label_zh top_violations",
     None, ["limits998_pct", "label_zh"], True),
    (["disparity"], "violation_code n regions testable h p q epsilon2 highest_region lowest_region", None, [], True),
    (["trends"], "violation_code year n median_fine dispersion share_flagged share_at_min share_mitigated_none "
     "slope slope_low slope_high direction direction_zh", None, ["direction_zh"], True),
    (["stats", "--violation", "CG004"], "violation_code group n min q1 median q3 max mean mad share_at_min share_flagged",
     None, [], True),
    (["rejects"], "file line reason", "raw", [], False),
    (["catalogue", "list"], "violation_code tier party condition fine_kind base fine_min fine_max cap status source effective_from effective_to",
     "reason", [], False),
    (["export"], None, None, [], False),
    (["check", "--batch", "drafts.csv"], None, None, [], False),
]

for args, table_cols, below, table_only, align in COMMANDS:
    name = " ".join(args)
    rows = list(csv.reader(io.StringIO(run(args + ["--format", "csv"]))))
    header, cells = rows[0], rows[1:]
    objs = json.loads(run(args + ["--format", "json"]), parse_float=decimal.Decimal, parse_int=decimal.Decimal)
    if len(objs) != len(cells) or not cells:
        fail(f"{name}: {len(objs)} JSON objects, {len(cells)} CSV rows")
    for o, row in zip(objs, cells):
        if list(o) != header:
            fail(f"{name}: JSON keys {list(o)} are not the CSV header {header}")
            break
        if len(o) != len(row) or not all(same(v, c) for v, c in zip(o.values(), row)):
            fail(f"{name}: JSON {o} is not CSV {row}")
            break
    if table_cols is None:
        print(f"{name}: csv and json agree, {len(header)} columns, {len(cells)} rows")
        continue
    fmt = ["--format", "text"] if args[0] == "catalogue" else []
    lines = run(args + fmt).splitlines()
    lines = [l for l in lines if not re.match(r"^\d+ (cases? listed|rejected rows)$", l)]
    shown = table_cols.split()
    if lines[0].split() != shown:
        fail(f"{name}: table header {lines[0].split()} is not {shown}")
    if [c for c in shown if c not in table_only] != [c for c in header if c in shown]:
        fail(f"{name}: table columns {shown} are not the CSV's in its order")
    if below and lines[1] != "    " + below:
        fail(f"{name}: the header's second line is {lines[1]!r}, not {below}")
    body = lines[2:] if below else lines[1:]
    # where each column starts, in display columns, by the header
    starts = [width(lines[0][:m.start()]) for m in re.finditer(r"\S+", lines[0])]
    k = 0
    for row in cells:
        line = body[k]
        k += 1
        got = re.split(r"\s{2,}", line.strip())
        want = [row[header.index(c)] or "-" for c in shown if c not in table_only]
        got_data = [g for g, c in zip(got, shown) if c not in table_only]
        if got_data != want:
            fail(f"{name}: table row {got} is not the CSV's {want}")
            break
        # the row lines up with the header by display width: each cell starts
        # where its column's name starts or, right-aligned, ends where the
        # name ends (where every cell fits its column: not rejects' file
        # paths nor catalogue's names used as codes)
        if align:
            pos = [0] + [width(line[:m.end()]) for m in re.finditer(r"\s{2,}", line.rstrip())]
            ends = [width(line[:m.start()]) for m in re.finditer(r"\s{2,}", line.rstrip())] + [width(line.rstrip())]
            hends = [s + width(w) for s, w in zip(starts, lines[0].split())]
            for i, c in enumerate(shown[:-1]):
                if pos[i] != starts[i] and ends[i] != hends[i]:
                    fail(f"{name}: column {c} of {line!r} at {pos[i]}-{ends[i]}; header: {starts[i]}-{hends[i]}")
                    break
        reason = row[header.index(below)] if below else ""
        if reason:
            under = []
            while k < len(body) and body[k].startswith("    "):
                under.append(body[k][4:])
                k += 1
            if "\n".join(under) != reason:
                fail(f"{name}: under the row {under!r}, not {reason!r}")
                break
    print(f"{name}: table, csv and json agree, {len(header)} columns ({len(shown)} in the table), {len(cells)} rows")
sys.exit(1 if bad else 0)
