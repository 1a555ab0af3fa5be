#!/usr/bin/env python3
"""The peer for the arrival job: what a team would write instead, on Python `websockets` + `sqlite3`.

It speaks enough of docs/PROTOCOL.md for `survey simulate`: `hello` with a personal token (looked up
by its SHA-256), a `welcome` with the open survey, and for each `submit` one row committed to SQLite
(WAL, synchronous=FULL: durable, like ours) before its `ack`. No validation beyond the token, no
delivery records, no limits: a straightforward server, not ours.

Usage: peer_arrival_server.py PORT LINKS_CSV SURVEY_JSON DATABASE. Loopback only.
"""
import asyncio
import csv
import datetime
import hashlib
import json
import sqlite3
import sys

import websockets


def load_roster(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {hashlib.sha256(row["token"].encode()).hexdigest(): {"id": row["id"], "name": row["name"], "category": row["category"]}
                for row in csv.DictReader(handle)}


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def main(port, links, survey_file, database):
    roster = load_roster(links)
    with open(survey_file, encoding="utf-8") as handle:
        survey = json.load(handle)
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, supervisor TEXT, survey TEXT, version INTEGER,"
               " answers TEXT, stored_at TEXT)")

    async def handler(connection):
        supervisor = None
        async for raw in connection:
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "hello":
                supervisor = roster.get(hashlib.sha256(message.get("token", "").encode()).hexdigest())
                if supervisor is None:
                    await connection.send(json.dumps({"v": 1, "type": "error", "code": "bad_token", "message": "链接无效", "ref": "hello"}))
                    await connection.close(4401)
                    return
                await connection.send(json.dumps({"v": 1, "type": "welcome", "supervisor": supervisor, "surveys": [survey],
                                                  "submissions": [], "followups": []}, ensure_ascii=False))
            elif kind == "submit" and supervisor is not None:
                stored = now()
                db.execute("INSERT OR IGNORE INTO submissions VALUES (?, ?, ?, ?, ?, ?)",
                           (message["id"], supervisor["id"], message["survey"], message["version"],
                            json.dumps(message["answers"], ensure_ascii=False), stored))
                await connection.send(json.dumps({"v": 1, "type": "ack", "id": message["id"], "survey": message["survey"],
                                                  "version": message["version"], "storedAt": stored}))

    async def serve():
        async with websockets.serve(handler, "127.0.0.1", port, max_size=2 ** 16, ping_interval=None, backlog=4096):
            print("listening", flush=True)
            await asyncio.Future()

    asyncio.run(serve())


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
