"""The projector view in real headless Chromium: live aggregates equal to the database."""
import json

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_driver, screenshot
from supervisors import answer_followup

XSS = "<img src=x onerror=alert(1)>"


def projector_url(server):
    output = server.cli("projector", "link").stdout.strip().splitlines()[-1]
    assert "/projector.html#p=" in output
    return output + "&s=haocaiping-followup"


def expected(server):
    """Tallies computed straight from the database."""
    rows = [json.loads(row[0]) for row in server.query("SELECT answers FROM submissions WHERE survey_id = 'haocaiping-followup'")]
    counts = {"rated": {}, "why_not": {}, "satisfaction": {}}
    for answers in rows:
        for question in counts:
            if question in answers:
                key = str(answers[question]).lower() if question != "satisfaction" else str(answers[question])
                counts[question][key] = counts[question].get(key, 0) + 1
    scores = [answers["satisfaction"] for answers in rows if "satisfaction" in answers]
    days = [answers["days"] for answers in rows if "days" in answers]
    return {"submitted": len(rows), "counts": counts, "satisfaction_mean": "%.1f" % (sum(scores) / len(scores)),
            "days_mean": "%.1f" % (sum(days) / len(days)) if days else "—"}


def on_screen(driver, question, key):
    return driver.find_element(By.CSS_SELECTOR, '[data-question="%s"] text.count[data-key="%s"]' % (question, key)).get_attribute("textContent")


def check_numbers(driver, server):
    want = expected(server)
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "submitted").text == str(want["submitted"]))
    for question, counts in want["counts"].items():
        for key, count in counts.items():
            assert on_screen(driver, question, key) == str(count), (question, key)
    assert driver.find_element(By.CSS_SELECTOR, '[data-question="satisfaction"] .mean').get_attribute("textContent") == want["satisfaction_mean"]
    assert driver.find_element(By.CSS_SELECTOR, '[data-question="days"] .mean').get_attribute("textContent") == want["days_mean"]
    private = server.query("SELECT COUNT(*) FROM submissions s JOIN supervisors p ON p.id = s.supervisor_id "
                           "WHERE s.survey_id = 'haocaiping-followup' AND p.category = '民营企业'")[0][0]
    enterprise = driver.find_element(By.CSS_SELECTOR, '[data-category="民营企业"] .category-count').text
    assert enterprise.startswith("%d / " % private)


def test_projector_shows_live_tallies_that_equal_the_database_and_survive_a_restart(server):
    server.launch("haocaiping-followup.yaml")
    driver = make_driver(1920, 1080)
    try:
        driver.get(projector_url(server))
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "connection").text == "实时")
        assert "p=" not in driver.current_url, "the projector token stays out of the address bar"
        assert driver.find_element(By.ID, "submitted").text == "0"
        answer_followup(server, 20, comments={3: XSS, 5: "窗口服务很好，点赞"})
        check_numbers(driver, server)
        # Every chart has an accessible name saying what its bars show (axe's svg-img-alt rule).
        names = driver.execute_script(
            "return Array.from(document.querySelectorAll('svg[role=img]')).map(function (s) { return s.getAttribute('aria-label') || ''; });")
        assert names and all(name.startswith("各选项人数：") and "人" in name for name in names), names
        # The 19 review items are all on the strip, R14 coloured by its share.
        assert len(driver.find_elements(By.CSS_SELECTOR, "#items .item")) == 19
        # Comments wait for moderation: nothing on screen yet.
        assert "点赞" not in driver.find_element(By.ID, "ticker").text
        pending = server.cli("comments", "list", "--survey", "haocaiping-followup").stdout
        # Columns: the question's title, the writer's category, the state, the comment, its id.
        ids = {line.split("\t")[3]: line.split("\t")[4] for line in pending.splitlines()[1:] if "\t" in line}
        assert XSS in ids
        header, first = pending.splitlines()[0:2]
        assert header.startswith("题目\t类别\t状态\t意见") and "\t待审\t" in first, pending
        server.cli("comments", "approve", ids[XSS])
        WebDriverWait(driver, 10).until(lambda d: XSS in d.find_element(By.ID, "ticker").text)
        assert driver.find_elements(By.CSS_SELECTOR, "#ticker img") == []
        try:
            driver.switch_to.alert
            raise AssertionError("the comment ran as script")
        except NoAlertPresentException:
            pass
        assert "点赞" not in driver.page_source, "an unapproved comment must not reach the page"
        screenshot(driver, "projector-1920x1080.png")
        # Restart the server on the same port: the page reconnects and shows the same numbers.
        port = server.port
        server.stop()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "connection").text != "实时")
        server.start(port=port)
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "connection").text == "实时")
        check_numbers(driver, server)
        assert XSS in driver.find_element(By.ID, "ticker").text
    finally:
        driver.quit()


