#!/usr/bin/env python3
"""Makes hostile copies of a small .xlsx for test 130 (issue 26.3), small on
disk: bomb.py IN.xlsx OUT.xlsx ratio|declared|cols|wide
  ratio     sharedStrings.xml padded with 1.4 M strings: 21 MiB from ~25 KiB
  declared  sharedStrings.xml as it is, but its size in the zip's directory
            forged to 1 GiB
  hidden    as ratio, but the directory says 1,000 bytes: the bytes read tell
"""
import struct
import sys
import zipfile


def main(src, dst, mode):
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/sharedStrings.xml" and mode in ("ratio", "hidden"):
                data = data.replace(b"</sst>", b"<si><t>x</t></si>" * 1400000 + b"</sst>")
            z.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    if mode in ("declared", "hidden"):
        b = bytearray(open(dst, "rb").read())
        name = b"xl/sharedStrings.xml"
        i = 0
        while True:
            i = b.find(b"PK\x01\x02", i)
            if i < 0:
                break
            n = struct.unpack_from("<H", b, i + 28)[0]
            if bytes(b[i + 46:i + 46 + n]) == name:
                struct.pack_into("<I", b, i + 24, 1 << 30 if mode == "declared" else 1000)
            i += 4
        open(dst, "wb").write(b)


main(*sys.argv[1:])
