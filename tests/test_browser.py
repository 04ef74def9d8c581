"""End to end in headless Chromium: a bookmarked link, the passage in its document, markup."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from qa.engine import Engine

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
ON_TOPIC = "What induction is being introduced for all health and care staff?"
# Answers stop when the evidence does: this one still quotes two of the Minister's answers.
DEEP = "What did the Minister say about joint training and induction?"
MARKUP = "<img src=x onerror=window.__xss=1>"
WAIT = 90  # seconds: the first page loads the model


def unavailable() -> str | None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        return f"{' and '.join(missing)} missing: apt-get install chromium chromium-driver"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium missing: pip install -r requirements-dev.txt"
    return None


def free_port() -> int:
    """A free port on 127.0.0.1: 8501, as `make run` uses, when making the README screenshot."""
    wanted = 8501 if os.environ.get("UPDATE_SCREENSHOT") == "1" else 0
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", wanted))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, stopped afterwards whatever happens."""
    reason = unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    built_index: Path = request.getfixturevalue("built_index")  # only once it can be used
    logs = tmp_path_factory.mktemp("streamlit") / "server.log"
    yield from serve(built_index, logs.parent / "no-corpus", logs, free_port())


def serve(index: Path, corpus: Path, logs: Path, port: int) -> Iterator[str]:
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--", "--index", str(index), "--corpus", str(corpus),
    ]  # fmt: skip
    with logs.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    # The README's screenshot shows the links as a user of `make run` sees them.
    base = f"http://{'localhost' if port == 8501 else '127.0.0.1'}:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while not healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{logs.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # no Selenium Manager: it would try the network
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def qa_engine(server: str, request: pytest.FixtureRequest) -> Engine:
    """The session's engine, asked for only once the browser tests can run."""
    engine: Engine = request.getfixturevalue("engine")
    return engine


def wait_for(driver: Any, css: str, timeout: float = WAIT) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def until(driver: Any, check: Any, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: check(d))


def settled(driver: Any) -> None:
    """Wait until Streamlit has finished running the script and drawing its output."""
    until(
        driver,
        lambda d: d.execute_script(
            "var app = document.querySelector('[data-testid=stApp]');"
            "return app && app.getAttribute('data-test-script-state') === 'notRunning';"
        ),
        timeout=WAIT,
    )
    time.sleep(0.5)


def page_text(driver: Any) -> str:
    return " ".join(driver.find_element("tag name", "body").text.split())


def in_view(driver: Any, css: str) -> bool:
    return bool(
        driver.execute_script(
            "var e = document.querySelector(arguments[0]); if (!e) return false;"
            "var r = e.getBoundingClientRect();"
            "return r.top >= 0 && r.top < window.innerHeight && r.height > 0;",
            css,
        )
    )


def scrolled(driver: Any, css: str) -> int:
    """How far the page was scrolled to bring the element into view (0 if not at all)."""
    return int(
        driver.execute_script(
            "var e = document.querySelector(arguments[0]), top = window.scrollY;"
            "for (; e; e = e.parentElement) top = Math.max(top, e.scrollTop);"
            "return top;",
            css,
        )
    )


def screenshot(driver: Any, path: Path, height: int) -> None:
    width = driver.get_window_size()["width"]
    driver.set_window_size(1280, height)
    try:
        settled(driver)
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(width, 1000)


def test_bookmarked_link_shows_the_answer_and_its_first_citation(
    browser: Any, server: str, qa_engine: Engine, tmp_path: Path
) -> None:
    expected = qa_engine.ask(ON_TOPIC)
    first = expected.citations[0]
    browser.get(f"{server}/?{urlencode({'q': ON_TOPIC})}")
    card = wait_for(browser, ".st-key-cite-1")
    until(browser, lambda d: first.title in card.text)
    settled(browser)
    text = page_text(browser)
    assert " ".join(expected.answer.split("\n")[0].split()) in text
    assert f"[1] {first.title}" in " ".join(card.text.split())
    assert " ".join(first.quote.split()) in " ".join(card.text.split())
    assert "Open in document" in card.text
    assert "Briefing note (Markdown)" in text and "Briefing note (Word)" in text
    assert f"v={expected.index_version}" in browser.current_url
    # the relative link the page offers is reachable on this host
    assert f"{server}/?q=What+induction" in text
    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "answer.png"
    screenshot(browser, shot, 1800)
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, SCREENSHOT)


