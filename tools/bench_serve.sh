#!/bin/sh
# The serve benchmark: `youdu serve` on an analysed database, wrk keeping
# CLIENTS connections busy posting drafts to /api/check for SECONDS (after a
# 2 s warm-up); prints checks/s, the server's CPU per check, latency
# percentiles and its peak resident memory.  The drafts are those of
# DRAFTS.csv that check accepts (unknown regions and unreadable rows would
# be 4xx answers, not checks).
# usage: tools/bench_serve.sh YOUDU DB DRAFTS.csv [SECONDS] [CLIENTS]
set -eu
youdu=$1 db=$2 drafts=$3 secs=${4:-10} clients=${5:-16}
dir=$(dirname "$db")
command -v wrk > /dev/null || { echo "serve: wrk not installed (apt-get install wrk): no measurement"; exit 0; }
"$youdu" --db "$db" check --batch "$drafts" --format csv > "$dir/serve-batch.csv" 2> /dev/null || true
python3 - "$drafts" "$dir/serve-batch.csv" > "$dir/serve-post.lua" << 'PY'
import csv, json, sys
ok = {r["line"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["verdict"] != "error"}
cols = {"违法行为编码": "violation_code", "地区": "region", "罚款金额": "fine", "裁量阶次": "tier",
        "当事人类型": "party", "基数金额": "base_amount", "决定日期": "date"}
rd = csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
bodies = []
for row in rd:
    if str(rd.line_num) not in ok:
        continue
    d = {cols[k]: v for k, v in row.items() if k in cols and v}
    s = json.dumps(d, ensure_ascii=False)
    bodies.append('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"')
    if len(bodies) == 5000:
        break
print("bodies = {" + ",\n".join(bodies) + "}")
print('i = 0\nrequest = function()\n  i = i % #bodies + 1\n'
      '  return wrk.format("POST", "/api/check", {["Content-Type"] = "application/json"}, bodies[i])\nend')
PY
"$youdu" --db "$db" serve --listen 127.0.0.1:0 2> "$dir/serve.log" &
pid=$!
i=0
until grep -q 'listening on' "$dir/serve.log"; do
	i=$((i + 1)); [ $i -lt 200 ] || { echo "serve did not start"; cat "$dir/serve.log"; kill $pid; exit 1; }
	sleep 0.05
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$dir/serve.log")
wrk -t 2 -c "$clients" -d 2s -s "$dir/serve-post.lua" "$url/api/check" > /dev/null
cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)
wrk -t 2 -c "$clients" -d "${secs}s" --latency -s "$dir/serve-post.lua" "$url/api/check" > "$dir/serve-wrk.txt"
cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
rss=$(awk '/VmHWM/ {print $2 / 1024}' /proc/$pid/status)
anon=$(awk '/RssAnon/ {print $2 / 1024}' /proc/$pid/status)
kill -TERM $pid
wait $pid || true
n=$(grep -c '^bodies\|^"' "$dir/serve-post.lua" || true)
awk -v c="$clients" -v s="$secs" -v rss="$rss" -v anon="$anon" -v n="$n" -v cpu=$((cpu1 - cpu0)) -v tck="$(getconf CLK_TCK)" '
	/requests in/ {reqs = $1}
	/Requests\/sec/ {rps = $2}
	/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
	/Non-2xx/ {bad = $NF}
	END {
		printf "%-28s %9.0f checks/s (%d clients, %d s, %d distinct drafts)\n", "serve /api/check", rps, c, s, n
		if (reqs > 0)
			printf "    server CPU %.0f us per check (user + sys; the figure a shared machine moves least)\n", cpu / tck * 1e6 / reqs
		printf "    latency p50 %s, p99 %s; non-2xx answers %d; server peak RSS %.1f MB (%.1f MB its own memory\n", p50, p99, bad + 0, rss, anon
		printf "    at the end; the rest pages of the database file it reads through a memory map)\n"
	}' "$dir/serve-wrk.txt"
