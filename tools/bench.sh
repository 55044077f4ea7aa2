#!/bin/sh
# Benchmarks youdu on generated data.  usage: tools/bench.sh YOUDU GEN [ROWS]
# Prints one table: step, wall seconds, peak resident memory.  Data and the
# database go to bench/ (not committed).  See docs/PERFORMANCE.md.
set -eu
youdu=$1 gen=$2 rows=${3:-1000000} zscore=${4:-}
dir=bench
mkdir -p "$dir"
cases=$dir/cases-$rows.csv drafts=$dir/drafts-20000.csv db=$dir/bench-$rows.db
[ -f "$cases" ] || { echo "generating $rows rows..." >&2; "$gen" --rows "$rows" --seed 1 --out "$cases"; }
[ -f "$drafts" ] || "$gen" --rows 20000 --seed 99 --out "$drafts"
rm -f "$db" "$db-journal" "$db-wal" "$db-shm"

measure() { # name, command...
	name=$1; shift
	/usr/bin/time -f "%e %M" -o "$dir/time.out" "$@" > "$dir/out.txt" 2>"$dir/err.txt" || true
	set -- $(tail -n 1 "$dir/time.out")
	printf '%-28s %9s s %9.1f MB\n' "$name" "$1" "$(echo "$2" | awk '{print $1 / 1024}')"
}

echo "youdu benchmark: $rows rows ($(du -h "$cases" | cut -f1) CSV), $(nproc) cores, $(date -u +%F)"
printf '%-28s %11s %12s\n' step wall "peak RSS"
"$youdu" --db "$db" catalogue import datasets/catalogue.csv > /dev/null
measure "import" "$youdu" --db "$db" import --quiet "$cases"
t_import=$(cut -d' ' -f1 "$dir/time.out")
measure "analyze (first run)" "$youdu" --db "$db" analyze
t_analyze=$(cut -d' ' -f1 "$dir/time.out")
measure "analyze (second run)" "$youdu" --db "$db" analyze
grep -E 'judged|over_penalized|under_penalized' "$dir/out.txt" | sed 's/^/    /'
# The judged cases as a Hive-style table (export --partition), read back
# with DuckDB as one table: rows and fines per province and year must equal
# the database's own (counted with the sqlite3 shell).
part=$dir/partitioned-$rows
measure "export --partition" "$youdu" --db "$db" export --partition province,year --out "$part" --force
sed 's/^/    /' "$dir/out.txt"
du -sk "$part" | awk '{printf "    %.1f MB of gzip CSV\n", $1 / 1024}'
if [ -d "$dir/node/node_modules/@duckdb/node-api" ] && command -v sqlite3 > /dev/null; then
	cp tools/partition_duckdb.mjs "$dir/node/"
	measure "DuckDB reads it back" sh -c "cd $dir/node && node partition_duckdb.mjs ../$(basename "$part")"
	LC_ALL=C sort "$dir/out.txt" > "$dir/part-duckdb.txt"
	sqlite3 -separator , "$db" "WITH t AS (SELECT substr(r.name, 1, instr(r.name || '/', '/') - 1) AS p,
		c.decision_date / 10000 AS y, c.fine FROM cases c JOIN region r ON r.id = c.region_id)
		SELECT p, y, count(*), sum(fine) FROM t GROUP BY p, y
		UNION ALL SELECT 'all', 'all', count(*), sum(fine) FROM t" | LC_ALL=C sort > "$dir/part-youdu.txt"
	if cmp -s "$dir/part-duckdb.txt" "$dir/part-youdu.txt"; then
		grep '^all,' "$dir/part-youdu.txt" | awk -F, -v n="$(($(wc -l < "$dir/part-youdu.txt") - 1))" \
			'{printf "    agree: %d rows, %.2f yuan of fines in %d partitions (DuckDB = youdu)\n", $3, $4 / 100, n}'
	else
		echo "    DIFFER: DuckDB's rows and fines per partition are not the database's"
		diff "$dir/part-youdu.txt" "$dir/part-duckdb.txt" | head -5 | sed 's/^/    /'
	fi
else
	echo "    DuckDB or sqlite3 not installed (mkdir -p bench/node && cd bench/node && npm install @duckdb/node-api): no read-back"
fi
measure "audit (csv, all flagged)" "$youdu" --db "$db" audit --format csv
echo "    $(($(wc -l < "$dir/out.txt") - 1)) flagged cases listed"
echo "$t_import $t_analyze $(cut -d' ' -f1 "$dir/time.out")" |
	awk '{printf "%-28s %9.2f s   (import + first analyze + audit: CSV to the flagged list)\n", "end to end", $1 + $2 + $3}'
