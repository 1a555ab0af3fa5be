"""The pages as ES modules: each loads and runs in Chromium without an error in the console (a module
missing, or importing a name another does not export, shows there), the service worker keeps every
module the answer page imports (or the page cannot start offline), and the helpers in Web/shared are
defined there only."""
import posixpath
import re

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, make_driver

WEB = ROOT / "Web"
IMPORT = re.compile(r"""^\s*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]""", re.M)


def imported_by(entry):
    """Every module `entry` loads, itself included, as paths relative to Web/."""
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for target in IMPORT.findall((WEB / name).read_text(encoding="utf-8")):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), target)))
    return seen


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def ready(driver, condition, page):
    """Waits for the page to be ready; if it never is, the console says why."""
    try:
        return WebDriverWait(driver, 10).until(condition)
    except TimeoutException:
        raise AssertionError("%s did not start: %s" % (page, console_errors(driver))) from None


def unit_link(server):
    units = server.data / "units.csv"
    units.write_text("单位,联系人,电话\n区市场监管局,钱科长,13800000000\n", encoding="utf-8")
    links = server.data / "unit-links.csv"
    server.cli("units", "import", str(units), "--links-out", str(links), "--allow-loopback")
    return links.read_text(encoding="utf-8").splitlines()[1].split(",")[1]


def test_every_page_runs_without_a_console_error(server):
    server.launch("annual-2022.yaml")
    projector = server.cli("projector", "link").stdout.strip().splitlines()[-1]
    driver = make_driver()
    try:
        # The answer page: the list, a form, and a section's answer checks.
        driver.get(server.link(0))
        ready(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-survey="annual-2022"]')), "answer page").click()
        driver.find_element(By.ID, "next").click()
        ready(driver, EC.visibility_of_element_located((By.ID, "error-summary")), "answer page")
        assert console_errors(driver) == [], "answer page"
        driver.get(projector)
        ready(driver, lambda d: d.find_element(By.ID, "connection").text == "实时", "projector")
        assert console_errors(driver) == [], "projector"
        driver.get(unit_link(server))
        ready(driver, lambda d: d.find_element(By.ID, "connection").text == "已连接", "unit page")
        assert console_errors(driver) == [], "unit page"
        # Without a link, each page says what to do, still without an error.
        driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        for page, text in (("/", "个人链接"), ("/projector.html", "投屏链接"), ("/unit.html", "链接")):
            driver.get(server.url + page)
            ready(driver, EC.text_to_be_present_in_element((By.ID, "notice"), text), page)
            assert console_errors(driver) == [], page
    finally:
        driver.quit()


def test_the_service_worker_keeps_every_module_of_the_answer_page():
    listed = re.search(r"var FILES = \[([^\]]*)\]", (WEB / "sw.js").read_text(encoding="utf-8")).group(1)
    files = set(re.findall(r"'([^']+)'", listed))
    modules = imported_by("app.js")
    assert len(modules) > 5 and "survey-logic.js" in modules
    assert modules - files == set()


def test_the_shared_helpers_are_defined_only_in_web_shared():
    shared = set()
    for path in (WEB / "shared").glob("*.js"):
        shared.update(re.findall(r"^export function (\w+)", path.read_text(encoding="utf-8"), re.M))
    assert {"el", "make", "clear", "setConnection", "notice", "socketUrl", "backoff", "connection"} <= shared
    for path in WEB.rglob("*.js"):
        if path.parent.name == "shared":
            continue
        text = path.read_text(encoding="utf-8")
        for name in shared:
            assert not re.search(r"\bfunction %s\s*\(|\b(?:var|let|const) %s\s*=" % (name, name), text), (path.name, name)
