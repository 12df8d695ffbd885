"""NTT docomo (docomo.ne.jp): one reply, "550 Unknown user", read by the record's status.

Sample lines::

    550 Unknown user kijitora@docomo.ne.jp        (Status: 5.1.1, at RCPT)
    550 Unknown user kijitora@docomo.ne.jp        (Status: 5.2.0, after DATA)

docomo's servers gave the same text for an address that does not exist and
for mail the recipient's reception settings refuse (citation "docomo": mail
refused by 受信拒否 settings). The reference taxonomy's docomo module
(citation "taxonomy-rhost", for-nttdocomo.go) tells them apart by the report's
status: 5.1.1 (or the taxonomy's own 5.0.911) is an unknown address, 5.2.0 the
reception settings (filtered). With any other status the text decides: since
March 2025 docomo no longer refuses mail at SMTP for its reception filters, so
"550 Unknown user" is the address; its other replies (552 too much mail data,
552 too many recipients, 503/504 command errors) say their own cause. A bare
5.0.0 with no such text is read by the command: RCPT the address, DATA the
message (rejected).
"""

from __future__ import annotations

from postdesk.bounce.result import Recipient

NAME = "nttdocomo"
SOURCE = "taxonomy-rhost"
HOSTS = ("docomo.ne.jp", "mopera.net")

# Keys: the status or text that decides (see code_of_record).
CODES: dict[str, str] = {
    "status:5.1.1": "userunknown",
    "status:5.0.911": "userunknown",
    "status:5.2.0": "filtered",  # the recipient's reception settings (受信拒否)
    "552 too much mail data": "mailboxfull",
    "552 too many recipients": "toomanyconn",
    "503 bad sequence of commands": "syntaxerror",
    "504 command parameter not implemented": "syntaxerror",
    "550 unknown user": "userunknown",
    "5.0.0:RCPT": "userunknown",
    "5.0.0:DATA": "rejected",
}
_TEXTS = tuple(key for key in CODES if key[0].isdigit() and " " in key)


def code_of_record(recipient: Recipient) -> list[str]:
    """The keys of ``CODES`` that apply to ``recipient``, the deciding one first."""
    found: list[str] = []
    key = f"status:{recipient.status}"
    if key in CODES:
        found.append(key)
    lowered = " ".join(recipient.diagnostic.lower().split())
    found.extend(text for text in _TEXTS if text in lowered)
    if recipient.status == "5.0.0" and recipient.command in ("RCPT", "DATA"):
        found.append(f"5.0.0:{recipient.command}")
    return found
