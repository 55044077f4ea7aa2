# Sends a request as given (\r\n written as such) on a new connection to
# URL and prints what came back before the server closed it: how many
# status lines, the first, and the body.
import socket, sys

host, port = sys.argv[1].split("//")[1].split(":")
s = socket.create_connection((host, int(port)), timeout=5)
s.sendall(sys.argv[2].encode().replace(b"\\r\\n", b"\r\n"))
got = b""
try:
    while True:
        d = s.recv(65536)
        if not d:
            break
        got += d
except socket.timeout:
    got += b"\n(no close within 5 s)"
head, _, body = got.partition(b"\r\n\r\n")
print("%d status line(s): %s" % (got.count(b"HTTP/1.1 "), head.split(b"\r\n")[0].decode()))
print(body.decode(errors="replace").rstrip("\n"))
