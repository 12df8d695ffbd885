"""The smtp probe: banner, EHLO, STARTTLS, AUTH mechanisms and, given credentials, a login.

The password is sent only inside AUTH and is masked out of everything
returned (see :mod:`postdesk.diagnose.redact`). SMTP is spoken over asyncio
streams (:mod:`postdesk.diagnose.smtpwire` says why not aiosmtplib).
"""

from __future__ import annotations

from typing import Any

from postdesk.diagnose import lineprobe, smtpwire
from postdesk.diagnose.context import Credentials
from postdesk.diagnose.lineprobe import Conversation, ProtocolError, Verdict

LOCAL_HOSTNAME = "postdesk.diagnose"


def _mechanisms(found: dict[str, str]) -> list[str]:
    return sorted(set(found.get("AUTH", "").upper().split()))


async def _dialog(
    talk: Conversation, evidence: dict[str, Any], credentials: Credentials | None
) -> Verdict:
    host, port = evidence["host"], evidence["port"]
    banner = await smtpwire.read_reply(talk)
    evidence["banner"] = str(banner)
    if banner.code != 220:
        return Verdict("bad-banner", {"host": host, "port": port, "banner": str(banner)[:300]})
    ehlo = await smtpwire.command(talk, f"EHLO {LOCAL_HOSTNAME}")
    if ehlo.code != 250:
        raise ProtocolError("probe.refused", command="EHLO", reply=str(ehlo)[:300])
    found = smtpwire.extensions(ehlo)
    evidence["extensions"] = sorted(found)
    evidence["starttls"] = "STARTTLS" in found
    if evidence["starttls"] and evidence["tls_mode"] == "starttls":
        reply = await smtpwire.command(talk, "STARTTLS")
        if reply.code != 220:
            raise ProtocolError("probe.refused", command="STARTTLS", reply=str(reply)[:300])
        await talk.start_tls()
        ehlo = await smtpwire.command(talk, f"EHLO {LOCAL_HOSTNAME}")
        found = smtpwire.extensions(ehlo)
        evidence["extensions_after_tls"] = sorted(found)
    mechanisms = _mechanisms(found)
    evidence["auth_mechanisms"] = mechanisms
    encrypted = talk.tls_version is not None
    if credentials is not None:
        evidence["login"] = {"username": credentials.username}
        if "AUTH" not in found:
            evidence["login"]["result"] = "no-auth"
            await _quit(talk)
            return Verdict("auth-not-offered", {"host": host, "port": port})
        reply = await smtpwire.authenticate(
            talk, mechanisms, credentials.username, credentials.password.reveal()
        )
        accepted = reply.code == 235
        evidence["login"].update(
            result="accepted" if accepted else "rejected", code=reply.code, text=reply.text
        )
        if not accepted:
            await _quit(talk)
            return lineprobe.login_failed(host, reply)
    await _quit(talk)
    return lineprobe.service_verdict(
        "SMTP",
        host,
        port,
        "starttls",
        encrypted=encrypted,
        logged_in=credentials is not None,
        tls_mode=evidence["tls_mode"],
        mechanisms=" ".join(mechanisms) or "-",
    )


async def _quit(talk: Conversation) -> None:
    await smtpwire.command(talk, "QUIT")


# Probe SMTP on a target (default: the profile's SMTP port; the SSL port uses TLS).
check_smtp = lineprobe.LineProbe("smtp", "SMTP", _dialog, "smtp", ("smtp_ssl",))
CHECK = lineprobe.probe_spec(
    check_smtp, order=40, in_all=lambda domain, ctx: ctx.profile.hosts.smtp
)
