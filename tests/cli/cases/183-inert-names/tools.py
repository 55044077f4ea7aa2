"""Helpers of test 183: make the hostile data, count raw control bytes,
run a command on a terminal (a pty), parse an SVG."""
import csv, os, subprocess, sys, tty as termios_tty
import xml.etree.ElementTree as ET


def ctl(data):
    """Control characters a terminal acts on: C0 but tab and newline, DEL,
    C1 (UTF-8 C2 80-C2 9F)."""
    n = sum(1 for b in data if (b < 0x20 and b not in (9, 10)) or b == 0x7F)
    return n + sum(1 for i in range(len(data) - 1) if data[i] == 0xC2 and 0x80 <= data[i + 1] <= 0x9F)


def make(src, dst):
    rows = list(csv.reader(open(src, encoding='utf-8')))
    out = [rows[0]]
    for r in rows[1:]:
        if r[4] == 'CG012':
            r[3] = '\x1b[31m红色机关\x1b[0m\x07\x08'
            r[5] = '夜间\x1b]0;title\x07施工\x7f\u009b'
            r[2] = r[2].replace('芦浦片区', '芦浦\x1b[2J片区')
        out.append(r)
    csv.writer(open(dst, 'w', encoding='utf-8', newline=''), lineterminator='\n').writerows(out)


def on_terminal(argv):
    m, s = os.openpty()
    termios_tty.setraw(s)  # no CR added before LF
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=s, stderr=s)
    os.close(s)
    out = b''
    while True:
        try:
            d = os.read(m, 65536)
        except OSError:
            break
        if not d:
            break
        out += d
    p.wait()
    return out


what = sys.argv[1]
if what == 'make':
    make(sys.argv[2], sys.argv[3])
elif what == 'count':
    data = open(sys.argv[2], 'rb').read()
    print('%s: %d raw control characters, %d shown \\xHH' % (sys.argv[2], ctl(data), data.count(b'\\x1b')))
elif what == 'tty':
    data = on_terminal(sys.argv[2:])
    print('on a terminal: %d raw control characters, %d ESC shown \\x1b' % (ctl(data), data.count(b'\\x1b')))
elif what == 'svg':
    try:
        ET.parse(sys.argv[2])
        print('%s is well-formed XML' % sys.argv[2])
    except ET.ParseError as e:
        print('%s: %s' % (sys.argv[2], e))
