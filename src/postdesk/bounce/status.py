"""What an enhanced status code says about the reason, and which code a record keeps.

RFC 3463 (and the IANA registry after it) names every detail code; the
reason taxonomy reads each as one reason. Codes fall in three groups:

- :data:`DECISIVE`: a code that names one condition so precisely that it
  decides even when the wording suggests another (a 5.2.3 reply often says
  "message too large": it is still the recipient's own limit);
- :data:`SPECIFIC`: a code that decides when no specific wording does;
- :data:`FALLBACK`: the "other or undefined" code of a subject (X.N.0) and
  X.7.1 "Delivery not authorized", which servers use for every kind of
  refusal: only the subject is known, so they decide last, after every
  phrase, generic ones included.

A code given for one class only (``4.2.1``) overrides the class-free form
(``X.2.1``); the tables are written class-free where both classes mean the same.
"""

from __future__ import annotations

import re

# RFC 3463 section 3 and the IANA registry; the reading of each code is the
# taxonomy's (citations "rfc3463", "iana-status", "taxonomy").
SPECIFIC: dict[str, str] = {
    "X.1.1": "userunknown",  # Bad destination mailbox address
    "X.1.2": "hostunknown",  # Bad destination system address
    "X.1.3": "userunknown",  # Bad destination mailbox address syntax
    "5.1.4": "filtered",  # Destination mailbox address ambiguous
    "X.1.6": "hasmoved",  # Destination mailbox has moved
    "X.1.7": "rejected",  # Bad sender's mailbox address syntax
    "X.1.8": "rejected",  # Bad sender's system address
    "X.1.9": "systemerror",  # Message relayed to non-compliant mailer (RFC 3886)
    "X.1.10": "notaccept",  # Recipient address has null MX (RFC 7505)
    "4.2.1": "blocked",  # Mailbox disabled: temporarily, the sender's side is held back
    "5.2.1": "filtered",  # Mailbox disabled, not accepting messages
    "X.2.2": "mailboxfull",  # Mailbox full
    "X.2.3": "exceedlimit",  # Message length exceeds administrative limit
    "X.2.4": "filtered",  # Mailing list expansion problem
    "X.3.1": "systemfull",  # Mail system full
    # System not accepting network messages, in either class: the taxonomy's status lib reads
    # 4.3.2 and 5.3.2 alike as notaccept (citation "taxonomy", smtp/status lib.go), and RFC
    # 3463's text ("The host on which the mailbox is resident is not accepting messages")
    # says the same. A busy server's own words ("Too many open connections") still decide.
    "X.3.2": "notaccept",
    "X.3.3": "systemerror",  # System not capable of selected features
    "X.3.4": "mesgtoobig",  # Message too big for system
    "X.3.5": "systemerror",  # System incorrectly configured
    "4.4.1": "expired",  # No answer from host (the queue gave up on it)
    "4.4.2": "networkerror",  # Bad connection
    "X.4.3": "systemerror",  # Directory server failure
    "4.4.4": "networkerror",  # Unable to route (temporarily)
    "5.4.4": "hostunknown",  # Unable to route
    "4.4.5": "systemfull",  # Mail system congestion
    "X.4.6": "networkerror",  # Routing loop detected
    "X.4.7": "expired",  # Delivery time expired
    "4.4.8": "networkerror",  # Retry on IPv4
    "5.5.2": "syntaxerror",  # Syntax error
    "4.5.3": "systemerror",  # Too many recipients (the rest is retried)
    "5.5.3": "toomanyconn",  # Too many recipients
    "X.5.4": "systemerror",  # Invalid command arguments
    "X.5.5": "systemerror",  # Wrong protocol version
    "5.5.6": "syntaxerror",  # Authentication Exchange line is too long (RFC 4954)
    "X.6.1": "contenterror",  # Media not supported
    "X.6.2": "contenterror",  # Conversion required and prohibited
    "X.6.3": "contenterror",  # Conversion required but not supported
    "X.6.5": "contenterror",  # Conversion failed
    "X.6.6": "contenterror",  # Message content not available (RFC 4468)
    "X.6.7": "contenterror",  # Non-ASCII addresses not permitted (RFC 6531)
    "X.6.8": "contenterror",  # UTF-8 string reply is required (RFC 6531)
    "X.6.9": "contenterror",  # UTF-8 header message cannot be transferred (RFC 6531)
    "4.7.2": "blocked",  # Mailing list expansion prohibited
    "5.7.2": "securityerror",
    "X.7.3": "securityerror",  # Security conversion required but not possible
    "X.7.4": "securityerror",  # Security features not supported
    "X.7.5": "securityerror",  # Cryptographic failure
    "X.7.6": "securityerror",  # Cryptographic algorithm not supported
    "X.7.7": "securityerror",  # Message integrity failure
    "X.7.8": "securityerror",  # Authentication credentials invalid (RFC 4954)
    "X.7.9": "securityerror",  # Authentication mechanism is too weak (RFC 4954)
    "X.7.10": "securityerror",  # Encryption needed (RFC 5248)
    "X.7.11": "securityerror",  # Encryption required for the mechanism (RFC 4954)
    "X.7.12": "securityerror",  # A password transition is needed (RFC 4954)
    "X.7.13": "suspend",  # User account disabled (RFC 5248)
    "X.7.14": "securityerror",  # Trust relationship required (RFC 5248)
    "X.7.15": "securityerror",  # Priority level is too low (RFC 6710)
    "X.7.16": "mesgtoobig",  # Message is too big for the specified priority (RFC 6710)
    "X.7.17": "hasmoved",  # Mailbox owner has changed (RFC 7293)
    "X.7.18": "hasmoved",  # Domain owner has changed (RFC 7293)
    "X.7.19": "securityerror",  # RRVS test cannot be completed (RFC 7293)
    "X.7.20": "authfailure",  # No passing DKIM signature found (RFC 7372)
    "X.7.21": "authfailure",  # No acceptable DKIM signature found (RFC 7372)
    "X.7.22": "authfailure",  # No valid author-matched DKIM signature found (RFC 7372)
    "X.7.23": "authfailure",  # SPF validation failed (RFC 7372)
    "X.7.24": "authfailure",  # SPF validation error (RFC 7372)
    "X.7.25": "requireptr",  # Reverse DNS validation failed (RFC 7372)
    "X.7.26": "authfailure",  # Multiple authentication checks failed (RFC 7372)
    "X.7.27": "notaccept",  # Sender address has null MX (RFC 7505)
    "X.7.28": "spamdetected",  # Mail flood detected
    "X.7.29": "authfailure",  # ARC validation failure (RFC 8617)
    "X.7.30": "failedstarttls",  # REQUIRETLS support required (RFC 8689)
}

