"""Yahoo (and AOL, now Yahoo's): bracketed codes in its SMTP replies.

Sample lines::

    421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected
        volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes
    553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in
        Spamhaus's list; see https://postmaster.yahooinc.com/error-codes

Yahoo's sender pages (citation "yahoo") explain them: TS/TSS codes are
deferrals for the volume and complaints the sending IP produces (its
reputation), BL codes block lists, PH a policy refusal of the message.

Its "SMTP Error Codes" page names the families, not each number: "Message
temporarily deferred (e.g. TS* Errors)" for complaints, spam-like content, a
poor IP reputation or unusual traffic, and "Content based blocks (e.g. PH*
Errors)" for viruses, phishing and malicious links; a number the table does not
list is read by its family (``TS*``, ``PH*``, ``BL*``). Its section on an
"Unresolvable RFC.5321 or RFC.5322 from domain" (the sender's domain) is a
phrase; its failure example ("This user doesn't have a yahoo.com account") and
"Excessive user complaints" are in the reason files.
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "yahoo"
SOURCE = "yahoo"
HOSTS = ("yahoo.com", "yahoodns.net", "yahoo.co.jp", "ymail.com", "aol.com", "yahooinc.com")
TEXT_HINTS = ("postmaster.yahooinc.com", "senders.yahooinc.com", "help.yahoo.com")

_CODE = re.compile(r"\[((?:TSS?|BL|PH)\d{2})\]")
CODES: dict[str, str] = {
    # "421 4.7.0 [TS01] Messages from x.x.x.x temporarily deferred due to user complaints":
    # the taxonomy's Yahoo module gives TS01 no reading, and its index lists the text under
    # blocked (citation "taxonomy-index", why-blocked.go), tried before anything its status
    # 4.7.0 could say; its names, its reading (no RFC says otherwise)
    "TS01": "blocked",
    "TS02": "badreputation",
    "TS03": "badreputation",  # "All messages from x.x.x.x permanently deferred": bulk volume
    # "421 4.7.0 [TSS04] Messages from ... temporarily deferred due to unexpected volume or
    # user complaints", "553 5.7.2 [TSS09] / [TSS11] All messages from ... will be permanently
    # deferred": the taxonomy's Yahoo module lists both texts under rejected (citation
    # "taxonomy-rhost", for-yahooinc.go: Yahoo gives them also to domains without SPF, DKIM
    # or DMARC, so they say no more than that the sender was refused); its names, its reading.
    "TSS04": "rejected",
    "TSS09": "rejected",
    "TSS11": "rejected",
    "BL21": "blocked",  # the IP is on a Spamhaus list
    "BL22": "blocked",
    "BL23": "blocked",
    "PH01": "policyviolation",  # "Email not accepted for policy reasons"
    # The families (the page: "TS* Errors", "PH* Errors"; BL: IP listed by Spamhaus)
    "TS*": "badreputation",
    "PH*": "policyviolation",
    "BL*": "blocked",
}

RULES = (
    # "Unresolvable RFC.5321 or RFC.5322 from domain": the sender's domain does not exist
    (phrase("unresolvable rfc.5321", "yahoo"), "rejected"),
    (phrase("unresolvable rfc.5322", "yahoo"), "rejected"),
    # The reference taxonomy's Yahoo module (citation "taxonomy-rhost", for-yahooinc.go,
    # from the same page and smtpfieldmanual.com/provider/yahoo):
    (
        phrase("yahoo requires all senders to authenticate with either spf or dkim", "yahoo"),
        "authfailure",
    ),
    (phrase("not accepted from ip addresses on spamhaus xbl", "yahoo"), "blocked"),
    (phrase("because the ip is in spamhaus's list", "yahoo"), "blocked"),
    (phrase("headers are not rfc compliant", "yahoo"), "notcompliantrfc"),
    (phrase("not accepted for policy reasons", "yahoo"), "policyviolation"),
    (phrase("user is receiving mail too quickly", "yahoo"), "speeding"),
    (phrase("this mailbox is disabled", "yahoo"), "suspend"),  # AOL's "(554.30)"
    (
        phrase("is no longer valid", "yahoo"),
        "suspend",
    ),  # "554 delivery error: dd ... is no longer valid."
    (phrase("max message per connection reached", "yahoo"), "toomanyconn"),
    (
        phrase("temporarily deferred due to unexpected volume or user complaints", "yahoo"),
        "rejected",
    ),
    (phrase("will be permanently deferred", "yahoo"), "rejected"),
    (phrase("dd this user doesn't have a", "yahoo"), "userunknown"),
    (phrase("mailbox not found", "yahoo"), "userunknown"),
)


def code_of(text: str) -> list[str]:
    """Yahoo's bracketed codes in a reply, each followed by its family ("TS*")."""
    found: list[str] = []
    for code in _CODE.findall(text):
        found.extend((code, code[:2] + "*"))
    return found
