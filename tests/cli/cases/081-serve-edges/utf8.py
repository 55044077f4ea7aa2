# Prints whether each file named is UTF-8 text, and whether the text given
# with -c occurs in it whole.
import sys
args = sys.argv[1:]
want = None
if args[0] == "-c":
    want, args = args[1], args[2:]
for f in args:
    b = open(f, "rb").read()
    try:
        t = b.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: not UTF-8 at byte %d" % (f, e.start))
        continue
    print("%s: UTF-8%s" % (f, "" if want is None else ", the whole name" if want in t else ", the name cut"))
