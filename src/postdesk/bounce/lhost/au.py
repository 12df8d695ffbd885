"""au by KDDI (ezweb.ne.jp, au.com, dion.ne.jp): Japanese notice, English reason below.

Sample::

    送信先のメールボックスが一杯のため、送信できませんでした。
    Your mail sent on: Thu, 29 Apr 2013 23:45:22 +0900
         Could not be delivered to: <kijitora@example.dion.ne.jp>
         As their mailbox is full.

The address may come before or after the reason text; the whole notice is
the diagnostic, and its Japanese lead sentence is read too.
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "au"
HINTS = ("ezweb.ne.jp", "dion.ne.jp", "au.com", "メールエラー通知")

_DOMAINS = ("ezweb.ne.jp", "dion.ne.jp", "au.com", "kddi.com")
_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
# The notice's own sentences (sample line first) and their reasons.
_PHRASES: tuple[tuple[str, str], ...] = (
    # 送信先のメールボックスが一杯のため、送信できませんでした。 / As their mailbox is full.
    ("メールボックスが一杯", "mailboxfull"),
    ("as their mailbox is full", "mailboxfull"),
    # The user(s) account is disabled.
    ("account is disabled", "suspend"),
    # The user(s) account is temporarily over quota.
    ("temporarily over quota", "mailboxfull"),
    # The following recipients did not receive this message: ... (unknown address)
    ("is not found", "userunknown"),
    ("does not exist", "userunknown"),
)
_END = ("original message", "content-type: message/rfc822", "------ original")


def _report(message: Message, notice: str) -> list[Recipient] | None:
    """au's RFC 3464 report: its catch-all status (5.0.0) defers to the notice's verdict.

    The notice's lead sentence ("The user(s) account is disabled.") is au's
    own reading of the refusal; the quoted reply below it ("550 user
    unknown") is the same for a missing and a disabled mailbox.
    """
    recipients = rfc3464.parse(message)
    folded = " ".join(notice.lower().split())
    verdict = next((r for p, r in _PHRASES if p in folded), "")
    for recipient in recipients:
        recipient.reason = recipient.reason or verdict
    return recipients or None


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an au notice, or ``None`` when it is not one."""
    sender = message.header("from").lower()
    if not any(domain in sender for domain in _DOMAINS):
        return None
    text = message.text
    lowered = text.lower()
    cut = min((lowered.find(end) for end in _END if end in lowered), default=len(text))
    notice = text[:cut]
    if message.has_report:
        return _report(message, notice)
    addresses = [clean_address(a) for a in _ADDRESS.findall(notice)]
    if not addresses:
        return None
    diagnostic = " ".join(notice.split())
    reason = next((r for p, r in _PHRASES if p in diagnostic.lower()), "")
    return [
        Recipient(address=a, diagnostic=diagnostic, reason=reason) for a in dict.fromkeys(addresses)
    ]
