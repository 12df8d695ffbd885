"""Yahoo (and AOL, now Yahoo's): bracketed codes in its SMTP replies.

Sample lines::

    421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected
        volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes
    553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in
        Spamhaus's list; see https://postmaster.yahooinc.com/error-codes

Yahoo's sender pages (citation "yahoo") explain them: TS/TSS codes are
deferrals for the volume and complaints the sending IP produces (its
reputation), BL codes block lists, PH a policy refusal of the message.
"""

from __future__ import annotations

import re

NAME = "yahoo"
SOURCE = "yahoo"
HOSTS = ("yahoo.com", "yahoodns.net", "yahoo.co.jp", "ymail.com", "aol.com", "yahooinc.com")
TEXT_HINTS = ("postmaster.yahooinc.com", "senders.yahooinc.com", "help.yahoo.com")

_CODE = re.compile(r"\[((?:TSS?|BL|PH)\d{2})\]")
CODES: dict[str, str] = {
    "TS01": "badreputation",
    "TS02": "badreputation",
    "TS03": "badreputation",  # "All messages from x.x.x.x permanently deferred": bulk volume
    "TSS04": "badreputation",  # "temporarily deferred due to unexpected volume or complaints"
    "TSS09": "badreputation",
    "TSS11": "badreputation",
    "BL21": "blocked",  # the IP is on a Spamhaus list
    "BL22": "blocked",
    "BL23": "blocked",
    "PH01": "policyviolation",  # "Email not accepted for policy reasons"
}


def code_of(text: str) -> list[str]:
    """Yahoo's bracketed codes in a reply."""
    return _CODE.findall(text)