# Codes that name one condition: they decide even against other wording. Not X.1.10:
# RFC 7505 gives it to a null MX, but Exchange Online answers an unknown recipient with
# "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
# (Microsoft's NDR reference), so with such wording the words decide.
DECISIVE = frozenset(
    {
        "X.1.2",
        "X.1.6",
        "X.1.8",
        "X.2.2",
        "X.2.3",
        "X.3.4",
        "4.4.5",
        "X.7.13",
        "X.7.20",
        "X.7.21",
        "X.7.22",
        "X.7.23",
        "X.7.24",
        "X.7.25",
        "X.7.26",
        "X.7.27",
    }
)

# A subject's "other or undefined" code, and X.7.1, which servers give for any
# refusal: what the subject means, used when nothing more specific was found.
FALLBACK: dict[str, str] = {
    "5.1.0": "userunknown",  # Other address status
    "5.2.0": "filtered",  # Other or undefined mailbox status
    "X.3.0": "systemerror",  # Other or undefined mail system status
    "5.4.0": "networkerror",  # Other or undefined network or routing status
    "X.6.0": "contenterror",  # Other or undefined media error
    "5.7.0": "securityerror",  # Other or undefined security status
    "4.7.1": "blocked",  # Delivery not authorized: temporarily, the client is held back
    "5.7.1": "securityerror",  # Delivery not authorized, message refused
}

