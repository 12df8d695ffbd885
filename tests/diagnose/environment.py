"""The servers the diagnose tests (and the benchmark) run against: BIND, Postfix, Dovecot.

BIND: an authoritative-only instance with the zones of ``zones.py`` (what an agent meets
asking a customer's own nameserver), a resolver in front of it, and a blackholed one (look-ups
time out). Postfix plays the provider's MX and SMTP server (the 4.0.28 rule as check_sender_access,
STARTTLS, implicit TLS, SMTP AUTH through Dovecot's SASL socket); Dovecot serves POP3 and IMAP
with STARTTLS and implicit TLS. :func:`profile_for` points a profile's hosts and ports at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.realservers import (
    BindAuthoritative,
    BindResolver,
    CaptureSMTP,
    CertFiles,
    CertificateAuthority,
    Dovecot,
    Postfix,
)
from tests.realservers.fixtures import ServerPool
from zones import (
    ACCOUNT_PASSWORD,
    ACCOUNT_USER,
    PROVIDER,
    REFUSED_ZONES,
    SENDER_ACCESS,
    SERVFAIL_ZONES,
    ZONES,
)

from postdesk.profile import Profile, load_profile


@dataclass(frozen=True)
class Dns:
    """The three nameservers: the zones' own, a resolver in front of it, one that never answers."""

    authoritative: BindAuthoritative
    resolver: BindResolver
    blackhole: BindAuthoritative


def start_dns(pool: ServerPool) -> Dns:
    auth = pool.start(
        BindAuthoritative(ZONES, refused_zones=REFUSED_ZONES, servfail_zones=SERVFAIL_ZONES)
    )
    resolver = pool.start(BindResolver(auth.address))
    blackhole = pool.start(BindAuthoritative({"dead.test": ""}, blackhole=True))
    return Dns(auth, resolver, blackhole)


@dataclass(frozen=True)
class Mail:
    postfix: Postfix
    dovecot: Dovecot
    cert: CertFiles


def provider_cert(ca: CertificateAuthority) -> CertFiles:
    """A certificate for every provider host name (and loopback), from ``ca``."""
    return ca.issue("provider", [*PROVIDER.values(), "localhost", "127.0.0.1"])


def start_mail(pool: ServerPool, cert: CertFiles) -> Mail:
    """Dovecot, then Postfix using Dovecot for SMTP AUTH; both stopped with ``pool``."""
    dovecot = pool.start(Dovecot({ACCOUNT_USER: ACCOUNT_PASSWORD}, cert, auth_socket=True))
    # Nothing is ever delivered (the probes never send DATA); the relay catches a mistake.
    capture = pool.start(CaptureSMTP())
    postfix = pool.start(
        Postfix(
            relay=capture.address,
            hostname="mx01.provider.test",
            tls=cert,
            implicit_tls=True,
            sender_access=SENDER_ACCESS,
            main_cf={
                "smtpd_sasl_auth_enable": "yes",
                "smtpd_sasl_type": "dovecot",
                "smtpd_sasl_path": dovecot.auth_socket_path,
                "smtpd_tls_auth_only": "yes",
                "smtpd_relay_restrictions": (
                    "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination"
                ),
            },
        )
    )
    return Mail(postfix, dovecot, cert)


def profile_for(mail: Mail, **hosts: str) -> Profile:
    """The default profile with the provider's hosts, ports and addresses moved to loopback."""
    data = load_profile().model_dump(mode="json")
    data["hosts"].update(PROVIDER)
    data["hosts"].update(hosts)
    postfix, dovecot = mail.postfix, mail.dovecot
    data["ports"].update(
        smtp=postfix.port,
        submission=postfix.port,
        smtp_ssl=postfix.smtps_port,
        pop3=dovecot.pop3_port,
        pop3_ssl=dovecot.pop3s_port,
        pop3_ssl_documented=dovecot.pop3s_port,
        imap=dovecot.imap_port,
        imap_ssl=dovecot.imaps_port,
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
