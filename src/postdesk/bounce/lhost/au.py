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
from postdesk.bounce.codes import clean_address, find_address
from postdesk.bounce.message import Message
from postdesk.bounce.reasons import named_by
from postdesk.bounce.result import Recipient

NAME = "au"
HINTS = ("ezweb.ne.jp", "dion.ne.jp", "au.com", "メールエラー通知")

_DOMAINS = ("ezweb.ne.jp", "dion.ne.jp", "au.com", "kddi.com")
_ADDRESS = re.compile(r"<([^<>\s@]+@[^<>\s]+)>")
_END = ("original message", "content-type: message/rfc822", "------ original")


def _report(message: Message, notice: str) -> list[Recipient] | None:
    """au's RFC 3464 report: its catch-all status (5.0.0) defers to the notice's verdict.

    The notice's lead sentence ("The user(s) account is disabled.") is au's
    own reading of the refusal; the quoted reply below it ("550 user
    unknown") is the same for a missing and a disabled mailbox.
    """
    recipients = rfc3464.parse(message)
    verdict = named_by(notice, "kddi")
    for recipient in recipients:
        recipient.reason = recipient.reason or verdict
    return recipients or None


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an au notice, or ``None`` when it is not one."""
    # The sender's domain is au's or under it: "au.com" inside "bureau.com" is not au.
    # (A domain that is not in the From header at all cannot be the sender's: one
    # substring test each before the address is looked for.)
    sent_by = message.header("from")
    lowered_from = sent_by.lower()
    if not any(domain in lowered_from for domain in _DOMAINS):
        return None
    sender = find_address(sent_by).rpartition("@")[2]
    if not any(sender == domain or sender.endswith("." + domain) for domain in _DOMAINS):
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
    reason = named_by(notice, "kddi")
    return [
        Recipient(address=a, diagnostic=diagnostic, reason=reason) for a in dict.fromkeys(addresses)
    ]
