"""Small real POP3 and IMAP servers over asyncio streams, with STLS/STARTTLS and a test account.

They speak just what the probes need: POP3 greeting, CAPA, STLS, USER/PASS,
QUIT (RFC 1939, 2449, 2595); IMAP greeting, CAPABILITY, STARTTLS, LOGIN,
LOGOUT (RFC 9051). Every password a server receives is recorded so that
tests can prove the probe sent it only to the server.
"""

from __future__ import annotations

import asyncio
import re
import ssl


class MailboxServer:
    """Accounts and TLS settings shared by the POP3 and IMAP handlers."""

    def __init__(self, accounts: dict[str, str], starttls: ssl.SSLContext | None) -> None:
        self.accounts = accounts
        self.starttls = starttls
        self.logins: list[tuple[str, bool]] = []

    async def _read(self, reader: asyncio.StreamReader) -> str | None:
        raw = await reader.readline()
        return raw.decode("utf-8", "replace").rstrip("\r\n") if raw else None

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, line: str) -> None:
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    async def pop3(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One POP3 session."""
        encrypted = writer.get_extra_info("ssl_object") is not None
        user = None
        try:
            await self._send(writer, "+OK POP3 test server ready")
            while (line := await self._read(reader)) is not None:
                verb, _, argument = line.partition(" ")
                verb = verb.upper()
                if verb == "CAPA":
                    caps = ["USER", "SASL PLAIN", "UIDL"]
                    if self.starttls and not encrypted:
                        caps.append("STLS")
                    await self._send(writer, "+OK capability list follows")
                    for cap in caps:
                        await self._send(writer, cap)
                    await self._send(writer, ".")
                elif verb == "STLS" and self.starttls and not encrypted:
                    await self._send(writer, "+OK begin TLS")
                    await writer.start_tls(self.starttls)
                    encrypted = True
                elif verb == "USER":
                    user = argument
                    await self._send(writer, "+OK send PASS")
                elif verb == "PASS" and user is not None:
                    ok = self.accounts.get(user) == argument
                    self.logins.append((user, ok))
                    await self._send(
                        writer, "+OK logged in" if ok else "-ERR authentication failed"
                    )
                elif verb == "QUIT":
                    await self._send(writer, "+OK bye")
                    break
                else:
                    await self._send(writer, "-ERR unknown command")
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def imap(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One IMAP session."""
        encrypted = writer.get_extra_info("ssl_object") is not None
        try:
            await self._send(writer, "* OK IMAP4rev1 test server ready")
            while (line := await self._read(reader)) is not None:
                tag, _, rest = line.partition(" ")
                command, _, argument = rest.partition(" ")
                command = command.upper()
                if command == "CAPABILITY":
                    caps = ["IMAP4rev1", "AUTH=PLAIN"]
                    if self.starttls and not encrypted:
                        caps.append("STARTTLS")
                    await self._send(writer, "* CAPABILITY " + " ".join(caps))
                    await self._send(writer, f"{tag} OK CAPABILITY completed")
                elif command == "STARTTLS" and self.starttls and not encrypted:
                    await self._send(writer, f"{tag} OK begin TLS")
                    await writer.start_tls(self.starttls)
                    encrypted = True
                elif command == "LOGIN":
                    user, password = _imap_strings(argument)
                    ok = self.accounts.get(user) == password
                    self.logins.append((user, ok))
                    status = "OK LOGIN completed" if ok else "NO [AUTHENTICATIONFAILED] failed"
                    await self._send(writer, f"{tag} {status}")
                elif command == "LOGOUT":
                    await self._send(writer, "* BYE logging out")
                    await self._send(writer, f"{tag} OK LOGOUT completed")
                    break
                else:
                    await self._send(writer, f"{tag} BAD unknown command")
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()


def _imap_strings(argument: str) -> tuple[str, str]:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', argument)
    values = [re.sub(r"\\(.)", r"\1", quoted) if quoted else atom for quoted, atom in parts]
    padded = [*values, "", ""]
    return padded[0], padded[1]
