"""PID 1 of a test server's private namespace (started by ``sandbox.Sandbox`` through unshare).

Run as ``unshare --pid --fork --mount --propagation private --mount-proc python nsinit.py SPEC``.
Standard library only: it runs before anything of the server and outside the test venv's
import path. It

1. makes the namespace's mounts from the JSON spec: overlays (an unpacked Debian package's
   ``/usr`` over the system's, a writable ``/var`` whose changes land in the instance folder),
   bind mounts and a tmpfs ``/run``;
2. gives the namespace its own ``/dev`` with the usual character devices and a ``/dev/log``
   socket whose messages it appends to the instance's log file (Sendmail and Courier log only
   through syslog; no syslog daemon runs on the machine);
3. runs the server's command, reaps every orphan (it is init here), and on SIGTERM runs the
   spec's stop command, waits, and exits. When PID 1 of a PID namespace exits the kernel kills
   every process left in it, so nothing the server started can outlive the namespace.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

# Character devices every daemon may open: name, major, minor.
DEVICES = [
    ("null", 1, 3),
    ("zero", 1, 5),
    ("full", 1, 7),
    ("random", 1, 8),
    ("urandom", 1, 9),
    ("tty", 5, 0),
]


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


def make_mounts(spec: dict) -> None:
    for item in spec.get("mounts", []):
        kind, target = item["type"], item["target"]
        if kind == "overlay":
            lower = ":".join(item["lower"])
            options = f"lowerdir={lower}"
            if item.get("upper"):
                os.makedirs(item["upper"], exist_ok=True)
                os.makedirs(item["work"], exist_ok=True)
                options += f",upperdir={item['upper']},workdir={item['work']}"
            mount("-t", "overlay", "overlay", "-o", options, target)
        elif kind == "bind":
            mount("--bind", item["source"], target)
        elif kind == "tmpfs":
            mount("-t", "tmpfs", "-o", item.get("options", "mode=755"), "tmpfs", target)
        else:
            raise SystemExit(f"nsinit: unknown mount type {kind!r}")


def private_dev() -> socket.socket:
    """A fresh /dev with the usual devices; returns the bound /dev/log datagram socket."""
    mount("-t", "tmpfs", "-o", "mode=755", "tmpfs", "/dev")
    for name, major, minor in DEVICES:
        path = f"/dev/{name}"
        os.mknod(path, 0o666 | 0o020000, os.makedev(major, minor))
        os.chmod(path, 0o666)
    for name, target in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ]:
        os.symlink(target, f"/dev/{name}")
    os.mkdir("/dev/shm")
    mount("-t", "tmpfs", "-o", "mode=1777", "tmpfs", "/dev/shm")
    log_socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    log_socket.bind("/dev/log")
    os.chmod("/dev/log", 0o666)
    return log_socket


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    make_mounts(spec)
    if spec.get("hostname"):
        socket.sethostname(spec["hostname"])  # its own UTS namespace: gethostname() is its name
    log_socket = private_dev() if spec.get("private_dev", True) else None
    syslog = open(spec["syslog"], "ab", buffering=0)  # noqa: SIM115 - lives as long as PID 1

    stopping = False

    def on_term(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"}
    env.update(spec.get("env", {}))
    main_child = subprocess.Popen(spec["command"], env=env, cwd=spec.get("cwd", "/"))
    foreground = spec.get("foreground", True)
    exit_code = 0

    def drain_log(timeout: float) -> None:
        if log_socket is None:
            time.sleep(timeout)
            return
        ready, _, _ = select.select([log_socket], [], [], timeout)
        while ready:
            line = log_socket.recv(65536).rstrip(b"\0\n")
            if line.startswith(b"<") and b">" in line[:5]:  # the syslog priority, "<22>"
                line = line[line.index(b">") + 1 :]
            syslog.write(line + b"\n")
            ready, _, _ = select.select([log_socket], [], [], 0)

    def reap() -> bool:
        """Collect every exited child; True when the main command has ended."""
        nonlocal exit_code
        ended = False
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return True
            if pid == 0:
                return ended
            if pid == main_child.pid:
                main_child.returncode = os.waitstatus_to_exitcode(status)
                exit_code = main_child.returncode
                ended = True

    while not stopping:
        drain_log(0.2)
        if reap() and main_child.returncode is not None and foreground:
            syslog.write(f"nsinit: server exited with {exit_code}\n".encode())
            return exit_code or 1
    syslog.write(b"nsinit: stopping\n")
    # Stop: the server's own stop command when it has one, else SIGTERM to the main child.
    if spec.get("stop_command"):
        with contextlib.suppress(OSError):
            subprocess.run(spec["stop_command"], env=env, timeout=spec.get("grace", 10))
    elif main_child.returncode is None:
        main_child.terminate()
    # A foreground server is done when its main process is (what it leaves, e.g. Postfix's
    # idle daemons waiting to notice their master is gone, dies with the namespace); a
    # daemonizing one when its stop command has emptied the namespace.
    deadline = time.monotonic() + spec.get("grace", 10)
    while time.monotonic() < deadline:
        drain_log(0.05)
        reap()
        if foreground and main_child.returncode is not None:
            break
        if not _other_processes():
            break
    drain_log(0)
    left = [name for name in os.listdir("/proc") if name.isdigit() and name != "1"]
    syslog.write(f"nsinit: stopped; processes left to the kernel: {len(left)}\n".encode())
    return 0


def _other_processes() -> bool:
    """Whether any process but this one still runs in the namespace."""
    return any(name.isdigit() and name != "1" for name in os.listdir("/proc"))


if __name__ == "__main__":
    sys.exit(main())
