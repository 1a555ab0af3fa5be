"""The supervisors' answer page in real headless Chromium against the real server."""
import json

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import resize, screenshot


def wait(driver, seconds=10):
    # The list is rebuilt on every message, so an element found a moment ago may be gone: look again.
    return WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException])


def badge_of(driver, survey_id):
    return driver.find_element(By.CSS_SELECTOR, '[data-survey="%s"] .badge' % survey_id).text


def test_link_greets_hides_token_and_receives_a_live_launch(server, browser):
    browser.get(server.link(0))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "connection"), "已连接"))
    name = server.tokens()[0][1]
    assert name in browser.find_element(By.ID, "greeting").text
    assert "#t=" not in browser.current_url
    assert browser.execute_script("return localStorage.getItem('survey.token')") == server.tokens()[0][2]
    assert browser.find_element(By.ID, "empty").is_displayed()
    server.launch("haocaiping-followup.yaml")
    item = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-survey="haocaiping-followup"]')))
    assert "fresh" in item.get_attribute("class")
    assert "新问卷" in browser.find_element(By.ID, "notice").text
    # The page confirmed receipt: delivery tracking has it.
    wait(browser).until(lambda _: server.query("SELECT COUNT(*) FROM deliveries WHERE received_at IS NOT NULL")[0][0] == 1)


def test_skip_logic_validation_and_submit_reach_the_database(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(1))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    centre = browser.find_element(By.CSS_SELECTOR, '[data-question="center_trips"]')
    assert not centre.is_displayed()
    # A question the supervisor may not be able to judge offers 不了解.
    unknown = browser.find_element(By.CSS_SELECTOR, '[data-question="coordination"] label.unknown')
    assert unknown.text == "不了解" and unknown.find_element(By.TAG_NAME, "input").get_attribute("value") == "unknown"
    # Every rating names its ends under the scale.
    ends = browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] .rating-ends').text
    assert "1 = 很不满意" in ends and "5 = 很满意" in ends
    # Submitting empty shows Chinese errors beside the required questions.
    browser.find_element(By.ID, "submit").click()
    error = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-question="overall"] .error')))
    assert "必答" in error.text
    screenshot(browser, "answer-page-errors.png")
    centre = browser.find_element(By.CSS_SELECTOR, '[data-question="center_trips"]')
    # Yes to the centre question shows its follow-ups; no hides them again.
    browser.find_element(By.CSS_SELECTOR, '[data-question="visited_center"] input[value="true"]').click()
    assert centre.is_displayed()
    # A count shows its range before any error, with a digits-only keypad.
    assert centre.find_element(By.CSS_SELECTOR, "small.range").text.startswith("请填写 0–")
    assert centre.find_element(By.CSS_SELECTOR, "input[type=number]").get_attribute("inputmode") == "numeric"
    browser.find_element(By.CSS_SELECTOR, '[data-question="visited_center"] input[value="false"]').click()
    assert not centre.is_displayed()
    fill_annual(browser)
    browser.find_element(By.ID, "submit").click()
    wait(browser).until(lambda d: badge_of(d, "annual-2022") == "已提交")
    rows = server.query("SELECT answers FROM submissions WHERE survey_id = 'annual-2022'")
    assert len(rows) == 1
    answers = json.loads(rows[0][0])
    assert answers["overall"] == 4
    assert answers["visited_center"] is False
    assert "center_trips" not in answers
    assert answers["market_barriers"] == ["designated_supplier", "extra_conditions"]
    assert answers["inspections"] == 2
    assert answers["suggestions"] == "希望进一步压缩审批时限"
    # The confirmation names the time; the survey in the list opens a read-only receipt.
    assert "已提交“" in browser.find_element(By.ID, "notice").text and "保存" in browser.find_element(By.ID, "notice").text
    browser.find_element(By.CSS_SELECTOR, '[data-survey="annual-2022"]').click()
    wait(browser).until(lambda d: d.find_element(By.ID, "receipt-view").is_displayed())
    receipt = browser.find_element(By.ID, "receipt-view").text
    assert "提交时间：" in receipt and "希望进一步压缩审批时限" in receipt and "4 分" in receipt
    screenshot(browser, "answer-page-receipt-360x740.png")
    browser.find_element(By.ID, "receipt-back").click()
    assert browser.find_element(By.ID, "list-view").is_displayed()


def fill_annual(driver):
    """Answers every required, shown question of the annual questionnaire."""
    def pick(question, value):
        element = driver.find_element(By.CSS_SELECTOR, '[data-question="%s"] input[value="%s"]' % (question, value))
        # Centred, clear of the sticky error summary a failed submit leaves at the top.
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
    pick("overall", "4")
    pick("leadership", "strong")
    pick("policy_known", "false")
    pick("coordination", "3")
    pick("major_issue", "false")
    pick("equal_treatment", "4")
    pick("fees", "false")
    pick("visited_center", "false")
    pick("online_use", "unaware")
    pick("complained", "false")
    pick("market_barriers", "extra_conditions")
    pick("market_barriers", "designated_supplier")
    pick("policy_clarity", "3")
    pick("enforcement", "fair")
    pick("government_credit", "false")
    pick("legal_protection", "4")
    pick("supervision_feedback", "4")
    inspections = driver.find_element(By.CSS_SELECTOR, '[data-question="inspections"] input')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", inspections)
    inspections.send_keys("2")
    driver.find_element(By.CSS_SELECTOR, '[data-question="suggestions"] textarea').send_keys("希望进一步压缩审批时限")


