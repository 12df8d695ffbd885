"""RFC 5965 abuse feedback reports (ARF): reason ``feedback`` with its feedback type.

A feedback report names the complained-about recipients in
``Original-Rcpt-To`` (one per line) or, failing that, in the To header of the
attached original message.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address, find_address
from postdesk.bounce.fields import fields_of
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "arf"
_TO_LINE = re.compile(r"^to:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a feedback report, or ``None`` when it is not one."""
    if not message.feedback:
        return None
    recipients: list[Recipient] = []
    for report in message.feedback:
        fields = fields_of(report)
        values = {name: value for name, value in reversed(fields)}
        kind = values.get("feedback-type", "").lower()
        date = values.get("arrival-date", "") or values.get("received-date", "")
        rhost = values.get("source-ip", "")
        addresses = [clean_address(v) for n, v in fields if n in ("original-rcpt-to",)]
        addresses += [clean_address(v) for n, v in fields if n == "removal-recipient"]
        if not addresses:
            to_line = _TO_LINE.search(message.original)
            found = find_address(to_line.group(1)) if to_line else ""
            addresses = [found or find_address(message.header("to"))]
        for address in addresses:
            recipients.append(
                Recipient(
                    address=address,
                    reason="feedback",
                    feedbacktype=kind,
                    date=date,
                    rhost=rhost,
                    diagnostic=message.text.strip()[:500],
                )
            )
    return recipients
