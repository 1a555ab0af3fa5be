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


# What a supervisor answers in each section of the revised annual questionnaire, in order.
ANNUAL_SECTIONS = [
    [("overall", "4")],
    [("listened", "often"), ("policy_known", "false"), ("policy_clarity", "3"), ("coordination", "unknown"), ("major_issue", "false")],
    [("equal_treatment", "4"), ("market_barriers", "extra_conditions"), ("market_barriers", "designated_supplier"),
     ("business_needs", "none")],
    [("visited_center", "false"), ("online_use", "unaware"), ("complained", "false")],
    [("inspections", "2"), ("enforcement", "fair"), ("fees", "none"), ("government_credit", "false"), ("legal_protection", "4")],
    [("supervision_feedback", "4"), ("suggestions", "希望进一步压缩审批时限")],
]


def section_text(driver):
    return driver.find_element(By.ID, "section-text").text


def answer(driver, question, value):
    """Answers one question on screen: a choice is clicked, a field is typed into."""
    box = driver.find_element(By.CSS_SELECTOR, '[data-question="%s"]' % question)
    if not box.is_displayed():
        return False
    fields = box.find_elements(By.CSS_SELECTOR, "input[type=number], textarea")
    element = fields[0] if fields else box.find_element(By.CSS_SELECTOR, 'input[value="%s"]' % value)
    # Centred, clear of the sticky progress bar at the top.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    if fields:
        element.send_keys(value)
    else:
        element.click()
    return True


def next_section(driver):
    button = driver.find_element(By.ID, "next")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def test_the_annual_survey_is_answered_section_by_section_and_reaches_the_database(server, browser):
    server.launch("annual-2022.yaml")
    resize(browser, 360, 740)
    browser.get(server.link(1))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    # One section at a time, under a progress bar that names it.
    assert section_text(browser) == "第 1 / 6 部分：总体评价"
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"]').is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, '[data-question="policy_known"]').is_displayed()
    assert not browser.find_element(By.ID, "previous").is_displayed() and not browser.find_element(By.ID, "submit").is_displayed()
    assert browser.find_element(By.ID, "progress-text").text.startswith("必答题已答 0 / ")
    # Every rating names its ends under the scale.
    ends = browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] .rating-ends').text
    assert "1 = 很不满意" in ends and "5 = 很满意" in ends
    # 下一部分 with the section unanswered: Chinese errors beside its required questions, and no move.
    next_section(browser)
    error = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-question="overall"] .error')))
    assert "必答" in error.text
    assert "还有 1 题需要填写或修改" in browser.find_element(By.ID, "error-summary").text
    assert section_text(browser).startswith("第 1 / 6 部分")
    screenshot(browser, "answer-page-errors.png")
    for number, picks in enumerate(ANNUAL_SECTIONS, start=1):
        assert section_text(browser).startswith("第 %d / 6 部分" % number)
        if number == 2:
            # A question the supervisor may not be able to judge offers 不了解.
            unknown = browser.find_element(By.CSS_SELECTOR, '[data-question="coordination"] label.unknown')
            assert unknown.text == "不了解" and unknown.find_element(By.TAG_NAME, "input").get_attribute("value") == "unknown"
        if number == 4:
            centre = browser.find_element(By.CSS_SELECTOR, '[data-question="center_trips"]')
            assert not centre.is_displayed()
            # Yes to the centre question shows its follow-ups, with the range and a digits-only keypad.
            answer(browser, "visited_center", "true")
            assert centre.is_displayed()
            assert centre.find_element(By.CSS_SELECTOR, "small.range").text == "请填写 1–50 之间的整数"
            assert centre.find_element(By.CSS_SELECTOR, "input[type=number]").get_attribute("inputmode") == "numeric"
        if number == 3:
            # 以上都没有遇到 excludes the other options, and they exclude it.
            answer(browser, "market_barriers", "local_protection")
            answer(browser, "market_barriers", "none")
            checked = browser.find_elements(By.CSS_SELECTOR, '[data-question="market_barriers"] input:checked')
            assert [box.get_attribute("value") for box in checked] == ["none"]
        for question, value in picks:
            answer(browser, question, value)
        screenshot(browser, "answer-page-section-%d-360x740.png" % number)
        if number < len(ANNUAL_SECTIONS):
            next_section(browser)
    # The last section has 上一部分 and 提交问卷, and no 下一部分.
    assert browser.find_element(By.ID, "previous").is_displayed() and not browser.find_element(By.ID, "next").is_displayed()
    browser.find_element(By.ID, "previous").click()
    assert section_text(browser).startswith("第 5 / 6 部分")
    next_section(browser)
    submit = browser.find_element(By.ID, "submit")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    submit.click()
    wait(browser).until(lambda d: badge_of(d, "annual-2022") == "已提交")
    rows = server.query("SELECT answers FROM submissions WHERE survey_id = 'annual-2022'")
    assert len(rows) == 1
    answers = json.loads(rows[0][0])
    assert answers["overall"] == 4
    assert answers["coordination"] == "unknown"
    assert answers["visited_center"] is False
    assert "center_trips" not in answers
    assert answers["market_barriers"] == ["designated_supplier", "extra_conditions"]
    assert answers["fees"] == ["none"]
    assert answers["inspections"] == 2
    assert answers["suggestions"] == "希望进一步压缩审批时限"
    # The confirmation names the time; the survey in the list opens a read-only receipt.
    assert "已提交“" in browser.find_element(By.ID, "notice").text and "保存" in browser.find_element(By.ID, "notice").text
    browser.find_element(By.CSS_SELECTOR, '[data-survey="annual-2022"]').click()
    wait(browser).until(lambda d: d.find_element(By.ID, "receipt-view").is_displayed())
    receipt = browser.find_element(By.ID, "receipt-view").text
    assert "提交时间：" in receipt and "希望进一步压缩审批时限" in receipt and "4 分" in receipt and "不了解" in receipt
    screenshot(browser, "answer-page-receipt-360x740.png")
    browser.find_element(By.ID, "receipt-back").click()
    assert browser.find_element(By.ID, "list-view").is_displayed()


