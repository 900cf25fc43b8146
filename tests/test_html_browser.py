"""Load every page `czlib build` writes in headless Chromium, offline.

For index.html and every notebook page (full and reader versions) of the
seed build and of the build with the injected <script>/Markdown-link
article: no request other than the page's own file:// and data: URIs, no
failed request, no console error, no JavaScript dialog (alert), every image
loaded, and the embedded CJK font in use.  A screenshot of the first
notebook's reader page goes to build/screenshots/ for a look by eye.

Uses Debian's /usr/bin/chromium (scripts/install-test-deps.sh installs it)
through Playwright for Python; it never downloads a browser.  Without
Chromium the test fails, unless CZLIB_SKIP_BROWSER=1.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

import test_build  # the shared session builds (same module object pytest imported)
from czlib import config
from czlib.publish.build import html as czhtml

#: These tests build the corpus, execute notebooks or start a browser: `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
SCREENSHOT_DIR = config.BUILD_DIR / "screenshots"


@pytest.fixture(scope="module", autouse=True)
def _builds_started(tmp_path_factory):
    test_build.start_builds(["seed", "injected"], tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CZLIB_SKIP_BROWSER") == "1":
            pytest.skip("CZLIB_SKIP_BROWSER=1 and /usr/bin/chromium is absent")
        pytest.fail("Debian's Chromium is not installed at /usr/bin/chromium: run "
                    "scripts/install-test-deps.sh (or set CZLIB_SKIP_BROWSER=1 to skip this test)",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def load_page(browser, path: Path, screenshot: Path | None = None) -> dict:
    """Open ``path`` offline; return what happened (requests, failures, errors, images, fonts)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True,
                                  java_script_enabled=True)
    page = context.new_page()
    seen = {"requests": [], "failed": [], "console_errors": [], "dialogs": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("requestfailed", lambda request: seen["failed"].append(
        f"{request.url[:100]} ({request.failure})"))
    page.on("console", lambda message: seen["console_errors"].append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: seen["console_errors"].append(str(error)))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        seen["images"] = page.evaluate(
            "Array.from(document.images).map(img => ({src: img.src.slice(0, 60),"
            " complete: img.complete, width: img.naturalWidth}))")
        seen["has_cjk"] = page.evaluate("/[\\u4e00-\\u9fff]/.test(document.body.innerText)")
        seen["cjk_font_loaded"] = page.evaluate(
            "Array.from(document.fonts).some(f => f.family.includes('czlib CJK')"
            " && f.status === 'loaded')")
        seen["scripts"] = page.evaluate("document.scripts.length")
        seen["visible_text"] = " ".join(page.evaluate("document.body.innerText").split())
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
    finally:
        context.close()
    return seen


def _check_pages(browser, root: Path, screenshot_name: str | None = None,
                 only: tuple[str, ...] = ()) -> list[str]:
    html_dir = root / "build" / "html"
    pages = sorted(p for p in html_dir.glob("*.html") if not only or p.name.startswith(only))
    assert (html_dir / "index.html") in pages
    notebook_pages = [p for p in pages if p.name != "index.html"]
    assert notebook_pages, "no notebook page was rendered"
    first_reader = next(p for p in notebook_pages if p.name.endswith(".reader.html"))
    problems = []
    for page in pages:
        shot = (SCREENSHOT_DIR / screenshot_name) if screenshot_name and page == first_reader else None
        seen = load_page(browser, page, shot)
        external = [url for url in seen["requests"] if not url.startswith(("file://", "data:"))]
        if external:
            problems.append(f"{page.name}: external requests {external[:5]}")
        if seen["failed"]:
            problems.append(f"{page.name}: failed requests {seen['failed'][:5]}")
        if seen["console_errors"]:
            problems.append(f"{page.name}: console errors {seen['console_errors'][:5]}")
        if seen["dialogs"]:
            problems.append(f"{page.name}: a script opened a dialog {seen['dialogs']}")
        if seen["scripts"]:
            problems.append(f"{page.name}: {seen['scripts']} <script> element(s)")
        broken = [img for img in seen["images"] if not (img["complete"] and img["width"] > 0)]
        if broken:
            problems.append(f"{page.name}: images not loaded {broken[:5]}")
        if seen["has_cjk"] and not seen["cjk_font_loaded"]:
            problems.append(f"{page.name}: shows Chinese but the embedded CJK font did not load")
        if page in notebook_pages:
            # the opening Markdown is visible (an nbconvert <a/> once hid whole cells)
            name = page.name.split(".")[0]
            nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
            for expected in (czhtml.notebook_title(nb), czhtml.notebook_summary(nb)):
                if " ".join(expected.split()) not in seen["visible_text"]:
                    problems.append(f"{page.name}: {expected[:60]!r} is not visible")
            if "save_figure(" in "".join(c.source for c in nb.cells) and not seen["images"]:
                problems.append(f"{page.name}: the notebook saves figures but the page shows no image")
    return problems


def test_seed_pages_load_offline_with_no_error_and_all_images(browser, tmp_path_factory):
    root, _, _ = test_build.built_project("seed", tmp_path_factory)
    problems = _check_pages(browser, root, screenshot_name="seed_first_notebook_reader.png")
    assert not problems, "\n".join(problems)
    assert (SCREENSHOT_DIR / "seed_first_notebook_reader.png").is_file()


def test_pages_with_injected_script_article_run_nothing(browser, tmp_path_factory):
    """The injected article's <script>alert(1)</script> must not run: no dialog, no script element."""
    root, _, _ = test_build.built_project("injected", tmp_path_factory)
    # the seed notebooks' pages were loaded above; here the index, the corpus
    # overview (which lists the new document) and the probe that shows the article
    problems = _check_pages(browser, root, screenshot_name="injected_first_notebook_reader.png",
                            only=("index", "00_", "99_"))
    assert not problems, "\n".join(problems)
    probe = load_page(browser, root / "build" / "html" / "99_probe.html",
                      SCREENSHOT_DIR / "injected_probe_full.png")
    assert probe["dialogs"] == [] and probe["scripts"] == 0
