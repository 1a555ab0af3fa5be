"""The 整改台账 loop in real headless Chromium: a unit on its own link, the office CLI, the supervisor's
回访 on an open page, and sign-off by a leader who did not mark the row done."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SurveyServer, make_driver, screenshot

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
UNIT = "区市场监管局"


def setup_office(server):
    units = server.data / "units.csv"
    units.write_text("单位,联系人,电话\n%s,钱科长,13800000000\n区财政局,赵会计,0571-1234567\n" % UNIT, encoding="utf-8")
    links = server.data / "unit-links.csv"
    server.cli("units", "import", str(units), "--links-out", str(links), "--allow-loopback")
    link = [line.split(",")[1] for line in links.read_text(encoding="utf-8").splitlines()[1:] if line.startswith(UNIT)][0]
    tokens = {}
    for name, role in (("李干事", "office"), ("王科长", "leader"), ("张主任", "leader")):
        tokens[name] = server.data / ("token-" + role + "-" + str(len(tokens)))
        server.cli("staff", "add", name, "--role", role, "--token-out", str(tokens[name]))
        # A token someone else issued is renewed by its owner before it signs anything off.
        server.cli("staff", "reissue", name, "--token-out", str(tokens[name]), token_file=tokens[name])
    return link, tokens


def own_rows(server, unit):
    rows = server.query("SELECT number, unit, partners, status FROM rectification_items ORDER BY number")
    return [number for number, lead, partners, status in rows
            if status != "identified" and (lead == unit or ('"%s"' % unit) in (partners or ""))]


def test_a_unit_reports_and_the_raiser_confirms_before_sign_off(tmp_path):
    server = SurveyServer(demo_roster=0, sample_data=True)
    unit_page = make_driver(1280, 900)
    phone = make_driver()
    try:
        link, staff = setup_office(server)
        raiser = server.query("SELECT supervisor_id FROM rectification_items WHERE number = 20")[0][0]
        assert raiser
        server.cli("rectify", "assign", "20", "--unit", UNIT, "--measure", "退还违规收费", "--deadline", "2099-06-30",
                   "--category", "立行立改", token_file=staff["李干事"])

        # The unit opens its link: only its own rows, the token gone from the address bar.
        unit_page.get(link)
        WebDriverWait(unit_page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.unit-row[data-row="20"]'))
        shown = [int(card.get_attribute("data-row")) for card in unit_page.find_elements(By.CSS_SELECTOR, ".unit-row")]
        assert shown == own_rows(server, UNIT)
        assert "#" not in unit_page.current_url
        card = unit_page.find_element(By.CSS_SELECTOR, '.unit-row[data-row="20"]')
        assert raiser not in card.text, "a case's supervisor stays with the office"

        # Progress from the unit; the office CLI sees it at once.
        card.find_element(By.CSS_SELECTOR, ".progress-form textarea").send_keys("已退还违规收费 3 笔")
        card.find_element(By.CSS_SELECTOR, ".progress-form button").click()
        WebDriverWait(unit_page, 10).until(lambda d: "进展已提交" in d.find_element(By.ID, "notice").text)
        assert "【%s】已退还违规收费 3 笔" % UNIT in server.cli("rectify", "show", "20").stdout

        # A PDF as evidence, then a refused file with a clear message.
        pdf = tmp_path / "退费凭证.pdf"
        pdf.write_bytes(PDF)
        card = unit_page.find_element(By.CSS_SELECTOR, '.unit-row[data-row="20"]')
        card.find_element(By.CSS_SELECTOR, ".upload-form input[type=file]").send_keys(str(pdf))
        card.find_element(By.CSS_SELECTOR, ".upload-form button").click()
        WebDriverWait(unit_page, 10).until(lambda d: "已上传：退费凭证.pdf" in d.find_element(By.ID, "notice").text)
        assert server.query("SELECT name, size FROM evidence_files") == [("退费凭证.pdf", len(PDF))]
        assert "退费凭证.pdf（%d 字节，SHA-256" % len(PDF) in server.cli("rectify", "show", "20").stdout
        WebDriverWait(unit_page, 10).until(lambda d: "退费凭证.pdf" in d.find_element(By.CSS_SELECTOR, '.unit-row[data-row="20"]').text)
        fake = tmp_path / "notes.pdf"
        fake.write_bytes(b"just text")
        card = unit_page.find_element(By.CSS_SELECTOR, '.unit-row[data-row="20"]')
        card.find_element(By.CSS_SELECTOR, ".upload-form input[type=file]").send_keys(str(fake))
        card.find_element(By.CSS_SELECTOR, ".upload-form button").click()
        WebDriverWait(unit_page, 10).until(lambda d: "内容不是 PDF" in d.find_element(By.ID, "notice").text)
        assert len(server.query("SELECT id FROM evidence_files")) == 1
        screenshot(unit_page, "unit-page.png")

        # The supervisor who raised it has their page open; a leader marks it done; the 回访 arrives.
        token = [t for i, _, t in server.tokens() if i == raiser][0]
        phone.get("%s/#t=%s" % (server.url, token))
        WebDriverWait(phone, 10).until(lambda d: "已连接" in d.find_element(By.ID, "connection").text)
        # A supervisor's case is a lead: it is verified before it can be marked done.
        server.cli("rectify", "verify", "20", "--result", "属实", "--note", "经现场核实属实")
        server.cli("rectify", "done", "20", token_file=staff["王科长"])
        WebDriverWait(phone, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.followup[data-row="20"]'))
        followup = phone.find_element(By.CSS_SELECTOR, '.followup[data-row="20"]')
        assert "退还违规收费" in followup.text
        # Sign-off waits for the 回访.
        early = server.cli("rectify", "signoff", "20", check=False, token_file=staff["张主任"])
        assert early.returncode != 0 and "回访尚在进行" in early.stderr
        followup.find_element(By.XPATH, ".//label[span[text()='满意']]").click()
        followup.find_element(By.TAG_NAME, "textarea").send_keys("退得很快")
        followup.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(phone, 10).until(lambda d: "已收到您的评价" in d.find_element(By.ID, "followup-list").text)
        screenshot(phone, "followup-answered.png")
        assert server.query("SELECT verdict, comment FROM followups WHERE comment IS NOT NULL") == [("satisfied", "退得很快")]

        # The leader who marked it done cannot sign it off; office staff cannot; another leader can.
        own = server.cli("rectify", "signoff", "20", check=False, token_file=staff["王科长"])
        assert own.returncode != 0 and "须由另一位领导验收销号" in own.stderr
        office = server.cli("rectify", "signoff", "20", check=False, token_file=staff["李干事"])
        assert office.returncode != 0 and "销号须由领导账号进行" in office.stderr
        server.cli("rectify", "signoff", "20", token_file=staff["张主任"])
        shown = server.cli("rectify", "show", "20").stdout
        assert "销号人：张主任" in shown and "满意 1" in shown
        # The unit's open page follows: the row is signed off, with no forms left.
        WebDriverWait(unit_page, 10).until(
            lambda d: "已销号" in d.find_element(By.CSS_SELECTOR, '.unit-row[data-row="20"]').text)
        assert not unit_page.find_elements(By.CSS_SELECTOR, '.unit-row[data-row="20"] form')
    finally:
        unit_page.quit()
        phone.quit()
        server.cleanup()


def test_a_new_link_opened_in_the_same_tab_is_followed():
    """An outside tester opened a wrong link, then the right one in the same tab: the page stayed on
    链接无效. A new fragment now starts the page over with its token."""
    server = SurveyServer(demo_roster=0, sample_data=True)
    page = make_driver(1280, 900)
    try:
        link, _ = setup_office(server)
        base, _, token = link.partition("#")
        page.get(base + "#not-a-real-token")
        WebDriverWait(page, 10).until(lambda d: "链接无效" in d.find_element(By.ID, "connection").text
                                      or "无效" in d.find_element(By.ID, "notice").text)
        page.execute_script("location.hash = arguments[0]", token)
        WebDriverWait(page, 10).until(lambda d: d.find_element(By.ID, "connection").text == "已连接")
        assert UNIT in page.find_element(By.TAG_NAME, "body").text
        assert "#" not in page.current_url
    finally:
        page.quit()
        server.stop()
