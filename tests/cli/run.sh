#!/bin/sh
# Data-shaped CLI tests.  Each folder in tests/cli/cases/ holds:
#   cmd              shell lines run in a fresh temporary folder holding a copy
#                    of the case's files; $YOUDU is the binary, $DATA the
#                    datasets folder, $GEN the generator
#   expected-stdout  compared byte for byte (absent = must be empty)
#   expected-stderr  compared byte for byte (absent = must be empty)
#   expected-exit    exit status of cmd (absent = 0)
# Run under LC_ALL=C TZ=UTC.  UPDATE=1 rewrites the expected files from the
# actual output: review the diff before committing.
# usage: tests/cli/run.sh YOUDU_BIN GEN_BIN [CASE...]
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
top=$(pwd)
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1735689600
export YOUDU="$bin" GEN="$gen" DATA="$top/datasets"
passed=0 failed=0
cases=${*:-$(ls -d tests/cli/cases/*/ | sed 's:/$::')}
for dir in $cases; do
	name=$(basename "$dir")
	tmp=$(mktemp -d)
	cp -R "$dir"/. "$tmp"/
	(cd "$tmp" && sh ./cmd >actual-stdout 2>actual-stderr; echo $? >actual-exit)
	ok=1
	for s in stdout stderr exit; do
		exp="$dir/expected-$s"
		if [ -f "$exp" ]; then
			cmp -s "$exp" "$tmp/actual-$s" || ok=0
		elif [ "$s" = exit ]; then
			[ "$(cat "$tmp/actual-exit")" = 0 ] || ok=0
		else
			[ -s "$tmp/actual-$s" ] && ok=0
		fi
	done
	if [ "$UPDATE" = 1 ]; then
		cp "$tmp/actual-stdout" "$dir/expected-stdout"
		cp "$tmp/actual-exit" "$dir/expected-exit"
		if [ -s "$tmp/actual-stderr" ]; then cp "$tmp/actual-stderr" "$dir/expected-stderr"; else rm -f "$dir/expected-stderr"; fi
		[ -s "$dir/expected-stdout" ] || rm -f "$dir/expected-stdout"
		[ "$(cat "$dir/expected-exit")" = 0 ] && rm -f "$dir/expected-exit"
		ok=1
	fi
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL cli $name"
		for s in stdout stderr exit; do
			if [ -f "$dir/expected-$s" ]; then
				diff -u "$dir/expected-$s" "$tmp/actual-$s" | head -20
			elif [ -s "$tmp/actual-$s" ] && [ "$s" != exit ]; then
				echo "unexpected $s:"; head -20 "$tmp/actual-$s"
			fi
		done
	fi
	rm -rf "$tmp"
done
echo "cli: $passed passed, $failed failed"
[ $failed = 0 ]
