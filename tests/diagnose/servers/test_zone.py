"""The DNS test zone: domains for every MX layout and failure the checks must tell apart."""

from __future__ import annotations

from servers.dnsserver import Zone
from servers.fixtures_data import PROVIDER


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