def test_a_draft_survives_a_reload(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(2))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="2"]').click()
    next_section(browser)
    answer(browser, "listened", "never")
    browser.refresh()
    # The reload comes back to the survey itself; the list marks it as a draft.
    wait(browser).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
    browser.find_element(By.ID, "back").click()
    wait(browser).until(lambda d: badge_of(d, "annual-2022") == "草稿")
    browser.find_element(By.CSS_SELECTOR, '[data-survey="annual-2022"]').click()
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="2"]').is_selected()
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="listened"] input[value="never"]').get_attribute("checked")


def test_an_answer_given_offline_is_sent_on_reconnect_and_stored_once(server, browser):
    server.launch("haocaiping-followup.yaml")
    resize(browser, 360, 740)
    browser.get(server.link(3))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="haocaiping-followup"]'))).click()
    wait(browser, 15).until(lambda d: d.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
    port = server.port
    server.stop()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "connection"), "离线"))
    browser.find_element(By.CSS_SELECTOR, '[data-question="rated"] input[value="true"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-question="satisfaction"] input[value="5"]').click()
    browser.find_element(By.ID, "submit").click()
    assert "待发送" in browser.find_element(By.ID, "form-status").text
    # What waits to be sent is what will be stored: the answers can no longer be changed.
    assert not browser.find_element(By.CSS_SELECTOR, '[data-question="satisfaction"] input[value="4"]').is_enabled()
    # A reload while still offline says so again, rather than showing a locked form without a word.
    browser.refresh()
    wait(browser, 15).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
    assert "待发送" in browser.find_element(By.ID, "form-status").text
    assert not browser.find_element(By.ID, "submit").is_enabled()
    screenshot(browser, "answer-page-pending-360x740.png")
    server.start(port=port)
    wait(browser, 45).until(lambda d: d.find_element(By.ID, "list-view").is_displayed()
                            and badge_of(d, "haocaiping-followup") == "已提交")
    # The answer sent later, from the list, is confirmed with the time it was saved.
    assert "已提交“政务服务“好差评”回访问卷”" in browser.find_element(By.ID, "notice").text
    # Without network again, a reload still knows it was submitted.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        wait(browser, 15).until(lambda d: d.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
        browser.refresh()
        wait(browser, 15).until(lambda d: badge_of(d, "haocaiping-followup") == "已提交")
    finally:
        browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                                {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
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
    resize(browser, 360, 740)
    browser.get(server.link(2))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]'))).click()
    answer(browser, "overall", "4")
    next_section(browser)
    next_section(browser)
    summary = wait(browser).until(EC.visibility_of_element_located((By.ID, "error-summary")))
    invalid = len(browser.find_elements(By.CSS_SELECTOR, ".question.invalid"))
    assert invalid == 5 and "还有 5 题需要填写或修改" in summary.text
    # Answering a flagged question clears its mark at once, and the count follows.
    answer(browser, "listened", "once")
    assert "invalid" not in browser.find_element(By.CSS_SELECTOR, '[data-question="listened"]').get_attribute("class")
    assert "还有 4 题需要填写或修改" in browser.find_element(By.ID, "error-summary").text
    for question, value in ANNUAL_SECTIONS[1][1:4]:
        answer(browser, question, value)
    # A reload comes back to the same survey, section and question, with the draft.
    browser.refresh()
    wait(browser).until(lambda d: d.find_element(By.ID, "form-view").is_displayed())
    assert section_text(browser).startswith("第 2 / 6 部分")
    assert not browser.find_element(By.ID, "form-description").is_displayed(), "the introduction only above the first section"
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="policy_clarity"] input[value="3"]').is_selected()
    coordination = browser.find_element(By.CSS_SELECTOR, '[data-question="coordination"]')
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", coordination)
    assert 0 <= top < browser.execute_script("return window.innerHeight"), "the question last answered is on screen"
    # The progress bar stays on screen while scrolling.
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    bar = browser.find_element(By.ID, "section-text")
    assert 0 <= browser.execute_script("return arguments[0].getBoundingClientRect().top", bar) < 60
    screenshot(browser, "answer-page-resumed-360x740.png")
    # Marks of this section do not follow to the one before.
    next_section(browser)
    assert browser.find_element(By.ID, "error-summary").is_displayed()
    browser.find_element(By.ID, "previous").click()
    assert section_text(browser).startswith("第 1 / 6 部分")
    assert not browser.find_element(By.ID, "error-summary").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, '[data-question="overall"] input[value="4"]').is_selected()
    # The phone's Back button steps back through sections, then to the list.
    next_section(browser)
    assert section_text(browser).startswith("第 2 / 6 部分")
    browser.back()
    wait(browser).until(lambda d: section_text(d).startswith("第 1 / 6 部分"))


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


def test_other_pages_opened_later_do_not_replace_the_stored_answer_page(server, browser):
    server.launch("annual-2022.yaml")
    browser.get(server.link(4))
    wait(browser, 15).until(lambda d: d.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
    # The worker's scope is the whole site: the projector and unit pages load through it too.
    for page in ("/projector.html", "/unit.html"):
        browser.get(server.url + page)
        wait(browser).until(lambda d: d.execute_script("return document.readyState") == "complete")
    stored = browser.execute_async_script("""
        var done = arguments[arguments.length - 1];
        caches.keys().then(function (names) {
          return Promise.all(names.map(function (name) { return caches.open(name).then(function (c) { return c.match('index.html'); }); }));
        }).then(function (found) {
          var page = found.filter(Boolean)[0];
          return page ? page.text() : '';
        }).then(done, function (e) { done('error: ' + e); });""")
    assert 'id="form-view"' in stored, "the stored index.html is the answer page"
    assert "projector" not in stored and "unit.js" not in stored
