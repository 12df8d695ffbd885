"""Spectrum (Charter, charter.net): "AUP#" and four digits at the end of its replies.

Sample line::

    554 5.7.1 ... Your email was rejected for having too many recipients in one
        message. AUP#I-1550

Spectrum's "Understanding email error codes" page (citation "spectrum") numbers
each refusal: AUP#I for mail coming in to a Spectrum address, AUP#O for mail a
Spectrum customer sends, then the number. The reference taxonomy reads the same
numbers (citation "taxonomy-rhost", for-spectrum.go); a range is keyed
"first-last".
"""

from __future__ import annotations

import re

NAME = "spectrum"
SOURCE = "spectrum"
HOSTS = ("charter.net", "charter.com", "spectrum.net")
TEXT_HINTS = ("aup#",)

CODES: dict[str, str] = {
    "1000": "blocked",  # the IP blocked for suspicious activity
    "1010": "rejected",  # the sending account blocked for suspicious activity
    "1020-1080": "rejected",  # the sending account's access limited
    "1090": "systemerror",  # the email can't be processed: try again later
    "1100-1150": "requireptr",  # the IP's DNS: a full-circle reverse DNS is required
    "1160-1190": "policyviolation",  # against the sender domain's security policies
    "1200-1210": "blocked",  # the IP flagged by Cloudmark CSI
    "1220-1250": "blocked",  # the IP on a Spamhaus list
    "1260": "networkerror",  # Spectrum does not take mail over IPv6
    "1300-1340": "toomanyconn",  # concurrent and total connection limits
    "1350-1490": "speeding",  # limits on messages, recipients, spam and invalid recipients
    "1500": "rejected",  # sending as an address other than the one signed in
    "1520": "rejected",  # sending as an address of a domain Spectrum does not host
    "1530": "mesgtoobig",  # larger than the 20 MB maximum
    "1540": "speeding",  # too many messages in one session
    "1550": "speeding",  # too many recipients in one message
    "1560": "policyviolation",  # too many invalid recipients
    "1580": "speeding",  # too many recipients in a short time
}
_RANGES = tuple((key, *map(int, key.split("-"))) for key in CODES if "-" in key)
_CODE = re.compile(r"AUP#\s?[IO]?-?(\d{4})\b", re.IGNORECASE)


def code_of(text: str) -> list[str]:
    """Spectrum's AUP# numbers in a reply, each followed by the range that holds it."""
    found: list[str] = []
    for number in _CODE.findall(text):
        found.append(number)
        found.extend(key for key, first, last in _RANGES if first <= int(number) <= last)
    return found
