"""The pop3 probe: greeting, CAPA, STLS and, given credentials, USER/PASS (RFC 1939, 2449)."""

from __future__ import annotations

from typing import Any

from postdesk.diagnose import lineprobe
from postdesk.diagnose.context import Credentials
from postdesk.diagnose.lineprobe import Conversation, ProtocolError, Verdict


async def _capa(talk: Conversation) -> list[str]:
    await talk.send("CAPA")
    first = await talk.read_line()
    if not first.startswith("+OK"):
        return []
    capabilities = []
    while (line := await talk.read_line()) != ".":
        capabilities.append(line)
    return capabilities


async def _dialog(
    talk: Conversation, evidence: dict[str, Any], credentials: Credentials | None
) -> Verdict:
    host, port = evidence["host"], evidence["port"]
    greeting = await talk.read_line()
    evidence["greeting"] = greeting
    if not greeting.startswith("+OK"):
        return Verdict("bad-greeting", {"host": host, "port": port, "greeting": greeting[:300]})
    capabilities = await _capa(talk)
    evidence["capabilities"] = capabilities
    names = {cap.split()[0].upper() for cap in capabilities if cap}
    evidence["stls"] = "STLS" in names
    if "STLS" in names and evidence["tls_mode"] == "starttls":
        await talk.send("STLS")
        reply = await talk.read_line()
        if not reply.startswith("+OK"):
            raise ProtocolError("probe.refused", command="STLS", reply=reply[:300])
        await talk.start_tls()
        evidence["capabilities_after_tls"] = capabilities = await _capa(talk)
    evidence["auth_mechanisms"] = sorted(
        {mech for cap in capabilities if cap.upper().startswith("SASL") for mech in cap.split()[1:]}
    )
    encrypted = talk.tls_version is not None
    if credentials is not None:
        await talk.send(f"USER {credentials.username}")
        user_reply = await talk.read_line()
        pass_reply = user_reply
        if user_reply.startswith("+OK"):
            await talk.send(f"PASS {credentials.password.reveal()}")
            pass_reply = await talk.read_line()
        accepted = pass_reply.startswith("+OK")
        lineprobe.record_login(evidence, credentials, accepted=accepted, reply=pass_reply)
        if not accepted:
            await _quit(talk)
            return lineprobe.login_failed(host, pass_reply)
    await _quit(talk)
    logged_in = credentials is not None
    return lineprobe.service_verdict(
        "POP3",
        host,
        port,
        "stls",
        encrypted=encrypted,
        logged_in=logged_in,
        tls_mode=evidence["tls_mode"],
    )


async def _quit(talk: Conversation) -> None:
    await talk.send("QUIT")
    await talk.read_line()


# Probe POP3 on a target (default: the profile's POP3 port; the SSL ports use TLS).
check_pop3 = lineprobe.LineProbe(
    "pop3", "POP3", _dialog, "pop3", ("pop3_ssl", "pop3_ssl_documented")
)
CHECK = lineprobe.probe_spec(check_pop3, order=50, in_all=lambda domain, ctx: ctx.profile.hosts.pop)
