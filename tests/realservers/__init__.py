"""Real servers on loopback for the tests: mail systems, a scripted remote, POP3/IMAP, DNS, TLS.

Installed by ``scripts/install-test-servers`` (``make servers``; ``.ci/run`` runs it); usage,
ports and logs in ``docs/test-servers.md``. Every launcher is a context manager that writes its
configuration into a fresh folder, starts its server in a private namespace on free 127.0.0.1
ports, waits until it answers, and stops it with nothing left running. The pytest fixtures are in
``tests.realservers.fixtures`` (registered for the whole suite by ``tests/conftest.py``).
"""

from tests.realservers.bind import BindAuthoritative, BindResolver, dns_query_rcode, zone_text
from tests.realservers.courier import Courier
from tests.realservers.dovecot import Dovecot
from tests.realservers.errors import ServerError
from tests.realservers.exim import Exim
from tests.realservers.mta import MailSystem
from tests.realservers.opensmtpd import OpenSMTPD
from tests.realservers.pki import CertFiles, CertificateAuthority, self_signed
from tests.realservers.postfix import Postfix
from tests.realservers.sandbox import Sandbox, free_port
from tests.realservers.scripted_smtp import (
    STALL,
    CaptureSMTP,
    Received,
    Reply,
    ScriptedSMTP,
    SessionRecord,
    Stage,
)
from tests.realservers.sendmail import Sendmail
from tests.realservers.tls_server import (
    TlsServer,
    expired,
    legacy_client_context,
    not_yet_valid,
    private_ca,
    self_signed_server,
    tls10_only,
    wrong_name,
)

# Every mail system launcher, by name (the bounce factory runs its situations over all of them).
MAIL_SYSTEMS: dict[str, type[MailSystem]] = {
    "postfix": Postfix,
    "exim": Exim,
    "opensmtpd": OpenSMTPD,
    "sendmail": Sendmail,
    "courier": Courier,
}

__all__ = [
    "MAIL_SYSTEMS",
    "STALL",
    "BindAuthoritative",
    "BindResolver",
    "CaptureSMTP",
    "CertFiles",
    "CertificateAuthority",
    "Courier",
    "Dovecot",
    "Exim",
    "MailSystem",
    "OpenSMTPD",
    "Postfix",
    "Received",
    "Reply",
    "Sandbox",
    "ScriptedSMTP",
    "Sendmail",
    "ServerError",
    "SessionRecord",
    "Stage",
    "TlsServer",
    "dns_query_rcode",
    "expired",
    "free_port",
    "legacy_client_context",
    "not_yet_valid",
    "private_ca",
    "self_signed",
    "self_signed_server",
    "tls10_only",
    "wrong_name",
    "zone_text",
]
