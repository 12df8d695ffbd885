"""Start real ``postdesk serve`` and ``postdesk worker`` processes for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

PASSWORD = "process-test-password"


def desk_env(data_dir: Path, database_url: str | None, **settings: object) -> dict[str, str]:
    env = {**os.environ, "POSTDESK_DATA_DIR": str(data_dir)}
    env.pop("POSTDESK_DATABASE_URL", None)
    if database_url:
        env["POSTDESK_DATABASE_URL"] = database_url
    for name, value in settings.items():
        env[f"POSTDESK_{name.upper()}"] = str(value)
    return env


def add_user(env: dict[str, str], username: str, role: str = "admin") -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "postdesk",
            "users",
            "add",
            username,
            "--role",
            role,
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def start_server(
    env: dict[str, str], port: int, workers: int = 1, wait_seconds: float = 30
) -> subprocess.Popen[bytes]:
    """``postdesk serve`` on ``port``, once it answers /healthz (within ``wait_seconds``)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "postdesk", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"postdesk serve exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"postdesk serve did not answer within {wait_seconds:g} s")


def start_worker(env: dict[str, str], concurrency: int = 4) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "postdesk", "worker", "--concurrency", str(concurrency)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def token(port: int, username: str) -> dict[str, str]:
    response = httpx.post(
        f"http://127.0.0.1:{port}/api/auth/token",
        json={"username": username, "password": PASSWORD},
        timeout=10,
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def stop(process: subprocess.Popen[bytes], kill: bool = False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
