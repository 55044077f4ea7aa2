#!/usr/bin/env python3
"""Writes a legacy .xls (BIFF8) workbook from a UTF-8 CSV file, for youdu's
tests.  Needs python3-xlwt (Debian).

usage: mkxls.py IN.csv OUT.xls [--sheet NAME] [--date-cols A,B] [--text-cols A,B]

Cells that look like numbers become numbers; ISO dates in --date-cols become
dates (numbers styled YYYY-MM-DD, as Excel stores them).
"""
import csv
import datetime
import re
import sys

import xlwt

NUM = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def is_date(v):
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def main(argv):
    src, out = argv[1], argv[2]
    sheet, dates, text = "Sheet1", set(), set()
    i = 3
    while i < len(argv):
        if argv[i] == "--sheet":
            sheet = argv[i + 1]
        elif argv[i] == "--date-cols":
            dates = {int(x) for x in argv[i + 1].split(",")}
        elif argv[i] == "--text-cols":
            text = {int(x) for x in argv[i + 1].split(",")}
        else:
            sys.exit("mkxls: unknown option " + argv[i])
        i += 2
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    with open(src, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, v in enumerate(row):
                if v == "":
                    continue
                if c in dates and re.match(r"^\d{4}-\d{2}-\d{2}$", v) and is_date(v):
                    ws.write(r, c, datetime.date.fromisoformat(v), date_style)
                elif c not in text and NUM.match(v):
                    ws.write(r, c, float(v))
                else:
                    ws.write(r, c, v)
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv)
