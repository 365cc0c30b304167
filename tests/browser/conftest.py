"""The caseworker's page in a real browser: Debian's Chromium, headless, driven by Playwright.

The server runs in a thread on a free port of 127.0.0.1. Screenshots of each main view are written
to a folder named at the end of the run ($HUKOU_SCREENSHOTS, else one under the system's temp).
Skipped only when there is no Chromium (.ci/run installs it) or no Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("HUKOU_SCREENSHOTS") or Path(tempfile.gettempdir()) / "hukou-screenshots")

if not Path(CHROMIUM).exists():
    pytest.skip("no chromium: apt-get install chromium (.ci/run does)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="the page's tests need playwright: pip install -e '.[test]'")
pytest.importorskip("uvicorn", reason="hukou serve needs the serve extra")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    import uvicorn

    from hukou.front.serve import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start in 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SHOTS.is_dir() and any(SHOTS.glob("*.png")):
        terminalreporter.write_line(f"screenshots of the page: {SHOTS}")
