# Helpers for the cases that run `youdu serve` (sourced by their cmd).
# serve_start LOG [ARGS...]: starts the server in the background on a free
# port (--listen 127.0.0.1:0: the kernel picks one, so no port can be taken
# between choosing and binding it); sets SERVE_PID and URL.  No clock: the
# server writes its address to a FIFO once it listens (--ready-file), and the
# read below waits for that line.  The server holds the FIFO's write end from
# its start (3>), so if it exits before saying it is ready the read ends, empty.
serve_start() {
	_log=$1
	shift
	rm -f .serve-ready
	mkfifo .serve-ready || return 1
	$YOUDU serve --listen 127.0.0.1:0 --ready-file .serve-ready "$@" 2>"$_log" 3>.serve-ready &
	SERVE_PID=$!
	# a case that stops half-way (a shell error) must not leave it running
	trap 'kill $SERVE_PID 2>/dev/null' EXIT
	if ! read -r URL < .serve-ready; then
		wait $SERVE_PID
		echo "the server did not start:"
		cat "$_log"
		return 1
	fi
	rm -f .serve-ready
	URL=${URL%/}
}
# serve_stop [SIGNAL]: stops it (TERM by default) and prints its exit status.
serve_stop() {
	kill -"${1:-TERM}" $SERVE_PID
	wait $SERVE_PID
	echo "serve exit $?"
	trap - EXIT
}
# The access log without its times: "METHOD PATH STATUS".
serve_log() {
	sed -E -n 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z (.*) [0-9]+\.[0-9]{2}ms$/\1/p' "$1"
}
# post PATH JSON / get PATH: the status, then the body.
post() {
	curl -sS -o body -w '%{http_code}\n' -H 'Content-Type: application/json' --data-binary "$2" "$URL$1"
	cat body
}
get() {
	curl -sS -o body -w '%{http_code}\n' "$URL$1"
	cat body
}