def test_open_in_document_shows_the_passage_in_view(
    browser: Any, server: str, qa_engine: Engine, tmp_path: Path
) -> None:
    q = DEEP
    expected = qa_engine.ask(q)
    c = expected.citations[1]  # deep in the debate (contribution 11 of 17 today)
    assert c.kind == "debate" and c.contribution and c.contribution > 5
    browser.get(f"{server}/?{urlencode({'q': q})}")
    button = wait_for(browser, ".st-key-open-2 button")
    settled(browser)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    passage = wait_for(browser, ".st-key-passage")
    until(browser, lambda d: "view=document" in d.current_url)
    assert f"passage={c.chunk_id}".replace(":", "%3A") in browser.current_url
    until(browser, lambda d: in_view(d, ".st-key-passage"))
    settled(browser)
    assert in_view(browser, ".st-key-passage")
    inside = " ".join(passage.text.split())
    assert " ".join(c.quote.split()) in inside
    assert f"[{c.n}] cited in the answer" in inside
    highlighted = browser.execute_script(
        "return Array.from(document.querySelectorAll('.st-key-passage span'))"
        ".filter(s => getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)')"
        ".map(s => s.textContent).join(' ')"
    )
    assert " ".join(c.quote.split())[:60] in " ".join(highlighted.split())
    text = page_text(browser)
    assert f"Contribution {c.contribution} of {c.contributions} — " in text
    assert "Lords Chamber" in text
    browser.save_screenshot(str(tmp_path / "document.png"))
    # and back: the answer, at the passage the reader came from
    back = next(
        b for b in browser.find_elements("css selector", "button") if "Back to the answer" in b.text
    )
    back.click()
    until(browser, lambda d: "view=document" not in d.current_url)
    wait_for(browser, ".st-key-passage")
    until(browser, lambda d: in_view(d, ".st-key-passage"))


def test_shared_passage_link_opens_at_the_passage(
    browser: Any, server: str, qa_engine: Engine
) -> None:
    c = qa_engine.ask(DEEP).citations[1]
    link = f"{server}/?{urlencode({'q': DEEP, 'view': 'document', 'passage': c.chunk_id})}"
    browser.get(link)
    wait_for(browser, ".st-key-passage")
    until(browser, lambda d: in_view(d, ".st-key-passage"))
    settled(browser)
    assert in_view(browser, ".st-key-passage")
    assert scrolled(browser, ".st-key-passage") > 500  # far down the debate: it was scrolled to
    assert " ".join(c.quote.split()) in page_text(browser)


def test_markup_in_a_link_is_shown_as_text_and_never_runs(browser: Any, server: str) -> None:
    browser.get(f"{server}/?{urlencode({'q': MARKUP})}")
    until(browser, lambda d: f"Question: {MARKUP}" in page_text(d), timeout=WAIT)
    settled(browser)
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    assert not browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length")
    typed = browser.find_element("css selector", ".st-key-q_input input")
    assert typed.get_attribute("value") == MARKUP


DEBATE = "001_b5119bf216dad2f6"
DEBATE_SHOT = ROOT / "docs" / "debate.png"
CORPUS_SHOT = ROOT / "docs" / "corpus.png"


def test_debate_link_with_a_speaker_shows_who_spoke_and_their_contributions(
    browser: Any, server: str, qa_engine: Engine, tmp_path: Path
) -> None:
    doc = qa_engine.index.documents[DEBATE]
    theirs = [s for s in doc.sections if s.speaker == "Baroness Pitkeathley"]
    link = urlencode({"view": "debate", "doc": DEBATE, "speaker": "Baroness Pitkeathley"})
    browser.get(f"{server}/?{link}")
    wait_for(browser, ".st-key-speakers")
    until(browser, lambda d: "Who spoke" in page_text(d))
    settled(browser)
    text = page_text(browser)
    assert doc.title and doc.title in text
    assert "Lords Chamber" in text
    assert f"Baroness Pitkeathley · {len(theirs)} contributions" in text
    shown = browser.find_elements("css selector", "[class*='st-key-contribution-']")
    assert len(shown) == len(theirs)
    for element, s in zip(shown, theirs, strict=True):
        assert f"Contribution {s.number} of 17 — Baroness Pitkeathley" in element.text
        assert " ".join(doc.text[s.start : s.end].split())[:100] in " ".join(element.text.split())
    # the link offered for this view is whole on screen, not clipped
    assert "speaker=Baroness+Pitkeathley&view=debate" in text
    clipped = browser.execute_script(
        "return Array.from(document.querySelectorAll('[data-testid=stCode] pre'))"
        ".filter(p => p.scrollWidth > p.clientWidth + 1).length"
    )
    assert clipped == 0
    # one click shows everyone's contributions again
    everyone = next(
        b
        for b in browser.find_elements("css selector", ".st-key-speakers button")
        if b.text.startswith("Everyone")
    )
    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "debate.png"
    screenshot(browser, shot, 1400)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, DEBATE_SHOT)
    everyone.click()
    until(browser, lambda d: "speaker=" not in d.current_url)
    settled(browser)
    count = sum(1 for s in doc.sections if s.number)
    shown = browser.find_elements("css selector", "[class*='st-key-contribution-']")
    assert len(shown) == count


