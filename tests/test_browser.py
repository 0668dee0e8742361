"""The report in a real browser: Debian's headless chromium, driven by selenium through chromedriver.

The tests are skipped when chromium, chromedriver or selenium is missing, except in CI (where the environment
variable CI is set and ``.ci/run`` installs the browser), where that is a failure.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib import image

import schoolnet
from schoolnet.report.write import isolation_section, set_aside_section, write_report

from .conftest import AS_OF

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: Every image on the page: whether it has loaded, and its width in pixels once decoded.
IMAGES = "return Array.from(document.images, i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width]);"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test needs {', '.join(missing)}, missing in CI")
        pytest.skip(f"no browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)  # never downloads a driver
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, page: Path) -> list[dict[str, Any]]:
    """Open a page and return the errors on the browser's console."""
    driver.get_log("browser")  # forget what earlier pages logged
    driver.get(page.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def not_blank(png: Path) -> bool:
    pixels = image.imread(png)[..., :3]
    return bool(pixels.std() > 0.05 and len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(schoolnet.load_sample(), out=tmp_path_factory.mktemp("report"), as_of=AS_OF)


def test_the_report_renders_with_no_errors(browser: Any, sample_report: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    assert open_page(browser, sample_report) == []
    images = browser.execute_script(IMAGES)
    assert len(images) == 6
    assert all(complete and natural > 0 and shown > 0 for complete, natural, shown in images)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section > h2")]
    assert headings[0] == "1. Summary" and headings[-1] == "6. Rows read, loaded and set aside"
    contents = browser.find_elements(By.CSS_SELECTOR, "nav.contents > ol > li")
    assert [li.text.split("\n")[0] for li in contents] == [h.split(". ", 1)[1] for h in headings]
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 1280  # wide tables scroll inside their frame, not the page
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert not_blank(shot)


def test_the_report_prints_a_section_a_page(browser: Any, sample_report: Path) -> None:
    open_page(browser, sample_report)
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 7  # the contents, then each of the six sections from a new page


def test_the_checks_see_a_broken_page(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><img src="missing.png" alt="x"><p>text</p></body></html>')
    assert any("missing.png" in e["message"] for e in open_page(browser, page))
    assert browser.execute_script(IMAGES)[0][1] == 0
    blank = tmp_path / "blank.png"
    (tmp_path / "empty.html").write_text("<!DOCTYPE html><html><body></body></html>")
    open_page(browser, tmp_path / "empty.html")
    browser.save_screenshot(str(blank))
    assert not not_blank(blank)


def test_a_school_named_like_a_script_is_shown_not_run(browser: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    name = "<script>alert(1)</script>"
    (tmp_path / "schools.csv").write_text(f"urn,name\n1,{name}\n2,Birch\n")
    page = write_report(
        schoolnet.read_tables(tmp_path),
        out=tmp_path / "out",
        as_of=AS_OF,
        sections=(isolation_section, set_aside_section),
    )
    assert open_page(browser, page) == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert name in browser.find_element(By.TAG_NAME, "body").text
    assert browser.find_elements(By.TAG_NAME, "script") == []
