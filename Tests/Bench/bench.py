#!/usr/bin/env python3
"""`make bench`: how far one small machine carries the server. Benchmarks, not tests.

A release build of `survey serve` (or a peer server) runs pinned to CPU 0 and the load to CPU 1,
on 127.0.0.1 only. The load is `survey simulate` (libwebsockets' client API) where supervisors
answer, and `survey-loadgen` (raw epoll clients that only count bytes) where the server pushes to
thousands: lws's client parses frames byte by byte and would measure itself, not the server.
Each scenario runs RUNS times and reports medians; results go to a table on stdout and JSON in
artifacts/bench.json.
"""
import json
import bisect
import csv
import datetime
import os
import re
import resource
import shutil
import socket
import threading
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
# BENCH_SMOKE=1 (in `make test`): every scenario once at a small size on the debug build, checking
# only that each completes; the figures mean nothing there.
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
BUILD = ROOT / ".build" / ("debug" if SMOKE else "release")
BINARY = BUILD / "survey"
LOADGEN = BUILD / "survey-loadgen"
LWS_TEST_SERVER = "/usr/bin/libwebsockets-test-server"
ANNUAL = ROOT / "Surveys" / "annual-2022.yaml"
RUNS = 1 if SMOKE else int(os.environ.get("BENCH_RUNS", "3"))
SIZES = [200] if SMOKE else [int(n) for n in os.environ.get("BENCH_SIZES", "1000,5000,10000").split(",")]
CPUS = os.cpu_count() or 1
SERVER_CPU, LOAD_CPU = ("0", "1") if CPUS >= 2 else ("0", "0")


def pinned(cpu, command):
    return ["taskset", "-c", cpu] + command if shutil.which("taskset") else command


def open_files_limit():
    """Children may hold 10,000+ sockets."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def postgres_cpu_seconds():
    """CPU seconds of the test cluster's PostgreSQL: every live `postgres` process, plus what the
    postmaster collected from backends that have exited."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if open("/proc/%s/comm" % entry).read().strip() != "postgres":
                continue
            fields = open("/proc/%s/stat" % entry).read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def fresh_postgres_database():
    """A new empty database on the cluster Tests/Postgres/with-postgres.sh started for the bench."""
    cluster = os.environ["SURVEY_TEST_POSTGRES"]
    name = "bench_%d_%d" % (os.getpid(), int(time.time() * 1000))
    subprocess.run(["psql", "-q", cluster, "-c", "CREATE DATABASE %s" % name], check=True)
    return cluster.rsplit("/", 1)[0] + "/" + name


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d" % port)


