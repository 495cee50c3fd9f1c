"""feedserver.py - a local mirror of the vulnerability feeds, for `vigil db update` tests.

Usage: feedserver.py DIR NVD_DIR PORTFILE LOG FAULTS

Serves the files under DIR (the --mirror layout: osv/<Ecosystem>/all.zip,
kev/..., epss/...) on 127.0.0.1 (a free port, written to PORTFILE) with
ETag / Last-Modified, If-None-Match / If-Modified-Since (304), Range
(206) and If-Range.  /nvd/cves/2.0 emulates the NVD CVE API 2.0 over the
NVD 2.0 JSON files of NVD_DIR: at most 5 records a page whatever
resultsPerPage asks (the client must page by what it got), startIndex
honoured, lastModStartDate/lastModEndDate required together, ISO-8601, at
most 120 days apart (else 400), and used as the filter.

Every request appends one line to LOG:
  <path> range=<Range|-> if-range=<..|-> inm=<If-None-Match|-> apikey=<..|-> status=<code>
FAULTS is re-read on every request; each line is one of
  cut PATH N    the first answer for PATH is cut after N body bytes
  fail PATH [Q]  every answer for PATH (whose query holds Q, if given) is 503
"""
import datetime
import glob
import hashlib
import http.server
import json
import os
import re
import socket
import sys
import urllib.parse

DIR, NVD_DIR, PORTFILE, LOG, FAULTS = sys.argv[1:6]
DIR = os.path.abspath(DIR)
PAGE_CAP = 5
cut_done = set()

NVD = []
for name in sorted(glob.glob(os.path.join(NVD_DIR, "*.json"))):
    NVD.extend(json.load(open(name))["vulnerabilities"])
NVD.sort(key=lambda v: v["cve"]["id"])


def faults():
    try:
        return [line.split() for line in open(FAULTS) if line.strip()]
    except FileNotFoundError:
        return []


def nvd_time(text):
    # 2024-01-02T03:04:05.000+00:00 (NVD's documented form)
    return datetime.datetime.fromisoformat(text)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log(self, code):
        h = self.headers
        with open(LOG, "a") as f:
            f.write("%s range=%s if-range=%s inm=%s apikey=%s status=%d\n" % (
                self.path, h.get("Range") or "-", h.get("If-Range") or "-",
                h.get("If-None-Match") or "-", h.get("apiKey") or "-", code))

    def answer(self, code, body=b"", headers=(), cut=None):
        self.log(code)
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if cut is not None:
            body = body[:cut]
        try:
            self.wfile.write(body)
            self.wfile.flush()
            if cut is not None:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        for f in faults():
            if f[0] == "fail" and f[1] == url.path and (len(f) < 3 or f[2] in url.query):
                return self.answer(503, b"busy\n")
        if url.path == "/nvd/cves/2.0":
            return self.nvd(urllib.parse.parse_qs(url.query))
        path = os.path.normpath(os.path.join(DIR, url.path.lstrip("/")))
        if not path.startswith(DIR) or not os.path.isfile(path):
            return self.answer(404)
        data = open(path, "rb").read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        lm = self.date_time_string(int(os.path.getmtime(path)))
        validators = [("ETag", etag), ("Last-Modified", lm)]
        inm = self.headers.get("If-None-Match")
        if inm == etag or (not inm and self.headers.get("If-Modified-Since") == lm):
            return self.answer(304, b"", validators)
        start = 0
        m = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if_range = self.headers.get("If-Range")
        if m and (not if_range or if_range in (etag, lm)):
            start = int(m.group(1))
            if start >= len(data):
                return self.answer(416, b"", [("Content-Range", "bytes */%d" % len(data))])
        cut = None
        for f in faults():
            if f[0] == "cut" and f[1] == url.path and url.path not in cut_done:
                cut_done.add(url.path)
                cut = int(f[2])
        if start:
            return self.answer(206, data[start:], validators + [
                ("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))], cut)
        return self.answer(200, data, validators, cut)

    def nvd(self, q):
        one = lambda k, d=None: q.get(k, [d])[0]
        start, per_page = int(one("startIndex", "0")), int(one("resultsPerPage", "2000"))
        lo, hi = one("lastModStartDate"), one("lastModEndDate")
        records = NVD
        if lo or hi:
            try:
                lo, hi = nvd_time(lo), nvd_time(hi)
            except (TypeError, ValueError):
                return self.answer(400, b"lastModStartDate and lastModEndDate: both, ISO-8601\n")
            if hi < lo or hi - lo > datetime.timedelta(days=120):
                return self.answer(400, b"lastMod range over 120 days\n")
            records = [v for v in NVD if lo <= datetime.datetime.fromisoformat(
                v["cve"]["lastModified"]).replace(tzinfo=datetime.timezone.utc) <= hi]
        if per_page < 1 or per_page > 2000 or start < 0:
            return self.answer(400, b"bad paging\n")
        page = records[start:start + min(per_page, PAGE_CAP)]
        body = json.dumps({"resultsPerPage": len(page), "startIndex": start,
                           "totalResults": len(records), "format": "NVD_CVE", "version": "2.0",
                           "timestamp": "2025-09-08T00:00:00.000", "vulnerabilities": page})
        return self.answer(200, body.encode(), [("Content-Type", "application/json")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
