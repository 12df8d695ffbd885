"""The DNS the diagnose tests ask: BIND zones for every MX layout and failure the checks tell apart.

Served by an authoritative-only BIND (``recursion no``): as an agent asking the customer's own
nameserver, it answers a CNAME without following it into another zone, REFUSES names outside
its zones and answers a delegation with a referral. A BIND resolver in front of it follows
chains itself and turns refusals and dead delegations into SERVFAIL.
"""

from __future__ import annotations

ACCOUNT_USER = "alice@good.test"
ACCOUNT_PASSWORD = "S3cret-Pa55+word"
PROVIDER = {
    "mx": "mx01.provider.test",
    "mx_overseas": "mxw.provider.test",
    "smtp": "smtp.provider.test",
    "pop": "pop.provider.test",
    "imap": "imap.provider.test",
}
# Postfix's check_sender_access: the 4.0.28 rule's own reply, and another sender rejection.
SENDER_ACCESS = {"ruled.test": "REJECT", "blacklisted.test": "REJECT Sender blacklisted"}

MX01 = "mx01.provider.test."
# 31 MX records with long names: over 1232 bytes, so truncated over UDP even with EDNS.
BIG_MX = "\n".join(
    f"@ MX {n} mx{n:02d}.a-rather-long-mail-exchanger-name-for-truncation.big.test.\n"
    f"mx{n:02d}.a-rather-long-mail-exchanger-name-for-truncation A 127.0.0.1"
    for n in range(31)
)

ZONES = {
    "provider.test": (
        "mx01 A 127.0.0.1\n"
        "mxw A 127.0.0.2\n"
        "smtp A 127.0.0.1\n"
        "pop A 127.0.0.1\n"
        # In another zone: an authoritative server returns only the CNAME.
        "imap CNAME imapsrv.hosting.test.\n"
        "hijacked A 10.0.0.8\n"
        'spf TXT "v=spf1 ip4:127.0.0.0/8 -all"\n'
    ),
    "hosting.test": (
        "imapsrv A 127.0.0.1\n"
        f"alias CNAME {MX01}\n"
        'dmarc-for-cnamedmarc TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@cnamedmarc.test"\n'
        "loopy CNAME loopy.chain.test.\n"
        "outside CNAME mail.elsewhere.example.\n"
    ),
    "good.test": (
        f"@ MX 10 {MX01}\n"
        '@ TXT "v=spf1 include:spf.provider.test -all"\n'
        '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.test"\n'
    ),
    "ruled.test": f"@ MX 10 {MX01}\n",
    "blacklisted.test": f"@ MX 10 {MX01}\n",
    "overseas.test": f"@ MX 10 mxw.provider.test.\n@ MX 50 {MX01}\n",
    "badorder.test": f"@ MX 10 {MX01}\n@ MX 50 mxw.provider.test.\n",
    "onlyoverseas.test": "@ MX 10 mxw.provider.test.\n",
    "other.test": "mail A 192.0.2.10\n",
    "elsewhere.test": "@ MX 10 mail.other.test.\n",
    "mixed.test": f"@ MX 10 {MX01}\n@ MX 20 mail.other.test.\n",
    # The MX host is a CNAME into the provider's zone (issue 15, finding 1).
    "cnamemx.test": f"@ MX 10 mail.cnamemx.test.\nmail CNAME {MX01}\n",
    # Two hops through two other zones.
    "chain.test": (
        "@ MX 10 mail.chain.test.\n"
        "mail CNAME alias.hosting.test.\n"
        "loopy CNAME loopy.hosting.test.\n"
    ),
    "byaddr.test": "@ MX 10 mx.byaddr.test.\nmx A 127.0.0.1\n",
    # The domain asked about is itself a CNAME into another zone.
    "alias.test": "shop CNAME good.test.\n",
    # An IP address as MX host (BIND loads it with check-mx's warning).
    "iplit.test": "@ MX 10 127.0.0.1.\n",
    "iplitextra.test": f"@ MX 10 {MX01}\n@ MX 20 127.0.0.1.\n",
    "nomx.test": "@ A 192.0.2.1\n",
    "nullmx.test": "@ MX 0 .\n",
    "loop.test": "@ MX 10 a.loop.test.\na CNAME b.loop.test.\nb CNAME a.loop.test.\n",
    "outside.test": "@ MX 10 mail.outside.test.\nmail CNAME outside.hosting.test.\n",
    # A delegation to a nameserver that does not exist (127.0.0.9:53 answers nothing).
    "parent.test": "dead NS ns.dead.parent.test.\nns.dead A 127.0.0.9\n",
    "xn--fiqs8s.test": f"@ MX 10 {MX01}\n",  # 中国.test
    "big.test": BIG_MX,
    "weakspf.test": f'@ MX 10 {MX01}\n@ TXT "v=spf1 +all"\n',
    "badspf.test": f'@ MX 10 {MX01}\n@ TXT "v=spf1 include:nothing.good.test -all"\n',
    "twospf.test": (
        f"@ MX 10 {MX01}\n"
        '@ TXT "v=spf1 ip4:127.0.0.1 -all"\n'
        '@ TXT "v=spf1 include:spf.provider.test ~all"\n'
        '_dmarc TXT "v=DMARC1; p=none"\n'
    ),
    "twodmarc.test": (
        '@ TXT "v=spf1 -all"\n_dmarc TXT "v=DMARC1; p=reject"\n_dmarc TXT "v=DMARC1; p=none"\n'
    ),
    "cnamedmarc.test": (
        f'@ MX 10 {MX01}\n@ TXT "v=spf1 -all"\n_dmarc CNAME dmarc-for-cnamedmarc.hosting.test.\n'
    ),
    "bl.test": '2.0.0.127 A 127.0.0.2\n2.0.0.127 TXT "listed for testing"\n',
}
REFUSED_ZONES = ["refused.test"]
SERVFAIL_ZONES = ["broken.test"]
