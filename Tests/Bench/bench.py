#!/usr/bin/env python3
"""`make bench`: how far one small machine carries the server. Benchmarks, not tests.

A release build of `survey serve` runs pinned to CPU 0 and `survey simulate` (the load, over
libwebsockets' client API) to CPU 1, on 127.0.0.1 only. Each scenario runs RUNS times and reports
medians; results go to a table on stdout and JSON in artifacts/bench.json.
"""
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "survey"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,5000,10000").split(",")]
CPUS = os.cpu_count() or 1
SERVER_CPU, LOAD_CPU = ("0", "1") if CPUS >= 2 else ("0", "0")


def pinned(cpu, command):
    return ["taskset", "-c", cpu] + command if shutil.which("taskset") else command


class Server:
    def __init__(self, roster, extra=()):
        self.data = Path(tempfile.mkdtemp(prefix="survey-bench-"))
        self.process = subprocess.Popen(
            pinned(SERVER_CPU, [str(BINARY), "serve", "--host", "127.0.0.1", "--port", "0", "--data", str(self.data),
                                "--demo-roster", str(roster), "--web", str(ROOT / "Web"),
                                "--review-items", str(ROOT / "Surveys" / "review-items.yaml"),
                                "--max-unauthenticated-per-address", "100000", "--messages-per-second", "1000",
                                *extra]),
            stdout=subprocess.DEVNULL, stderr=open(self.data / "server.log", "wb"))
        for _ in range(600):
            info = self.data / "server.json"
            if info.exists():
                details = json.loads(info.read_text())
                if details.get("pid") == str(self.process.pid):
                    self.url = details["url"]
                    return
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def rss_kib(self):
        for line in open("/proc/%d/status" % self.process.pid):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        fields = open("/proc/%d/stat" % self.process.pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def online(self):
        with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
            return json.loads(response.read())["online"]

    def cli(self, *arguments):
        return subprocess.run([str(BINARY), *arguments, "--data", str(self.data)], capture_output=True, text=True, timeout=600)

    def simulate(self, supervisors, *arguments):
        return subprocess.Popen(pinned(LOAD_CPU, [str(BINARY), "simulate", "--data", str(self.data), "--supervisors", str(supervisors),
                                                  "--json", *arguments]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_online(self, count, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.online() >= count:
                return True
            time.sleep(0.2)
        return False

    def stop(self):
        os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        shutil.rmtree(self.data, ignore_errors=True)


def idle_connections(n):
    """Scenario 1: server memory per idle authenticated connection."""
    server = Server(n)
    try:
        before = server.rss_kib()
        load = server.simulate(n, "--idle", "--max-seconds", "600")
        connected = server.wait_online(n)
        time.sleep(1)
        after = server.rss_kib()
        load.send_signal(signal.SIGTERM)
        load.wait(timeout=30)
        return {"connections": n, "connected": connected, "rss_before_kib": before, "rss_after_kib": after,
                "bytes_per_connection": (after - before) * 1024 / n}
    finally:
        server.stop()


def fan_out(n):
    """Scenario 2: launch to N connected supervisors; delivery times and server CPU per delivery."""
    server = Server(n)
    try:
        load = server.simulate(n, "--idle", "--max-seconds", "30")
        server.wait_online(n)
        time.sleep(1)
        cpu_before = server.cpu_seconds()
        launched_at = time.time()
        server.cli("launch", str(ROOT / "Surveys" / "annual-2022.yaml"))
        output, _ = load.communicate(timeout=120)
        cpu_after = server.cpu_seconds()
        report = json.loads(output)
        arrivals = report["pushArrivals"]
        return {"connections": n, "delivered": report["pushes"],
                "p50_ms": (arrivals["p50"] - launched_at) * 1000, "p99_ms": (arrivals["p99"] - launched_at) * 1000,
                "last_ms": (arrivals["max"] - launched_at) * 1000,
                "cpu_us_per_delivery": (cpu_after - cpu_before) * 1e6 / max(1, report["pushes"])}
    finally:
        server.stop()


def ingest(n, think_max, think_min=0.0):
    """Scenario 3: durable answers per second, and ack latency, with N supervisors answering once.

    With `think_min` past the time it takes everyone to connect, answers arrive on open connections."""
    server = Server(n)
    try:
        server.cli("launch", str(ROOT / "Surveys" / "haocaiping-followup.yaml"))
        load = server.simulate(n, "--think-min", str(think_min), "--think-max", str(think_max), "--max-seconds", "300")
        output, _ = load.communicate(timeout=600)
        report = json.loads(output)
        span = (report["lastAckAt"] or 0) - (report["firstAckAt"] or 0)
        stored = sqlite3.connect("file:%s?mode=ro" % (server.data / "survey.sqlite"), uri=True).execute(
            "SELECT COUNT(*) FROM submissions").fetchone()[0]
        return {"supervisors": n, "acked": report["acked"], "stored": stored, "answers_per_second": report["acked"] / span if span else 0,
                "ack_p50_ms": report["ackLatency"]["p50"], "ack_p99_ms": report["ackLatency"]["p99"],
                "ack_p999_ms": report["ackLatency"]["p999"], "errors": report["errors"]}
    finally:
        server.stop()


def sqlite_ceiling(rows=20000, batch=200):
    """Peer: SQLite's own batched-insert rate on the same disk, WAL and synchronous=FULL."""
    folder = Path(tempfile.mkdtemp(prefix="survey-bench-sqlite-"))
    try:
        db = sqlite3.connect(str(folder / "ceiling.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, answers TEXT NOT NULL)")
        payload = json.dumps({"rated": True, "channel": "app", "satisfaction": 4, "days": 3, "comment": "回复很及时"})
        start = time.time()
        for offset in range(0, rows, batch):
            db.execute("BEGIN")
            db.executemany("INSERT INTO t VALUES (?, ?)", (("%032d" % (offset + i), payload) for i in range(batch)))
            db.execute("COMMIT")
        return {"rows": rows, "batch": batch, "rows_per_second": rows / (time.time() - start)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def main():
    if not BINARY.exists():
        sys.exit("no release build at %s: run `make bench`" % BINARY)
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": CPUS, "runs": RUNS, "scenarios": {}}
    print("machine: %d CPUs; server on CPU %s, load on CPU %s; %d runs each, medians" % (CPUS, SERVER_CPU, LOAD_CPU, RUNS))

    only = os.environ.get("BENCH_ONLY", "idle,fanout,ingest,sqlite").split(",")

    if "idle" in only:
        idle_scenario(results)
    if "fanout" in only:
        fanout_scenario(results)
    if "ingest" in only:
        ingest_scenario(results)
    if "sqlite" in only:
        sqlite_scenario(results)

    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print("\nJSON: artifacts/bench.json")


def idle_scenario(results):
    print("\n1. idle connections: server memory per authenticated connection (target <= 8 KB)")
    for n in SIZES:
        runs = [idle_connections(n) for _ in range(RUNS)]
        results["scenarios"]["idle_%d" % n] = runs
        print("   %6d connections: %7.0f bytes each (connected: %s)" % (n, median_of(runs, "bytes_per_connection"),
                                                                          all(r["connected"] for r in runs)))


def fanout_scenario(results):
    print("\n2. fan-out: launch of the annual questionnaire to N connected (target p99 <= 200 ms at 10k, <= 10 us CPU each)")
    for n in SIZES:
        runs = [fan_out(n) for _ in range(RUNS)]
        results["scenarios"]["fanout_%d" % n] = runs
        print("   %6d: delivered %d, p50 %6.1f ms, p99 %6.1f ms, last %6.1f ms, server CPU %5.1f us/delivery" % (
            n, min(r["delivered"] for r in runs), median_of(runs, "p50_ms"), median_of(runs, "p99_ms"),
            median_of(runs, "last_ms"), median_of(runs, "cpu_us_per_delivery")))


def ingest_scenario(results):
    print("\n3. ingest: durable answers (synchronous=FULL, group commit) (target >= 10,000/s; ack p99 <= 25 ms at 1,000/s)")
    print("   arrivals: connect, hello, welcome and answer; open: everyone connected first, then answers")
    cases = [("burst", SIZES[-1], 0.0, 0.0), ("~1000/s", 5000, 0.0, 5.0),
             ("open burst", 5000, 20.0, 20.0), ("open ~1000/s", 5000, 20.0, 25.0)]
    for label, n, think_min, think_max in cases:
        runs = [ingest(n, think_max, think_min) for _ in range(RUNS)]
        results["scenarios"]["ingest_%s" % label] = runs
        print("   %-12s %6d supervisors: %7.0f answers/s, ack p50 %6.1f ms, p99 %6.1f ms, p999 %6.1f ms, stored %d/%d" % (
            label, n, median_of(runs, "answers_per_second"), median_of(runs, "ack_p50_ms"), median_of(runs, "ack_p99_ms"),
            median_of(runs, "ack_p999_ms"), min(r["stored"] for r in runs), n))


def sqlite_scenario(results):
    print("\nstorage ceiling: SQLite's own batched inserts, WAL + synchronous=FULL, 200 rows per commit")
    runs = [sqlite_ceiling() for _ in range(RUNS)]
    results["scenarios"]["sqlite_ceiling"] = runs
    ceiling = median_of(runs, "rows_per_second")
    print("   %7.0f rows/s" % ceiling)
    for label in ("burst", "open burst"):
        key = "ingest_%s" % label
        if key in results["scenarios"]:
            rate = median_of(results["scenarios"][key], "answers_per_second")
            print("   server ingest (%s) / SQLite ceiling = 1 : %.0f" % (label, ceiling / max(rate, 1)))


if __name__ == "__main__":
    main()
