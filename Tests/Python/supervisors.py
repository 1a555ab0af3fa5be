"""Simulated supervisors for browser tests: real WebSocket clients (websocket-client from PyPI)."""
import json
import random
import uuid

import websocket


class Supervisor:
    """One authenticated supervisor connection to 127.0.0.1."""

    def __init__(self, server, token):
        self.socket = websocket.create_connection("ws://127.0.0.1:%d/ws" % server.port, timeout=10)
        self.send({"type": "hello", "token": token})
        self.welcome = self.receive("welcome")

    def send(self, message):
        message["v"] = 1
        self.socket.send(json.dumps(message))

    def receive(self, kind):
        for _ in range(100):
            message = json.loads(self.socket.recv())
            if message.get("type") == kind:
                return message
        raise AssertionError("no %s message" % kind)

    def submit(self, survey, version, answers):
        submission = str(uuid.uuid4())
        self.send({"type": "submit", "id": submission, "survey": survey, "version": version, "answers": answers})
        ack = self.receive("ack")
        assert ack["id"] == submission
        return submission

    def close(self):
        self.socket.close()


def followup_answers(rng, comment=None):
    """Random valid answers to Surveys/haocaiping-followup.yaml."""
    answers = {"rated": rng.random() < 0.7}
    if not answers["rated"]:
        answers["why_not"] = rng.choice(["unaware", "inconvenient", "worried", "no_need"])
    else:
        answers["satisfaction"] = rng.randint(1, 5)
        if rng.random() < 0.6:
            answers["days"] = rng.randint(0, 30)
    if comment:
        answers["comment"] = comment
    return answers


def answer_followup(server, count, comments=None, seed=7):
    """`count` supervisors answer the follow-up survey; returns their answers."""
    rng = random.Random(seed)
    comments = comments or {}
    given = []
    for index, (_, _, token) in enumerate(server.tokens()[:count]):
        supervisor = Supervisor(server, token)
        answers = followup_answers(rng, comments.get(index))
        supervisor.submit("haocaiping-followup", 1, answers)
        supervisor.close()
        given.append(answers)
    return given
