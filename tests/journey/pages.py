"""What every page of the journey goes through: axe-core, a screenshot, and the stranger's 404.

axe-core is vendored (tests/journey/vendor/axe.min.js, MPL-2.0, from the npm registry). The app's
Content-Security-Policy refuses inline scripts, and `page.add_script_tag(path=...)` injects the
file's text as an inline script, so the source is run with `page.evaluate` instead: Playwright
evaluates it through the DevTools protocol, which the page's CSP does not govern.
"""

from pathlib import Path

from tests.browser import ARTIFACTS

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
JOURNEY_ARTIFACTS = ARTIFACTS / "journey"
BLOCKING_IMPACTS = ("serious", "critical")

RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ") + " :: " + node.failureSummary),
    }));
}
"""


def axe_violations(page) -> list[dict]:
    """The serious and critical axe-core violations of the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations
    )


def shot(page, name: str) -> Path:
    """Check the page with axe-core, then keep a full-page screenshot for CI's artifacts."""
    assert_accessible(page)
    JOURNEY_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = JOURNEY_ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def visit(page, url: str, *, status: int = 200):
    """Go to `url`, expect `status`, and check the page with axe-core."""
    response = page.goto(url)
    assert response.status == status, f"{url}: {response.status}"
    assert_accessible(page)
    return response


def stranger_gets_nothing(stranger, *urls: str) -> None:
    """Another customer's contact, signed in, gets a 404 at every one of `urls`."""
    for url in urls:
        response = stranger.goto(url)
        assert response.status == 404, f"another customer's contact got {response.status} at {url}"


def horizontal_overflow(page) -> int:
    """How far the document is wider than the viewport, in CSS pixels (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
