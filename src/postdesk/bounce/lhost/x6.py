"""The taxonomy's "unknown MTA #6": "There was an error sending your mail", one paragraph each.

Layout, as the taxonomy's module documents it (citation "taxonomy-lhost",
go-sisimai lhost/via-x6.go)::

    Subject: There was an error sending your mail

    We had trouble delivering your message. Full details follow:

    Subject: 'Nyaan'
    Date: 'Thu, 29 Apr 2012 23:34:45 +0000'

    1 error(s):

    SMTP Server <mta2.example.jp> rejected recipient <kijitora@example.jp>
      (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]

    The attachment contains the original mail headers

Another form names the address after "The following recipients returned
permanent errors: ", the remote's reply (if any) on the same line. The stage in
parentheses is read by :mod:`postdesk.bounce.commands`.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "x6"
HINTS = ("there was an error sending your mail",)

_START = "we had trouble delivering your message. full details follow:"
_END = "the attachment contains the original mail headers"
_REJECTED = re.compile(r"^SMTP Server <[^>]*> rejected recipient <(?P<address>[^<>\s]+@[^<>\s]+)>")
# "The following recipients returned permanent errors: a@example.jp." and, on the same
# line, what the remote said ("Reason: SMTP Server <192.0.2.1> refused to accept ...")
_PERMANENT = re.compile(
    r"^The following recipients returned permanent errors: <?(?P<address>[^<>\s]+@[^<>\s]+?)>?"
    r"(?:[.,]?\s|[.,]?$)"
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of this system's notice, or ``None`` when it is not one."""
    if not message.header("subject").lower().startswith("there was an error sending your mail"):
        return None
    lowered = message.lowered
    begin = lowered.find(_START)
    if begin < 0:
        return None
    end = lowered.find(_END, begin)
    lines = message.text[begin : end if end >= 0 else len(message.text)].splitlines()[1:]
    recipients: list[Recipient] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        found = _REJECTED.match(stripped) or _PERMANENT.match(stripped)
        if found:
            current = [stripped]
            recipients.append(Recipient(address=clean_address(found.group("address"))))
        elif current and stripped and line[:1].isspace():
            current.append(stripped)  # the paragraph's continuation lines
        else:
            current = []
        if recipients and current:
            recipients[-1].diagnostic = " ".join(current)
    return recipients or None
