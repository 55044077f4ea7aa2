# Slow and many connections to youdu serve, all to 127.0.0.1 (some from
# 127.0.0.2, another client address on the loopback), each bounded in
# count and time.  usage: slow.py URL deadline|caps|flood
import http.client, resource, socket, sys, threading, time

host, port = sys.argv[1].split("//")[1].split(":")
port = int(port)


def connect(src="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.connect((host, port))
    return s


def fresh(src="127.0.0.1"):
    """A new client's GET /api/health: its status and seconds."""
    t = time.time()
    c = http.client.HTTPConnection(host, port, timeout=10, source_address=(src, 0))
    try:
        c.request("GET", "/api/health")
        r = c.getresponse()
        r.read()
        return r.status, time.time() - t
    except Exception as e:
        return repr(e), time.time() - t
    finally:
        c.close()


def trickle(s, lines, every):
    """Sends one line every `every` seconds until the server closes s:
    the seconds that took (None after 8 s) and what the server sent."""
    got, t = b"", time.time()
    s.settimeout(every)
    for i in range(int(8 / every)):
        try:
            s.sendall(lines(i))
        except OSError:
            return time.time() - t, got
        try:
            d = s.recv(4096)
            if not d:
                return time.time() - t, got
            got += d
        except socket.timeout:
            pass
        except OSError:
            return time.time() - t, got
    return None, got


def read_answer(s):
    """One whole answer on s (by its Content-Length)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    head, _, rest = buf.partition(b"\r\n\r\n")
    n = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(rest) < n:
        rest += s.recv(4096)
    return head.split(b"\r\n")[0].decode()


def closed_within(t, lo, hi):
    return "closed after %d s" % round(t) if t is not None and lo <= t <= hi else "NOT closed in time (%r)" % t


def deadline():
    """--request-timeout 2: a trickled first request, a trickled second
    request on a kept-alive connection, and a trickled body."""
    out = {}

    def first():
        s = connect()
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        t, got = trickle(s, lambda i: b"X-Slow-%d: 1\r\n" % i, 0.25)
        out["first"] = "%s, %s" % (closed_within(t, 1.5, 4.0), got.split(b"\r\n")[0].decode() or "no answer")

    def second():
        s = connect()
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        status = read_answer(s)
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        t, got = trickle(s, lambda i: b"X-Slow-%d: 1\r\n" % i, 0.25)
        out["second"] = "%s, then %s, %s" % (status, closed_within(t, 1.5, 4.0), got.decode() or "no answer")

    def body():
        s = connect()
        s.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
        t, got = trickle(s, lambda i: b" ", 0.25)
        out["body"] = "%s, %s" % (closed_within(t, 1.5, 4.0), got.decode() or "no answer")

    ts = [threading.Thread(target=f) for f in (first, second, body)]
    for th in ts:
        th.start()
    # while they trickle, a fresh client is answered at once
    st, secs = fresh()
    for th in ts:
        th.join()
    print("a fresh client meanwhile: %s%s" % (st, "" if secs < 1 else " after %.1f s" % secs))
    print("first request trickled: " + out["first"])
    print("second request trickled: " + out["second"])
    print("body trickled: " + out["body"])


seen = {}


def state(s):
    """What s is now: "open", "503" (answered so), or "closed"."""
    if s in seen:
        return seen[s]
    s.setblocking(False)
    try:
        d = s.recv(4096)
    except BlockingIOError:
        return "open"
    except OSError:
        d = b""
    seen[s] = d.split(b" ")[1].decode() if d.startswith(b"HTTP/1.1 ") else "closed"
    return seen[s]


def settle(socks, want, secs=5):
    """Waits until the states of socks are want (a readiness signal, not a
    fixed sleep), at most secs; returns the states."""
    t = time.time()
    while True:
        got = [state(s) for s in socks]
        if got == want or time.time() - t > secs:
            return got
        time.sleep(0.02)


def caps():
    """--max-per-client 4 --max-connections 6: the connection that waited
    longest makes room, per client and in all."""
    a, b = [], []
    for i in range(6):
        s = connect("127.0.0.1")
        s.sendall(b"GET /api/health HTTP/1.1\r\n")
        a.append(s)
    print("127.0.0.1, six slow connections:", " ".join(settle(a, ["503"] * 2 + ["open"] * 4)))
    for i in range(4):
        s = connect("127.0.0.2")
        s.sendall(b"GET /api/health HTTP/1.1\r\n")
        b.append(s)
    print("127.0.0.2, four slow connections:", " ".join(settle(b, ["open"] * 4)))
    print("127.0.0.1 then:", " ".join(settle(a, ["503"] * 4 + ["open"] * 2)))
    st, secs = fresh("127.0.0.1")
    print("127.0.0.1, a fresh client: %s%s" % (st, "" if secs < 1 else " after %.1f s" % secs))
    print("127.0.0.1 then:", " ".join(settle(a, ["503"] * 5 + ["open"])))
    print("127.0.0.2 then:", " ".join(settle(b, ["open"] * 4)))


def flood():
    """The defaults: 1,025 connections trickling a first request (more
    than libmicrohttpd's ~1,020), and a fresh client."""
    n = 1025
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY:
        n = min(n, hard - 64)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))
    socks = []
    for i in range(n):
        s = connect()
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    st, secs = fresh()
    print("with the others trickling, a fresh client: %s%s" % (st, "" if secs < 5 else " after %.1f s" % secs))
    states = [state(s) for s in socks]
    print("of them open:", "at most 64" if states.count("open") <= 64 else states.count("open"))


{"deadline": deadline, "caps": caps, "flood": flood}[sys.argv[2]]()
