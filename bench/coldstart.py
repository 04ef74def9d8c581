"""Cold start: fresh processes from launch to the first answer, CLI and app, per query encoder.

Usage: python bench/coldstart.py [--index index] [--repeats 3] [--no-browser] [--json OUT]

For each query encoder ($HEALTHQA_QUERY_ENCODER: numpy, the default, and sentence-transformers,
the torch path ingest uses) it measures, each in a new Python process started by this one:

- cli: `python -m qa ask --index DIR QUESTION`, from spawning the process to the first byte of the
  answer on its stdout (and to its exit);
- app_apptest: `AppTest.from_file("app.py")` with ?q=QUESTION run in a fresh interpreter, from
  spawning it to the run returning with the first citation rendered (streamlit imports, the page
  script, the engine's load and the answer; no server, no browser);
- app_browser: `streamlit run app.py` headless, with a headless Chromium already open: from
  spawning the server to the first citation card (.st-key-cite-1) visible at ?q=QUESTION
  (server start, health poll, the page's first run in a real session, rendering). Needs
  /usr/bin/chromium, /usr/bin/chromedriver and selenium; skipped (and said) otherwise.

It also records whether torch, transformers or sentence_transformers were imported: by the CLI
(run once more under `python -X importtime`) and by the AppTest process. Figures are medians
over --repeats; the machine's load average is recorded beside them, since other work on the
machine slows every figure.
Writes bench/results/coldstart.json with relative paths only. It measures; it never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "coldstart.json"
QUESTION = "What is the government doing to promote joint training for NHS and care staff?"
ENCODERS = ("numpy", "sentence-transformers")
HEAVY = ("torch", "transformers", "sentence_transformers")
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WAIT = 120.0

_APPTEST = """
import sys, time
from streamlit.testing.v1 import AppTest
sys.argv = ["app.py"]
at = AppTest.from_file({app!r}, default_timeout={wait})
at.query_params["q"] = {question!r}
at.run()
ok = not at.exception and any("[1]" in m.value.replace("\\\\", "") for m in at.markdown)
print("rendered" if ok else "no answer: " + repr(at.exception)[:300], flush=True)
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def _env(encoder: str, index: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HEALTHQA_QUERY_ENCODER": encoder,
        "HEALTHQA_INDEX": str(index),
        "HEALTHQA_CORPUS": str(ROOT / ".coldstart-no-corpus"),  # never uploads into corpus/
    }


def first_output(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str, int]:
    """Seconds from spawn to the first byte on stdout and to exit; the output; the exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    t_first = time.perf_counter() - t0
    rest = proc.stdout.read()
    code = proc.wait()
    return t_first, time.perf_counter() - t0, (first + rest).decode(errors="replace"), code


def heavy_imports(index: Path, encoder: str) -> list[str]:
    """Which of torch, transformers and sentence_transformers the CLI imports to answer."""
    cmd = [sys.executable, "-X", "importtime", "-m", "qa", "ask", "--index", str(index), QUESTION]
    out = subprocess.run(cmd, cwd=ROOT, env=_env(encoder, index), capture_output=True, text=True)
    names = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    return [m for m in HEAVY if m in names]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def browser_unavailable() -> str | None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        return f"{' and '.join(missing)} missing"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium missing: pip install -r requirements-dev.txt"
    return None


def open_browser(profile: Path):  # -> selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # no Selenium Manager: it would try the network
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
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def app_in_browser(driver, index: Path, encoder: str) -> dict[str, float]:
    """Spawn a headless server; seconds to /_stcore/health, to the page loaded in the browser
    (driver.get returns) and to the first citation shown."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--", "--index", str(index),
    ]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_env(encoder, index),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while not _healthy(base):
            if proc.poll() is not None or time.perf_counter() - t0 > WAIT:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.05)
        health = time.perf_counter() - t0
        driver.get(f"{base}/?{urlencode({'q': QUESTION})}")
        loaded = time.perf_counter() - t0  # the page's HTML and scripts, before its first run
        WebDriverWait(driver, WAIT, poll_frequency=0.05).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, ".st-key-cite-1"))
        )
        answer = time.perf_counter() - t0
        return {"health_s": health, "page_loaded_s": loaded, "first_answer_s": answer}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def median(xs: list[float]) -> float:
    return round(statistics.median(xs), 3)


