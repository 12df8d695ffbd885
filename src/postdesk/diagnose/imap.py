"""The imap probe: greeting, CAPABILITY, STARTTLS, and with credentials a LOGIN (RFC 9051)."""

from __future__ import annotations

from typing import Any

from postdesk.diagnose import lineprobe
from postdesk.diagnose.context import Credentials
from postdesk.diagnose.lineprobe import Conversation, ProtocolError, Verdict


def quoted(value: str) -> str:
    """An IMAP quoted string (backslash and double quote escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Tags:
    def __init__(self) -> None:
        self.number = 0

    def next(self) -> str:
        self.number += 1
        return f"pd{self.number}"


async def _command(talk: Conversation, tags: _Tags, command: str) -> tuple[str, list[str]]:
    """Send ``command``; the tagged status line and the untagged lines before it."""
    tag = tags.next()
    await talk.send(f"{tag} {command}")
    untagged = []
    while True:
        line = await talk.read_line()
        if line.startswith(f"{tag} "):
            return line[len(tag) + 1 :], untagged
        untagged.append(line)


async def _capabilities(talk: Conversation, tags: _Tags) -> list[str]:
    status, lines = await _command(talk, tags, "CAPABILITY")
    if not status.upper().startswith("OK"):
        raise ProtocolError("probe.refused", command="CAPABILITY", reply=status[:300])
    for line in lines:
        if line.upper().startswith("* CAPABILITY "):
            return line.split()[2:]
    return []


async def _dialog(
    talk: Conversation, evidence: dict[str, Any], credentials: Credentials | None
) -> Verdict:
    host, port = evidence["host"], evidence["port"]
    tags = _Tags()
    greeting = await talk.read_line()
    evidence["greeting"] = greeting
    if not greeting.upper().startswith(("* OK", "* PREAUTH")):
        return Verdict("bad-greeting", {"host": host, "port": port, "greeting": greeting[:300]})
    capabilities = await _capabilities(talk, tags)
    evidence["capabilities"] = capabilities
    upper = {cap.upper() for cap in capabilities}
    evidence["starttls"] = "STARTTLS" in upper
    if "STARTTLS" in upper and evidence["tls_mode"] == "starttls":
        status, _ = await _command(talk, tags, "STARTTLS")
        if not status.upper().startswith("OK"):
            raise ProtocolError("probe.refused", command="STARTTLS", reply=status[:300])
        await talk.start_tls()
        evidence["capabilities_after_tls"] = capabilities = await _capabilities(talk, tags)
        upper = {cap.upper() for cap in capabilities}
    evidence["auth_mechanisms"] = sorted(cap[5:] for cap in upper if cap.startswith("AUTH="))
    encrypted = talk.tls_version is not None
    if credentials is not None:
        if "LOGINDISABLED" in upper:
            evidence["login"] = {"username": credentials.username, "result": "disabled"}
            return Verdict("login-disabled", {"host": host, "port": port})
        secret = credentials.password.reveal()
        status, _ = await _command(
            talk, tags, f"LOGIN {quoted(credentials.username)} {quoted(secret)}"
        )
        accepted = status.upper().startswith("OK")
        lineprobe.record_login(evidence, credentials, accepted=accepted, reply=status)
        if not accepted:
            await _command(talk, tags, "LOGOUT")
            return lineprobe.login_failed(host, status)
    await _command(talk, tags, "LOGOUT")
    logged_in = credentials is not None
    return lineprobe.service_verdict(
        "IMAP",
        host,
        port,
        "starttls",
        encrypted=encrypted,
        logged_in=logged_in,
        tls_mode=evidence["tls_mode"],
    )


# Probe the IMAP service on a target (default: the profile's IMAP port; the SSL port uses TLS).
check_imap = lineprobe.LineProbe("imap", "IMAP", _dialog, "imap", ("imap_ssl",))
CHECK = lineprobe.probe_spec(check_imap, order=60)