def test_a_draft_survives_a_reload(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(2))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="2"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="suggestions"] textarea').send_keys("草稿内容")
    browser.refresh()
    # The reload comes back to the survey itself; the list marks it as a draft.
    wait(browser).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
    browser.find_element(By.ID, "back").click()
    wait(browser).until(lambda d: badge_of(d, "annual-2022") == "草稿")
    browser.find_element(By.CSS_SELECTOR, '[data-survey="annual-2022"]').click()
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="2"]').is_selected()
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="suggestions"] textarea').get_attribute("value") == "草稿内容"


def test_an_answer_given_offline_is_sent_on_reconnect_and_stored_once(server, browser):
    server.launch("haocaiping-followup.yaml")
    resize(browser, 360, 740)
    browser.get(server.link(3))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="haocaiping-followup"]'))).click()
    port = server.port
    server.stop()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "connection"), "离线"))
    browser.find_element(By.CSS_SELECTOR, '[data-question="rated"] input[value="true"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="channel"] input[value="app"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="satisfaction"] input[value="5"]').click()
    browser.find_element(By.ID, "submit").click()
    assert "待发送" in browser.find_element(By.ID, "form-status").text
    screenshot(browser, "answer-page-pending-360x740.png")
    server.start(port=port)
    wait(browser, 45).until(lambda d: d.find_element(By.ID, "list-view").is_displayed()
                            and badge_of(d, "haocaiping-followup") == "已提交")
    assert server.query("SELECT COUNT(*) FROM submissions")[0][0] == 1
    screenshot(browser, "answer-page-submitted-360x740.png")


def test_closing_and_bad_links_are_explained(server, browser):
    server.launch("haocaiping-followup.yaml")
    browser.get(server.link(4))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="haocaiping-followup"]'))).click()
    server.cli("close", "haocaiping-followup")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "notice"), "已结束"))
    assert not browser.find_element(By.ID, "submit").is_enabled()
    browser.get(server.url + "/#t=00000000000000000000000000000000")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "notice"), "链接无效"))
    browser.execute_script("localStorage.clear()")
    browser.get(server.url + "/")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "notice"), "个人链接"))


def test_the_page_is_usable_at_320_pixels(server, browser):
    server.launch("annual-2022.yaml")
    resize(browser, 320, 640)
    browser.get(server.link(5))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 320, "no horizontal scrolling at 320 px"
    # Every input has a label: wrapped in one, or named by one.
    unlabeled = browser.execute_script("""
        return Array.from(document.querySelectorAll('input, textarea')).filter(function (input) {
            return !input.closest('label') && !document.querySelector('label[for="' + input.id + '"]');
        }).length;""")
    assert unlabeled == 0
    screenshot(browser, "answer-page-320.png")


def test_errors_are_counted_cleared_as_fixed_and_a_reload_resumes(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(2))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    browser.find_element(By.ID, "submit").click()
    summary = wait(browser).until(EC.visibility_of_element_located((By.ID, "error-summary")))
    invalid = len(browser.find_elements(By.CSS_SELECTOR, ".question.invalid"))
    assert invalid > 3 and ("还有 %d 题需要修改" % invalid) in summary.text
    # Answering a flagged question clears its mark at once, and the count follows.
    four = browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="4"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", four)
    four.click()
    assert "invalid" not in browser.find_element(By.CSS_SELECTOR, '[data-question="overall"]').get_attribute("class")
    assert ("还有 %d 题需要修改" % (invalid - 1)) in browser.find_element(By.ID, "error-summary").text
    two = browser.find_element(By.CSS_SELECTOR, '[data-question="coordination"] input[value="2"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", two)
    two.click()
    # A reload comes back to the same survey and question, with the draft.
    browser.refresh()
    wait(browser).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="4"]').is_selected()
    coordination = browser.find_element(By.CSS_SELECTOR, '[data-question="coordination"]')
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", coordination)
    assert 0 <= top < browser.execute_script("return window.innerHeight"), "the question last answered is on screen"
    screenshot(browser, "answer-page-resumed-360x740.png")


def test_a_reload_without_network_still_shows_the_page_and_the_draft(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(3))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    four = browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="4"]')
    four.click()
    # The service worker (127.0.0.1 is a secure origin) has taken the page.
    wait(browser, 15).until(lambda d: d.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        browser.refresh()
        wait(browser, 15).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
        assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="4"]').is_selected()
        assert browser.find_element(By.ID, "connection").text == "网络未连接"
        screenshot(browser, "answer-page-offline-360x740.png")
    finally:
        browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                                {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(browser, 30).until(lambda d: d.find_element(By.ID, "connection").text == "已连接")
