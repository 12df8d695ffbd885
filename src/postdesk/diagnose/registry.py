"""The checks by name, found where they are defined: ``run_check("mx", "example.com", ctx)``.

Nothing registers by hand. A module of :mod:`postdesk.diagnose` that is a
check exports ``CHECK``, a :class:`CheckSpec`: its name, the target it
needs, the options it takes, its run function and, when ``all`` runs it, how
``all`` picks its target. The names the CLI accepts and lists, the ``all``
check's members and their precedence, and what the API and the pages may
run are all read from these. Adding a check is its module and its test.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import pkgutil
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.result import CheckResult, ForbiddenTargetError, InvalidTargetError

if TYPE_CHECKING:
    from postdesk.diagnose.targets import DomainName

TargetKind = Literal["domain", "host", "ip", "profile-host", "domain-all"]
Option = Literal["port", "credentials", "zones", "tls"]
TLS_MODES = ("implicit", "starttls", "none")


@dataclasses.dataclass(frozen=True)
class CheckOptions:
    """What a run may give a check besides its target (each check reads what it takes)."""

    port: int | None = None
    credentials: Credentials | None = None
    zones: list[str] | None = None
    tls: str | None = None  # one of TLS_MODES; None: by the profile's port


@dataclasses.dataclass(frozen=True)
class CheckSpec:
    """A check as the registry knows it.

    ``order`` lists the checks and, within ``all``, breaks ties between equally
    serious findings (a domain whose MX is wrong cannot receive whatever else
    holds). ``in_all`` gives the target ``all`` runs this check on for a
    domain; None leaves the check out of ``all``.
    """

    name: str
    target: TargetKind
    run: Callable[[Any, DiagnoseContext, CheckOptions], Awaitable[CheckResult]]
    order: int
    options: tuple[Option, ...] = ()
    in_all: Callable[[DomainName, DiagnoseContext], Any] | None = None


@lru_cache(maxsize=1)
def checks() -> dict[str, CheckSpec]:
    """Every check of :mod:`postdesk.diagnose`, by name, in ``order``."""
    import postdesk.diagnose as package

    found: list[CheckSpec] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        spec = getattr(module, "CHECK", None)
        if isinstance(spec, CheckSpec):
            found.append(spec)
    names = [spec.name for spec in found]
    if len(set(names)) != len(names):
        raise TypeError(f"two diagnose checks share a name: {sorted(names)}")
    return {spec.name: spec for spec in sorted(found, key=lambda spec: (spec.order, spec.name))}


def check_names() -> tuple[str, ...]:
    """The names of every check, ``all`` last (the CLI's and the API's choices)."""
    return (*checks(), "all")


def members_of_all() -> list[CheckSpec]:
    """The checks ``all`` runs, in precedence order."""
    return [spec for spec in checks().values() if spec.in_all is not None]


async def run_check(
    name: str,
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int | None = None,
    credentials: Credentials | None = None,
    zones: list[str] | None = None,
    tls: str | None = None,
) -> tuple[list[CheckResult], Any]:
    """Run check ``name`` on ``target``: its results, and for ``all`` the overall summary.

    No probe connects to an address in ``ctx.forbidden_networks``.
    """
    from postdesk.diagnose.netio import forbidden_network, forbidden_networks

    if tls is not None and tls not in TLS_MODES:
        raise InvalidTargetError(key="tls_mode_unknown", tls=tls, modes=", ".join(TLS_MODES))
    if ctx.forbidden_networks:
        network = forbidden_network(target.strip("[]"), ctx.forbidden_networks)
        if network is not None:
            raise ForbiddenTargetError(
                key="diagnose_target_forbidden", target=target, network=str(network)
            )
    # One run, one set of shared look-ups: a context kept between runs (the terminal
    # walk keeps one for the whole walk) must not answer from an earlier run's DNS.
    ctx = dataclasses.replace(ctx, address_memo={}, chase_memo={})
    token = forbidden_networks.set(ctx.forbidden_networks)
    try:
        return await _run_check(
            name,
            target,
            ctx,
            CheckOptions(port=port, credentials=credentials, zones=zones, tls=tls),
        )
    finally:
        forbidden_networks.reset(token)


async def _run_check(
    name: str, target: str, ctx: DiagnoseContext, options: CheckOptions
) -> tuple[list[CheckResult], Any]:
    if name == "all":
        from postdesk.diagnose.run_all import run_all

        return await run_all(target, ctx)
    spec = checks().get(name)
    if spec is None:
        raise InvalidTargetError(key="check_unknown", check=name, checks=", ".join(check_names()))
    return [await bounded(name, target, ctx, spec.run(target, ctx, options))], None


async def bounded(
    name: str, target: str, ctx: DiagnoseContext, run: Awaitable[CheckResult]
) -> CheckResult:
    """``run``, or an ``error`` result if the whole check outlasts the run's budget.

    Every network step has its own timeout, but a server that trickles a line
    now and then resets the reply timeout for ever; the budget ends that.
    """
    from postdesk.diagnose.steps import verdict_result

    started = time.perf_counter()
    budget = ctx.check_budget
    try:
        return await asyncio.wait_for(run, budget)
    except TimeoutError:
        return verdict_result(
            name,
            target,
            "check-timeout",
            {"budget_s": budget},
            started,
            name=name,
            budget=f"{budget:g}",
        )
