"""watch: which pending domains now point to the provider's MX (4.0.2 provisioning).

The provider's system re-checks ordered domains every
``limits.provisioning_recheck_minutes``; agents watching a list of pending
domains want the same answer for all of them at once. Every round checks the
still-pending domains concurrently (one shared UDP socket, see ``dns_bulk``)
and reports each result; the next round waits the profile's interval.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.mx import check_mx
from postdesk.diagnose.result import CheckResult, InvalidTargetError
from postdesk.diagnose.steps import verdict_result
from postdesk.diagnose.targets import DomainName, parse_domain

POINTS_TO_PROVIDER = ("points-to-provider", "overseas-layout")
# 500 in flight against a 50 ms resolver allows 10,000 answers a second, more than
# one core parses; more only queues replies in the socket and invites resends.
DEFAULT_CONCURRENCY = 500

Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class PendingDomain:
    """One line of the watch list: what was written and the domain it names (None if invalid)."""

    line: int
    text: str
    domain: DomainName | None
    problem: str | None = None


def read_watch_list(path: str | Path) -> list[PendingDomain]:
    """Domains from ``path``, one a line; blank lines and ``#`` comments are skipped."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        if isinstance(err, OSError):
            raise InvalidTargetError(
                key="watch_list_unreadable", path=str(file), reason=err.strerror
            ) from None
        raise InvalidTargetError(key="watch_list_not_utf8", path=str(file)) from None
    pending = parse_watch_list(text.splitlines())
    if not pending:
        raise InvalidTargetError(key="watch_list_empty", path=str(file))
    return pending


def parse_watch_list(lines: Iterable[str]) -> list[PendingDomain]:
    """Each non-blank, non-comment line as a :class:`PendingDomain`; bad lines keep their reason."""
    pending = []
    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            pending.append(PendingDomain(number, text, parse_domain(text)))
        except InvalidTargetError as err:
            pending.append(PendingDomain(number, text, None, str(err)))
    return pending


def _invalid(entry: PendingDomain) -> CheckResult:
    return verdict_result(
        "watch",
        entry.text,
        "invalid-domain",
        {"line": entry.line},
        time.perf_counter(),
        line=entry.line,
        problem=entry.problem,
    )


@dataclasses.dataclass(frozen=True)
class RoundCount:
    """One round in numbers: valid domains, how many point to the provider, invalid lines."""

    domains: int
    pointing: int
    invalid: int

    @property
    def pending(self) -> int:
        return self.domains - self.pointing

    def to_dict(self, round_number: int) -> dict[str, object]:
        return {
            "check": "watch-round",
            "round": round_number,
            "domains": self.domains,
            "pointing": self.pointing,
            "pending": self.pending,
            "invalid": self.invalid,
        }


def count_round(results: list[CheckResult]) -> RoundCount:
    """The round's figures; an invalid line is not a domain (it is counted apart)."""
    invalid = sum(1 for result in results if result.verdict == "invalid-domain")
    pointing = sum(1 for result in results if points_to_provider(result))
    return RoundCount(domains=len(results) - invalid, pointing=pointing, invalid=invalid)


async def watch_once(
    pending: list[PendingDomain],
    ctx: DiagnoseContext,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: Progress | None = None,
) -> list[CheckResult]:
    """Check every pending domain's MX once, concurrently; results in list order."""
    from postdesk.diagnose.dns_bulk import BulkDnsClient

    nameserver, port = ctx.nameservers()[0]
    limit = asyncio.Semaphore(concurrency)
    finished = 0
    total = len(pending)

    async def one(entry: PendingDomain) -> CheckResult:
        nonlocal finished
        if entry.domain is None:
            result = _invalid(entry)
        else:
            async with limit:
                result = await check_mx(entry.domain, round_ctx)
        finished += 1
        if on_progress is not None:
            on_progress(finished, total)
        return result

    round_ctx = dataclasses.replace(ctx, address_memo={}, chase_memo={})
    async with BulkDnsClient(nameserver, port, timeout=ctx.timeout) as client:
        round_ctx.bulk = client
        return list(await asyncio.gather(*(one(entry) for entry in pending)))


def points_to_provider(result: CheckResult) -> bool:
    return result.check == "mx" and result.verdict in POINTS_TO_PROVIDER


async def watch(
    pending: list[PendingDomain],
    ctx: DiagnoseContext,
    *,
    interval_s: float | None = None,
    on_round: Callable[[int, list[CheckResult]], None],
    on_progress: Progress | None = None,
    max_rounds: int | None = None,
) -> list[PendingDomain]:
    """Re-check until every valid domain points to the provider; returns those still pending.

    The first round reports every line, invalid ones too (as ``invalid-domain``:
    the agent must see them); later rounds re-check only the valid domains that
    do not point to the provider yet.
    """
    interval = (
        interval_s
        if interval_s is not None
        else ctx.profile.limits.provisioning_recheck_minutes * 60
    )
    waiting = list(pending)
    round_number = 0
    while waiting and (max_rounds is None or round_number < max_rounds):
        round_number += 1
        results = await watch_once(waiting, ctx, on_progress=on_progress)
        on_round(round_number, results)
        waiting = [
            entry
            for entry, result in zip(waiting, results, strict=True)
            if entry.domain is not None and not points_to_provider(result)
        ]
        if waiting and (max_rounds is None or round_number < max_rounds):
            await asyncio.sleep(interval)
    return waiting
