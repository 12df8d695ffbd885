"""Real servers on 127.0.0.1 for the diagnose tests: DNS, SMTP (provider MX rules), POP3, IMAP, TLS.

All start once per session on ephemeral ports; a test profile points the
provider's host names and ports at them, and a test CA signs their
certificates (plus an expired one and one for the wrong name).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers.dnsserver import DnsServer, Zone
from servers.loop import LoopThread
from servers.mailbox import MailboxServer
from servers.pki import TestCA
from servers.smtpserver import ProviderMxHandler, smtp_factory

from postdesk.diagnose.context import DiagnoseContext
from postdesk.profile import Profile, load_profile

ACCOUNT_USER = "alice@good.example"
ACCOUNT_PASSWORD = "S3cret-Pa55+word"
RULE_DOMAINS = {"ruled.example"}
PROVIDER = {
    "mx": "mx01.provider.test",
    "mx_overseas": "mxw.provider.test",
    "smtp": "smtp.provider.test",
    "pop": "pop.provider.test",
    "imap": "imap.provider.test",
}


@dataclass
class MailServers:
    smtp: int
    smtps: int
    pop3: int
    pop3s: int
    imap: int
    imaps: int
    expired_tls: int
    wrong_name_tls: int
    ca_file: Path
    mx_handler: ProviderMxHandler
    mailbox: MailboxServer


def build_zone() -> Zone:
    zone = Zone()
    zone.add(PROVIDER["mx"], "A", "127.0.0.1")
    zone.add(PROVIDER["mx_overseas"], "A", "127.0.0.2")
    for key in ("smtp", "pop", "imap"):
        zone.add(PROVIDER[key], "A", "127.0.0.1")
    zone.add("good.example", "MX", f"10 {PROVIDER['mx']}.")
    zone.add("good.example", "TXT", '"v=spf1 include:spf.provider.test -all"')
    zone.add("spf.provider.test", "TXT", '"v=spf1 ip4:127.0.0.0/8 -all"')
    zone.add("_dmarc.good.example", "TXT", '"v=DMARC1; p=reject; rua=mailto:dmarc@good.example"')
    zone.add("ruled.example", "MX", f"10 {PROVIDER['mx']}.")
    zone.add("overseas.example", "MX", f"10 {PROVIDER['mx_overseas']}.", f"50 {PROVIDER['mx']}.")
    zone.add("badorder.example", "MX", f"10 {PROVIDER['mx']}.", f"50 {PROVIDER['mx_overseas']}.")
    zone.add("onlyoverseas.example", "MX", f"10 {PROVIDER['mx_overseas']}.")
    zone.add("elsewhere.example", "MX", "10 mail.other.example.")
    zone.add("mail.other.example", "A", "192.0.2.10")
    zone.add("mixed.example", "MX", f"10 {PROVIDER['mx']}.", "20 mail.other.example.")
    zone.add("cnamemx.example", "MX", "10 mail.cnamemx.example.")
    zone.add("mail.cnamemx.example", "CNAME", f"{PROVIDER['mx']}.")
    zone.add("byaddr.example", "MX", "10 mx.byaddr.example.")
    zone.add("mx.byaddr.example", "A", "127.0.0.1")
    zone.add("alias.example", "CNAME", "good.example.")
    zone.add("nomx.example", "A", "192.0.2.1")
    zone.add("nullmx.example", "MX", "0 .")
    zone.add("xn--fiqs8s.example", "MX", f"10 {PROVIDER['mx']}.")  # 中国.example
    zone.add("weakspf.example", "TXT", '"v=spf1 +all"')
    zone.add("badspf.example", "TXT", '"v=spf1 include:nothing-here.example -all"')
    zone.add("2.0.0.127.bl.test", "A", "127.0.0.2")
    zone.add("2.0.0.127.bl.test", "TXT", '"listed for testing"')
    zone.add("bl.test", "SOA", "ns.bl.test. admin.bl.test. 1 3600 600 86400 60")
    zone.servfail.add("servfail.example")
    zone.silent.add("slow.example")
    return zone


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
