#!/usr/bin/env python3
"""Writes a minimal .xlsx workbook from a UTF-8 CSV file, for youdu's tests
and benchmark (python3's zipfile only; no third-party module).

usage: mkxlsx.py IN.csv OUT.xlsx [options]
  --sheet NAME        the data sheet's name (default Sheet1)
  --first-sheet NAME  put an empty sheet of this name before the data sheet
  --inline            inline strings (<is><t>) instead of the shared-string table
  --1904              the 1904 date system
  --date-cols A,B     columns (0-based) whose ISO dates become serial numbers
                      styled as dates
  --date-format F     14 (built-in m/d/yyyy, default) or a custom format code
                      such as 'yyyy"年"m"月"d"日"'
  --text-cols A,B     columns kept as text even when they look like numbers
  --prefix P          write every element with the namespace prefix P (x:row)

Cells that look like numbers (-?digits[.digits][E+-digits]) are numbers, as
Excel stores them; the text as written (2999.9999999999995) is the stored
value.  A row with fewer cells leaves the rest out, as Excel does.
"""
import csv
import datetime
import re
import sys
import zipfile
from xml.sax.saxutils import escape

NUM = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def col_letters(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def serial(iso, date1904):
    try:
        d = datetime.date.fromisoformat(iso)
    except ValueError:
        return None  # not a real date: stays text
    if date1904:
        return (d - datetime.date(1904, 1, 1)).days
    n = (d - datetime.date(1899, 12, 30)).days
    return n if n >= 61 else n - 1


def main(argv):
    args = argv[1:]
    src, out = args[0], args[1]
    opt = {"sheet": "Sheet1", "first": None, "inline": False, "1904": False, "dates": set(), "fmt": "14",
           "text": set(), "prefix": ""}
    i = 2
    while i < len(args):
        a = args[i]
        if a == "--inline":
            opt["inline"] = True
        elif a == "--1904":
            opt["1904"] = True
        else:
            v = args[i + 1]
            i += 1
            if a == "--sheet":
                opt["sheet"] = v
            elif a == "--first-sheet":
                opt["first"] = v
            elif a == "--date-cols":
                opt["dates"] = {int(x) for x in v.split(",")}
            elif a == "--date-format":
                opt["fmt"] = v
            elif a == "--text-cols":
                opt["text"] = {int(x) for x in v.split(",")}
            elif a == "--prefix":
                opt["prefix"] = v + ":"
            else:
                sys.exit("mkxlsx: unknown option " + a)
        i += 1
    p = opt["prefix"]
    ns = ' xmlns%s="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' % (":" + p[:-1] if p else "")
    rel = ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

    sst, sst_index = [], {}
    rows_xml = []
    with open(src, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            cells = []
            for c, v in enumerate(row):
                if v == "":
                    continue
                ref = "%s%d" % (col_letters(c), r)
                if c in opt["dates"] and re.match(r"^\d{4}-\d{2}-\d{2}$", v) and serial(v, opt["1904"]) is not None:
                    cells.append('<%sc r="%s" s="1"><%sv>%d</%sv></%sc>' % (p, ref, p, serial(v, opt["1904"]), p, p))
                elif c not in opt["text"] and NUM.match(v):
                    cells.append('<%sc r="%s"><%sv>%s</%sv></%sc>' % (p, ref, p, v, p, p))
                elif opt["inline"]:
                    cells.append('<%sc r="%s" t="inlineStr"><%sis><%st xml:space="preserve">%s</%st></%sis></%sc>'
                                 % (p, ref, p, p, escape(v), p, p, p))
                else:
                    if v not in sst_index:
                        sst_index[v] = len(sst)
                        sst.append(v)
                    cells.append('<%sc r="%s" t="s"><%sv>%d</%sv></%sc>' % (p, ref, p, sst_index[v], p, p))
            rows_xml.append('<%srow r="%d">%s</%srow>' % (p, r, "".join(cells), p))

    sheets = ([opt["first"]] if opt["first"] else []) + [opt["sheet"]]
    data_index = len(sheets)
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<%sworkbook%s%s>' % (p, ns, rel)]
    wb.append('<%sworkbookPr%s/><%ssheets>' % (p, ' date1904="1"' if opt["1904"] else "", p))
    for k, name in enumerate(sheets, start=1):
        wb.append('<%ssheet name="%s" sheetId="%d" r:id="rId%d"/>' % (p, escape(name, {'"': "&quot;"}), k, k))
    wb.append("</%ssheets></%sworkbook>" % (p, p))

    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for k in range(1, len(sheets) + 1):
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (k, k))
    rels.append('<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/>')
    if sst:
        rels.append('<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/sharedStrings" Target="sharedStrings.xml"/>')
    rels.append("</Relationships>")

    if opt["fmt"].isdigit():
        numfmts, fmtid = "", int(opt["fmt"])
    else:
        fmtid = 176
        numfmts = '<%snumFmts count="1"><%snumFmt numFmtId="176" formatCode="%s"/></%snumFmts>' % (
            p, p, escape(opt["fmt"], {'"': "&quot;"}), p)
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<%sstyleSheet%s>%s'
              '<%scellStyleXfs count="1"><%sxf numFmtId="0"/></%scellStyleXfs>'
              '<%scellXfs count="2"><%sxf numFmtId="0" xfId="0"/><%sxf numFmtId="%d" xfId="0" applyNumberFormat="1"/>'
              '</%scellXfs></%sstyleSheet>') % (p, ns, numfmts, p, p, p, p, p, p, fmtid, p, p)

    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/>']
    for k in range(1, len(sheets) + 1):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.spreadsheetml.worksheet+xml"/>' % k)
    ct.append("</Types>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'officeDocument" Target="xl/workbook.xml"/></Relationships>')

    def sheet_xml(body):
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<%sworksheet%s%s><%ssheetData>%s'
                '</%ssheetData></%sworksheet>') % (p, ns, rel, p, body, p, p)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "".join(ct))
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", "".join(wb))
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
        z.writestr("xl/styles.xml", styles)
        if sst:
            z.writestr("xl/sharedStrings.xml",
                       '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<%ssst%s count="%d" uniqueCount="%d">%s'
                       '</%ssst>' % (p, ns, len(sst), len(sst),
                                     "".join('<%ssi><%st xml:space="preserve">%s</%st></%ssi>'
                                             % (p, p, escape(s), p, p) for s in sst), p))
        for k in range(1, len(sheets) + 1):
            z.writestr("xl/worksheets/sheet%d.xml" % k, sheet_xml("\n".join(rows_xml) if k == data_index else ""))


if __name__ == "__main__":
    main(sys.argv)
