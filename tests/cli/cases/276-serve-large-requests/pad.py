# pad.py URL N: two checks on one kept-alive connection, each request's head
# padded with a header of N bytes; prints each status and verdict (or error).
import http.client, json, sys

host, port = sys.argv[1].split("//")[1].split(":")
n = int(sys.argv[2])
c = http.client.HTTPConnection(host, int(port), timeout=10)
body = json.dumps({"violation_code": "CG004", "region": "浙江省/嘉兴市/海盐县/武原街道", "fine": 8000}, ensure_ascii=False)
for i in range(2):
    c.request("POST", "/api/check", body=body.encode(), headers={"Content-Type": "application/json", "X-Pad": "a" * n})
    r = c.getresponse()
    o = json.loads(r.read())
    print(n, r.status, o.get("verdict", o.get("error")))
    if r.status != 200:
        break
