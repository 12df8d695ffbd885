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
from postdesk.bounce.decide import says_why
from postdesk.bounce.lhost._text import TextFormat, header_has, intro, read_text, section
from postdesk.bounce.message import Message
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
    # Courier's notice subjects (/etc/courier/dsnsubjectnotice.txt, dsnsubjectwarn.txt)
    "notice: mail delivery status",
    "warning: delayed mail",
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
        # 送信できませんでした / 您的邮件未能投递给以下收件人：/ 以下のアドレスへの
        # メール送信に失敗しました。
        "未能投递",
        "以下收件人",
        "以下のアドレス",
        "送信に失敗",
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
    # The domain is the whole of it: not cut short at a dot to leave "com' on ..." as the
    # text ("'a@example.com' on <date>", Exchange's quoted form), a sentence's full stop
    # after it is no part of it.
    recipient=re.compile(
        r"^\s*(?:[*•-]\s+|recipient:\s*|could not be delivered to:\s*)?[\"'<]?"
        r"(?P<address>[^\s<>\"@:\[\]()]+@[a-z0-9][a-z0-9.-]*[a-z0-9])(?![a-z0-9-])(?!\.[a-z0-9])"
        r"[\"'>]?(?:[\s:,.]+(?P<rest>.*))?$",
        re.IGNORECASE,
    ),
)
_TO = re.compile(r"^to:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
# An address inside a sentence: bounded by anything that cannot be part of one
# (CJK text, brackets, full-width punctuation).
# (The look-behind keeps the scan linear: a match starts only where a run starts.)
_MENTIONED = re.compile(
    r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)


def looks_like_bounce(message: Message) -> bool:
    """A mail system's sender or a bounce subject: cheap header guard."""
    sender = message.header("from").lower()
    subject = message.header("subject").lower()
    return (
        any(name in sender for name in BOUNCE_SENDERS)
        or header_has(subject, BOUNCE_SUBJECTS)
        or bool(message.header("x-failed-recipients"))
    )


def notice_lines(message: Message) -> list[str]:
    """The notice's own lines: after the start marker if there is one, up to the end marker."""
    lines = section(message.text, FORMAT)
    if lines:
        return lines
    return section(message.text, TextFormat(end=FORMAT.end))


def _own_addresses(message: Message) -> set[str]:
    """Addresses a notice names that are not failed recipients: its sender and addressee."""
    own = {find_address(message.header(name)) for name in ("from", "to", "reply-to")}
    original_from = re.search(r"^from:\s*(.+)$", message.original, re.IGNORECASE | re.MULTILINE)
    if original_from:
        own.add(find_address(original_from.group(1)))
    return own - {""}


def mentioned_recipients(message: Message, lines: list[str]) -> list[Recipient]:
    """Records for the addresses a free-form notice names inside its sentences.

    Many notices (Chinese and Japanese providers' most of all) write the failed
    address inside a sentence ("您发送给 a@example.cn 的邮件未能成功投递"), not on a
    line of its own; every address in the notice that is not its sender's or
    addressee's is taken, with the whole notice as the text.
    """
    text = "\n".join(lines)
    own = _own_addresses(message)
    found = [clean_address(a) for a in _MENTIONED.findall(text)]
    addresses = [a for a in dict.fromkeys(found) if a not in own]
    diagnostic = " ".join(line.strip() for line in lines if line.strip())[:2000]
    return [Recipient(address=address, diagnostic=diagnostic) for address in addresses]


def fallback_recipient(message: Message, lines: list[str]) -> list[Recipient]:
    """One record from X-Failed-Recipients or the returned To, the notice as its text."""
    failed = message.header("x-failed-recipients")
    address = find_address(failed) if failed else ""
    if not address:
        to_line = _TO.search(message.original) or _TO.search(message.text)
        address = find_address(to_line.group(1)) if to_line else ""
    if not address:
        return mentioned_recipients(message, lines)
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
    for recipient in recipients if says_why(opening) else []:
        if not says_why(recipient.diagnostic):
            recipient.diagnostic = f"{recipient.diagnostic} {opening}".strip()
    if not recipients:
        recipients = fallback_recipient(message, lines or notice_lines(message))
    elif len(recipients) == 1 and not recipients[0].diagnostic:
        recipients[0].diagnostic = " ".join(x.strip() for x in lines if x.strip())[:2000]
    return recipients or None
