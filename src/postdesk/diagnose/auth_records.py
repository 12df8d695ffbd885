"""The auth-records check: a domain's SPF and DMARC records, parsed and sanity-checked.

Parsing, lookup counting and the sanity rules are checkdmarc's (a maintained
library); this module only runs it against the run's nameserver (in a
thread: checkdmarc is blocking) and says what its findings mean.
"""

from __future__ import annotations

import asyncio
import threading
import time
import warnings
from types import ModuleType
from typing import Any

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import CheckResult, Status, Summary, worst
from postdesk.diagnose.steps import make_result
from postdesk.diagnose.targets import DomainName, parse_domain

_IMPORT_LOCK = threading.Lock()


def _checkdmarc() -> tuple[ModuleType, ModuleType]:
    """checkdmarc's SPF and DMARC modules, imported on first use (they are slow to load).

    checkdmarc imports dnspython's DNSSEC support, whose DSA key classes touch
    cryptography's DSA API; cryptography 46+ deprecates DSA and warns once per
    import (``dns/dnssecalgs/dsa.py``). postdesk never validates DNSSEC, so that
    one third-party warning is silenced here, matched by category and by the
    dnspython module that triggers it: every other warning, postdesk's own
    included, stays as the caller's filters say (errors under pytest). The lock
    keeps two threads from changing the warning filters at once.
    """
    with _IMPORT_LOCK, warnings.catch_warnings():
        from cryptography.utils import CryptographyDeprecationWarning

        warnings.filterwarnings(
            "ignore", category=CryptographyDeprecationWarning, module=r"dns\.dnssecalgs\."
        )
        import checkdmarc.dmarc
        import checkdmarc.spf
    return checkdmarc.spf, checkdmarc.dmarc


def _spf_and_dmarc(domain: str, ctx: DiagnoseContext) -> tuple[dict[str, Any], dict[str, Any]]:
    spf_module, dmarc_module = _checkdmarc()
    resolver = ctx.sync_resolver()
    spf = spf_module.check_spf(domain, resolver=resolver, timeout=ctx.timeout, retries=0)
    dmarc = dmarc_module.check_dmarc(domain, resolver=resolver, timeout=ctx.timeout, retries=0)
    return dict(spf), dict(dmarc)


def _spf_all(spf: dict[str, Any]) -> str | None:
    parsed = spf.get("parsed") or {}
    return parsed.get("all")


async def check_auth_records(target: str | DomainName, ctx: DiagnoseContext) -> CheckResult:
    """Look up and judge ``target``'s SPF and DMARC records."""
    started = time.perf_counter()
    domain = target if isinstance(target, DomainName) else parse_domain(target)
    spf, dmarc = await asyncio.to_thread(_spf_and_dmarc, domain.ascii, ctx)
    evidence: dict[str, Any] = {
        "spf": {
            k: v
            for k, v in spf.items()
            if k in ("record", "valid", "error", "warnings", "dns_lookups", "parsed")
        },
        "dmarc": {
            k: v
            for k, v in dmarc.items()
            if k in ("record", "location", "valid", "error", "warnings", "tags")
        },
    }
    statuses: list[Status] = []
    zh: list[str] = []
    en: list[str] = []
    if spf.get("record") is None:
        statuses.append("warn")
        zh.append(f"没有SPF记录（{spf.get('error', '')}）")
        en.append(f"no SPF record ({spf.get('error', '')})")
    elif not spf.get("valid"):
        statuses.append("fail")
        zh.append(f"SPF记录无效：{spf.get('error')}")
        en.append(f"the SPF record is invalid: {spf.get('error')}")
    else:
        qualifier = _spf_all(spf)
        if qualifier == "pass":
            statuses.append("warn")
            zh.append("SPF以 +all 结尾，任何服务器都可冒充该域发信")
            en.append("the SPF record ends in +all: any server may send as this domain")
        else:
            statuses.append("warn" if spf.get("warnings") else "ok")
            zh.append(f"SPF记录有效（{spf['record']}）")
            en.append(f"the SPF record is valid ({spf['record']})")
    if dmarc.get("record") is None:
        statuses.append("warn")
        zh.append("没有DMARC记录")
        en.append("no DMARC record")
    elif not dmarc.get("valid"):
        statuses.append("fail")
        zh.append(f"DMARC记录无效：{dmarc.get('error')}")
        en.append(f"the DMARC record is invalid: {dmarc.get('error')}")
    else:
        policy = (dmarc.get("tags") or {}).get("p", {}).get("value")
        statuses.append("warn" if dmarc.get("warnings") else "ok")
        zh.append(f"DMARC记录有效（p={policy}）")
        en.append(f"the DMARC record is valid (p={policy})")
    warnings = list(spf.get("warnings") or []) + list(dmarc.get("warnings") or [])
    if warnings:
        en.append("warnings: " + "; ".join(str(w) for w in warnings))
        zh.append("警告：" + "；".join(str(w) for w in warnings))
    status = worst(statuses)
    verdict = {"ok": "records-ok", "warn": "records-weak", "fail": "records-invalid"}.get(
        status, "error"
    )
    return make_result(
        "auth-records",
        domain.shown,
        status,
        verdict,
        Summary(
            zh=f"{domain.shown}：" + "；".join(part.rstrip("。.") for part in zh) + "。",
            en=f"{domain.shown}: " + "; ".join(part.rstrip(".") for part in en) + ".",
        ),
        evidence,
        started,
    )