def test_corpus_page_links_each_document_whole(
    browser: Any, server: str, qa_engine: Engine, tmp_path: Path
) -> None:
    doc = qa_engine.index.documents["004_cbf5e1164febe16d"]
    browser.get(f"{server}/?view=corpus")
    wait_for(browser, "table")
    settled(browser)
    shot = tmp_path / "corpus.png"
    screenshot(browser, shot, 1100)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, CORPUS_SHOT)
    anchor = next(
        a for a in browser.find_elements("css selector", "table a") if a.text == doc.title
    )
    before = set(browser.window_handles)
    anchor.click()
    until(
        browser, lambda d: len(d.window_handles) > len(before) or "view=document" in d.current_url
    )
    opened = set(browser.window_handles) - before
    if opened:  # Streamlit opens Markdown links in a new tab
        browser.switch_to.window(opened.pop())
    try:
        until(browser, lambda d: "view=document" in d.current_url)
        assert "doc=004_cbf5e1164febe16d" in browser.current_url
        wait_for(browser, "h3")
        until(browser, lambda d: (doc.title or "") in page_text(d), timeout=WAIT)
        settled(browser)
        text = page_text(browser)
        assert " ".join(doc.text.split())[:200] in text  # the document, from the top
        assert "needs" not in text  # no complaint about a missing passage
    finally:
        if opened:
            browser.close()
            browser.switch_to.window(next(iter(before)))


def test_date_filter_reports_the_undated_documents_it_hid(
    browser: Any, server: str, qa_engine: Engine
) -> None:
    undated = [d for d in qa_engine.index.documents.values() if not d.date]
    browser.get(f"{server}/?{urlencode({'q': 'joint training', 'since': '2020'})}")
    until(browser, lambda d: "undated" in page_text(d), timeout=WAIT)
    settled(browser)
    text = page_text(browser)
    assert f"The date filter left out {len(undated)} undated documents" in text
    include = next(
        b
        for b in browser.find_elements("css selector", "button")
        if b.text == f"Include the {len(undated)} undated documents"
    )
    include.click()
    until(browser, lambda d: "undated=include" in d.current_url)
    settled(browser)
    assert "undated documents included" in page_text(browser)
    assert "since=2020" in browser.current_url


@pytest.fixture(scope="module")
def upload_server(
    server: str, built_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A second app, over copies of the corpus and index that an upload may change."""
    root = tmp_path_factory.mktemp("upload")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    shutil.copytree(built_index, root / "index")
    for base in serve(root / "index", root / "corpus", root / "server.log", free_port()):
        yield base, root


def test_upload_shows_its_progress_then_the_rebuilt_index(
    browser: Any, upload_server: tuple[str, Path]
) -> None:
    base, root = upload_server
    note = root / "forward-plan.txt"
    note.write_text(
        "Integrated care boards must publish a joint forward plan before each financial year."
    )
    browser.get(base)
    wait_for(browser, "[data-testid=stSidebar] [data-testid=stExpander] summary")
    settled(browser)
    expander = next(
        e
        for e in browser.find_elements("css selector", "[data-testid=stExpander] summary")
        if "Add a document" in e.text
    )
    expander.click()
    browser.find_element("css selector", "input[type=file]").send_keys(str(note))
    until(browser, lambda d: "Adding forward-plan.txt" in page_text(d), timeout=WAIT)
    assert browser.find_elements("css selector", ".st-key-upload-cancel button")
    until(browser, lambda d: "forward-plan.txt was added and indexed" in page_text(d), timeout=180)
    until(browser, lambda d: "5 documents" in page_text(d), timeout=WAIT)
    assert (root / "corpus" / "forward-plan.txt").exists()
