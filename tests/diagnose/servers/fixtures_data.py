"""Names the diagnose tests share: the test account, the rule domains, the provider's test hosts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servers.mailbox import MailboxServer
from servers.smtpserver import ProviderMxHandler

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
