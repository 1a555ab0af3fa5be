"""The 交办单 as an office issues it: rendered by LibreOffice, one A4 portrait page per row with its
交办编号 and 签收 block; and signed (签收) by the unit on its own page in Chromium."""
import subprocess

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, SurveyServer, make_driver, screenshot
from test_unit_loop import UNIT, setup_office


def test_each_row_is_one_a4_page_and_the_unit_signs_on_its_page(tmp_path):
    server = SurveyServer(demo_roster=0, sample_data=True)
    unit_page = make_driver(1280, 900)
    try:
        link, staff = setup_office(server)
        server.cli("rectify", "assign", "5", "--unit", UNIT, "--measure", "梳理兑现流程", "--deadline", "2099-06-30",
                   "--category", "限期整改", token_file=staff["李干事"])
        server.cli("rectify", "assign", "20", "--unit", UNIT, "--measure", "核查收费", "--deadline", "2099-06-30",
                   token_file=staff["李干事"])
        numbers = [number for (number,) in server.query(
            "SELECT handover_number FROM rectification_items WHERE number IN (5, 20) ORDER BY number")]
        assert len(set(numbers)) == 2 and all(number and number.endswith("号") for number in numbers), numbers

        output = tmp_path / "handover.docx"
        server.cli("rectify", "handover", "5", "20", "-o", str(output))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(output)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / "handover.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert "Pages:           2" in info, info
        size = [line for line in info.splitlines() if line.startswith("Page size:")][0].split()
        assert abs(float(size[2]) - 595.3) < 2 and abs(float(size[4]) - 841.9) < 2, "A4 portrait: %s" % size
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        assert len(pages) == 2
        for page, number in zip(pages, numbers):
            flat = "".join(page.split())
            assert "交办编号：" + number in flat, flat
            assert "签收人" in flat and "签收时间" in flat and "反馈要求" in flat and "办理时限" in flat and UNIT in flat, flat
        assert "整改事项交办单" in "".join(pages[0].split()) and "问题线索核实交办单" in "".join(pages[1].split())
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "handover-docx")], check=True)

        # The unit signs for row 5 on its page; the office's next 交办单 carries the name.
        unit_page.get(link)
        WebDriverWait(unit_page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.unit-row[data-row="5"] .receipt-form'))
        assert numbers[0] in unit_page.find_element(By.CSS_SELECTOR, '.unit-row[data-row="5"]').text, "the 交办编号 on the unit's card"

        def sign(driver):
            # The page renders its rows anew on every push: act on the card as it is now.
            card = driver.find_element(By.CSS_SELECTOR, '.unit-row[data-row="5"]')
            field = card.find_element(By.CSS_SELECTOR, ".receipt-form input")
            field.clear()
            field.send_keys("钱科长")
            card.find_element(By.CSS_SELECTOR, ".receipt-form button").click()
            return True

        WebDriverWait(unit_page, 10, ignored_exceptions=[StaleElementReferenceException]).until(sign)
        WebDriverWait(unit_page, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: "已签收：钱科长" in d.find_element(By.CSS_SELECTOR, '.unit-row[data-row="5"]').text)
        # A 催办 reaches the open page at once.
        server.cli("rectify", "urge", "5", "--note", "请于周五前报送进展", token_file=staff["李干事"])
        WebDriverWait(unit_page, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: "催办：" in d.find_element(By.CSS_SELECTOR, '.unit-row[data-row="5"]').text
            and "请于周五前报送进展" in d.find_element(By.CSS_SELECTOR, '.unit-row[data-row="5"]').text)
        screenshot(unit_page, "unit-receipt.png")
        # A 12345 ticket handed over for 核实 reads as such on the unit's page.
        added = server.cli("rectify", "add", "--source", "12345热线", "--text", "窗口要求重复提交材料", "--item", "R10",
                           "--ref", "GD-0042", token_file=staff["李干事"]).stdout
        ticket = added.split("第 ")[1].split(" 项")[0]
        server.cli("rectify", "assign", ticket, "--unit", UNIT, "--measure", "核实并反馈", "--deadline", "2099-06-30",
                   token_file=staff["李干事"])
        WebDriverWait(unit_page, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '.unit-row[data-row="%s"]' % ticket))
        card = unit_page.find_element(By.CSS_SELECTOR, '.unit-row[data-row="%s"]' % ticket).text
        assert "12345热线（" in card and "编号 GD-0042" in card and "待核实" in card, card
        assert server.query("SELECT receipt_name FROM rectification_items WHERE number = 5") == [("钱科长",)]
        # The link stays with the device: the page's address alone opens it again, until 退出.
        unit_page.get(server.url + "/unit.html")
        WebDriverWait(unit_page, 10).until(lambda d: "已连接" in d.find_element(By.ID, "connection").text)
        assert unit_page.execute_script("return location.hash") == ""
        unit_page.find_element(By.ID, "logout").click()
        WebDriverWait(unit_page, 10).until(lambda d: "已退出" in d.find_element(By.ID, "connection").text)
        unit_page.get(server.url + "/unit.html")
        WebDriverWait(unit_page, 10).until(lambda d: "缺少链接" in d.find_element(By.ID, "connection").text)
        html = tmp_path / "handover.html"
        server.cli("rectify", "handover", "5", "-o", str(html))
        assert "签收人：钱科长" in html.read_text(encoding="utf-8")
    finally:
        unit_page.quit()
        server.cleanup()
