"""I.UA mail (Ukraine): replies that link to an error page "mail.i.ua/err/N/".

Sample line::

    550 Mailbox is full. See http://mail.i.ua/err/4/

Each page (citation "iua") explains its number; the reference taxonomy reads
the number alike (citation "taxonomy-rhost", for-iua.go).
"""

from __future__ import annotations

import re

NAME = "iua"
SOURCE = "iua"
HOSTS = ("i.ua", "email.ua")
TEXT_HINTS = (".i.ua/err/",)

_CODE = re.compile(r"\.i\.ua/err/(\d{1,2})/", re.IGNORECASE)
CODES: dict[str, str] = {
    "1": "norelaying",  # using the server as a mail gate is forbidden
    "2": "userunknown",  # the user is not found
    "3": "suspend",  # the mailbox was not used for more than 3 months
    "4": "mailboxfull",
    "5": "toomanyconn",  # the sending limit is exceeded
    "6": "norelaying",  # use your provider's SMTP server
    "7": "blocked",  # a wrong HELO/EHLO argument
    "8": "rejected",  # the sender address could not be verified
    "9": "blocked",  # the sending IP is blacklisted
    "10": "filtered",  # not in the recipient's address list
}


def code_of(text: str) -> list[str]:
    """The error page numbers in a reply."""
    return _CODE.findall(text)
