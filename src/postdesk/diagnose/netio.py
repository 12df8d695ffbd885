"""Opening the TCP connection a probe talks over, with a timeout and a plain reason on failure."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import ipaddress
import socket
import ssl
import time

from postdesk.diagnose import texts
from postdesk.diagnose.result import Summary

PORT_STATES = ("open", "refused", "timeout", "unreachable", "error", "forbidden")
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Address ranges no probe of this run may connect to. Set for checks started through
# the API and the pages (DiagnoseContext.forbidden_networks, applied by run_check);
# empty for the CLI, which an operator runs on the desk's own machine.
forbidden_networks: contextvars.ContextVar[tuple[IpNetwork, ...]] = contextvars.ContextVar(
    "forbidden_networks", default=()
)


def forbidden_network(address: str, networks: tuple[IpNetwork, ...]) -> IpNetwork | None:
    """The network of ``networks`` that holds ``address`` (IPv4-mapped IPv6 too), or None."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    candidates = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        candidates.append(ip.ipv4_mapped)
    for network in networks:
        if any(
            candidate.version == network.version and candidate in network
            for candidate in candidates
        ):
            return network
    return None


UNREACHABLE_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


class ConnectFailed(Exception):
    """The TCP connection failed; ``state``: refused / timeout / unreachable / error."""

    def __init__(self, state: str, detail: str | None) -> None:
        super().__init__(f"{state}: {detail}" if detail else state)
        self.state = state
        self.detail = detail


def port_state_text(state: str) -> Summary:
    """What a TCP connect's end state means (``port-state.<state>`` in the catalogue)."""
    return texts.say(f"port-state.{state if state in PORT_STATES else 'error'}")


async def open_socket(address: str, port: int, timeout: float) -> tuple[socket.socket, float]:
    """A connected non-blocking socket and the connect time in ms; raises :class:`ConnectFailed`.

    Every probe connects through here, so this is where a forbidden address
    (see :data:`forbidden_networks`) is refused, whatever name led to it.
    """
    network = forbidden_network(address, forbidden_networks.get())
    if network is not None:
        raise ConnectFailed("forbidden", f"{address} is in {network}, which the desk may not probe")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    started = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.get_running_loop().sock_connect(sock, (address, port)), timeout
        )
    except BaseException as err:
        sock.close()
        if isinstance(err, TimeoutError):
            raise ConnectFailed("timeout", f"no answer within {timeout:g} s") from None
        if isinstance(err, ConnectionRefusedError):
            raise ConnectFailed("refused", None) from None
        if isinstance(err, OSError):
            state = "unreachable" if err.errno in UNREACHABLE_ERRNOS else "error"
            raise ConnectFailed(state, err.strerror or str(err)) from None
        raise
    return sock, (time.perf_counter() - started) * 1000


async def open_stream(
    address: str, port: int, timeout: float, *, tls: ssl.SSLContext | None, server_hostname: str
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, float]:
    """Streams over a new connection (TLS from the start when ``tls`` is given) and connect ms."""
    sock, connect_ms = await open_socket(address, port, timeout)
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(
                sock=sock, ssl=tls, server_hostname=server_hostname if tls else None
            ),
            timeout,
        )
    except BaseException:
        sock.close()
        raise
    return reader, writer, connect_ms


async def close_stream(writer: asyncio.StreamWriter, timeout: float = 1.0) -> None:
    """Close ``writer`` and wait (briefly) until it is closed, so no transport outlives the run."""
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), timeout)
    if not writer.transport.is_closing():
        writer.transport.abort()


# OpenSSL's reasons for a handshake that failed over the protocol version:
# the server speaks only versions the client refuses (or none it knows).
OUTDATED_PROTOCOL_REASONS = frozenset(
    {
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "UNSUPPORTED_PROTOCOL",
        "NO_PROTOCOLS_AVAILABLE",
        "VERSION_TOO_LOW",
        "TLSV1_ALERT_INSUFFICIENT_SECURITY",
    }
)
# How long a port that failed TLS is given to show a plaintext greeting.
BANNER_WAIT_S = 2.0


async def plaintext_banner(address: str, port: int, timeout: float) -> str | None:
    """The first line a server sends unasked, if it sends one (a plaintext mail port does).

    A port that failed a TLS handshake is asked again without TLS: SMTP, POP3
    and IMAP servers greet first (RFC 5321 §3.1, RFC 1939 §4, RFC 9051 §7.1),
    so a line here means the port speaks plaintext, not implicit TLS. None
    when nothing came (a TLS port waits for the client's hello).
    """
    try:
        sock, _ = await open_socket(address, port, timeout)
    except ConnectFailed:
        return None
    try:
        reader, writer = await asyncio.open_connection(sock=sock)
    except OSError:
        sock.close()
        return None
    try:
        line = await asyncio.wait_for(reader.readline(), min(timeout, BANNER_WAIT_S))
    except (OSError, TimeoutError, ValueError):
        line = b""
    finally:
        await close_stream(writer)
    text = line[:200].decode("utf-8", "replace").strip()
    return text or None
