"""A sandboxed server leaves nothing behind, sees only loopback DNS, and logs its syslog."""

from __future__ import annotations

import os
from pathlib import Path

from tests.realservers import Sandbox
from tests.realservers.sandbox import make_workdir


def _processes_in_namespace(namespace: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "ns" / "pid") == namespace:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_stop_ends_every_process_even_daemonized_ones() -> None:
    # Three children, one of them in its own session (as daemons detach themselves).
    command = "sleep 300 & setsid sleep 300 & logger -t probe hello-syslog; cat /etc/resolv.conf;"
    command += " hostname; wait"
    sandbox = Sandbox("probe", make_workdir("probe"), ["sh", "-c", command], hostname="probe.test")
    sandbox.start()
    try:
        sandbox.wait_until(
            lambda: "probe.test" in sandbox.log_text() and "hello-syslog" in sandbox.log_text(),
            "its output and its syslog line",
        )
        pid = sandbox.init_pid()
        assert pid is not None
        namespace = os.readlink(f"/proc/{pid}/ns/pid")
        assert len(_processes_in_namespace(namespace)) >= 4
        log = sandbox.log_text()
        assert "probe: hello-syslog" in log
        assert "nameserver 127.0.0.1" in log
    finally:
        sandbox.stop()
        sandbox.cleanup()
    assert _processes_in_namespace(namespace) == []
    assert not sandbox.workdir.exists()
