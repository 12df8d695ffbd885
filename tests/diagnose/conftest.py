"""Real servers on loopback for the diagnose tests: BIND, Postfix, Dovecot (and openssl s_server).

One set per session, on free ports: an authoritative-only BIND with the zones of ``zones.py``
(what an agent meets asking a customer's own nameserver), a BIND resolver in front of it, a
blackholed BIND (look-ups time out), Postfix as the provider's MX and SMTP server (the 4.0.28
rule as check_sender_access, STARTTLS, implicit TLS, SMTP AUTH through Dovecot) and Dovecot for
POP3/IMAP with STARTTLS and implicit TLS. A test profile points the provider's host names and
ports at them; its certificates come from the session's private CA (``test_ca``). Python
stand-ins (``servers/``) remain only for what no real server can be made to do, and each test
that uses one says so.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

import pytest
from environment import Dns, Mail, profile_for, provider_cert, start_dns, start_mail
from servers.loop import LoopThread
from tests.realservers import (
    CertificateAuthority,
)
from tests.realservers.fixtures import ServerPool

from postdesk.diagnose.context import DiagnoseContext
from postdesk.profile import Profile


@pytest.fixture(scope="session")
def bind(session_real_servers: ServerPool) -> Dns:
    return start_dns(session_real_servers)


@pytest.fixture(scope="session")
def mail(session_real_servers: ServerPool, test_ca: CertificateAuthority) -> Mail:
    return start_mail(session_real_servers, provider_cert(test_ca))


@pytest.fixture(scope="session")
def test_profile(mail: Mail) -> Profile:
    return profile_for(mail)


@pytest.fixture
def ctx(test_profile: Profile, bind: Dns, test_ca: CertificateAuthority) -> DiagnoseContext:
    """A run asking the zones' own (authoritative-only) server, trusting the test CA."""
    return DiagnoseContext(
        profile=test_profile,
        nameserver=bind.authoritative.address,
        timeout=2.0,
        cafile=str(test_ca.ca_file),
    )


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def blackhole_port() -> Iterator[int]:
    """A port whose accept queue is full, so new connections get no answer (a timeout).

    No server can be told to leave a SYN unanswered; a full backlog does it.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for filler in fillers:
        filler.close()
    listener.close()


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    """An event loop in a thread for the stand-ins (servers/standins.py)."""
    thread = LoopThread()
    yield thread
    thread.close()
