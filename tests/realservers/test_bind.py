"""BIND answers MX, CNAME chains across zones, truncation, REFUSED and SERVFAIL."""

from __future__ import annotations

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from tests.realservers import BindAuthoritative, BindResolver
from tests.realservers.fixtures import ServerPool

MANY_MX = "\n".join(f"@ MX {n} mx{n:02d}.a-long-mail-exchanger-name.big.test." for n in range(31))
ZONES = {
    "customer.test": (
        "@ MX 10 mx.customer.test.\n"
        "mx A 127.0.0.25\n"
        "mail CNAME alias.hosting.test.\n"
        '@ TXT "v=spf1 ip4:127.0.0.25 -all"\n'
        '@ TXT "v=spf1 include:other.test ~all"\n'
        '_dmarc TXT "v=DMARC1; p=reject"\n'
        "sub NS ns.sub.customer.test.\n"
        "ns.sub A 127.0.0.1\n"
    ),
    "hosting.test": "alias CNAME mx1.provider.test.\n",
    "provider.test": "mx1 A 127.0.0.26\n",
    "big.test": MANY_MX,
}


@pytest.fixture(scope="module")
def dns_pair(module_real_servers: ServerPool) -> tuple[BindAuthoritative, BindResolver]:
    auth = module_real_servers.start(
        BindAuthoritative(ZONES, refused_zones=["refused.test"], servfail_zones=["broken.test"])
    )
    return auth, module_real_servers.start(BindResolver(auth.address))


def _ask(
    server: BindAuthoritative | BindResolver,
    name: str,
    rtype: str,
    *,
    tcp: bool = False,
    edns: bool = True,
) -> dns.message.Message:
    query = dns.message.make_query(name, rtype, use_edns=0 if edns else False)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, server.host, port=server.port, timeout=5)


def test_mx_and_cname_chain_through_the_resolver(
    dns_pair: tuple[BindAuthoritative, BindResolver],
) -> None:
    _, resolver = dns_pair
    mx = _ask(resolver, "customer.test", "MX")
    assert [str(r) for r in mx.answer[0]] == ["10 mx.customer.test."]
    chain = _ask(resolver, "mail.customer.test", "A")
    assert [str(rrset.name) for rrset in chain.answer] == [
        "mail.customer.test.",
        "alias.hosting.test.",
        "mx1.provider.test.",
    ]
    assert chain.answer[-1][0].address == "127.0.0.26"


def test_authoritative_server_returns_the_cname_only(
    dns_pair: tuple[BindAuthoritative, BindResolver],
) -> None:
    auth, _ = dns_pair
    answer = _ask(auth, "mail.customer.test", "A")
    assert answer.flags & dns.flags.AA
    assert [rrset.rdtype for rrset in answer.answer] == [dns.rdatatype.CNAME]


def test_two_spf_records_and_dmarc(dns_pair: tuple[BindAuthoritative, BindResolver]) -> None:
    _, resolver = dns_pair
    txt = sorted(str(r) for r in _ask(resolver, "customer.test", "TXT").answer[0])
    assert len([t for t in txt if t.startswith('"v=spf1')]) == 2
    assert "p=reject" in str(_ask(resolver, "_dmarc.customer.test", "TXT").answer[0][0])


def test_many_mx_records_truncate_over_udp_and_come_whole_over_tcp(
    dns_pair: tuple[BindAuthoritative, BindResolver],
) -> None:
    auth, _ = dns_pair
    udp = _ask(auth, "big.test", "MX", edns=False)
    assert udp.flags & dns.flags.TC
    tcp = _ask(auth, "big.test", "MX", tcp=True)
    assert len(tcp.answer[0]) == 31


def test_refused_servfail_and_dead_delegation(
    dns_pair: tuple[BindAuthoritative, BindResolver],
) -> None:
    auth, resolver = dns_pair
    assert _ask(auth, "refused.test", "MX").rcode() == dns.rcode.REFUSED
    assert _ask(auth, "elsewhere.example", "MX").rcode() == dns.rcode.REFUSED
    assert _ask(auth, "broken.test", "MX").rcode() == dns.rcode.SERVFAIL
    assert _ask(resolver, "refused.test", "MX").rcode() == dns.rcode.SERVFAIL
    assert _ask(resolver, "www.sub.customer.test", "A").rcode() == dns.rcode.SERVFAIL


def test_blackholed_server_never_answers(real_servers: ServerPool) -> None:
    silent = real_servers.start(BindAuthoritative(ZONES, blackhole=True))
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(
            dns.message.make_query("customer.test", "MX"), silent.host, port=silent.port, timeout=1
        )
