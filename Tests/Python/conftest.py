"""Fixtures for browser tests: the real `survey serve` binary and headless Chromium.

Everything talks to 127.0.0.1 only; every process started here is ended by its PID.
"""
import csv
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("SURVEY_BIN", ROOT / ".build" / "debug" / "survey"))
ARTIFACTS = ROOT / "artifacts"


class SurveyServer:
    """One `survey serve` process on a free loopback port with its own data directory."""

    def __init__(self, demo_roster=20, arguments=(), sample_data=False):
        self.data = Path(tempfile.mkdtemp(prefix="survey-browser-"))
        if sample_data:
            subprocess.run([str(BINARY), "sample-data", "--data", str(self.data), "--survey", str(ROOT / "Surveys" / "annual-2022.yaml")],
                           check=True, capture_output=True, timeout=60)
        self.demo_roster = demo_roster
        self.arguments = list(arguments)
        self.scheme = "https" if "--tls-cert" in self.arguments else "http"
        self.process = None
        self.port = None
        self.start()

    def start(self, port=0):
        info = self.data / "server.json"
        if info.exists():
            info.unlink()
        log = open(self.data / "server.log", "ab")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--host", "127.0.0.1", "--port", str(port), "--data", str(self.data),
             "--demo-roster", str(self.demo_roster), "--web", str(ROOT / "Web"),
             "--review-items", str(ROOT / "Surveys" / "review-items.yaml")] + self.arguments,
            stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            if info.exists():
                try:
                    details = json.loads(info.read_text())
                except ValueError:
                    details = {}
                if details.get("pid") == str(self.process.pid):
                    self.port = int(details["url"].rsplit(":", 1)[1])
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("server did not start; see %s" % (self.data / "server.log"))

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None

    @property
    def url(self):
        return "%s://127.0.0.1:%d" % (self.scheme, self.port)

    def tokens(self):
        with open(self.data / "demo-links.csv", encoding="utf-8-sig", newline="") as handle:
            return [(row["id"], row["name"], row["token"]) for row in csv.DictReader(handle)]

    def link(self, index=0):
        return "%s/#t=%s" % (self.url, self.tokens()[index][2])

    def cli(self, *arguments, check=True, token_file=None):
        extra = ["--token-file", str(token_file)] if token_file else []
        result = subprocess.run([str(BINARY), *arguments, "--data", str(self.data), *extra],
                                capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError("survey %s failed: %s" % (" ".join(arguments), result.stderr))
        return result

    def launch(self, name):
        return self.cli("launch", str(ROOT / "Surveys" / name))

    def query(self, sql, *parameters):
        import sqlite3
        connection = sqlite3.connect("file:%s?mode=ro" % (self.data / "survey.sqlite"), uri=True)
        try:
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture
def server():
    instance = SurveyServer()
    yield instance
    instance.cleanup()


def make_driver(width=390, height=844):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--lang=zh-CN", "--window-size=%d,%d" % (width, height)):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    resize(driver, width, height)
    driver.set_page_load_timeout(20)
    return driver


def resize(driver, width, height):
    """Sets the viewport itself, not the window, to the size under test."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))
