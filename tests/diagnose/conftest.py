"""Real servers on 127.0.0.1 for the diagnose tests: DNS, SMTP (provider MX rules), POP3, IMAP, TLS.

All start once per session on ephemeral ports; a test profile points the
provider's host names and ports at them, and a test CA signs their
certificates (plus an expired one and one for the wrong name).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

import pytest
from servers.dnsserver import DnsServer
from servers.fixtures_data import (
    ACCOUNT_PASSWORD,
    ACCOUNT_USER,
    PROVIDER,
    RULE_DOMAINS,
    MailServers,
)
from servers.loop import LoopThread
from servers.mailbox import MailboxServer
from servers.pki import TestCA
from servers.smtpserver import ProviderMxHandler, smtp_factory
from servers.test_zone import build_zone

from postdesk.diagnose.context import DiagnoseContext
from postdesk.profile import Profile, load_profile


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DnsServer]:
    with DnsServer(build_zone()) as server:
        yield server


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    thread = LoopThread()
    yield thread
    thread.close()


@pytest.fixture(scope="session")
def mail_servers(tmp_path_factory: pytest.TempPathFactory, loop_thread: LoopThread) -> MailServers:
    folder = tmp_path_factory.mktemp("pki")
    ca = TestCA(folder)
    names = [*PROVIDER.values(), "127.0.0.1"]
    valid = ca.issue("valid", names).server_context()
    expired = ca.issue("expired", names, not_before_days=-30, not_after_days=-2).server_context()
    wrong = ca.issue("wrong", ["other.invalid"]).server_context()
    accounts = {ACCOUNT_USER: ACCOUNT_PASSWORD}
    handler = ProviderMxHandler(RULE_DOMAINS)
    mailbox = MailboxServer(accounts, valid)
    return MailServers(
        smtp=loop_thread.serve(smtp_factory(handler, accounts, starttls=valid)),
        smtps=loop_thread.serve(smtp_factory(handler, accounts), ssl=valid),
        pop3=loop_thread.serve_streams(mailbox.pop3),
        pop3s=loop_thread.serve_streams(mailbox.pop3, ssl=valid),
        imap=loop_thread.serve_streams(mailbox.imap),
        imaps=loop_thread.serve_streams(mailbox.imap, ssl=valid),
        expired_tls=loop_thread.serve_streams(mailbox.pop3, ssl=expired),
        wrong_name_tls=loop_thread.serve_streams(mailbox.pop3, ssl=wrong),
        ca_file=ca.ca_file,
        mx_handler=handler,
        mailbox=mailbox,
    )


@pytest.fixture(scope="session")
def test_profile(mail_servers: MailServers) -> Profile:
    """The default profile with the provider's hosts, ports and addresses moved to loopback."""
    data = load_profile().model_dump(mode="json")
    data["hosts"].update(PROVIDER)
    data["ports"].update(
        smtp=mail_servers.smtp,
        submission=mail_servers.smtp,
        smtp_ssl=mail_servers.smtps,
        pop3=mail_servers.pop3,
        pop3_ssl=mail_servers.pop3s,
        pop3_ssl_documented=mail_servers.pop3s,
        imap=mail_servers.imap,
        imap_ssl=mail_servers.imaps,
    )
    data["server_addresses"] = {
        "pop": ["127.0.0.1"],
        "smtp": ["127.0.0.1"],
        "mx": ["127.0.0.1"],
        "imap": ["127.0.0.1"],
        "mx_overseas": ["127.0.0.2"],
    }
    data["dnsbl_zones"] = ["bl.test"]
    return Profile.model_validate(data)


@pytest.fixture
def ctx(test_profile: Profile, dns_server: DnsServer, mail_servers: MailServers) -> DiagnoseContext:
    return DiagnoseContext(
        profile=test_profile,
        nameserver=("127.0.0.1", dns_server.port),
        timeout=1.0,
        cafile=str(mail_servers.ca_file),
    )


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def blackhole_port() -> Iterator[int]:
    """A port whose accept queue is full, so new connections get no answer (a timeout)."""
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
