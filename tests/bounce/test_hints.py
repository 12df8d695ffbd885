"""A reporting MTA's own documented classification of a failure (``Recipient.hint``).

PowerMTA puts an ``X-PowerMTA-BounceCategory`` field in each recipient block of its
DSNs, one of the bounce categories its User's Guide lists. It is read only when no
wording, status or stage decides (``postdesk.bounce.decide``).
"""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze
from tests.bounce.built_bounces import build


def _powermta(diagnostic: str, category: str, status: str = "5.0.0") -> bytes:
    body = f"""
--R1

Hello, this is the mail server on mta7.example.net.

  <kijitora@example.jp>  delivery failed; will not continue trying

--R1
Content-Type: message/delivery-status

Reporting-MTA: dns;mta7.example.net
X-PowerMTA-VirtualMTA: pool-a
Arrival-Date: Mon, 3 Mar 2025 09:15:00 +0000

Final-Recipient: rfc822;kijitora@example.jp
Action: failed
Status: {status}
Remote-MTA: dns;mx.example.jp (192.0.2.7)
Diagnostic-Code: smtp;{diagnostic}
X-PowerMTA-BounceCategory: {category}

--R1
Content-Type: text/rfc822-headers

From: shironeko@example.org
To: kijitora@example.jp
Subject: Nyaan

--R1--
"""
    return build(
        {
            "From": "postmaster@mta7.example.net",
            "To": "bounces@example.org",
            "Subject": "Delivery report",
            "MIME-Version": "1.0",
            "Content-Type": 'multipart/report; report-type=delivery-status; boundary="R1"',
        },
        body,
    )


# A reply whose words no rule places (a server's own reference number), so only the
# category says what PowerMTA made of it.
_UNPLACED = "550 5.0.0 Message refused, reference R-4411"


@pytest.mark.parametrize(
    ("category", "reason"),
    [
        ("quota-issues", "mailboxfull"),
        ("inactive-mailbox", "suspend"),
        ("bad-domain", "hostunknown"),
        ("relaying-issues", "norelaying"),
    ],
)
def test_category_decides_when_nothing_else_does(category: str, reason: str) -> None:
    (record,) = analyze(_powermta(_UNPLACED, category), with_advice=False).recipients
    assert record.reason == reason
    assert "hint" not in record.as_dict()  # a hint, not part of the output


def test_category_naming_several_causes_is_not_read() -> None:
    # "spam-related" takes RBL listings and "blocked" as well as content (PowerMTA's patterns)
    (record,) = analyze(_powermta(_UNPLACED, "spam-related"), with_advice=False).recipients
    assert record.reason == "onhold"


def test_wording_and_status_outrank_the_category() -> None:
    raw = _powermta("552 5.2.2 <kijitora@example.jp>: Mailbox full", "bad-mailbox", "5.2.2")
    (record,) = analyze(raw, with_advice=False).recipients
    assert record.reason == "mailboxfull"