def measure(index: Path, encoder: str, repeats: int, driver) -> dict[str, object]:
    env = _env(encoder, index)
    cli_cmd = [sys.executable, "-m", "qa", "ask", "--index", str(index), QUESTION]
    app_cmd = [
        sys.executable,
        "-c",
        _APPTEST.format(app=str(ROOT / "app.py"), wait=WAIT, question=QUESTION, heavy=HEAVY),
    ]
    cli_first, cli_exit, app_run, browser = [], [], [], []
    loads, app_heavy = [], set()
    for _ in range(repeats):  # interleaved, so each sees much the same load on the machine
        loads.append(os.getloadavg()[0])
        first, done, out, code = first_output(cli_cmd, env)
        if code != 0 or "[1]" not in out:
            raise RuntimeError(f"python -m qa ask gave no answer (exit {code}): {out[:300]}")
        cli_first.append(first)
        cli_exit.append(done)
        _, done, out, code = first_output(app_cmd, env)
        if code != 0 or "rendered" not in out:
            raise RuntimeError(f"AppTest gave no answer (exit {code}): {out[:300]}")
        app_run.append(done)
        app_heavy.update(out.split("rendered", 1)[1].split())
        if driver is not None:
            browser.append(app_in_browser(driver, index, encoder))
    runs: dict[str, list[float]] = {
        "cli_first_answer_s": [round(x, 3) for x in cli_first],
        "app_apptest_first_answer_s": [round(x, 3) for x in app_run],
    }
    result: dict[str, object] = {
        "heavy_imports_on_cli_path": heavy_imports(index, encoder),
        "heavy_imports_on_app_path": [m for m in HEAVY if m in app_heavy],
        "cli_first_answer_s": median(cli_first),
        "cli_exit_s": median(cli_exit),
        "app_apptest_first_answer_s": median(app_run),
        "runs": runs,
        "load_average_1m": [round(x, 2) for x in loads],
    }
    if browser:
        result["app_browser_health_s"] = median([b["health_s"] for b in browser])
        result["app_browser_page_loaded_s"] = median([b["page_loaded_s"] for b in browser])
        result["app_browser_first_answer_s"] = median([b["first_answer_s"] for b in browser])
        runs["app_browser_first_answer_s"] = [round(b["first_answer_s"], 3) for b in browser]
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/coldstart.py", description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, default=ROOT / "index")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--no-browser", action="store_true", help="skip the headless Chromium figure")
    p.add_argument("--encoders", default=",".join(ENCODERS), help="comma-separated")
    p.add_argument("--json", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    index = args.index.absolute()  # not resolved: index/ is a link the build swaps
    if not (index / "manifest.json").exists():
        print(
            f"error: no built index at {args.index}: python -m ingest --corpus corpus "
            f"--index {args.index}",
            file=sys.stderr,
        )
        return 2
    encoders = [e for e in args.encoders.split(",") if e]
    if not encoders or set(encoders) - set(ENCODERS):
        print(f"error: --encoders takes {', '.join(ENCODERS)}", file=sys.stderr)
        return 2
    reason = "--no-browser" if args.no_browser else browser_unavailable()
    if reason:
        print(f"note: no browser figure ({reason})")

    figures: dict = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1m_start": round(os.getloadavg()[0], 2),
        },
        "index": os.path.relpath(index, ROOT) if index.is_relative_to(ROOT) else index.name,
        "question": QUESTION,
        "repeats": args.repeats,
        "encoders": {},
    }
    with tempfile.TemporaryDirectory(prefix="coldstart-") as tmp:
        driver = None if reason else open_browser(Path(tmp) / "profile")
        try:
            for encoder in encoders:
                figures["encoders"][encoder] = measure(index, encoder, args.repeats, driver)
        finally:
            if driver is not None:
                driver.quit()
    figures["machine"]["load_average_1m_end"] = round(os.getloadavg()[0], 2)

    for encoder, r in figures["encoders"].items():
        print(f"\nquery encoder: {encoder} (median of {args.repeats})")
        print(f"  CLI launch to first answer       {r['cli_first_answer_s']:7.2f} s")
        print(f"  app (AppTest, fresh process)     {r['app_apptest_first_answer_s']:7.2f} s")
        if "app_browser_first_answer_s" in r:
            print(f"  app (server + Chromium)          {r['app_browser_first_answer_s']:7.2f} s")
        heavy = ", ".join(r["heavy_imports_on_cli_path"]) or "none"
        print(f"  torch & co. imported by the CLI  {heavy}")
        heavy = ", ".join(r["heavy_imports_on_app_path"]) or "none"
        print(f"  torch & co. imported by the app  {heavy}")
        print(f"  1-minute load average            {', '.join(map(str, r['load_average_1m']))}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    shown = args.json.resolve()
    print(f"\nwrote {shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
