"""Postfix options the diagnostics need: postscreen's delayed greeting, the 4.0.28 sender rule,
STARTTLS and implicit TLS with a private CA."""

from __future__ import annotations

import smtplib
import socket
import time

from tests.realservers import CaptureSMTP, CertFiles, CertificateAuthority, Postfix
from tests.realservers.fixtures import ServerPool

GREET_WAIT = 2


def _read_until_final_line(conn: socket.socket) -> list[tuple[float, bytes]]:
    """(arrival time, line) for each reply line up to the one with "220 "."""
    lines: list[tuple[float, bytes]] = []
    buffer = b""
    while not lines or not lines[-1][1].startswith(b"220 "):
        chunk = conn.recv(1024)
        assert chunk, f"connection closed after {lines}"
        buffer += chunk
        while b"\r\n" in buffer:
            line, buffer = buffer.split(b"\r\n", 1)
            lines.append((time.monotonic(), line))
    return lines


def test_postscreen_continues_the_greeting_after_its_greet_wait(real_servers: ServerPool) -> None:
    capture = real_servers.start(CaptureSMTP())
    postfix = real_servers.start(
        Postfix(relay=capture.address, postscreen=True, greet_wait=GREET_WAIT)
    )
    with socket.create_connection(("127.0.0.1", postfix.port), timeout=GREET_WAIT + 10) as conn:
        started = time.monotonic()
        lines = _read_until_final_line(conn)
    first_time, first = lines[0]
    last_time, last = lines[-1]
    assert first.startswith(b"220-")
    assert first_time - started < 1
    assert last == b"220 postfix.test ESMTP Postfix"
    assert last_time - first_time >= GREET_WAIT - 0.5
    # A client that waited passes postscreen: the message goes through to smtpd and on.
    postfix.send("alice@sender.test", ["bob@remote.test"], b"Subject: through\r\n\r\nhi\r\n")
    assert capture.wait_for_messages(1)[0].rcpt_tos == ("bob@remote.test",)
    assert "PASS NEW" in postfix.log_text()


def test_same_domain_sender_rejected_at_rcpt_without_data(real_servers: ServerPool) -> None:
    capture = real_servers.start(CaptureSMTP())
    postfix = real_servers.start(
        Postfix(relay=capture.address, sender_access={"provider.test": "REJECT"})
    )
    with smtplib.SMTP("127.0.0.1", postfix.port) as client:
        client.ehlo("outside.test")
        assert client.mail("someone@provider.test")[0] == 250
        code, text = client.rcpt("user@provider.test")
        client.rset()
        # Another sender passes the same restriction.
        assert client.mail("someone@elsewhere.test")[0] == 250
        assert client.rcpt("user@provider.test")[0] == 250
    assert code == 554
    assert text == b"5.7.1 <someone@provider.test>: Sender address rejected: Access denied"
    log = postfix.log_text()
    assert "reject: RCPT from localhost[127.0.0.1]: 554 5.7.1" in log
    assert "data=" not in log.split("Sender address rejected")[1].split("disconnect")[0]


def test_starttls_and_implicit_tls_with_a_private_ca(
    real_servers: ServerPool, test_ca: CertificateAuthority, mail_cert: CertFiles
) -> None:
    capture = real_servers.start(CaptureSMTP())
    postfix = real_servers.start(Postfix(relay=capture.address, tls=mail_cert, implicit_tls=True))
    assert postfix.smtps_port is not None
    with smtplib.SMTP("127.0.0.1", postfix.port) as client:
        client.ehlo()
        assert client.has_extn("starttls")
        client.starttls(context=test_ca.client_context())
        client.ehlo()
        assert not client.has_extn("starttls")
        client.sendmail("alice@sender.test", ["bob@remote.test"], b"Subject: tls\r\n\r\nx\r\n")
    context = test_ca.client_context()
    with smtplib.SMTP_SSL("127.0.0.1", postfix.smtps_port, context=context) as client:
        assert client.ehlo()[0] == 250
        assert client.sock is not None
        assert client.sock.version() in ("TLSv1.2", "TLSv1.3")  # type: ignore[attr-defined]
    received = capture.wait_for_messages(1)[0].data
    assert b"by postfix.test (Postfix) with ESMTPS id" in received  # RFC 3848: ESMTP + TLS


def test_unknown_relay_host_bounces_without_any_dns(real_servers: ServerPool) -> None:
    # etc_files: only /etc/hosts answers host look-ups in the namespace, so the name is simply
    # not found (no DNS server is asked; resolv.conf points at loopback anyway).
    postfix = real_servers.start(
        Postfix(
            relay=("nosuch.invalid", 25),
            etc_files={"nsswitch.conf": "hosts: files\n"},
            main_cf={"smtp_host_lookup": "native"},
        )
    )
    postfix.send("alice@sender.test", ["bob@remote.test"], b"Subject: nx\r\n\r\nx\r\n")
    (dsn,) = postfix.dsns(1, timeout=30)
    assert b"Status: 5.4.4" in dsn
    assert b"unable to look up host nosuch.invalid" in dsn
