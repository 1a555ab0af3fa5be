#!/usr/bin/env python3
"""The peer "what a team would write instead": a broadcast server on Python `websockets` (asyncio).

Every message a client sends is broadcast to all connected clients. Usage: peer_broadcast_server.py PORT
Prints "listening" once it accepts connections. Loopback only.
"""
import asyncio
import sys

import websockets

clients = set()


async def handler(connection):
    clients.add(connection)
    try:
        async for message in connection:
            websockets.broadcast(clients, message)
    finally:
        clients.discard(connection)


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, max_size=2 ** 20, ping_interval=None, backlog=4096):
        print("listening", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
