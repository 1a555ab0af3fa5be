"""The shared skip-logic and answer-check cases (Tests/Vectors/survey-logic.json) run in Chromium
against Web/survey-logic.js, the same file the Swift tests run against the server's rules."""
import json

from conftest import ROOT, make_driver

VECTORS = json.loads((ROOT / "Tests" / "Vectors" / "survey-logic.json").read_text(encoding="utf-8"))


def test_the_pages_rules_give_every_cases_answer(server):
    driver = make_driver()
    try:
        driver.get(server.url + "/")
        # survey-logic.js is an ES module: imported from the server, as the page imports it.
        results = driver.execute_async_script("""
            var survey = arguments[0], cases = arguments[1], url = arguments[2], done = arguments[3];
            import(url).then(function (SurveyLogic) {
              done(cases.map(function (c) {
                var shown = SurveyLogic.visibleQuestions(survey, c.answers, c.category).map(function (q) { return q.id; });
                var sent = {};
                shown.forEach(function (id) { if (c.answers[id] !== undefined) sent[id] = c.answers[id]; });
                var problem = SurveyLogic.firstProblem(survey, sent, c.category);
                return {name: c.name, shown: shown, problem: problem ? {question: problem.question, code: problem.code} : null};
              }));
            }, function (error) { done(String(error)); });
        """, VECTORS["survey"], VECTORS["cases"], server.url + "/survey-logic.js")
    finally:
        driver.quit()
    assert isinstance(results, list), results
    assert len(results) == len(VECTORS["cases"]) >= 15
    for got, want in zip(results, VECTORS["cases"]):
        assert got["shown"] == want["shown"], want["name"]
        assert got["problem"] == want["problem"], want["name"]


def test_every_page_names_an_icon_that_is_served(server):
    import urllib.request
    for page in ("/", "/projector.html", "/unit.html"):
        html = urllib.request.urlopen(server.url + page, timeout=10).read().decode("utf-8")
        assert '<link rel="icon" href="favicon.svg"' in html, page
    with urllib.request.urlopen(server.url + "/favicon.svg", timeout=10) as reply:
        assert reply.status == 200 and reply.read().startswith(b"<svg")
