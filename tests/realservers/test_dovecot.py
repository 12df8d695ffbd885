"""Dovecot logs users in over POP3 and IMAP, with STARTTLS and with implicit TLS."""

from __future__ import annotations

import imaplib
import poplib

import pytest

from tests.realservers import CertFiles, CertificateAuthority, Dovecot
from tests.realservers.fixtures import ServerPool

USER, PASSWORD = "alice@mail.test", "correct horse"
MESSAGE = b"From: bob@remote.test\r\nSubject: waiting\r\n\r\nA message in the mailbox.\r\n"


@pytest.fixture(scope="module")
def dovecot(module_real_servers: ServerPool, mail_cert: CertFiles) -> Dovecot:
    return module_real_servers.start(
        Dovecot({USER: PASSWORD}, mail_cert, messages={USER: [MESSAGE]})
    )


def test_pop3_starttls_and_implicit_tls(dovecot: Dovecot, test_ca: CertificateAuthority) -> None:
    plain = poplib.POP3("127.0.0.1", dovecot.pop3_port, timeout=10)
    try:
        assert "STLS" in plain.capa()
        plain.stls(test_ca.client_context())
        plain.user(USER)
        plain.pass_(PASSWORD)
        assert plain.stat() == (1, len(MESSAGE))
    finally:
        plain.quit()
    implicit = poplib.POP3_SSL(
        "127.0.0.1", dovecot.pop3s_port, context=test_ca.client_context(), timeout=10
    )
    try:
        implicit.user(USER)
        implicit.pass_(PASSWORD)
        assert b"Subject: waiting" in b"\r\n".join(implicit.retr(1)[1])
    finally:
        implicit.quit()


def test_imap_starttls_and_implicit_tls(dovecot: Dovecot, test_ca: CertificateAuthority) -> None:
    with imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=10) as plain:
        assert "STARTTLS" in plain.capabilities
        plain.starttls(test_ca.client_context())
        assert plain.login(USER, PASSWORD)[0] == "OK"
        assert plain.select("INBOX") == ("OK", [b"1"])
    context = test_ca.client_context()
    with imaplib.IMAP4_SSL("127.0.0.1", dovecot.imaps_port, ssl_context=context) as implicit:
        assert implicit.login(USER, PASSWORD)[0] == "OK"


def test_wrong_password_is_refused_and_logged(dovecot: Dovecot) -> None:
    client = poplib.POP3("127.0.0.1", dovecot.pop3_port, timeout=10)
    try:
        client.user(USER)
        with pytest.raises(poplib.error_proto, match="Authentication failed"):
            client.pass_("wrong")
    finally:
        client.close()
    dovecot.sandbox.wait_until(  # type: ignore[union-attr]
        lambda: "Password mismatch" in dovecot.log_text(), "the auth failure in the log"
    )
