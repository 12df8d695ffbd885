"""A phrase that cites an RFC must be that RFC's wording, not a paraphrase of it.

RFC 3463 section 3 names every enhanced status code and says in a sentence what
it means; a phrase citing ``rfc3463`` has to occur in one of those names or
sentences (quoted below from the RFC, section 3.2-3.9). Wording a server uses for
the same condition ("no such recipient") cites the server that uses it, or is
not a rule at all.
"""

from __future__ import annotations

import pytest

from postdesk.bounce.phrases import fold, match_end
from postdesk.bounce.reasons import CATALOGUE

# RFC 3463 section 3: code names and the descriptions the phrases are taken from.
RFC3463 = (
    "X.1.1 Bad destination mailbox address. The mailbox specified in the address does not"
    " exist. For Internet mail names, this means the address portion to the left of the"
    ' "@" sign is invalid.',
    "X.1.2 Bad destination system address. The destination system specified in the address"
    " does not exist or is incapable of accepting mail.",
    "X.1.6 Destination mailbox has moved, No forwarding address",
    "X.1.7 Bad sender's mailbox address syntax",
    "X.1.8 Bad sender's system address",
    "X.2.1 Mailbox disabled, not accepting messages. The mailbox exists, but is not"
    " accepting messages.",
    "X.2.2 Mailbox full. The mailbox is full because the user has exceeded a per-mailbox"
    " administrative quota or physical capacity.",
    "X.2.3 Message length exceeds administrative limit",
    "X.3.1 Mail system full. Mail system storage has been exceeded.",
    "X.3.2 System not accepting network messages",
    "X.3.3 System not capable of selected features",
    "X.3.4 Message too big for system. The message is larger than per-message size limit.",
    "X.3.5 System incorrectly configured",
    "X.4.3 Directory server failure",
    "X.4.6 Routing loop detected. A routing loop caused the message to be forwarded too"
    " many times, either because of incorrect routing tables or a user-forwarding loop.",
    "X.4.7 Delivery time expired",
    "X.5.3 Too many recipients",
    "X.6.1 Media not supported",
    "X.6.2 Conversion required and prohibited",
    "X.6.5 Conversion Failed",
    "X.7.1 Delivery not authorized, message refused. The sender is not authorized to send"
    " to the destination. This can be the result of per-host or per-recipient filtering.",
)


def _cited(source: str) -> list[tuple[str, object]]:
    return [
        (f"{name}:{number}", entry)
        for name, reason in CATALOGUE.items()
        for number, entry in enumerate(reason.phrases)
        if entry.source == source
    ]


@pytest.mark.parametrize(("key", "entry"), _cited("rfc3463"), ids=lambda v: str(v))
def test_rfc3463_phrases_are_rfc3463_wording(key: str, entry) -> None:
    texts = [fold(text) for text in RFC3463]
    if entry.after_domain:  # "example.jp does not exist": the RFC's words after a name
        entry = type(entry)(entry.parts, entry.source, generic=entry.generic)
    assert any(match_end(text, entry) >= 0 for text in texts), (
        f"{key} {entry.text!r} is not in RFC 3463: cite the mail system or provider that"
        " uses it, or drop it"
    )


def test_the_check_can_fail() -> None:
    from postdesk.bounce.phrases import phrase

    paraphrase = phrase("no such recipient", "rfc3463")
    assert not any(match_end(fold(text), paraphrase) >= 0 for text in RFC3463)
