"""Python stand-ins for what no real server can be made to do, each saying what that is.

Postfix, Dovecot and openssl s_server answer correctly or not at all; a probe must also end
well against a server that never finishes a reply, stops in the middle of a line, sends
something that is not the protocol, or echoes the password back. These handlers do that on
asyncio streams (served by ``LoopThread.serve_streams``).
"""

from __future__ import annotations

import asyncio
import contextlib

Handler = asyncio.StreamReader, asyncio.StreamWriter


async def trickle_imap(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Greets, then never finishes a reply: an untagged line every 50 ms, for ever.

    Each line resets the reply timeout (it runs from the last line received), so only the
    whole check's budget can end this. No real IMAP server keeps a reply open without end.
    """
    writer.write(b"* OK trickle\r\n")
    with contextlib.suppress(ConnectionError, asyncio.CancelledError):
        while True:
            await asyncio.sleep(0.05)
            writer.write(b"* still thinking\r\n")
            await writer.drain()
    writer.close()


async def stall_mid_line(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Sends the first line of a multi-line greeting and half of the second, then nothing.

    A real server that stops in the middle of a line is a crashed or cut-off one; none can be
    told to do it on cue.
    """
    writer.write(b"220-first line of a greeting\r\n220 half of the sec")
    with contextlib.suppress(ConnectionError, asyncio.CancelledError):
        await writer.drain()
        await reader.read()  # until the probe gives up and closes
    writer.close()


async def garbage_smtp(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers a connection on an SMTP port with something that is not SMTP (an HTTP reply).

    Real mail servers speak their protocol; this is a port taken by another service.
    """
    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    with contextlib.suppress(ConnectionError):
        await writer.drain()
    writer.close()


async def echo_pop3(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A hostile POP3 server that repeats what it was sent in its error replies.

    Dovecot never puts the password in a reply; the probe must mask it even when a server does.
    """
    writer.write(b"+OK echo\r\n")
    while line := await reader.readline():
        text = line.decode().strip()
        if text.upper().startswith("QUIT"):
            writer.write(b"+OK\r\n")
            break
        reply = "+OK" if text.upper().startswith("USER") else f"-ERR you sent {text}"
        writer.write(reply.encode() + b"\r\n")
        await writer.drain()
    writer.close()


async def echo_smtp(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A hostile SMTP server that offers AUTH without TLS and echoes the AUTH line.

    Postfix neither offers AUTH in the clear here nor echoes credentials; this one does both.
    """
    writer.write(b"220 echo\r\n")
    while line := await reader.readline():
        text = line.decode().strip()
        if text.upper().startswith("EHLO"):
            writer.write(b"250-echo\r\n250 AUTH PLAIN LOGIN\r\n")
        elif text.upper().startswith("QUIT"):
            writer.write(b"221 bye\r\n")
            break
        else:
            writer.write(f"535 5.7.8 rejected {text}\r\n".encode())
        await writer.drain()
    writer.close()


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Accepts the connection and says nothing, not even to a TLS hello.

    A real TLS server answers the hello (or closes); one that hangs after accepting is a
    wedged process, which no server can be told to be.
    """
    with contextlib.suppress(ConnectionError, asyncio.CancelledError):
        await reader.read()
    writer.close()
