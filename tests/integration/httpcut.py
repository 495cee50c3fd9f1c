"""httpcut.py - a small HTTP server with faults, for vigil-agent download tests.

Usage: httpcut.py DIR PORTFILE LOG MODE [N]

Serves the files of DIR on 127.0.0.1 (a free port, written to PORTFILE) and
appends "<path> <Range header or ->" to LOG for every request.  MODE:
  cut      honours "Range: bytes=N-" (206 + Content-Range); the first request
           announces the whole file but the connection is closed after N bytes
  norange  like cut, but ignores Range (always 200 with the whole file)
  fail     answers every request with 503
Missing files are 404 in every mode.
"""
import http.server
import os
import re
import socket
import sys

DIR, PORTFILE, LOG, MODE = sys.argv[1:5]
CUT = int(sys.argv[5]) if len(sys.argv) > 5 else 0
requests = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def empty(self, code):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        global requests
        requests += 1
        rng = self.headers.get("Range")
        with open(LOG, "a") as f:
            f.write("%s %s\n" % (self.path, rng or "-"))
        path = os.path.join(DIR, os.path.basename(self.path))
        if not os.path.isfile(path):
            return self.empty(404)
        if MODE == "fail":
            return self.empty(503)
        data = open(path, "rb").read()
        m = re.fullmatch(r"bytes=(\d+)-", rng or "")
        start = int(m.group(1)) if m and MODE == "cut" else 0
        if start > len(data):
            return self.empty(416)
        self.send_response(206 if m and MODE == "cut" else 200)
        if m and MODE == "cut":
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        body = data[start:]
        if requests == 1 and CUT:
            body = body[:CUT]
        try:
            for i in range(0, len(body), 65536):
                self.wfile.write(body[i:i + 65536])
            self.wfile.flush()
            if requests == 1 and CUT:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
