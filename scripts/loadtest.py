"""Load test of the dashboard on loopback: `dyads serve` over a small hand-made database, hammered for
a fixed time by wrk (Debian: apt-get install wrk) or, without it, by Python threads; reports requests
per second, p50 and p99 latency and errors (non-2xx answers and socket errors), then stops the server.

    python scripts/loadtest.py                   # 60 s, 16 connections
    python scripts/loadtest.py --seconds 5 --tool python

Only 127.0.0.1 is ever contacted. Exit status 1 when any request failed.
"""
from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def make_db(path: Path) -> list[str]:
    """The dashboard tests' hand-made database; returns the paths to request (pages and .json twins)."""
    sys.path.insert(0, str(ROOT))
    from dyads.store import Store
    from tests.web.conftest import hand_articles, json_path, page_paths

    with Store.open(path) as store:
        store.write(hand_articles())
    pages = page_paths(str(path))
    return pages + [json_path(p) for p in pages] + ["/static/dyads.css"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", "from dyads.cli import main; main()", "serve", "--db", str(db),
                             "--host", HOST, "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=2)
            c.request("GET", "/index.json")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the dashboard did not start")


def run_wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    script = Path(tempfile.mkdtemp()) / "paths.lua"
    lua_paths = ", ".join(json.dumps(p) for p in paths)
    script.write_text(f"local paths = {{{lua_paths}}}\nlocal i = 0\n"
                      "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout",
                          "10s", "-s", str(script), f"http://{HOST}:{port}"], capture_output=True, text=True,
                         timeout=seconds + 60, check=False).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not m:
            return float("nan")
        return float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]]

    requests = int(re.search(r"(\d+) requests in", out)[1])
    non2xx = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = sum(map(int, m.groups())) if (m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)) else 0
    return {"tool": "wrk", "requests": requests, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
            "p50_ms": ms("50"), "p99_ms": ms("99"), "errors": non2xx + sock, "non_2xx": non2xx,
            "socket_errors": sock, "raw": out}


def run_python(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        c = http.client.HTTPConnection(HOST, port, timeout=10)
        i = k
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                c.close()
                c = http.client.HTTPConnection(HOST, port, timeout=10)
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                lat.append(dt)
                errors[0] += not ok
        c.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    lat.sort()

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else float("nan")

    return {"tool": "python", "requests": len(lat), "rps": round(len(lat) / wall, 1), "p50_ms": pct(0.50),
            "p99_ms": pct(0.99), "errors": errors[0]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    args = ap.parse_args()
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
    tmp = Path(tempfile.mkdtemp(prefix="dyads-load-"))
    try:
        db = tmp / "load.duckdb"
        paths = make_db(db)
        port = free_port()
        server = start_server(db, port)
        try:
            run = run_wrk if tool == "wrk" else run_python
            result = run(port, paths, args.seconds, args.connections)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        raw = result.pop("raw", "")
        result.update(seconds=args.seconds, connections=args.connections, paths=len(paths))
        print(json.dumps(result, indent=1))
        if raw and result["errors"]:
            print(raw, file=sys.stderr)
        return 1 if result["errors"] else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
