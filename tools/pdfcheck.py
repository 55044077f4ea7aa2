#!/usr/bin/env python3
"""Check a printed report: its pages, how much of each is used, and that the
headings are in its text.  usage: pdfcheck.py FILE.pdf HEADINGS.txt MIN-MAX
HEADINGS.txt holds one heading a line, each must appear in the PDF's text
(pdftotext).  Pages are rendered in grey at 20 dpi (pdftoppm); a page is
near-empty when its ink ends in the top quarter of the page (the last page
may be short).  Prints whether the page count lies in MIN-MAX, then one line per missing
heading or near-empty page; exit 1 when there is one."""
import subprocess
import sys
import tempfile
import os


def pgm(path):
    data = open(path, "rb").read()
    parts, pos = [], 0
    while len(parts) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:]


def main():
    pdf, headings = sys.argv[1], sys.argv[2]
    lo, hi = (int(v) for v in sys.argv[3].split("-"))
    bad = 0
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "20", pdf, os.path.join(tmp, "p")], check=True)
        pages = sorted(f for f in os.listdir(tmp) if f.endswith(".pgm"))
        if lo <= len(pages) <= hi:
            print(f"pages: between {lo} and {hi}")
        else:
            print(f"pages: {len(pages)}, expected between {lo} and {hi}")
            bad = 1
        for i, name in enumerate(pages):
            w, h, px = pgm(os.path.join(tmp, name))
            last = 0
            for y in range(h):
                row = px[y * w:(y + 1) * w]
                if min(row) < 200:
                    last = y + 1
            if i < len(pages) - 1 and last < h / 4:
                print(f"page {i + 1} of {len(pages)} is near-empty: ink ends at {100 * last // h} % of its height")
                bad = 1
    for line in open(headings, encoding="utf-8"):
        want = "".join(line.split())
        if want and want not in flat:
            print(f"heading missing from the PDF: {line.strip()}")
            bad = 1
    sys.exit(bad)


main()
