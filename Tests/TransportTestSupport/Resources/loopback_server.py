#!/usr/bin/env python3
"""Loopback HTTP/1.1 server for the transport tests of swift-ecr-fleet-auth.

Started by the tests (TransportTestSupport.LoopbackServer). It listens on 127.0.0.1, port 0,
prints one line "LISTENING <port> <closed-port>" on stdout (the second number is a port that was
free a moment ago and has nothing listening, for connection-refused tests), and serves until its
stdin reaches end of file, so it never outlives the test process.

Endpoints (any method):
  /echo...                    200, JSON {method, target, headers, body}: the request as received;
                              target is the raw request-target, headers are [name, value] pairs
                              in order, body is base64
  /status/<code>[?location=L&authenticate=A&cookie=C]
                              <code> with body "status <code>" (none for 1xx, 204, 304, HEAD),
                              with Location, WWW-Authenticate and Set-Cookie headers when asked
  /delay?seconds=S            waits S seconds before the response head, then 200 "done"
  /dribble?seconds=S          head with Content-Length 2, one byte, waits S seconds, one byte
  /bytes?size=N&mode=M&id=I   N bytes of 'x' (N = -1: endless); mode "length" sends
                              Content-Length N (or the value of declare=; a declared length
                              above N closes the connection after N bytes unless hold= is
                              given), "chunked" uses chunked
                              encoding, "close" delimits the body by closing the connection;
                              pause=P waits P seconds after each 64 KiB; bytes written so far
                              are counted under id I
  /raw?bytes=B                the percent-decoded bytes B instead of a response, then close
  /stats?id=I                 JSON {sent, done} for the /bytes request with id I (and
                              "unknown": true while no such request has arrived)
"""

import base64
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 64 * 1024
STATS = {}
STATS_LOCK = threading.Lock()


def record(stream_id, sent=None, done=None):
    if not stream_id:
        return
    with STATS_LOCK:
        entry = STATS.setdefault(stream_id, {"sent": 0, "done": False})
        if sent is not None:
            entry["sent"] = sent
        if done is not None:
            entry["done"] = done


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LoopbackServer/1"

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        pass

    def __getattr__(self, name):
        # Every method (GET, POST, PATCH, PURGE, ...) goes to the same router.
        if name.startswith("do_"):
            return self.route
        raise AttributeError(name)

    # MARK: helpers

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(body)
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length > 0 else b""

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        no_body = self.command == "HEAD" or status < 200 or status in (204, 304)
        if status >= 200 and status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not no_body and body:
            self.wfile.write(body)
        self.wfile.flush()

    # MARK: routing

    def route(self):
        target = self.path
        parsed = urllib.parse.urlsplit(target)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        body = self.read_body()
        path = parsed.path
        try:
            if path.startswith("/echo"):
                self.echo(target, body)
            elif path.startswith("/status/"):
                self.status(int(path[len("/status/"):]), query)
            elif path == "/delay":
                time.sleep(float(query.get("seconds", "10")))
                self.send(200, b"done")
            elif path == "/dribble":
                self.dribble(float(query.get("seconds", "10")))
            elif path == "/bytes":
                self.stream_bytes(query)
            elif path == "/raw":
                # Whatever the test asks for, byte for byte, then the connection closes.
                self.wfile.write(urllib.parse.unquote_to_bytes(query.get("bytes", "")))
                self.wfile.flush()
                self.close_connection = True
            elif path == "/stats":
                with STATS_LOCK:
                    entry = dict(STATS.get(query.get("id", ""), {"sent": 0, "done": False, "unknown": True}))
                self.send(200, json.dumps(entry).encode(), [("Content-Type", "application/json")])
            else:
                self.send(404, b"no such endpoint")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def echo(self, target, body):
        payload = {
            "method": self.command,
            "target": target,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": base64.b64encode(body).decode("ascii"),
        }
        self.send(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])

    def status(self, code, query):
        headers = [("X-Test-Status", str(code))]
        if "location" in query:
            headers.append(("Location", query["location"]))
        if "authenticate" in query:
            headers.append(("WWW-Authenticate", query["authenticate"]))
        if "cookie" in query:
            headers.append(("Set-Cookie", query["cookie"]))
        self.send(code, ("status %d" % code).encode(), headers)

    def dribble(self, seconds):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"a")
        self.wfile.flush()
        time.sleep(seconds)
        self.wfile.write(b"b")
        self.wfile.flush()

    def stream_bytes(self, query):
        size = int(query.get("size", "0"))
        mode = query.get("mode", "length")
        stream_id = query.get("id", "")
        pause = float(query.get("pause", "0"))
        record(stream_id, sent=0, done=False)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if mode == "length":
            self.send_header("Content-Length", query.get("declare", str(size)))
        elif mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        sent = 0
        if self.command == "HEAD":
            self.wfile.flush()
            record(stream_id, sent=0, done=True)
            return
        block = b"x" * CHUNK
        try:
            while size < 0 or sent < size:
                piece = block if size < 0 else block[: min(CHUNK, size - sent)]
                if mode == "chunked":
                    self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                else:
                    self.wfile.write(piece)
                sent += len(piece)
                record(stream_id, sent=sent)
                if pause > 0:
                    self.wfile.flush()
                    time.sleep(pause)
            if mode == "chunked":
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            if mode == "length" and int(query.get("declare", str(size))) > sent and "hold" not in query:
                self.close_connection = True  # a truncated body: the connection ends early
        finally:
            record(stream_id, sent=sent, done=True)


def free_port():
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


class Server(ThreadingHTTPServer):
    # The tests open many connections at once; the default backlog of 5 drops SYNs, which
    # the client retries only after a second.
    request_queue_size = 256
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print("LISTENING %d %d" % (server.server_address[1], free_port()), flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the test process closes the pipe or exits


if __name__ == "__main__":
    main()