def test_projector_fits_1280x720_and_refuses_a_bad_link(server):
    server.launch("annual-2022.yaml")
    driver = make_driver(1280, 720)
    try:
        driver.get(projector_url(server).replace("&s=haocaiping-followup", ""))
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "connection").text == "实时")
        assert "2022 年度" in driver.find_element(By.ID, "title").text
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 1280
        # Option labels wrap instead of being cut: every label up to 24 characters is shown whole.
        labels = driver.execute_script("""
            return Array.from(document.querySelectorAll('#charts svg text.label')).map(function (t) {
              return [Array.from(t.querySelectorAll('tspan')).map(function (s) { return s.textContent; }).join(''),
                      t.querySelector('title').textContent];
            });""")
        assert labels and all(shown == full for shown, full in labels if len(full) <= 24)
        assert any(len(full) > 8 for _, full in labels), "the annual survey has long option labels"
        # Legible from the back of a room: no text on screen under 16 px at 720p, and nothing clipped.
        smallest = driver.execute_script("""
            var sizes = [];
            document.querySelectorAll('#charts .chart:not([hidden]) *, #items .item, #ticker, .category-name').forEach(function (e) {
              if (!e.getClientRects().length || !(e.textContent || '').trim()) return;
              if (e instanceof SVGElement && e.tagName !== 'text') return;
              // SVG text is drawn at its font size times the drawing's scale.
              var size = parseFloat(getComputedStyle(e).fontSize) * (e instanceof SVGElement ? e.getScreenCTM().a : 1);
              sizes.push([size, e.className.baseVal || e.className || e.tagName, (e.textContent || '').slice(0, 12)]);
            });
            return sizes.sort(function (a, b) { return a[0] - b[0]; }).slice(0, 3);""")
        assert smallest[0][0] >= 16, smallest
        clipped = driver.execute_script("""
            return Array.from(document.querySelectorAll('#charts .chart:not([hidden]), .charts-panel, .progress-panel, #items .item'))
              .filter(function (e) { return e.scrollHeight > e.clientHeight + 1 || e.getBoundingClientRect().bottom > window.innerHeight; })
              .map(function (e) { return (e.getAttribute('data-question') || e.getAttribute('data-item') || e.className); });""")
        assert clipped == [], clipped
        # Every card of every page fits its panel (the six-option checklists included).
        overflowing = driver.execute_script("""
            var cards = Array.from(document.querySelectorAll('#charts .chart'));
            var panel = document.querySelector('.charts-panel').getBoundingClientRect();
            var shown = cards.map(function (c) { return c.hidden; });
            var bad = cards.filter(function (card) {
              cards.forEach(function (c) { c.hidden = c !== card; });
              var box = card.getBoundingClientRect();
              return card.scrollHeight > card.clientHeight + 1 || box.bottom > panel.bottom + 1;
            }).map(function (c) { return c.getAttribute('data-question'); });
            cards.forEach(function (c, i) { c.hidden = shown[i]; });
            return bad;""")
        assert overflowing == [], overflowing
        screenshot(driver, "projector-1280x720.png")
        driver.get(server.url + "/projector.html#p=00000000000000000000000000000000")
        WebDriverWait(driver, 10).until(lambda d: "无效" in d.find_element(By.ID, "notice").text)
    finally:
        driver.quit()


def test_moderation_holds_on_an_open_projector(server):
    """Reject after approve takes a comment off an open projector at once; approve --all approves the
    rest; the item strip is grey while a review item has fewer respondents than the minimum."""
    server.launch("haocaiping-followup.yaml")
    driver = make_driver(1920, 1080)
    try:
        driver.get(projector_url(server))
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "connection").text == "实时")
        answer_followup(server, 3, comments={0: "差评回复太慢", 1: "整改结果没人告知", 2: "回复内容敷衍"})
        # Three respondents: below the default minimum of 10, every item on the strip is grey.
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "submitted").text == "3")
        cell = driver.find_element(By.CSS_SELECTOR, '#items .item[data-item="R14"]')
        assert cell.get_attribute("data-sparse") == "true" and "样本不足" in cell.text
        pending = server.cli("comments", "list", "--survey", "haocaiping-followup").stdout
        # Columns: the question's title, the writer's category, the state, the comment, its id.
        ids = {line.split("\t")[3]: line.split("\t")[4] for line in pending.splitlines()[1:] if "\t" in line}
        server.cli("comments", "approve", ids["差评回复太慢"])
        WebDriverWait(driver, 10).until(lambda d: "差评回复太慢" in d.find_element(By.ID, "ticker").text)
        server.cli("comments", "reject", ids["差评回复太慢"])
        WebDriverWait(driver, 10).until(lambda d: "差评回复太慢" not in d.find_element(By.ID, "ticker").text)
        assert "差评回复太慢" not in driver.page_source
        # Approve every pending comment at once; the rejected one stays rejected.
        result = server.cli("comments", "approve", "--all", "--survey", "haocaiping-followup")
        assert "2 条" in result.stdout, result.stdout
        WebDriverWait(driver, 15).until(lambda d: any(text in d.find_element(By.ID, "ticker").text for text in ("整改结果没人告知", "回复内容敷衍")))
        assert "差评回复太慢" not in driver.page_source
        approved = server.cli("comments", "list", "--survey", "haocaiping-followup", "--state", "approved").stdout
        assert "整改结果没人告知" in approved and "回复内容敷衍" in approved and "差评回复太慢" not in approved
    finally:
        driver.quit()
