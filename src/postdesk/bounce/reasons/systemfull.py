"""systemfull: the receiving system's storage or queue is full.

Decided by the statuses X.3.1 (RFC 3463 "Mail system full") and 4.4.5
("Mail system congestion"), RFC 5321's 452 "Insufficient system storage",
and the disk-full error of the receiving host.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, phrase

REASON = Reason(
    name="systemfull",
    label={"zh": "对方系统已满", "en": "Receiving system full"},
    meaning={
        "zh": "对方服务器磁盘或队列已满",
        "en": "The receiving system's disk or queue is full",
    },
    pseudo="X.0.931",
    reply=Reply("bounce-interpretation"),
    phrases=(
        phrase("mail system full", "rfc3463"),
        phrase("mail system storage has been exceeded", "rfc3463"),
        # RFC 5321 4.2.3: "452 Requested action not taken: insufficient system storage"
        phrase("insufficient system storage", "rfc5321"),
        # Sendmail: "452 4.4.5 Insufficient disk space; try again later"
        phrase("insufficient disk space", "sendmail"),
        # ENOSPC: "No space left on device"
        phrase("no space left on device", "errno"),
        # The taxonomy's own index (Sisimai v5 reason/why-systemfull.go): texts it lists
        # under systemfull, written as the literal wording
        phrase("requested mail action aborted: exceeded storage allocation", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # qmail (and clones): the server's own disk is full
        phrase(
            "requested action not taken: mailbox unavailable (not enough free space)",
            "taxonomy-lhost",
        ),
    ),
)