measure "report (html + md)" "$youdu" --db "$db" report --out "$dir/report"
measure "check --batch 20000" "$youdu" --db "$db" check --batch "$drafts"
# median100 CMD...: the median and p90 of 100 runs of CMD as one process, in ms
median100() {
	i=0
	while [ $i -lt 100 ]; do
		s=$(date +%s%N)
		"$@" > /dev/null || true
		e=$(date +%s%N)
		echo $(((e - s) / 1000))
		i=$((i + 1))
	done | sort -n | awk '{a[NR] = $1} END {printf "%.2f %.2f\n", a[50] / 1000, a[90] / 1000}'
}
set -- $(median100 "$youdu" --db "$db" check --violation CG004 --region 浙江省/嘉兴市/海盐县/武原街道 --tier 从轻 \
	--party 个人 --fine 8000 --date 2024-06-01)
t_check=$1
printf '%-28s %9.2f ms (median of 100; p90 %.2f ms)\n' "check (one process)" "$1" "$2"
# the same start and the draft's peer group looked up by the sqlite3 shell
# (names to ids and the group's key: three index searches), issue 22.4
if command -v sqlite3 > /dev/null; then
	set -- $(median100 sqlite3 "$db" "SELECT g.n, g.median FROM peer_group g JOIN violation v ON v.id = g.violation_id
		JOIN region r ON r.id = g.region_id WHERE v.name = 'CG004' AND r.name = '浙江省/嘉兴市/海盐县/武原街道'
		AND g.context_id = 0 AND g.widened = 0 AND g.tier = 3 AND g.party = 1 AND g.level = 0")
	printf '%-28s %9.2f ms (median of 100; p90 %.2f ms)\n' "sqlite3 shell, same lookup" "$1" "$2"
	echo "$t_check $1" | awk '{printf "    check / sqlite3 shell = %.2fx (target <= 1.5x)\n", $1 / $2}'
fi
ls -l "$db" | awk '{printf "database size: %.0f MB\n", $5 / 1e6}'
sh tools/bench_serve.sh "$youdu" "$db" "$drafts" 10 16

# The same simple robust-z job (violation x region, median, MAD, |z| > 3.5)
# with youdu's library and with pandas, on a clean copy pandas can read.
[ -n "$zscore" ] || exit 0
clean=$dir/clean-$rows.csv
[ -f "$clean" ] || "$gen" --rows "$rows" --seed 1 --clean --out "$clean"
echo "robust-z job on $clean:"
measure "youdu library, 1 thread" "$zscore" "$clean" 1
echo "    $(cat "$dir/out.txt")"
threads=$(nproc)
measure "youdu library, $threads threads" "$zscore" "$clean" "$threads"
ours=$(cat "$dir/out.txt"); t_ours=$(cut -d' ' -f1 "$dir/time.out")
echo "    $ours (the ratios below are to this)"
# compare NAME INSTALL-HINT CMD...: time CMD, check its flags, print the ratio
compare() {
	name=$1 hint=$2; shift 2
	measure "$name" "$@"
	theirs=$(cat "$dir/out.txt"); t_theirs=$(cut -d' ' -f1 "$dir/time.out")
	if [ -z "$theirs" ]; then
		echo "    $name did not run ($hint): no comparison"
		return
	fi
	echo "    $theirs"
	[ "$ours" = "$theirs" ] && echo "    flag counts agree" || echo "    FLAG COUNTS DIFFER"
	echo "$t_ours $t_theirs" | awk -v n="$name" '{printf "    %s / youdu = %.2fx\n", n, $2 / $1}'
}
compare pandas "apt-get install python3-pandas" /usr/bin/python3 tools/zscore_pandas.py "$clean"
compare data.table "apt-get install r-cran-data.table" Rscript tools/zscore_datatable.R "$clean"
if [ -d "$dir/node/node_modules/@duckdb/node-api" ]; then
	cp tools/zscore_duckdb.mjs "$dir/node/"
	compare DuckDB "npm install @duckdb/node-api in bench/node" sh -c "cd $dir/node && node zscore_duckdb.mjs ../$(basename "$clean")"
else
	echo "    DuckDB not installed (mkdir -p bench/node && cd bench/node && npm install @duckdb/node-api): no comparison"
fi
