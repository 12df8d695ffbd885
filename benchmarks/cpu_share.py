"""Where a load benchmark's CPU time goes, and a cap on the server's share.

On a two-core machine the load generator, PostgreSQL, the worker and the server
processes all share the cores, so "two server processes against one" measures
the machine as much as the server. These helpers read each part's CPU seconds
from ``/proc`` (Linux) and can put the server's processes in a cgroup with a CPU
quota, so the server's own scaling can be measured with the rest of the machine
held apart. Linux only; on other systems the figures are simply not printed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, command name, CPU seconds) of ``pid``, or None once it has gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS


def _all() -> dict[int, tuple[int, str, float]]:
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                found[int(entry.name)] = stat
    return found


def tree(root: int, table: dict[int, tuple[int, str, float]] | None = None) -> list[int]:
    """``root`` and every process below it."""
    table = table if table is not None else _all()
    members, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _, _) in table.items() if ppid == parent]
        members += children
        frontier += children
    return [pid for pid in members if pid in table]


@dataclass
class CpuSample:
    """CPU seconds so far of the server tree, the worker tree, PostgreSQL and this process."""

    server: float
    worker: float
    postgres: float
    generator: float


def sample(server_pid: int, worker_pid: int | None) -> CpuSample:
    table = _all()
    own = os.times()
    return CpuSample(
        server=sum(table[p][2] for p in tree(server_pid, table)),
        worker=sum(table[p][2] for p in tree(worker_pid, table)) if worker_pid else 0.0,
        # Every PostgreSQL process: backends live as long as the pools' connections.
        postgres=sum(cpu for _, name, cpu in table.values() if name.startswith("postgres")),
        generator=own.user + own.system,
    )


def describe(before: CpuSample, after: CpuSample, seconds: float, sessions: int) -> str:
    """Cores used by each part over the run, and the server's CPU milliseconds per session."""
    parts = {
        "server": after.server - before.server,
        "worker": after.worker - before.worker,
        "postgres": after.postgres - before.postgres,
        "generator": after.generator - before.generator,
    }
    cores = "  ".join(f"{name} {used / seconds:.2f}" for name, used in parts.items())
    per_session = 1000 * parts["server"] / sessions if sessions else 0.0
    return f"cores used: {cores}  (server {per_session:.1f} ms CPU per session)"


class CpuCap:
    """A cgroup (v1 ``cpu`` controller or v2 ``cpu.max``) holding the server's processes,
    with a quota of ``cores`` CPUs in all. Needs root; ``close`` moves the processes back
    and removes the group."""

    PERIOD_US = 100_000

    def __init__(self, cores: float) -> None:
        name = f"postdesk-bench-{os.getpid()}"
        v1 = Path("/sys/fs/cgroup/cpu")
        if (v1 / "cpu.cfs_quota_us").exists():
            self.group = v1 / name
            self.group.mkdir()
            (self.group / "cpu.cfs_period_us").write_text(str(self.PERIOD_US))
            (self.group / "cpu.cfs_quota_us").write_text(str(int(cores * self.PERIOD_US)))
            self.parent = v1
        elif (Path("/sys/fs/cgroup") / "cgroup.controllers").exists():
            self.parent = Path("/sys/fs/cgroup")
            self.group = self.parent / name
            self.group.mkdir()
            (self.group / "cpu.max").write_text(f"{int(cores * self.PERIOD_US)} {self.PERIOD_US}")
        else:
            raise RuntimeError("no cgroup CPU controller found under /sys/fs/cgroup")

    def add(self, pids: list[int]) -> None:
        for pid in pids:
            (self.group / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        try:
            for pid in (self.group / "cgroup.procs").read_text().split():
                (self.parent / "cgroup.procs").write_text(pid)
        except OSError:
            pass
        self.group.rmdir()
