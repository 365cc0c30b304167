"""A bounded load test of ``hukou serve``: checks of one profile against every encoded jurisdiction.

Run: python benchmarks/serve_load.py [--requests 2000] [--soak 10000] [--workers 2] [--concurrency 8]

Starts the server on 127.0.0.1 (a free port; nothing else is ever sent to), then, each phase a fixed
number of requests that stops by itself:

1. in process, the same check as the endpoint makes (judge every jurisdiction, the report as JSON):
   the baseline, per check;
2. the peak: ``--concurrency`` clients sending ``--requests`` checks as fast as answered;
3. 80 % of that peak, paced: p50 and p99 latency at a rate the server keeps up with;
4. a soak of ``--soak`` checks, the server's resident memory before and after.

Prints requests/s, p50/p99 latency and errors per phase, and the ratios to the in-process time.
The clients run on the same machine as the server and take some of its cores: the figures are a
floor of what the server does alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from hukou.judging.engine import judge
from hukou.judging.verdict import CheckReport
from hukou.model.profile_file import load_profile
from hukou.rulebook import load_rulebook
from hukou.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "kaili-graduate.yaml"
AS_OF = "2024-09-01"
HOST = "127.0.0.1"  # the only address this script ever sends to


def in_process(rounds: int) -> tuple[float, float]:
    """Seconds per check, on the clock and of CPU: what POST /v1/check does for one profile against
    every jurisdiction. (On a machine shared with other work the CPU time is the steadier figure.)"""
    rulebook = load_rulebook(ROOT)
    day = dt.date.fromisoformat(AS_OF)
    profile = load_profile(PROFILE, day)
    places = [f.place for f in rulebook]
    for _ in range(min(rounds, 50)):
        CheckReport(as_of=day, results=[judge(profile, rulebook, p, day) for p in places]).model_dump_json()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        CheckReport(as_of=day, results=[judge(profile, rulebook, p, day) for p in places]).model_dump_json()
    return (time.perf_counter() - start) / rounds, (time.process_time() - cpu) / rounds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _family(pid: int) -> list[int]:
    """A process and its children (the workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid] + ([int(p) for p in children.read_text().split()] if children.exists() else [])


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the server and its workers."""
    ticks = 0
    for p in _family(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the workers), in KB."""
    total = 0
    for p in _family(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "hukou", "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/v1/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


class Load:
    """``total`` checks from ``clients`` threads, each on its own kept-alive connection; with
    ``rate``, sent on a fixed schedule (open loop), else each as soon as the last is answered."""

    def __init__(self, port: int, body: bytes, total: int, clients: int, rate: float | None = None) -> None:
        self.port, self.body, self.total, self.clients, self.rate = port, body, total, clients, rate
        self.latencies: list[float] = []
        self.errors = 0
        self._next = 0
        self._lock = threading.Lock()

    def _take(self) -> int | None:
        with self._lock:
            if self._next >= self.total:
                return None
            self._next += 1
            return self._next - 1

    def _client(self, start: float) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"content-type": "application/json"}
        while (i := self._take()) is not None:
            due = start + i / self.rate if self.rate else time.perf_counter()
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            sent = due if self.rate else time.perf_counter()  # latency from when it was due
            try:
                connection.request("POST", "/v1/check", self.body, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            elapsed = time.perf_counter() - sent
            with self._lock:
                self.latencies.append(elapsed)
                self.errors += not ok

    def run(self) -> tuple[float, float, float]:
        """Requests per second, p50 and p99 latency in seconds."""
        start = time.perf_counter()
        threads = [threading.Thread(target=self._client, args=(start,)) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - start
        ordered = sorted(self.latencies)
        return self.total / took, statistics.median(ordered), ordered[int(0.99 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="checks in the peak and paced phases")
    parser.add_argument("--soak", type=int, default=10_000, help="checks in the memory phase")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--concurrency", type=int, default=8, help="clients at once")
    parser.add_argument("--rounds", type=int, default=500, help="in-process checks for the baseline")
    args = parser.parse_args()

    data, _ = read_yaml(PROFILE)
    body = json.dumps({"profile": data, "as_of": AS_OF}, default=str, ensure_ascii=False).encode()
    baseline, baseline_cpu = in_process(args.rounds)
    jurisdictions = len(load_rulebook(ROOT).files)
    print(
        f"one check of {PROFILE.name} against all {jurisdictions} jurisdictions, in process: "
        f"{baseline * 1e3:.2f} ms ({baseline_cpu * 1e3:.2f} ms of CPU); load average {os.getloadavg()[0]:.1f}"
    )

    port = _free_port()
    server = _start(port, args.workers)
    try:
        Load(port, body, min(200, args.requests), args.concurrency).run()  # warm every worker
        cpu = _cpu_seconds(server.pid)
        peak, p50, p99 = (load := Load(port, body, args.requests, args.concurrency)).run()
        per_check = (_cpu_seconds(server.pid) - cpu) / args.requests
        print(
            f"peak, {args.workers} workers, {args.concurrency} clients: {peak:,.0f} checks/s, "
            f"p50 {p50 * 1e3:.1f} ms, p99 {p99 * 1e3:.1f} ms, errors {load.errors}"
        )
        print(
            f"server CPU per check {per_check * 1e3:.2f} ms = {per_check / baseline_cpu:.2f}× the in-process CPU; "
            f"{args.workers} cores of its own would answer {args.workers / per_check:,.0f} checks/s"
        )
        paced, p50, p99 = (load := Load(port, body, args.requests, args.concurrency * 4, 0.8 * peak)).run()
        print(
            f"at 80 % of the peak ({0.8 * peak:,.0f}/s): {paced:,.0f} checks/s, p50 {p50 * 1e3:.1f} ms, "
            f"p99 {p99 * 1e3:.1f} ms, errors {load.errors}"
        )
        before = _rss_kb(server.pid)
        rate, p50, p99 = (load := Load(port, body, args.soak, args.concurrency)).run()
        after = _rss_kb(server.pid)
        print(
            f"soak of {args.soak:,} checks: {rate:,.0f} checks/s, p99 {p99 * 1e3:.1f} ms, errors {load.errors}; "
            f"server memory {before / 1024:.0f} MB → {after / 1024:.0f} MB ({(after - before) / 1024:+.1f} MB)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
