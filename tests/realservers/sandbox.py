"""One real server per private PID and mount namespace, so it is found, logged and stopped whole.

Why a namespace for every server, not only for the mail systems that need one:

* **Stopping leaves nothing behind.** The server's first process (``nsinit.py``) is PID 1 of the
  namespace; when it exits, the kernel kills every process still in it (daemons that double-fork,
  Postfix's children, Exim's delivery processes). ``setpriv --pdeathsig`` ties the namespace to
  the test process: if pytest dies, so does the server.
* **Installed paths hold.** Exim, OpenSMTPD, Sendmail and Courier are unpacked into
  ``.cache/test-servers`` (``scripts/install-test-servers``), not installed: the namespace
  overlays that root's ``/usr``, ``/etc`` and ``/var`` over the system's, so their compiled-in
  paths (Courier's ``/etc/courier``, OpenSMTPD's ``/var/spool/smtpd``) exist, writable, per
  instance.
* **One log per server.** The namespace has its own ``/dev/log``; whatever a server sends to syslog
  lands in ``<workdir>/server.log`` together with its standard output and error.
* **Its own host name.** A UTS namespace: ``gethostname()`` is the server's test name, not the
  machine's (Sendmail waits for a resolvable FQDN; DSNs and Received headers name the host).
* **Nothing reaches the network.** A private ``/etc/resolv.conf`` and ``/etc/hosts`` point name
  look-ups at loopback only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.realservers.availability import require_root
from tests.realservers.errors import ServerError

NSINIT = Path(__file__).with_name("nsinit.py")
LOG_TAIL = 12_000
# Workdirs are kept after a run when this is set (for a look at spools and logs by hand).
KEEP_ENV = "POSTDESK_KEEP_TEST_SERVERS"
# Name look-ups inside a namespace go to loopback only: no test ever asks the machine's resolver.
RESOLV_CONF = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"
HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_workdir(name: str) -> Path:
    """A fresh folder for one server's configuration, spool and log.

    Not pytest's tmp_path: that is mode 0700 under /tmp/pytest-of-root, and the servers drop
    root for their own users (postfix, Debian-exim, dovecot, bind...) who must reach their files.
    """
    path = Path(tempfile.mkdtemp(prefix=f"postdesk-{name}-"))
    path.chmod(0o755)
    return path


@dataclass
class Mount:
    """One mount made inside the namespace before the server starts (see nsinit.make_mounts)."""

    type: str
    target: str
    source: str | None = None
    lower: list[str] = field(default_factory=list)
    upper: str | None = None
    work: str | None = None
    options: str | None = None

    def as_spec(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value not in (None, [])}


class Sandbox:
    """A command run as the only tenant of a new PID + mount namespace.

    ``command`` is the server in the foreground (``foreground=True``: the namespace ends when it
    does) or a start command that daemonizes (``foreground=False``; then ``stop_command`` should
    stop it). ``root`` is an unpacked package root whose ``usr``, ``etc`` and ``var`` are laid
    over the system's; ``files`` are written under ``<workdir>/etc-upper`` etc. by the caller.
    """

    def __init__(
        self,
        name: str,
        workdir: Path,
        command: Sequence[str],
        *,
        root: Path | None = None,
        mounts: Sequence[Mount] = (),
        stop_command: Sequence[str] | None = None,
        foreground: bool = True,
        env: dict[str, str] | None = None,
        grace: float = 10.0,
        hostname: str | None = None,
    ) -> None:
        self.name = name
        self.workdir = workdir
        self.log_path = workdir / "server.log"
        self.command = list(command)
        self.stop_command = list(stop_command) if stop_command else None
        self.foreground = foreground
        self.env = env or {}
        self.grace = grace
        self.hostname = hostname
        self.mounts = self._base_mounts(root, hostname) + list(mounts)
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None

    # ----------------------------------------------------------------- set-up
    def _base_mounts(self, root: Path | None, hostname: str | None) -> list[Mount]:
        """/usr from the package root (read-only), /etc and /var writable per instance, /run
        empty; resolv.conf and hosts for loopback only (the hostname, if any, is 127.0.1.1)."""
        work = self.workdir
        mounts: list[Mount] = []
        for top in ("etc", "var"):
            lower = [f"/{top}"]
            if root is not None and (root / top).is_dir():
                lower.insert(0, str(root / top))
            (work / f"{top}-upper").mkdir(exist_ok=True)
            mounts.append(
                Mount(
                    "overlay",
                    f"/{top}",
                    lower=lower,
                    upper=str(work / f"{top}-upper"),
                    work=str(work / f".{top}-work"),
                )
            )
        if root is not None and (root / "usr").is_dir():
            mounts.append(Mount("overlay", "/usr", lower=[str(root / "usr"), "/usr"]))
        mounts.append(Mount("tmpfs", "/run", options="mode=755"))
        upper_etc = work / "etc-upper"
        (upper_etc / "resolv.conf").write_text(RESOLV_CONF)
        # Debian names the host by 127.0.1.1, leaving 127.0.0.1 to "localhost" (so peers on
        # loopback are still "localhost" in Received headers).
        hosts = HOSTS if hostname is None else f"{HOSTS}127.0.1.1\t{hostname}\n"
        (upper_etc / "hosts").write_text(hosts)
        if hostname is not None:
            (upper_etc / "hostname").write_text(hostname + "\n")
        return mounts

    def etc(self, relative: str) -> Path:
        """Where to write a file that the server sees as /etc/<relative>."""
        path = self.workdir / "etc-upper" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def var(self, relative: str) -> Path:
        """Where the server's /var/<relative> lives on the host (its spool, after it wrote it)."""
        return self.workdir / "var-upper" / relative

    # -------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self.process is not None:
            raise ServerError(f"{self.name} already started", self)
        require_root(self.name)
        spec = {
            "mounts": [mount.as_spec() for mount in self.mounts],
            "syslog": str(self.log_path),
            "command": self.command,
            "stop_command": self.stop_command,
            "foreground": self.foreground,
            "env": self.env,
            "grace": self.grace,
            "cwd": str(self.workdir),
            "hostname": self.hostname,
        }
        spec_path = self.workdir / "nsinit.json"
        spec_path.write_text(json.dumps(spec, indent=1))
        self._log_file = self.log_path.open("ab")
        argv = [
            "setpriv",
            "--pdeathsig",
            "KILL",
            "--",
            "unshare",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount",
            "--propagation",
            "private",
            "--mount-proc",
            "--uts",
            "--",
            sys.executable,
            "-I",
            str(NSINIT),
            str(spec_path),
        ]
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def init_pid(self) -> int | None:
        """The host PID of the namespace's PID 1 (nsinit), once unshare has forked it."""
        if self.process is None or self.process.poll() is not None:
            return None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            found = children.read_text().split()
            if found:
                return int(found[0])
        return None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def run(
        self, argv: Sequence[str], *, check: bool = True, timeout: float = 30
    ) -> subprocess.CompletedProcess[str]:
        """Run a command inside the server's namespaces (its /etc, /var, /usr, processes)."""
        pid = self.init_pid()
        if pid is None:
            raise ServerError(f"{self.name} is not running; cannot run {list(argv)}", self)
        result = subprocess.run(
            ["nsenter", "--target", str(pid), "--mount", "--pid", "--", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise ServerError(
                f"{self.name}: {list(argv)} exited {result.returncode}: "
                f"{result.stdout}{result.stderr}",
                self,
            )
        return result

    def wait_until(
        self, ready: Callable[[], bool], what: str, timeout: float = 30, interval: float = 0.05
    ) -> None:
        """Poll ``ready`` until it holds; fail with the server's log when the server dies or time
        runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise ServerError(f"{self.name} exited before {what}", self)
            with contextlib.suppress(OSError):
                if ready():
                    return
            time.sleep(interval)
        raise ServerError(f"{self.name}: no {what} within {timeout:g} s", self)

    def stop(self) -> None:
        """SIGTERM to nsinit (it runs the stop command, waits ``grace``); then the namespace
        goes, with every process in it. Removes the workdir unless POSTDESK_KEEP_TEST_SERVERS."""
        process = self.process
        if process is not None and process.poll() is None:
            pid = self.init_pid()
            if pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            try:
                process.wait(timeout=self.grace + 5)
            except subprocess.TimeoutExpired:
                process.kill()  # --kill-child takes nsinit, and with it the namespace
                process.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def cleanup(self) -> None:
        if not os.environ.get(KEEP_ENV):
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -------------------------------------------------------------------- log
    def log_text(self, limit: int = LOG_TAIL) -> str:
        """The last ``limit`` characters of the server's log (syslog, stdout and stderr)."""
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return "(no log)"
        text = data.decode("utf-8", "replace")
        return text if len(text) <= limit else "[...]\n" + text[-limit:]
