"""The web app in a real browser: Debian's chromium, driven by Playwright, against `dapipe serve`.

No browser is downloaded: the tests use /usr/bin/chromium (`.ci/run` installs it)
and skip with the reason when it is missing. Screenshots go to the test's
temporary folder. The accessibility check injects axe-core from the npm
registry (`.ci/run` installs it into .cache/npm); it skips when that is absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.paths import REPO_ROOT

CHROMIUM = Path(os.environ.get("DAPIPE_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(os.environ.get("DAPIPE_AXE", REPO_ROOT / ".cache/npm/node_modules/axe-core/axe.min.js"))

if not CHROMIUM.is_file():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context = browser.new_context(base_url=server.base, locale="da-DK")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    out = tmp_path / f"{name}.png"
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 1000
    return out


def test_search_a_person_with_autocomplete(page, tmp_path):
    page.goto("/")
    box = page.locator("#person")
    box.press_sequentially("Soren", delay=30)  # typed without ø
    page.wait_for_function(
        "() => [...document.querySelectorAll('#person-suggestions option')]"
        ".some(o => o.value === 'Søren Kjærgaard')"
    )
    box.fill("Søren Kjærgaard")
    box.press("Enter")
    page.wait_for_url("**/quotes?**")
    results = page.locator("ol.results > li")
    assert results.count() == 2
    assert "socialrådgivere" in page.locator("ol.results").inner_text()
    assert "ældreplejen" in results.first.inner_text()  # newest first
    _shot(page, tmp_path, "search-soeren")


def test_search_without_danish_letters_and_open_the_person(page, tmp_path):
    page.goto("/quotes?person=" + quote("Ase Molgaard"))
    assert page.locator("ol.results > li").count() == 1
    page.locator("a.speaker-link").first.click()
    page.wait_for_url("**/persons/*")
    assert page.locator("h1").inner_text().startswith("Åse Mølgaard")
    body = page.locator("main").inner_text()
    assert "Sagsbehandlingstid" in body  # the theme she talks about
    assert "fristerne er ikke blevet overholdt" in body
    _shot(page, tmp_path, "person-aase")


def test_nobody_found_says_so(page):
    page.goto("/quotes?person=" + quote("Henrik Nielsen"))
    assert page.locator("ol.results > li").count() == 0
    assert "Ingen citater fundet" in page.locator("main").inner_text()


def test_a_shared_name_groups_its_persons_and_one_can_be_picked(page):
    page.goto("/quotes?person=" + quote("Sorø"))
    listed = page.locator(".persons-matched li a")
    assert listed.count() >= 3
    speakers = page.locator("ol.results a.speaker-link").all_inner_texts()
    assert len(set(speakers)) >= 3
    groups = [s for n, s in enumerate(speakers) if n == 0 or speakers[n - 1] != s]
    assert len(groups) == len(set(speakers))  # each person's quotes together
    assert page.locator("ol.results > li.group-start").count() == len(groups) - 1
    page.locator(".persons-matched li a", has_text="Åse Mølgaard").click()
    page.wait_for_url("**person_id=**")
    assert page.locator("ol.results > li").count() == 1
    assert page.locator(".persons-matched").count() == 0


def test_a_misspelt_name_offers_the_near_one(page):
    page.goto("/quotes?person=" + quote("Søren Kjærgard"))
    assert page.locator("ol.results > li").count() == 0
    page.locator(".did-you-mean a", has_text="Søren Kjærgaard").click()
    page.wait_for_url("**/quotes?**")
    assert page.locator("ol.results > li").count() == 2


def test_text_search_marks_the_match(page):
    page.goto("/quotes")
    page.locator("#q").fill("sagsbehandlingstid")
    page.locator("#q").press("Enter")
    page.wait_for_url("**q=sagsbehandlingstid**")
    marks = page.locator("ol.results mark").all_inner_texts()
    assert marks and all(m.lower().startswith("sagsbehandlingstid") for m in marks)


def test_document_view_marks_and_pages(page, tmp_path):
    page.goto("/documents")
    page.get_by_role("link", name="Task Forcens analyse af Sorø Kommune").first.click()
    page.wait_for_url("**/documents/*")
    pages = page.locator(".doc-text .pageno").all_inner_texts()
    assert pages == ["s. 1", "s. 2", "s. 3"]
    assert page.locator(".doc-text .finding.pol-negative").count() >= 2
    assert page.locator(".doc-text mark.ent").count() >= 1
    assert page.locator("a[href$='/file']").count() == 1
    assert page.locator(".doc-text a.pdfpage").count() == 3
    _shot(page, tmp_path, "document-report")


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_document_renders_inert(browser, server, tmp_path, bypass_csp):
    """Markup in a document shows as text; with the CSP switched off too (escaping alone)."""
    context = browser.new_context(base_url=server.base, bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/documents")
    page.get_by_role("link", name="Borgere klager over kommunens hjemmeside").click()
    page.wait_for_url("**/documents/*")
    article = page.locator("article.doc-text")
    text = article.inner_text()
    assert "<script>alert('xss')</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert article.locator("script, img, iframe").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.goto("/quotes?q=alert")
    assert "<script>" in page.locator("ol.results").inner_text()
    page.wait_for_timeout(200)
    assert dialogs == []
    _shot(page, tmp_path, f"hostile-{'nocsp' if bypass_csp else 'csp'}")
    context.close()


def test_dashboard_bars_lead_to_sentences(page, tmp_path):
    page.goto("/themes")
    assert "kritikken består" in page.locator("table.trends").inner_text()
    _shot(page, tmp_path, "dashboard")
    page.locator("svg a[href*='theme=timeliness'][href*='polarity=negative']").first.click()
    page.wait_for_url("**/findings?**")
    items = page.locator("ol.results > li")
    assert items.count() >= 2
    assert "sagsbehandlingstiden" in items.first.inner_text()


def test_claims_beside_quotes(page, tmp_path):
    page.goto("/claims")
    page.locator("select[name=municipality]").select_option("Sorø")
    page.locator("select[name=theme]").select_option("timeliness")
    page.get_by_role("button", name="Sammenlign").click()
    page.wait_for_url("**/claims?**")
    reports = page.locator(".claims-findings ol.results > li")
    quotes = page.locator(".claims-quotes ol.results > li")
    assert reports.count() == 2
    assert quotes.count() == 1 and "Åse Mølgaard" in quotes.inner_text()
    _shot(page, tmp_path, "claims")


def test_keyboard_only(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "person":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "person"
    page.keyboard.type("Kjærgaard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quotes?**")
    assert page.locator("ol.results > li").count() == 2


def test_readable_on_a_phone(browser, server, tmp_path, web_db):
    context = browser.new_context(
        base_url=server.base, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    paths = ["/", "/quotes?person=Kjærgaard", "/quotes?person=Sorø", "/themes", "/documents"]
    for path in [*paths, "/persons"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    _shot(page, tmp_path, "phone-persons")
    context.close()


@pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core not installed at {AXE} (see .ci/run)")
def test_no_serious_accessibility_violations(page):
    source = AXE.read_text(encoding="utf-8")
    paths = ["/", "/quotes?person=Kjærgaard&q=pengene", "/quotes?person=Sorø", "/persons"]
    paths += ["/documents", "/themes", "/quotes?person=Søren Kjærgard"]
    paths += ["/claims?municipality=Sorø&theme=timeliness", "/findings?theme=timeliness"]
    page.goto("/documents")
    paths += page.eval_on_selector_all(
        "main a[href^='/documents/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(paths) >= 12
    for path in paths:
        page.goto(path)
        page.evaluate(source + "\n;0")  # evaluated by the driver, not as a page script
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        assert violations == [], (path, violations)


def test_pages_raise_no_console_errors(page):
    """No CSP violation, missing asset or script error on any kind of page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("/", "/quotes?q=sag*", "/persons", "/documents", "/themes", "/claims"):
        page.goto(path)
    page.goto("/quotes")
    page.locator("#person").press_sequentially("Kjær", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#person-suggestions option').length")
    assert errors == []
