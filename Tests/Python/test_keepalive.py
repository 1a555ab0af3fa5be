"""A supervisor's page left open keeps its one WebSocket past every idle timeout."""
import re
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SurveyServer


def accepted_connections(server):
    text = urllib.request.urlopen(server.url + "/metrics", timeout=5).read().decode()
    return int(float(re.search(r"^survey_websocket_connections_total (\S+)$", text, re.M).group(1)))


def test_an_idle_page_keeps_its_one_connection_for_several_hangup_periods(browser):
    server = SurveyServer(demo_roster=2, arguments=["--idle-ping", "1", "--idle-hangup", "3"])
    try:
        browser.get(server.link(0))
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "connection"), "已连接"))
        assert accepted_connections(server) == 1
        time.sleep(12)  # four hang-up periods with nothing to say
        assert "已连接" in browser.find_element(By.ID, "connection").text
        assert accepted_connections(server) == 1, "the page had to reconnect: its idle connection was dropped"
    finally:
        server.cleanup()
