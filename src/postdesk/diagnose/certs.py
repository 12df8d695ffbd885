"""Reading a server certificate: names, issuer, validity, and whether it covers the host.

The tls check reads every port's certificate with these; the probes read the
one they met when the chain was not trusted, to name its issuer. The host
name is matched against the subjectAltName (RFC 6125: a wildcard only as the
whole left-most label).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from typing import Any

from postdesk.diagnose.targets import is_ip

# OpenSSL verify codes (x509_vfy.h) that mean "issued by a CA the trust store
# does not hold": a private CA or a self-signed certificate, usual on a
# customer's own server. Any other failure (expired, revoked, bad signature,
# wrong name) is a broken certificate.
SELF_SIGNED_CODES = frozenset({18})  # DEPTH_ZERO_SELF_SIGNED_CERT
UNKNOWN_ISSUER_CODES = frozenset(
    {
        2,  # UNABLE_TO_GET_ISSUER_CERT
        19,  # SELF_SIGNED_CERT_IN_CHAIN
        20,  # UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        21,  # UNABLE_TO_VERIFY_LEAF_SIGNATURE
    }
)
PRIVATE_ISSUER_CODES = SELF_SIGNED_CODES | UNKNOWN_ISSUER_CODES
# Verify codes the catalogue has words for (tls-reason.<name>).
REASON_OF_CODE = {9: "not-yet-valid", 10: "expired", 62: "name-mismatch"}


def trust_problem(err: ssl.SSLCertVerificationError) -> str:
    """``self-signed``, ``private-ca`` (an issuer the trust store lacks) or ``broken``."""
    if err.verify_code in SELF_SIGNED_CODES:
        return "self-signed"
    if err.verify_code in UNKNOWN_ISSUER_CODES:
        return "private-ca"
    return "broken"


def host_matches(host: str, dns_names: list[str], ip_names: list[str]) -> bool:
    """Whether ``host`` is covered by the certificate's names."""
    if is_ip(host):
        return any(ipaddress.ip_address(host) == ipaddress.ip_address(ip) for ip in ip_names)
    host = host.lower().rstrip(".")
    for pattern in (name.lower().rstrip(".") for name in dns_names):
        if pattern == host:
            return True
        if pattern.startswith("*.") and "." in host:
            first, rest = host.split(".", 1)
            if first and rest == pattern[2:]:
                return True
    return False


def describe_certificate(der: bytes, host: str) -> dict[str, Any]:
    """Subject, issuer, names, validity and host match of a DER certificate."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns_names = san.get_values_for_type(x509.DNSName)
        ip_names = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        dns_names = [
            str(attr.value) for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        ]
        ip_names = []
    not_after = cert.not_valid_after_utc
    now = dt.datetime.now(dt.UTC)
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "names": dns_names + ip_names,
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": not_after.isoformat(),
        # timedelta.days floors, so an expired certificate counts negative days.
        "days_to_expiry": (not_after - now).days,
        "host_matches": host_matches(host, dns_names, ip_names),
        "not_yet_valid": cert.not_valid_before_utc > now,
        "self_signed": cert.issuer == cert.subject,
    }


def peer_certificate(ssl_object: ssl.SSLObject | None, host: str) -> dict[str, Any] | None:
    """The certificate a TLS connection met, described; None before TLS or without one."""
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return describe_certificate(der, host) if der else None
