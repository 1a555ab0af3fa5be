"""Invitation letters: rendered in Chromium, screenshot to artifacts/, and the QR decoded back (zbarimg)
to the supervisor's exact personal link."""
import csv
import os
import stat
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, BINARY, ROOT, make_driver


def test_each_letters_qr_code_decodes_to_that_supervisors_link(tmp_path):
    data = tmp_path / "data"
    subprocess.run([str(BINARY), "sample-data", "--data", str(data), "--survey", str(ROOT / "Surveys" / "annual-2022.yaml")],
                   check=True, capture_output=True, timeout=120)
    with open(data / "demo-links.csv", encoding="utf-8-sig", newline="") as handle:
        links = {row["id"]: row for row in csv.DictReader(handle)}
    letters = tmp_path / "letters.html"
    result = subprocess.run([str(BINARY), "roster", "letters", "--from-links", str(data / "demo-links.csv"), "--ids", "S001", "S002", "--allow-loopback",
                             "-o", str(letters), "--data", str(data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "仅所有者可读" in result.stdout
    assert stat.S_IMODE(os.stat(letters).st_mode) == 0o600, "letters carry personal links"
    driver = make_driver(900, 1300)
    try:
        driver.get(letters.as_uri())
        sheets = driver.find_elements(By.CSS_SELECTOR, "section.letter")
        assert [sheet.get_attribute("data-id") for sheet in sheets] == ["S001", "S002"]
        ARTIFACTS.mkdir(exist_ok=True)
        for sheet in sheets:
            supervisor = links[sheet.get_attribute("data-id")]
            assert "尊敬的%s监督员" % supervisor["name"] in sheet.text and "东丽区政务服务办公室" in sheet.text
            shot = ARTIFACTS / ("letter-%s.png" % supervisor["id"])
            code = sheet.find_element(By.CSS_SELECTOR, ".qr svg")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", code)
            code.screenshot(str(shot))
            decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, timeout=30)
            assert decoded.returncode == 0, decoded.stderr
            assert decoded.stdout.strip() == supervisor["link"]
        driver.set_window_size(900, 1300)
        driver.save_screenshot(str(ARTIFACTS / "letters-page.png"))
    finally:
        driver.quit()
    missing = subprocess.run([str(BINARY), "roster", "letters", "-o", str(tmp_path / "x.html"), "--data", str(data)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "只在签发时显示一次" in missing.stderr
