"""Web fixtures: a real `postdesk serve` on loopback and Debian's Chromium via Playwright.

The browser is /usr/bin/chromium (``apt-get install chromium``; .ci/run installs
it); Playwright never downloads one. Without it the browser tests are skipped
with the reason shown, except under CI (env CI set), where they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from postdesk.desk.context import Desk
from tests.desk.support import free_port, start_sink
from tests.web.support import open_page_desk

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "web"
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}


# What the first admin's printed one-time password is changed to before any test runs.
ADMIN_PASSWORD = "e2e-admin-own-password"


@dataclass
class Server:
    """A running desk: its base URL, the first admin's password (already changed from the
    printed one-time password), and its data folder."""

    url: str
    admin_password: str
    data_dir: Path
    process: subprocess.Popen[bytes]


def _wait_for_password(log: Path, process: subprocess.Popen[bytes], deadline: float) -> str:
    """The first admin's password, read from the server's log file as soon as it is printed."""
    while time.monotonic() < deadline:
        found = re.search(rb"one-time password: (\S+)", log.read_bytes())
        if found:
            return found.group(1).decode()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"postdesk serve printed no admin password: {log.read_text()[:2000]}")


def _change_one_time_password(url: str, one_time: str) -> str:
    """Replace the printed password as a new admin must (API, one request); the new one."""
    token = httpx.post(
        f"{url}/api/auth/token", json={"username": "admin", "password": one_time}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    held = httpx.get(f"{url}/api/users/me", headers=headers)
    assert held.status_code == 403 and held.json()["error"] == "password_change_required"
    changed = httpx.post(
        f"{url}/api/users/me/password",
        json={"old_password": one_time, "new_password": ADMIN_PASSWORD},
        headers=headers,
    )
    assert changed.status_code == 204, changed.text
    return ADMIN_PASSWORD


def _wait_for_http(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"postdesk serve did not answer at {url}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`postdesk serve` in a subprocess with a temporary SQLite data folder and SMTP sink."""
    data_dir = tmp_path_factory.mktemp("web-desk")
    sink, controller = start_sink()
    port = free_port()
    env = {
        **os.environ,
        "POSTDESK_DATA_DIR": str(data_dir),
        "POSTDESK_SMTP_PORT": str(sink.port),
        "POSTDESK_PUBLIC_URL": f"http://127.0.0.1:{port}",
        # Checks aim at loopback test servers: opened by configuration, as in a lab.
        "POSTDESK_DIAGNOSE_FORBIDDEN_NETWORKS": "",
    }
    env.pop("POSTDESK_DATABASE_URL", None)
    # The server's output goes to a file, not a pipe: a pipe nobody reads fills up and
    # then blocks the server in the middle of a request.
    log = data_dir / "serve.log"
    log_file = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "postdesk", "serve", "--port", str(port)],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        cwd=data_dir,
    )
    try:
        deadline = time.monotonic() + 60
        password = _wait_for_password(log, process, deadline)
        url = f"http://127.0.0.1:{port}"
        _wait_for_http(url, deadline)
        password = _change_one_time_password(url, password)
        yield Server(url=url, admin_password=password, data_dir=data_dir, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log_file.close()
        controller.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh browser context (no cookies) at 1280x800, with the desk as base URL."""
    context = browser.new_context(viewport=WIDE, base_url=server.url, locale="zh-CN")
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artefact under test-artifacts/web/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, server: Server, username: str = "admin", password: str | None = None) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or server.admin_password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/cases\?agent=me$"))  # the home: my cases (issue 16)
    # These tests start their day from the new-case page.
    page.goto("/cases/new")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk on a temporary data folder, for the pages through FastAPI's TestClient
    (``tests.web.support.open_page_desk``); a module may define its own ``desk``."""
    opened = open_page_desk(tmp_path)
    yield opened
    opened.close()
