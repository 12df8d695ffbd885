"""hasmoved: the recipient's address has moved; the bounce may name the new one.

Decided by the statuses X.1.6 (RFC 3463 "Destination mailbox has moved",
decisive), X.7.17/X.7.18 (RFC 7293, owner changed), and RFC 5321's 551
"User not local; please try <forward-path>".
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="hasmoved",
    label={"zh": "地址已变更", "en": "Address has moved"},
    meaning={
        "zh": "收件地址已更换，退信中给出了新地址",
        "en": "The recipient address has moved; the bounce names the new one",
    },
    pseudo="X.0.916",
    reply=Reply("bounce-interpretation", "user-unknown"),
    hard=True,
    phrases=(
        phrase("mailbox has moved", "rfc3463"),
        ordered("has moved", "please try", source="rfc5321", gap=30),
        ordered("user not local", "please try", source="rfc5321", gap=8),
        phrase("has moved", "rfc3463", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-hasmoved.go): texts it lists
        # under hasmoved, written as the literal wording
        phrase("has been replaced by", "taxonomy-index"),
    ),
)
