"""SMTP replies and commands over a :class:`~postdesk.diagnose.lineprobe.Conversation`.

The smtp probe and the same-domain dialog speak SMTP over the same asyncio
streams as the POP3 and IMAP probes rather than through aiosmtplib: the
same-domain check must report the exact dialog line by line, a failed TLS
upgrade must leave no half-closed transport behind (aiosmtplib's did, under
the strict test settings), and one connection path keeps ``--resolve``
overrides, host-name checks and timeouts alike for every probe.
"""

from __future__ import annotations

import base64
import dataclasses

from postdesk.diagnose.lineprobe import Conversation, ProtocolError

MAX_REPLY_LINES = 100


@dataclasses.dataclass(frozen=True)
class Reply:
    """One SMTP reply: its code and its text lines (the code stripped)."""

    code: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def __str__(self) -> str:
        return f"{self.code} {self.text}".rstrip()


async def read_reply(talk: Conversation) -> Reply:
    """Read one (possibly multi-line, ``250-...``) reply."""
    lines = []
    for _ in range(MAX_REPLY_LINES):
        line = await talk.read_line()
        if len(line) < 3 or not line[:3].isdigit():
            raise ProtocolError("probe.not-smtp", line=line[:80])
        lines.append(line[4:])
        if len(line) == 3 or line[3] != "-":
            return Reply(int(line[:3]), lines)
    raise ProtocolError("probe.reply-too-long", lines=MAX_REPLY_LINES)


async def command(talk: Conversation, line: str) -> Reply:
    """Send ``line`` and read the reply."""
    await talk.send(line)
    return await read_reply(talk)


def extensions(ehlo: Reply) -> dict[str, str]:
    """EHLO keywords (upper case) and their parameters."""
    found = {}
    for line in ehlo.lines[1:]:
        keyword, _, params = line.partition(" ")
        found[keyword.upper()] = params
    return found


async def authenticate(talk: Conversation, mechanisms: list[str], user: str, secret: str) -> Reply:
    """AUTH PLAIN (or LOGIN when PLAIN is not offered); the final reply."""
    if "PLAIN" in mechanisms or "LOGIN" not in mechanisms:
        token = base64.b64encode(f"\0{user}\0{secret}".encode()).decode()
        return await command(talk, f"AUTH PLAIN {token}")
    reply = await command(talk, "AUTH LOGIN")
    if reply.code != 334:
        return reply
    reply = await command(talk, base64.b64encode(user.encode()).decode())
    if reply.code != 334:
        return reply
    return await command(talk, base64.b64encode(secret.encode()).decode())
