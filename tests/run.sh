#!/bin/sh
# Runs every unit test binary and every CLI case; ends with "N passed, N failed".
# usage: tests/run.sh BUILD_DIR YOUDU_BIN GEN_BIN
build=$1 bin=$2 gen=$3
passed=0 failed=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out"
		echo "$t: crashed or printed no tally (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || { f=1; echo "$t: exit $rc"; }
	[ "$f" -gt 0 ] && printf '%s\n' "$out"
	[ "$f" -gt 0 ] || echo "$line"
	passed=$((passed + p)) failed=$((failed + f))
done
cli=$(sh tests/cli/run.sh "$bin" "$gen"); rc=$?
printf '%s\n' "$cli"
line=$(printf '%s\n' "$cli" | tail -n 1)
p=$(printf '%s\n' "$line" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s\n' "$line" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$p" ]; then p=0 f=1; fi
passed=$((passed + p)) failed=$((failed + f))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
