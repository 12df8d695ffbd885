"""Fallback for plain-text bounces of mail systems without a parser of their own.

Runs after the RFC 3464 reader found no report. It accepts a message only if
it looks like a bounce (a mail-system sender or a bounce subject), then reads
the text between a usual introduction ("could not be delivered to the
following address") and a usual marker of the returned message ("Original
message follows") with the shared recipient-line reader. Where no recipient
line is found, the X-Failed-Recipients header or the returned message's To
header names the recipient and the whole section is its diagnostic.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address, find_address
from postdesk.bounce.lhost._text import TextFormat, header_has, intro, read_text, section
from postdesk.bounce.message import Message
from postdesk.bounce.reasons import reason_from_text
from postdesk.bounce.result import Recipient

NAME = "plaintext"

# Senders and subjects of automatic bounce messages (lower case).
BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail delivery", "mail administrator", "daemon")
BOUNCE_SUBJECTS = (
    "undeliver",
    "undelivered",
    "returned mail",
    "returned to sender",
    "delivery fail",
    "failed delivery",
    "failure delivery",
    "delivery status notification",
    "failure notice",
    "mail delivery failed",
    "mail system error",
    "delivery failure",
    "non remis",
    "nicht zustellbar",
    "não entregue",
    "退信",
    "未送达",
    "無法傳遞",
    "配信できません",
    "error sending your mail",
    "permanent delivery failure",
)

FORMAT = TextFormat(
    start=(
        "following address",
        "following recipient",
        "following list of recipients",
        "to the following",
        "following addresses had",
        "did not reach the following",
        "could not be delivered",
        "unable to deliver",
        "was not delivered",
        "error delivering your mail",
        "delivery has failed",
        "delivery errors",
        "permanent error",
        "failed permanently",
        "transcript of session follows",
        "failure reasons",
        "problem report",
        # Chinese and Japanese notices: 无法投递到以下地址 / 無法傳遞郵件給下列收件人 /
        # 送信できませんでした
        "无法投递",
        "无法送达",
        "无法传递",
        "無法傳遞",
        "無法投遞",
        "以下地址",
        "下列收件人",
        "送信できませんでした",
    ),
    end=(
        "original message follows",
        "original message",
        "copy of the message",
        "copy of the original message",
        "copy of your message",
        "below this line is a copy",
        "message headers follow",
        "unsent message follows",
        "returned message",
        "header of the original message",
        "included is a copy",
        "the attachment contains the original",
        "----- original",
        "content-type: message/rfc822",
        "原始邮件",
        "原始郵件",
        "原邮件",
        "元のメッセージ",
    ),
    recipient=re.compile(
        r"^\s*(?:[*•-]\s+|recipient:\s*|could not be delivered to:\s*)?[\"<]?"
        r"(?P<address>[^\s<>\"@:\[\]()]+@[a-z0-9][a-z0-9.-]*[a-z0-9])"
        r"[\">]?(?:[\s:,.]+(?P<rest>.*))?$",
        re.IGNORECASE,
    ),
)
_TO = re.compile(r"^to:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def looks_like_bounce(message: Message) -> bool:
    """A mail system's sender or a bounce subject: cheap header guard."""
    sender = message.header("from").lower()
    subject = message.header("subject").lower()
    return (
        any(name in sender for name in BOUNCE_SENDERS)
        or header_has(subject, BOUNCE_SUBJECTS)
        or bool(message.header("x-failed-recipients"))
    )


def fallback_recipient(message: Message, lines: list[str]) -> list[Recipient]:
    """One record from X-Failed-Recipients or the returned To, the section as its text."""
    failed = message.header("x-failed-recipients")
    address = find_address(failed) if failed else ""
    if not address:
        to_line = _TO.search(message.original) or _TO.search(message.text)
        address = find_address(to_line.group(1)) if to_line else ""
    if not address:
        return []
    text = " ".join(line.strip() for line in lines if line.strip())
    return [Recipient(address=clean_address(address), diagnostic=text[:2000])]


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a plain-text bounce, or ``None`` when it does not look like one."""
    if message.has_report or message.feedback or not looks_like_bounce(message):
        return None
    recipients = read_text(message.text, FORMAT)
    lines = section(message.text, FORMAT)
    # The introduction may say what happened to all of them ("aborted after 5 hours").
    opening = intro(message.text, FORMAT)
    for recipient in recipients if reason_from_text(opening) else []:
        if reason_from_text(recipient.diagnostic) == "":
            recipient.diagnostic = f"{recipient.diagnostic} {opening}".strip()
    if not recipients:
        recipients = fallback_recipient(message, lines)
    elif len(recipients) == 1 and not recipients[0].diagnostic:
        recipients[0].diagnostic = " ".join(x.strip() for x in lines if x.strip())[:2000]
    return recipients or None
