# Six clients ask for one draft over and over, three for the result page
# and three for the JSON answer; once each has its first answer, another
# connection commits to the database COMMITS times, every 10 ms, so that
# nearly every request makes its worker reload the checker.  Every answer
# must be 200 and the same bytes as the first (the JSON: the bytes of
# `check --format json`, in want.json).  "ready" is touched when the
# commits begin; the clients stop when they end or the server is gone.
import http.client, json, sqlite3, sys, threading, time, urllib.parse

host, port = sys.argv[1].split("//")[1].split(":")
COMMITS = int(sys.argv[2])
draft = {"violation_code": "CG004", "region": "浙江省", "fine": "8000"}
page = "/check?" + urllib.parse.urlencode(draft)
body = json.dumps(draft, ensure_ascii=False).encode()
want = {"json": open("want.json", "rb").read(), "page": None}
problems, answered = [], [0] * 6
lock = threading.Lock()
stop = threading.Event()
started = threading.Barrier(7)


def client(i):
    kind = "page" if i < 3 else "json"
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    while not stop.is_set():
        try:
            if kind == "page":
                c.request("GET", page)
            else:
                c.request("POST", "/api/check", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            got = r.read()
        except Exception as e:
            problem("%s client: %r" % (kind, e))
            return
        with lock:
            if want[kind] is None and r.status == 200:
                want[kind] = got
            bad = r.status != 200 or got != want[kind]
        if bad:
            problem("%s client: status %d, %d bytes unlike the first" % (kind, r.status, len(got)))
            return
        answered[i] += 1
        if answered[i] == 1:
            started.wait()


def problem(p):
    with lock:
        problems.append(p)
    stop.set()
    started.abort()


threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
try:
    started.wait()
    open("ready", "w").close()
    db = sqlite3.connect("youdu.db", isolation_level=None, timeout=20)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE IF NOT EXISTS test_tick(n)")
    for k in range(COMMITS):
        if stop.is_set():
            break
        db.execute("INSERT INTO test_tick VALUES(?)", (k,))
        time.sleep(0.01)
except threading.BrokenBarrierError:
    pass
stop.set()
for t in threads:
    t.join()
for p in problems[:3]:
    print(p)
print("clients: %s" % ("every answer 200 and whole" if not problems and all(answered) else "FAILED"))
