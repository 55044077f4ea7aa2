#!/usr/bin/env python3
"""Check chart files: a PNG has the PNG signature, the given size and is not
blank (its pixels take more than one value); an SVG parses as XML and has a
<svg> root.  usage: imgcheck.py FILE [WIDTH HEIGHT].  Prints one line; exit 1
on failure."""
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def png(path, want):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "no PNG signature"
    w, h = struct.unpack(">II", data[16:24])
    if want and (w, h) != want:
        return f"size {w}x{h}, expected {want[0]}x{want[1]}"
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = len(raw) // h
    rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(h)}  # drop each row's filter byte
    if len(rows) < 10:
        return f"blank: only {len(rows)} distinct rows"
    return f"PNG {w}x{h}, {len(rows)} distinct rows"


def svg(path):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        return "root is not <svg>"
    return f"SVG with {sum(1 for _ in root.iter())} elements"


path = sys.argv[1]
want = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else None
try:
    msg = png(path, want) if path.endswith(".png") else svg(path)
except Exception as e:  # a broken file is a failed check, with the reason
    msg = f"unreadable: {e}"
ok = not any(msg.startswith(w) for w in ("no ", "size", "blank", "unreadable", "root"))
print(f"{path}: {msg if not ok else msg.split(',')[0]}")
sys.exit(0 if ok else 1)
