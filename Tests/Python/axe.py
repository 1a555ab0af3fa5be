"""axe-core (from PyPI's axe-core-python, which bundles axe.min.js) run in the page under test."""
import json
from pathlib import Path

import axe_core_python

SCRIPT = (Path(axe_core_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def violations(driver, impacts=("serious", "critical")):
    """The page's accessibility violations of these impacts, as 'rule: node, node' lines."""
    driver.execute_script(SCRIPT)
    driver.set_script_timeout(30)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1]; axe.run(document).then(function (r) { done(JSON.stringify(r.violations)); });")
    found = [entry for entry in json.loads(result) if entry["impact"] in impacts]
    return ["%s (%s): %s" % (entry["id"], entry["impact"], ", ".join(node["target"][0] for node in entry["nodes"][:3])) for entry in found]
