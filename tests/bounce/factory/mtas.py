"""Each mail system's factory settings: short timeouts, delay warnings, TLS required per domain.

Every setting is the mail system's own documented parameter; the values only make in seconds
what takes minutes or days in production.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.bounce.factory.run import TIMEOUT_SECONDS, WARN_AFTER
from tests.realservers import MAIL_SYSTEMS, MailSystem

Routes = dict[str, tuple[str, int]]
Options = Callable[[Routes, list[str]], dict[str, Any]]


def postfix(routes: Routes, tls_domains: list[str]) -> dict[str, Any]:
    # postconf(5): delay_warning_time, smtp_*_timeout; smtp_tls_policy_maps is looked up by
    # the next hop, "[host]:port" for a bracketed transport next hop (TLS_README "TLS policy").
    policy = ", ".join(f"[{routes[d][0]}]:{routes[d][1]}=encrypt" for d in tls_domains)
    settings = {
        "delay_warning_time": f"{WARN_AFTER}s",
        "smtp_connect_timeout": f"{TIMEOUT_SECONDS}s",
        "smtp_helo_timeout": f"{TIMEOUT_SECONDS}s",
        "smtp_data_done_timeout": f"{TIMEOUT_SECONDS}s",
        "smtp_data_init_timeout": f"{TIMEOUT_SECONDS}s",
        "smtp_rcpt_timeout": f"{TIMEOUT_SECONDS}s",
        "smtp_mail_timeout": f"{TIMEOUT_SECONDS}s",
    }
    if policy:
        settings["smtp_tls_policy_maps"] = f"inline:{{ {policy} }}"
    return {"main_cf": settings}


def exim(routes: Routes, tls_domains: list[str]) -> dict[str, Any]:
    # Exim spec: delay_warning (main), command_timeout/data_timeout/final_timeout and
    # hosts_require_tls (smtp transport).
    timeouts = {
        "connect_timeout": f"{TIMEOUT_SECONDS}s",
        "command_timeout": f"{TIMEOUT_SECONDS}s",
        "data_timeout": f"{TIMEOUT_SECONDS}s",
        "final_timeout": f"{TIMEOUT_SECONDS}s",
    }
    transports: dict[str, dict[str, str]] = {"*": timeouts}
    for domain in tls_domains:
        transports[domain] = {"hosts_require_tls": "*"}
    return {
        "main_options": {"delay_warning": f"{WARN_AFTER}s"},
        "transport_options": transports,
    }


def opensmtpd(routes: Routes, tls_domains: list[str]) -> dict[str, Any]:
    # smtpd.conf(5): "relay host smtp+tls://..." requires STARTTLS. OpenSMTPD's scheduler
    # backs off by its own schedule (minutes): "smtpctl schedule all" retries now.
    return {"tls_domains": tuple(tls_domains), "flush_while_waiting": True}


def sendmail(routes: Routes, tls_domains: list[str]) -> dict[str, Any]:
    # cf/README: confTO_QUEUEWARN (delay warning), confTO_* timeouts.
    return {
        "mc_defines": {
            "confTO_QUEUEWARN": f"{WARN_AFTER}s",
            "confTO_INITIAL": f"{TIMEOUT_SECONDS}s",
            "confTO_HELO": f"{TIMEOUT_SECONDS}s",
            "confTO_MAIL": f"{TIMEOUT_SECONDS}s",
            "confTO_RCPT": f"{TIMEOUT_SECONDS}s",
            "confTO_DATAINIT": f"{TIMEOUT_SECONDS}s",
            "confTO_DATABLOCK": f"{TIMEOUT_SECONDS}s",
            "confTO_DATAFINAL": f"{TIMEOUT_SECONDS}s",
        },
        "etc_extra": {"mail/service.switch": "hosts dns files\naliases files\n"},
    }


def courier(routes: Routes, tls_domains: list[str]) -> dict[str, Any]:
    # courier(8) control files: esmtptimeout* (the client's timeouts), warntime (delay
    # warnings).
    seconds = f"{TIMEOUT_SECONDS}s"
    return {
        "etc_extra": {
            "courier/esmtptimeout": seconds,
            "courier/esmtptimeoutconnect": seconds,
            "courier/esmtptimeouthelo": seconds,
            "courier/esmtptimeoutdata": seconds,
            "courier/warntime": f"{WARN_AFTER}s",
        }
    }


OPTIONS: dict[str, Options] = {
    "postfix": postfix,
    "exim": exim,
    "opensmtpd": opensmtpd,
    "sendmail": sendmail,
    "courier": courier,
}


def launcher(name: str) -> type[MailSystem]:
    return MAIL_SYSTEMS[name]
