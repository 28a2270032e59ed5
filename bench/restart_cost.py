#!/usr/bin/env python3
"""What a restart in the middle of an ingestion round costs: posts missing, and for how long.

A loopback feed server publishes a busy day (8 feeds, 1,300 posts, each page answered after
40 ms); `proofwire serve` (BINARY) starts on an empty SQLite file with the default 30-minute
interval, is stopped with SIGNAL (KILL or TERM) once STOP_AT posts are stored, and is started
again; the script then counts the stored posts every second for WATCH seconds.

    python3 bench/restart_cost.py target/debug/proofwire [KILL|TERM] [STOP_AT] [WATCH] [forget]

With `forget`, the recorded rounds are deleted before the restart, so the server decides by the
schedule row alone — what every version before issue 31 did (a round counted as done from its
start): the "before" figure.
"""

import http.server
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BINARY = os.path.abspath(sys.argv[1])
SIG = {"KILL": signal.SIGKILL, "TERM": signal.SIGTERM}[sys.argv[2] if len(sys.argv) > 2 else "KILL"]
STOP_AT = int(sys.argv[3]) if len(sys.argv) > 3 else 200
WATCH = int(sys.argv[4]) if len(sys.argv) > 4 else 60
FORGET = len(sys.argv) > 5 and sys.argv[5] == "forget"
FEEDS = [min(100 + 20 * s, 200) for s in range(8)]
TOTAL = sum(FEEDS)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FEED_PORT = free_port()
BASE = f"http://127.0.0.1:{FEED_PORT}"


def feed(s):
    items = "".join(
        f"<item><title>Lab {s} post {i}</title><link>{BASE}/lab{s}/posts/{i}</link>"
        f"<guid>lab{s}-g{i}</guid><description>Feed text {s}-{i}.</description></item>"
        for i in range(FEEDS[s])
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Lab {s}</title>{items}</channel></rss>'


def page(s, i):
    return (
        f"<html><head><title>Lab {s} post {i}</title></head><body><article><h1>Lab {s} post {i}</h1>"
        f"<p>Lab {s} released model {s}-{i}, which scores {i}.{s} percent on SWE-bench Verified.</p>"
        "<p>The release is available today for all developers through the public API.</p>"
        "<p>Outside researchers will try to reproduce the benchmark score next month.</p>"
        "</article></body></html>"
    )


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "feed.xml":
            body, kind = feed(int(parts[0][3:])), "application/rss+xml"
        elif len(parts) == 3:
            time.sleep(0.04)
            body, kind = page(int(parts[0][3:]), int(parts[2])), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

    def handle(self):
        # A killed server drops its connections mid-answer; that is expected here.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", FEED_PORT), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = tempfile.mkdtemp(prefix="restart-cost-")
    with open(f"{work}/sources.toml", "w") as f:
        for s in range(len(FEEDS)):
            f.write(
                f'[[source]]\nid = "lab{s}"\nname = "lab{s}"\nvendor = "Lab {s}"\n'
                f'url = "{BASE}/lab{s}/feed.xml"\nlanguage = "en"\n\n'
            )
    with open(f"{work}/proofwire.toml", "w") as f:
        f.write(
            'data_dir = "data"\nsources_file = "sources.toml"\ntimezone = "UTC"\nclaims_seed = ""\n'
            "[summarizer]\nenabled = false\n"
            f'[fetch]\nallow_hosts = ["127.0.0.1:{FEED_PORT}"]\n'
        )
    port = free_port()
    db = f"{work}/data/proofwire.db"

    def start():
        log = open(f"{work}/serve.log", "a")
        p = subprocess.Popen(
            [BINARY, "--config", f"{work}/proofwire.toml", "serve", "--addr", f"127.0.0.1:{port}"],
            stdout=log, stderr=log, env={**os.environ, "RUST_LOG": "info"},
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                return p
            except Exception:
                time.sleep(0.05)
        raise SystemExit("the server never answered")

    def stored():
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
                return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return 0

    p = start()
    while stored() < STOP_AT:
        time.sleep(0.02)
    stopped_at = time.time()
    p.send_signal(SIG)
    p.wait()
    at_stop = stored()
    print(f"{os.path.basename(BINARY)}: stopped with SIG{sys.argv[2] if len(sys.argv) > 2 else 'KILL'} "
          f"({time.time() - stopped_at:.2f} s to exit, status {p.returncode}) with {at_stop} of {TOTAL} posts stored")
    if FORGET:
        with sqlite3.connect(db, timeout=5) as c:
            c.execute("DELETE FROM ingest_round_sources")
            c.execute("DELETE FROM ingest_rounds")
    p = start()
    restarted = time.time()
    complete = None
    samples = []
    while time.time() - restarted < WATCH:
        n = stored()
        samples.append(n)
        if n == TOTAL and complete is None:
            complete = time.time() - restarted
            break
        time.sleep(1)
    print(f"after the restart: posts stored each second: {samples}")
    if complete is not None:
        print(f"all {TOTAL} posts stored {complete:.1f} s after the restart")
    else:
        print(f"{TOTAL - samples[-1]} of {TOTAL} posts still missing {WATCH} s after the restart")
    p.send_signal(signal.SIGTERM)
    p.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
