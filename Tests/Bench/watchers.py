#!/usr/bin/env python3
"""N extra projector screens: each connects, sends `watch` and reads every snapshot.

Usage: watchers.py URL TOKENS SURVEY N, TOKENS comma-separated projector tokens, used in turn. Prints "ready N" once every screen has its first snapshot,
then reads until it is terminated. Loopback only.
"""
import asyncio
import json
import sys

import websockets


async def screen(url, token, survey, ready):
    async with websockets.connect(url, max_size=2 ** 22, ping_interval=None) as connection:
        await connection.send(json.dumps({"v": 1, "type": "watch", "token": token, "survey": survey}))
        first = True
        async for _ in connection:
            if first:
                first = False
                ready.release()


async def main(url, token, survey, count):
    ready = asyncio.Semaphore(0)
    tokens = token.split(",")
    tasks = [asyncio.create_task(screen(url, tokens[index % len(tokens)], survey, ready)) for index in range(count)]
    for _ in range(count):
        await ready.acquire()
    print("ready", count, flush=True)
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