def nearest_rank(sorted_values, q):
    if not sorted_values:
        return 0.0
    return sorted_values[max(0, min(len(sorted_values) - 1, int(-(-len(sorted_values) * q // 1)) - 1))]


def slow_reader(port, token):
    """A supervisor that authenticates and then never reads, behind a 4 KiB receive buffer."""
    connection = socket.socket()
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection.connect(("127.0.0.1", port))
    connection.sendall(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" % port).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += connection.recv(1)
    payload = json.dumps({"v": 1, "type": "hello", "token": token}).encode()
    mask = b"\x01\x02\x03\x04"
    connection.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    return connection


def drained_to_end(connection, seconds=10):
    """Reads what the server sent; True if the server has hung up (EOF or reset) within `seconds`."""
    connection.settimeout(seconds)
    try:
        while connection.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class LoadGen:
    """`survey-loadgen` on the load CPU: connects, says when all are ready, then times arrivals."""

    def __init__(self, port, connections, path, expect_bytes, links=None, protocol=None, max_seconds=120, expect_frames=0,
                 tokens=None, watch=None):
        command = [str(LOADGEN), "--port", str(port), "--connections", str(connections), "--path", path,
                   "--expect-bytes", str(expect_bytes), "--expect-frames", str(expect_frames), "--max-seconds", str(max_seconds)]
        if links:
            command += ["--links", str(links)]
        if tokens:
            command += ["--tokens", ",".join(tokens)]
        if watch:
            command += ["--watch", watch]
        if protocol:
            command += ["--protocol", protocol]
        self.process = subprocess.Popen(pinned(LOAD_CPU, command), stdout=subprocess.PIPE, text=True,
                                        preexec_fn=open_files_limit)
        self.ready = json.loads(self.process.stdout.readline() or '{"ready":0}')

    def finish(self):
        output, _ = self.process.communicate(timeout=300)
        return json.loads(output)


def arrival_summary(report, t0):
    """Arrival times relative to t0, in milliseconds."""
    arrivals = [(at - t0) * 1000 for at in report["arrivals"]]
    return {"delivered": len(arrivals), "p50_ms": nearest_rank(arrivals, 0.5), "p99_ms": nearest_rank(arrivals, 0.99),
            "last_ms": arrivals[-1] if arrivals else 0.0, "bytes": report.get("bytes", 0)}


class Server:
    def __init__(self, roster, extra=(), store=None):
        self.data = Path(tempfile.mkdtemp(prefix="survey-bench-"))
        if store:
            extra = ("--store", store, *extra)
        self.process = subprocess.Popen(
            pinned(SERVER_CPU, [str(BINARY), "serve", "--host", "127.0.0.1", "--port", "0", "--data", str(self.data),
                                "--demo-roster", str(roster), "--web", str(ROOT / "Web"),
                                "--review-items", str(ROOT / "Surveys" / "review-items.yaml"),
                                "--max-unauthenticated-per-address", "100000", "--messages-per-second", "1000",
                                *extra]),
            stdout=subprocess.DEVNULL, stderr=open(self.data / "server.log", "wb"), preexec_fn=open_files_limit)
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
        return rss_kib(self.process.pid)

    def cpu_seconds(self):
        return cpu_seconds(self.process.pid)

    @property
    def port(self):
        return int(self.url.rsplit(":", 1)[1])

    def launched_at(self, survey):
        """When the server accepted the launch (its own clock, which is ours: same machine)."""
        text = sqlite3.connect("file:%s?mode=ro" % (self.data / "survey.sqlite"), uri=True).execute(
            "SELECT launched_at FROM survey_versions WHERE survey_id = ? ORDER BY version DESC", (survey,)).fetchone()[0]
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()

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
    """Scenario 2: launch to N connected supervisors; delivery times and server CPU per delivery.

    Times count from `launched_at`, when the server accepted the launch request."""
    server = Server(n)
    try:
        load = LoadGen(server.port, n, "/ws", 10_000, links=server.data / "demo-links.csv")
        time.sleep(1)
        cpu_before = server.cpu_seconds()
        watch = CpuWatch(server.process.pid, every=0.005)
        requested = time.time()
        server.cli("launch", str(ANNUAL))
        report = load.finish()
        cpu_after = server.cpu_seconds()
        watch.stopped.set()
        launched = server.launched_at("annual-2022")
        result = arrival_summary(report, launched)
        # Until the last arrival: the hang-ups when the receiver exits are not deliveries.
        delivered_by = watch.at(max(report["arrivals"] or [time.time()]))
        result.update({"connections": n, "ready": load.ready["ready"], "cli_to_launch_ms": (launched - requested) * 1000,
                       "cpu_us_per_delivery": (delivered_by - cpu_before) * 1e6 / max(1, result["delivered"]),
                       "cpu_us_per_delivery_with_hangups": (cpu_after - cpu_before) * 1e6 / max(1, result["delivered"])})
        return result
    finally:
        server.stop()


def peer_fan_out(peer, n, size):
    """The same fan-out on a peer: one client sends a `size`-byte message, the peer sends it to all N.

    `lws`: Debian's libwebsockets-test-server, whose lws-mirror-protocol sends every message to
    every client; `python`: Tests/Bench/peer_broadcast_server.py on the `websockets` package."""
    import websocket  # websocket-client, as in the browser tests
    port = free_port()
    if peer == "lws":
        command, protocol = [LWS_TEST_SERVER, "-i", "lo", "-p", str(port)], "lws-mirror-protocol"
    else:
        command, protocol = [sys.executable, str(ROOT / "Tests" / "Bench" / "peer_broadcast_server.py"), str(port)], None
    process = subprocess.Popen(pinned(SERVER_CPU, command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               preexec_fn=open_files_limit)
    try:
        wait_for_port(port)
        load = LoadGen(port, n, "/", size, protocol=protocol)
        sender = websocket.create_connection("ws://127.0.0.1:%d/" % port, subprotocols=[protocol] if protocol else None)
        time.sleep(1)
        cpu_before = cpu_seconds(process.pid)
        watch = CpuWatch(process.pid, every=0.005)
        sent = time.time()
        sender.send("x" * size)
        report = load.finish()
        cpu_after = cpu_seconds(process.pid)
        watch.stopped.set()
        sender.close()
        result = arrival_summary(report, sent)
        delivered_by = watch.at(max(report["arrivals"] or [time.time()]))
        result.update({"connections": n, "ready": load.ready["ready"],
                       "cpu_us_per_delivery": (delivered_by - cpu_before) * 1e6 / max(1, result["delivered"]),
                       "cpu_us_per_delivery_with_hangups": (cpu_after - cpu_before) * 1e6 / max(1, result["delivered"])})
        return result
    finally:
        process.terminate()
        process.wait(timeout=30)


def ingest(n, think_max, think_min=0.0):
    """Scenario 3: durable answers per second, and ack latency, with N supervisors answering once.

    With `think_min` > 0, think times count from the simulation's start and pass the time it takes
    everyone to connect, so that answers arrive on open connections at the planned moments."""
    server = Server(n)
    try:
        server.cli("launch", str(ROOT / "Surveys" / "haocaiping-followup.yaml"))
        extra = ["--think-from-start"] if think_min > 0 else []
        load = server.simulate(n, "--think-min", str(think_min), "--think-max", str(think_max), "--max-seconds", "300", *extra)
        output, _ = load.communicate(timeout=600)
        report = json.loads(output)
        # Sustained rate: from the first submission written to the last ack received.
        span = (report["lastAckAt"] or 0) - min(report["submitTimes"] or [0])
        stored = sqlite3.connect("file:%s?mode=ro" % (server.data / "survey.sqlite"), uri=True).execute(
            "SELECT COUNT(*) FROM submissions").fetchone()[0]
        return {"supervisors": n, "acked": report["acked"], "stored": stored, "answers_per_second": report["acked"] / span if span else 0,
                "ack_p50_ms": report["ackLatency"]["p50"], "ack_p99_ms": report["ackLatency"]["p99"],
                "ack_p999_ms": report["ackLatency"]["p999"], "errors": report["errors"]}
    finally:
        server.stop()


class CpuWatch(threading.Thread):
    """Follows a process's CPU seconds until it exits (its /proc entry goes with it) or is stopped,
    keeping (time, seconds) samples."""

    def __init__(self, pid, every=0.02):
        super().__init__(daemon=True)
        self.pid, self.every, self.seconds, self.samples = pid, every, 0.0, []
        self.stopped = threading.Event()
        self.start()

    def run(self):
        while not self.stopped.is_set():
            try:
                self.seconds = cpu_seconds(self.pid)
            except (FileNotFoundError, ProcessLookupError, IndexError):
                return
            self.samples.append((time.time(), self.seconds))
            time.sleep(self.every)

    def at(self, moment):
        """CPU seconds at the first sample taken at or after `moment`."""
        return next((seconds for at, seconds in self.samples if at >= moment), self.seconds)


def welcome_survey(server):
    """The open survey as our server sends it in a welcome, for the peer to send the same bytes' worth."""
    import websocket
    token = list(csv.DictReader(open(server.data / "demo-links.csv", encoding="utf-8-sig")))[0]["token"]
    connection = websocket.create_connection(server.url.replace("http", "ws") + "/ws")
    connection.send(json.dumps({"v": 1, "type": "hello", "token": token}))
    welcome = json.loads(connection.recv())
    connection.close()
    return welcome["surveys"][0]


def arrival_job(n, peer=None):
    """Scenario 0: the whole arrival job of N supervisors (connect, WebSocket handshake, hello, welcome
    with the open annual questionnaire, one answer, durable ack, close), with server CPU per supervisor.

    `peer="python"`: the same job on Tests/Bench/peer_arrival_server.py (websockets + sqlite3)."""
    server = Server(n)
    scratch = Path(tempfile.mkdtemp(prefix="survey-bench-peer-"))
    peer_process = None
    try:
        server.cli("launch", str(ANNUAL))
        links = scratch / "links.csv"
        shutil.copy(server.data / "demo-links.csv", links)
        url, pid = server.url, server.process.pid
        if peer == "python":
            (scratch / "survey.json").write_text(json.dumps(welcome_survey(server), ensure_ascii=False), encoding="utf-8")
            server.stop()
            port = free_port()
            peer_process = subprocess.Popen(
                pinned(SERVER_CPU, [sys.executable, str(ROOT / "Tests" / "Bench" / "peer_arrival_server.py"), str(port), str(links),
                                    str(scratch / "survey.json"), str(scratch / "peer.sqlite")]),
                stdout=subprocess.DEVNULL, stderr=open(scratch / "peer.log", "wb"), preexec_fn=open_files_limit)
            wait_for_port(port)
            url, pid = "http://127.0.0.1:%d" % port, peer_process.pid
        cpu_before, started = cpu_seconds(pid), time.time()
        load = subprocess.Popen(pinned(LOAD_CPU, [str(BINARY), "simulate", "--server", url, "--links", str(links), "--supervisors", str(n),
                                                  "--think-min", "0", "--think-max", "0", "--max-seconds", "300", "--json"]),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=open_files_limit)
        load_cpu = CpuWatch(load.pid)
        output, _ = load.communicate(timeout=600)
        wall = time.time() - started
        load_cpu.join(timeout=5)
        time.sleep(0.5)  # the server sees the connections close
        server_cpu = cpu_seconds(pid) - cpu_before
        report = json.loads(output)
        return {"supervisors": n, "acked": report["acked"], "server_cpu_us_per_supervisor": server_cpu * 1e6 / max(1, report["acked"]),
                "server_cpu_share": server_cpu / wall, "load_cpu_share": load_cpu.seconds / wall, "wall_s": wall,
                "ack_p99_ms": report["ackLatency"]["p99"]}
    finally:
        if peer_process:
            peer_process.terminate()
            peer_process.wait(timeout=30)
        else:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def projector_latency(n, think_max, screens=0):
    """Scenario 4: from a submission to the projector's first snapshot that counts it.

    N supervisors answer over `think_max` seconds while a projector watches (and `screens` more
    screens, survey-loadgen on the load CPU, reading every snapshot without parsing it). Submissions are taken in
    the order they were sent; the i-th one is on screen once a snapshot counts at least i."""
    import websocket
    server = Server(n, extra=("--max-connections-per-token", "100"))
    others = None
    try:
        server.cli("launch", str(ROOT / "Surveys" / "haocaiping-followup.yaml"))
        link = server.cli("projector", "link").stdout
        token = re.search(r"#p=([0-9a-f]{32})", link).group(1)
        if screens:
            # A link holds at most 100 screens: the extra ones share as many further links as they need.
            links = [re.search(r"#p=([0-9a-f]{32})", server.cli("projector", "link").stdout).group(1) for _ in range((screens + 99) // 100)]
            others = LoadGen(server.port, screens, "/ws", 0, tokens=links, watch="haocaiping-followup", max_seconds=600, expect_frames=10 ** 9)
            assert others.ready.get("ready") == screens, "the extra screens are watching"
        projector = websocket.create_connection(server.url.replace("http", "ws") + "/ws")
        projector.send(json.dumps({"v": 1, "type": "watch", "token": token, "survey": "haocaiping-followup"}))
        snapshots = []
        stop = threading.Event()

        def watch():
            projector.settimeout(0.5)
            while not stop.is_set():
                try:
                    message = json.loads(projector.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                except Exception:
                    return
                if message.get("type") == "snapshot":
                    snapshots.append((time.time(), message["submitted"]))

        watcher = threading.Thread(target=watch)
        watcher.start()
        started, server_before = time.time(), server.cpu_seconds()
        screens_before = cpu_seconds(others.process.pid) if others else 0.0
        load = server.simulate(n, "--think-max", str(think_max), "--max-seconds", "300")
        load_cpu = CpuWatch(load.pid)
        output, _ = load.communicate(timeout=600)
        wall = time.time() - started
        load_cpu.join(timeout=5)
        server_share = (server.cpu_seconds() - server_before) / wall
        load_share = (load_cpu.seconds + (cpu_seconds(others.process.pid) - screens_before if others else 0.0)) / wall
        time.sleep(0.5)
        stop.set()
        watcher.join()
        projector.close()
        report = json.loads(output)
        sent = sorted(report["submitTimes"])
        counts = [count for _, count in snapshots]
        latencies = []
        for index, at in enumerate(sent):
            position = bisect.bisect_left(counts, index + 1)
            if position < len(snapshots):
                latencies.append((snapshots[position][0] - at) * 1000)
        latencies.sort()
        # After the commit: from the i-th acknowledgement to the first snapshot counting i answers, the
        # projector's own share, without the disk's fsync time that the acks wait for too.
        after_commit = sorted((snapshots[position][0] - at) * 1000 for index, at in enumerate(sorted(report["ackTimes"]))
                              for position in [bisect.bisect_left(counts, index + 1)] if position < len(snapshots))
        return {"supervisors": n, "submitted": len(sent), "matched": len(latencies), "snapshots": len(snapshots),
                "after_commit_p50_ms": nearest_rank(after_commit, 0.5), "after_commit_p99_ms": nearest_rank(after_commit, 0.99),
                "p50_ms": nearest_rank(latencies, 0.5), "p99_ms": nearest_rank(latencies, 0.99), "max_ms": latencies[-1] if latencies else 0,
                "screens": screens, "server_cpu_share": server_share, "load_cpu_share": load_share,
                "ack_p99_ms": report["ackLatency"]["p99"]}
    finally:
        if others:
            others.process.terminate()
            others.process.wait(timeout=30)
        server.stop()


def slow_consumer(n, rounds, with_slow_reader):
    """Scenario 5: N supervisors get `rounds` pushes of the annual questionnaire (each launch changes
    the deadline, so each is pushed to everyone) while, optionally, one more never reads.

    Reports when the last round reached the others (from the first launch request), the server's
    RSS growth, and whether the slow reader was disconnected (its outbox is capped at 256 KiB here)."""
    server = Server(n + 1, extra=["--max-outbox-bytes", str(256 * 1024)])
    try:
        tokens = [line.split(",")[5] for line in (server.data / "demo-links.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
        load = LoadGen(server.port, n, "/ws", 0, links=server.data / "demo-links.csv", expect_frames=rounds)
        slow = slow_reader(server.port, tokens[n]) if with_slow_reader else None
        server.wait_online(n + (1 if slow else 0))
        time.sleep(0.5)
        rss_before = server.rss_kib()
        started = time.time()
        for index in range(rounds):
            server.cli("launch", str(ANNUAL), "--deadline", "2027-%02d-%02dT10:00:00Z" % (1 + index // 28, 1 + index % 28))
        report = load.finish()
        result = arrival_summary(report, started)
        result.update({"connections": n, "rounds": rounds, "slow_reader": with_slow_reader,
                       "rss_growth_kib": server.rss_kib() - rss_before, "slow_reader_dropped": None})
        if slow:
            result["slow_reader_dropped"] = drained_to_end(slow)
            slow.close()
        return result
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


def split_links(links, parts, into):
    """Splits a links CSV into `parts` files of about equal size, each with the header."""
    lines = Path(links).read_text(encoding="utf-8-sig").splitlines()
    files = []
    for index in range(parts):
        path = Path(into) / ("links-%d.csv" % index)
        path.write_text("\n".join([lines[0]] + lines[1:][index::parts]) + "\n", encoding="utf-8")
        files.append(path)
    return files


def cluster_job(n, nodes):
    """Scenario 6: N supervisors spread evenly over `nodes` server nodes (1: SQLite, the default; more:
    one PostgreSQL). A launch on the first node is delivered to all N (survey-loadgen), then N
    supervisors arrive and answer (survey simulate). CPU counts every node and, for PostgreSQL, the
    database server: the cost per delivery and per answered supervisor of the whole deployment."""
    store = fresh_postgres_database() if nodes > 1 else None
    servers = [Server(n, store=store)]
    scratch = Path(tempfile.mkdtemp(prefix="survey-bench-cluster-"))
    try:
        servers += [Server(0, store=store) for _ in range(nodes - 1)]
        links = split_links(servers[0].data / "demo-links.csv", nodes, scratch)

        def database_cpu():
            return postgres_cpu_seconds() if store else 0.0

        def cpu():
            return sum(server.cpu_seconds() for server in servers) + database_cpu()

        loads = [LoadGen(server.port, len(Path(file).read_text().splitlines()) - 1, "/ws", 10_000, links=file)
                 for server, file in zip(servers, links)]
        time.sleep(1)
        cpu_before, requested = cpu(), time.time()
        servers[0].cli("launch", str(ANNUAL))
        reports = [load.finish() for load in loads]
        time.sleep(0.5)
        delivery_cpu = cpu() - cpu_before
        arrivals = sorted(at for report in reports for at in report["arrivals"])
        fan = arrival_summary({"arrivals": arrivals}, requested)
        time.sleep(1)  # the receivers' hang-ups are not the arrivals' work
        cpu_before, database_before, started = cpu(), database_cpu(), time.time()
        simulations = [subprocess.Popen(pinned(LOAD_CPU, [str(BINARY), "simulate", "--server", server.url, "--links", str(file),
                                                          "--supervisors", str(len(Path(file).read_text().splitlines()) - 1),
                                                          "--think-min", "0", "--think-max", "2", "--max-seconds", "300", "--json"]),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=open_files_limit)
                       for server, file in zip(servers, links)]
        outputs = [json.loads(simulation.communicate(timeout=600)[0]) for simulation in simulations]
        time.sleep(0.5)
        answer_cpu, answer_database_cpu = cpu() - cpu_before, database_cpu() - database_before
        acked = sum(output["acked"] for output in outputs)
        return {"supervisors": n, "nodes": nodes, "store": "postgresql" if store else "sqlite", "delivered": fan["delivered"],
                "delivery_p99_ms": fan["p99_ms"], "cpu_us_per_delivery": delivery_cpu * 1e6 / max(1, fan["delivered"]),
                "acked": acked, "ack_p99_ms": max(output["ackLatency"]["p99"] for output in outputs),
                "cpu_us_per_answer": answer_cpu * 1e6 / max(1, acked), "database_share_of_answer_cpu": answer_database_cpu / max(answer_cpu, 1e-9),
                "wall_s": time.time() - started}
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def main():
    if not BINARY.exists():
        sys.exit("no build at %s: run `make bench` (or `make build` for the smoke)" % BINARY)
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": CPUS, "runs": RUNS, "scenarios": {}}
    print("machine: %d CPUs; server on CPU %s, load on CPU %s; %d runs each, medians" % (CPUS, SERVER_CPU, LOAD_CPU, RUNS))

    only = os.environ.get("BENCH_ONLY", "arrival,idle,fanout,peers,ingest,projector,slow,sqlite,nodes").split(",")
    if SMOKE:
        # Peers need Debian's lws test server, and the big fixed-size cases take minutes.
        only = [name for name in only if name not in ("peers", "slow")]

    if "arrival" in only:
        arrival_scenario(results)
    if "idle" in only:
        idle_scenario(results)
    if "fanout" in only:
        fanout_scenario(results)
    if "peers" in only:
        peers_scenario(results)
    if "ingest" in only:
        ingest_scenario(results)
    if "projector" in only:
        projector_scenario(results)
    if "slow" in only:
        slow_consumer_scenario(results)
    if "sqlite" in only:
        sqlite_scenario(results)
    if "nodes" in only:
        nodes_scenario(results)

    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print("\nJSON: artifacts/bench.json")


def arrival_scenario(results):
    print("\n0. arrival job: connect, handshake, hello, welcome (annual questionnaire), answer, durable ack, close")
    print("   server CPU per supervisor (target <= 150 us), beside Python websockets + sqlite3 doing the same job")
    for n in SIZES[:1] if SMOKE else (3000,):
        for peer in (None, "python"):
            runs = [arrival_job(n, peer) for _ in range(RUNS)]
            results["scenarios"]["arrival_%s_%d" % (peer or "ours", n)] = runs
            print("   %-6s %6d: acked %d, server CPU %6.0f us/supervisor, server at %3.0f %% of its core, load generator at %3.0f %%,"
                  " ack p99 %6.1f ms" % (peer or "ours", n, min(r["acked"] for r in runs), median_of(runs, "server_cpu_us_per_supervisor"),
                                         100 * median_of(runs, "server_cpu_share"), 100 * median_of(runs, "load_cpu_share"),
                                         median_of(runs, "ack_p99_ms")))
            if SMOKE:
                assert all(r["acked"] == n for r in runs), "every arriving supervisor's answer was acknowledged"
        ours = median_of(results["scenarios"]["arrival_ours_%d" % n], "server_cpu_us_per_supervisor")
        python = median_of(results["scenarios"]["arrival_python_%d" % n], "server_cpu_us_per_supervisor")
        print("   ours / python CPU per supervisor = %.2f" % (ours / max(python, 1e-9)))


def idle_scenario(results):
    print("\n1. idle connections: server memory per authenticated connection (target <= 8 KB)")
    for n in SIZES:
        runs = [idle_connections(n) for _ in range(RUNS)]
        results["scenarios"]["idle_%d" % n] = runs
        print("   %6d connections: %7.0f bytes each (connected: %s)" % (n, median_of(runs, "bytes_per_connection"),
                                                                          all(r["connected"] for r in runs)))
        if SMOKE:
            assert all(r["connected"] for r in runs), "every idle connection came up"


def fanout_scenario(results):
    print("\n2. fan-out: launch of the annual questionnaire to N connected (target p99 <= 200 ms at 10k, <= 10 us CPU each)")
    print("   times from the server accepting the launch; survey-loadgen receives")
    for n in SIZES:
        runs = [fan_out(n) for _ in range(RUNS)]
        results["scenarios"]["fanout_%d" % n] = runs
        print("   %6d: delivered %d, p50 %6.1f ms, p99 %6.1f ms, last %6.1f ms, server CPU %5.1f us/delivery until the last"
              " arrival, %5.1f with the receiver's hang-ups (%d-byte push)" % (
                  n, min(r["delivered"] for r in runs), median_of(runs, "p50_ms"), median_of(runs, "p99_ms"),
                  median_of(runs, "last_ms"), median_of(runs, "cpu_us_per_delivery"), median_of(runs, "cpu_us_per_delivery_with_hangups"),
                  max(r["bytes"] for r in runs)))
        if SMOKE:
            assert all(r["delivered"] == n for r in runs), "every connected supervisor got the push"


def peers_scenario(results):
    print("\npeers: the same fan-out (same message size) on Debian's libwebsockets-test-server and on Python websockets")
    for n in SIZES:
        ours = results["scenarios"].get("fanout_%d" % n)
        size = max(r["bytes"] for r in ours) if ours else 15_000
        for peer in ("lws", "python"):
            runs = [peer_fan_out(peer, n, size) for _ in range(RUNS)]
            results["scenarios"]["peer_%s_%d" % (peer, n)] = runs
            line = "   %-6s %6d: delivered %d, p50 %6.1f ms, p99 %6.1f ms, CPU %5.1f us/delivery" % (
                peer, n, min(r["delivered"] for r in runs), median_of(runs, "p50_ms"), median_of(runs, "p99_ms"),
                median_of(runs, "cpu_us_per_delivery"))
            if ours:
                line += "; ours/peer: p99 %.2f, CPU %.2f" % (median_of(ours, "p99_ms") / max(median_of(runs, "p99_ms"), 1e-9),
                                                            median_of(ours, "cpu_us_per_delivery") / max(median_of(runs, "cpu_us_per_delivery"), 1e-9))
            print(line)


def projector_scenario(results):
    print("\n4. projector latency: submission to the snapshot that counts it (target p99 <= 50 ms, unchanged with 300 screens)")
    for n, think in ((SIZES[0], 1.0),) if SMOKE else ((2000, 4.0),):
        for screens in ((0, 20) if SMOKE else (0, 300)):
            runs = [projector_latency(n, think, screens) for _ in range(RUNS)]
            results["scenarios"]["projector_%d_%d" % (n, screens)] = runs
            print("   %d supervisors over %.0f s, %3d more screens: p50 %6.1f ms, p99 %6.1f ms; after the commit p50 %5.1f ms, p99 %5.1f ms "
                  "(ack p99 %.1f ms; %d snapshots, %d/%d matched; server CPU %.0f %%, load CPU %.0f %%)" % (
                      n, think, screens, median_of(runs, "p50_ms"), median_of(runs, "p99_ms"), median_of(runs, "after_commit_p50_ms"),
                      median_of(runs, "after_commit_p99_ms"), median_of(runs, "ack_p99_ms"),
                      min(r["snapshots"] for r in runs),
                      min(r["matched"] for r in runs), n, 100 * median_of(runs, "server_cpu_share"), 100 * median_of(runs, "load_cpu_share")))
            if SMOKE:
                assert all(r["snapshots"] > 0 for r in runs), "the projector saw snapshots"
        alone, crowded = (results["scenarios"]["projector_%d_%d" % (n, screens)] for screens in ((0, 20) if SMOKE else (0, 300)))
        print("   p99 with the screens / alone = %.2f; after the commit %.2f" % (
            median_of(crowded, "p99_ms") / max(median_of(alone, "p99_ms"), 1e-9),
            median_of(crowded, "after_commit_p99_ms") / max(median_of(alone, "after_commit_p99_ms"), 1e-9)))


def ingest_scenario(results):
    print("\n3. ingest: durable answers (synchronous=FULL, group commit) (target >= 10,000/s; ack p99 <= 25 ms at 1,000/s)")
    print("   arrivals: connect, hello, welcome and answer; open: everyone connected first, then answers")
    cases = [("burst", SIZES[-1], 0.0, 0.0), ("~1000/s", 5000, 0.0, 5.0),
             ("open burst", SIZES[-1], 20.0, 20.0), ("open ~1000/s", 5000, 20.0, 25.0)]
    if SMOKE:
        cases = [("burst", SIZES[0], 0.0, 0.0), ("open burst", SIZES[0], 3.0, 3.0)]
    for label, n, think_min, think_max in cases:
        runs = [ingest(n, think_max, think_min) for _ in range(RUNS)]
        results["scenarios"]["ingest_%s" % label] = runs
        print("   %-12s %6d supervisors: %7.0f answers/s, ack p50 %6.1f ms, p99 %6.1f ms, p999 %6.1f ms, stored %d/%d" % (
            label, n, median_of(runs, "answers_per_second"), median_of(runs, "ack_p50_ms"), median_of(runs, "ack_p99_ms"),
            median_of(runs, "ack_p999_ms"), min(r["stored"] for r in runs), n))
        if SMOKE:
            assert all(r["acked"] == n and r["stored"] == n for r in runs), "every answer acked and stored"


def slow_consumer_scenario(results):
    print("\n5. slow consumer: 1,000 supervisors, 40 pushes of the annual questionnaire, with and without one that never reads")
    for slow in (False, True):
        runs = [slow_consumer(1000, 40, slow) for _ in range(RUNS)]
        results["scenarios"]["slow_%s" % ("with" if slow else "without")] = runs
        print("   %-22s others complete: p50 %7.1f ms, p99 %7.1f ms after the first launch; server RSS +%d KiB; slow reader dropped: %s" % (
            "with a slow reader:" if slow else "without:", median_of(runs, "p50_ms"), median_of(runs, "p99_ms"),
            median_of(runs, "rss_growth_kib"), [r["slow_reader_dropped"] for r in runs]))


def sqlite_scenario(results):
    print("\nstorage ceiling: SQLite's own batched inserts, WAL + synchronous=FULL, 200 rows per commit")
    runs = [sqlite_ceiling(rows=2000 if SMOKE else 20000) for _ in range(RUNS)]
    results["scenarios"]["sqlite_ceiling"] = runs
    ceiling = median_of(runs, "rows_per_second")
    print("   %7.0f rows/s" % ceiling)
    for label in ("burst", "open burst"):
        key = "ingest_%s" % label
        if key in results["scenarios"]:
            rate = median_of(results["scenarios"][key], "answers_per_second")
            print("   server ingest (%s) / SQLite ceiling = 1 : %.0f" % (label, ceiling / max(rate, 1)))


def nodes_scenario(results):
    print("\n6. three nodes on PostgreSQL against one node on SQLite: the whole deployment's CPU (every node and the database")
    print("   server) per delivery of a launch, and per supervisor arriving to answer (connect, welcome, answer, durable ack)")
    if "SURVEY_TEST_POSTGRES" not in os.environ:
        print("   skipped: run under Tests/Postgres/with-postgres.sh (make bench does)")
        return
    n = SIZES[0] if SMOKE else 3000
    for nodes in (1, 3):
        runs = [cluster_job(n, nodes) for _ in range(RUNS)]
        results["scenarios"]["nodes_%d_%d" % (nodes, n)] = runs
        print("   %d node%s (%s) %5d supervisors: delivered %d, p99 %6.1f ms, CPU %6.1f us/delivery; acked %d, ack p99 %6.1f ms,"
              " CPU %6.0f us/answer (%.0f %% of it the database server)" % (
                  nodes, "" if nodes == 1 else "s", runs[0]["store"], n, min(r["delivered"] for r in runs),
                  median_of(runs, "delivery_p99_ms"), median_of(runs, "cpu_us_per_delivery"), min(r["acked"] for r in runs),
                  median_of(runs, "ack_p99_ms"), median_of(runs, "cpu_us_per_answer"), 100 * median_of(runs, "database_share_of_answer_cpu")))
        if SMOKE:
            assert all(r["delivered"] == n and r["acked"] == n for r in runs), "every push delivered and every answer acked on every node"
    one, three = (results["scenarios"]["nodes_%d_%d" % (nodes, n)] for nodes in (1, 3))
    print("   3 nodes / 1 node: CPU per delivery %.2f, per answer %.2f" % (
        median_of(three, "cpu_us_per_delivery") / max(median_of(one, "cpu_us_per_delivery"), 1e-9),
        median_of(three, "cpu_us_per_answer") / max(median_of(one, "cpu_us_per_answer"), 1e-9)))


if __name__ == "__main__":
    main()
