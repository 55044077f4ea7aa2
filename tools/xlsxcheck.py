#!/usr/bin/env python3
"""Checks an .xlsx that youdu wrote against the CSV form of the same output
(python3's zipfile and ElementTree only), for youdu's tests.

usage: xlsxcheck.py OUT.xlsx SAME.csv

Prints, one fact a line:
  frozen: the first sheet's pane (ySplit, state), or "no"
  header bold: yes/no (every header cell's style has <b/>)
  header: the header row equal to the CSV's, or both
  column NAME: the kinds of its data cells (text, number FORMAT, date FORMAT,
               empty) and its width against the widest content (in display
               columns, CJK counting two): "fits" or the two numbers
  rows: N same, or the first cells that differ
A number cell is the same as the CSV's text when they are equal as numbers;
a date cell (a number whose format has y and d) when its ISO date is the
text; a text cell when equal.  The CSV may start with a UTF-8 BOM.
"""
import csv
import datetime
import re
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
M = "{%s}" % NS["m"]
BUILTIN = {0: "General", 1: "0", 2: "0.00", 14: "m/d/yyyy"}


def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def cell_text(c):
    t = c.get("t")
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(M + "t"))
    if t == "s":
        raise SystemExit("shared strings: not what youdu writes")
    v = c.find(M + "v")
    return v.text if v is not None else None


def main():
    xlsx, csv_path = sys.argv[1], sys.argv[2]
    z = zipfile.ZipFile(xlsx)
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = dict(BUILTIN)
    for f in styles.iter(M + "numFmt"):
        fmts[int(f.get("numFmtId"))] = f.get("formatCode")
    fonts = [f.find(M + "b") is not None for f in styles.find(M + "fonts")]
    xfs = [(int(x.get("numFmtId", 0)), int(x.get("fontId", 0))) for x in styles.find(M + "cellXfs")]

    pane = sheet.find(".//m:pane", NS)
    print("frozen: %s" % ("ySplit=%s state=%s" % (pane.get("ySplit"), pane.get("state")) if pane is not None else "no"))
    widths = {}
    for c in sheet.iter(M + "col"):
        for i in range(int(c.get("min")) - 1, int(c.get("max"))):
            widths[i] = float(c.get("width"))

    rows = []
    for r in sheet.iter(M + "row"):
        cells = {}
        for c in r.iter(M + "c"):
            s = int(c.get("s", 0))
            fmt = fmts.get(xfs[s][0], "id%d" % xfs[s][0])
            bold = fonts[xfs[s][1]]
            if c.get("t") in ("inlineStr", "s", "str"):
                kind = "text"
            else:
                kind = "date " + fmt if ("y" in fmt and "d" in fmt) else "number " + fmt
            cells[col_index(c.get("r"))] = (kind, cell_text(c), bold)
        rows.append(cells)

    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        want = list(csv.reader(f))
    header = [rows[0][i][1] for i in sorted(rows[0])]
    print("header bold: %s" % ("yes" if all(v[2] for v in rows[0].values()) else "no"))
    print("header: %s" % ("same" if header == want[0] else "%s / %s" % (header, want[0])))
    for i, name in enumerate(header):
        kinds = sorted({r[i][0] if i in r else "empty" for r in rows[1:]})
        shown = [want[k][i] for k in range(len(want)) if i < len(want[k])]
        need = max(width(s) for s in shown) if shown else 0
        have = widths.get(i, 8.43)
        fit = "fits" if have >= min(need, 60) else "width %.1f for %d" % (have, need)
        print("column %s: %s; %s" % (name, ", ".join(kinds), fit))

    bad = []
    for k, (cells, exp) in enumerate(zip(rows[1:], want[1:]), start=2):
        for i, text in enumerate(exp):
            kind, v, _ = cells.get(i, ("empty", "", False))
            if kind == "empty":
                ok = text == ""
            elif kind == "text":
                ok = v == text
            elif kind.startswith("date"):
                d = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(v))
                ok = d.isoformat() == text
            else:
                try:
                    ok = abs(float(v) - float(text)) < 1e-9
                except ValueError:
                    ok = False
            if not ok and len(bad) < 5:
                bad.append("row %d column %s: %r (%s) for %r" % (k, header[i], v, kind, text))
    if len(rows) != len(want):
        bad.append("%d rows for %d" % (len(rows) - 1, len(want) - 1))
    print("rows: %s" % ("; ".join(bad) if bad else "%d same" % (len(rows) - 1)))


main()
