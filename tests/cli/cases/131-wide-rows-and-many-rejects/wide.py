#!/usr/bin/env python3
"""Writes a small .xlsx for test 131 (issue 26.4): wide.py OUT.xlsx CELLS
The header row of sample.csv's columns, then one row of CELLS cells without
cell references (<c><v>1</v></c>), which count on from column A."""
import sys
import zipfile

H = "决定书文号,决定日期,地区,执法机关,违法行为编码,违法行为,当事人类型,裁量阶次,罚款金额,基数金额".split(",")


def main(out, cells):
    head = "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % h for h in H)
    body = '<row r="1">%s</row><row r="2">%s</row>' % (head, "<c><v>1</v></c>" * int(cells))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                   "</sheets></workbook>" % (ns, rns))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (ns, body))


main(*sys.argv[1:])
