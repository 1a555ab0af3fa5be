"""The pages as their users meet them, in headless Chromium with axe-core: the meeting-room
projector after every comment is approved, and a supervisor's open page when a row they are asked
about is signed off."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from axe import violations
from conftest import SurveyServer, make_driver, screenshot

# What supervisors wrote about their cases in the sample (SampleDataset.detailTexts): never for a
# meeting room's screen.
CASE_DETAILS = ("共建赞助费", "已整改的轻微问题", "入会并收取会费", "购买指定的材料", "装修工程款", "办公用品货款", "工程尾款",
                "道路施工", "用电增容", "用地手续", "排水管网")


def test_approving_every_comment_puts_no_case_on_the_projector_and_the_charts_have_names():
    server = SurveyServer(demo_roster=0, sample_data=True)
    driver = make_driver(1920, 1080)
    try:
        link = server.cli("projector", "link").stdout.strip().splitlines()[-1] + "&s=annual-2022"
        driver.get(link)
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "connection").text == "实时")
        approved = server.cli("comments", "approve", "--all", "--survey", "annual-2022").stdout
        assert "条" in approved, approved
        listed = server.cli("comments", "list", "--survey", "annual-2022", "--state", "approved").stdout
        assert not any(detail in listed for detail in CASE_DETAILS), "case details never enter moderation"
        WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "ticker").text.strip())
        shown = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
        assert not any(detail in shown for detail in CASE_DETAILS), [detail for detail in CASE_DETAILS if detail in shown]
        assert driver.find_elements(By.CSS_SELECTOR, "svg[role=img]"), "the charts are drawn"
        screenshot(driver, "projector-annual.png")
        found = violations(driver)
        assert not found, found
    finally:
        driver.quit()
        server.cleanup()


def test_a_followup_card_leaves_the_open_page_when_its_row_is_signed_off():
    server = SurveyServer(demo_roster=0, sample_data=True)
    phone = make_driver()
    try:
        # Row 2 of the sample is rectified, its 回访 under way: one who has not answered yet.
        waiting = {row[0] for row in server.query(
            "SELECT f.supervisor_id FROM followups f JOIN rectification_items i ON i.key = f.row_key "
            "WHERE i.number = 2 AND f.verdict IS NULL")}
        token = [token for supervisor, _, token in server.tokens() if supervisor in waiting][0]
        phone.get("%s/#t=%s" % (server.url, token))
        WebDriverWait(phone, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.followup[data-row="2"]'))
        found = violations(phone)
        assert not found, found
        leader = server.data / "leader-token"
        server.cli("staff", "add", "刘领导", "--role", "leader", "--token-out", str(leader))
        # A leader renews a token someone else issued before signing anything off.
        server.cli("staff", "reissue", "刘领导", "--token-out", str(leader), token_file=leader)
        server.cli("rectify", "signoff", "2", "--reason", "电话回访，无异议", token_file=leader)
        # The page is told at once: the card goes, and nothing is left to answer.
        WebDriverWait(phone, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '.followup[data-row="2"]'))
        screenshot(phone, "followup-withdrawn.png")
        found = violations(phone)
        assert not found, found
    finally:
        phone.quit()
        server.cleanup()
