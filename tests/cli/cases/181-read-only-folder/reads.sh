# run inside the read-only folder's namespace (or after chmod a-w): audit,
# check, report to a writable folder, stats, serve; a write says why it fails
cd "$1"
$YOUDU --db ro/youdu.db audit --limit 2 --format csv; echo "audit exit $?"
$YOUDU --db ro/youdu.db check --violation CG008 --region 浙江省/温州市/龙港市/舥艚片区 --fine 83666 > check.txt; echo "check exit $?"
head -1 check.txt
$YOUDU --db ro/youdu.db report --out rep --format md; echo "report exit $?"
$YOUDU --db ro/youdu.db stats --format csv | head -2; echo "stats exit $?"
ls -A ro
# a write says why it cannot be done
$YOUDU --db ro/youdu.db analyze > analyze.txt 2>&1; echo "analyze exit $?"
sed 's/the \(disk\|folder\) is read-only/read-only/' analyze.txt
# serve answers from the read-only database
. "$DATA"/../tests/cli/serve.sh
serve_start log --db ro/youdu.db || exit 1
post /api/check '{"violation_code":"CG008","region":"浙江省/温州市/龙港市/舥艚片区","fine":83666}' | grep -o -e '^[0-9]*$' -e '"verdict":"[a-z_]*"'
serve_stop
ls -A ro