# Statuses that say the address itself is unknown: the wording "user unknown"
# means an unknown address only with one of these, or when refused at RCPT.
ADDRESS_UNKNOWN = frozenset({"X.1.0", "X.1.1", "X.1.3"})

# Per subject, the first detail code past the IANA registry's range (which stops at X.6.10
# and X.7.30 at most; X.7.30 is RFC 8689's): a server's own code from there on.
_UNREGISTERED_FROM = {"6": 11, "7": 31}

_FORM = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")
_PSEUDO_FORM = re.compile(r"[45]\.0\.9\d\d")


def key(status: str) -> str:
    """``5.1.1`` -> ``X.1.1``: the class-free form the tables use."""
    return "X" + status[1:] if status else ""


def lookup(status: str, table: dict[str, str] | frozenset[str]) -> str:
    """The entry of ``status`` in ``table`` (class-specific first), ``""`` when none."""
    if not status:
        return ""
    if isinstance(table, frozenset):
        return status if status in table or key(status) in table else ""
    return table.get(status) or table.get(key(status), "")


def is_status(value: str) -> bool:
    """Whether ``value`` has the form of an enhanced status code."""
    return _FORM.fullmatch(value) is not None


def is_vague(status: str) -> bool:
    """A code that says no more than its class: X.0.0, or none at all."""
    return not status or status[1:] == ".0.0" or not is_status(status)


def is_inferred(status: str) -> bool:
    """Whether ``status`` is a pseudo code (``5.0.9xx``, ``4.0.9xx``) that no server sent.

    They stand in where a bounce carries no status code; a person reading one
    must not take it for the remote server's own answer.
    """
    return _PSEUDO_FORM.fullmatch(status) is not None


def reason_of(status: str) -> str:
    """The reason a specific (or decisive) code names, or ``""``."""
    if not is_status(status) or is_inferred(status):
        return ""
    if status[0] == "2":
        return "delivered"
    return lookup(status, SPECIFIC)


def fallback_of(status: str) -> str:
    """The reason a subject's catch-all code stands for, used when nothing else decided.

    A content or security detail beyond the IANA registry (Exchange Online's 5.7.606-649,
    a server's own 5.6.255) is read as its subject's "other or undefined" code: RFC 3463
    section 2, the subject "classifies the status" and the detail only refines it. Only
    X.6 and X.7: other subjects' registered codes are misused too often to read by subject
    (Exchange Online's 5.4.1 means "Recipient address rejected: Access denied").
    """
    if not is_status(status) or is_inferred(status):
        return ""
    found = lookup(status, FALLBACK)
    subject, detail = status[2], status[4:]
    if found or subject not in _UNREGISTERED_FROM or int(detail) < _UNREGISTERED_FROM[subject]:
        return found
    return lookup(status[:3] + ".0", FALLBACK)


def is_decisive(status: str) -> bool:
    """Whether ``status`` decides against other wording."""
    return bool(status) and bool(lookup(status, DECISIVE))


def choose(reported: str, in_text: str) -> str:
    """The code a record keeps: the remote server's own code, unless it is vaguer.

    ``reported`` is the report's Status field (the reporting MTA's summary),
    ``in_text`` the code in the remote server's last reply. The reply's code
    wins (RFC 3463 asks for "the code for the actual problem" rather than a
    queue's X.4.7), except that a catch-all X.0.0 in the text does not replace
    a specific Status field.
    """
    if not in_text:
        return reported
    if reported and is_vague(in_text) and not is_vague(reported):
        return reported
    return in_text
