"""Gmail and Google Workspace bounces: the old plain-text notice and the RFC 3464 one.

Sample::

    Delivery to the following recipient failed permanently:

         userunknown@example.jp

    Technical details of permanent failure:
    Google tried to deliver your message, but it was rejected by the server for
    the recipient domain example.jp by mx.example.jp. [192.0.2.153].

    The error that the other server returned was:
    550 5.1.1 <userunknown@example.jp>... User Unknown

    ----- Original message -----

Gmail ends the remote reply with "(state N)": the SMTP stage it had reached,
which says whether the recipient or the message content was refused.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address, find_status
from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "gmail"
HINTS = ("delivery status notification",)

FORMAT = TextFormat(
    start=(
        "delivery to the following recipient",
        "delivery to these recipients or groups",
    ),
    end=("----- original message -----", "----- message header follows -----"),
)
_RETURNED = "the error that the other server returned was:"
# Gmail's SMTP stage numbers: the command the failing reply answered.
_STATE_COMMANDS = {"6": "EHLO", "8": "EHLO", "9": "MAIL", "13": "RCPT", "14": "RCPT", "18": "DATA"}
_STATE = re.compile(r"\(state (\d+)\)")
# The reason the taxonomy's Gmail module gives a stage (citation "taxonomy-lhost", go-sisimai
# lhost/via-gmail.go, its state table), where that reason is final for it (not one it decides
# again: 8 systemerror and 14 userunknown are): a refusal at the stage of the message (15, 17,
# 18) is the recipient side's filter, at 13 the client was refused, at 6 and 9 TLS failed. Like
# the module, a status code in the reply other than an X.N.0 one decides instead.
_STATE_REASONS = {
    "6": "failedstarttls",
    "9": "failedstarttls",
    "13": "blocked",
    "15": "filtered",
    "17": "filtered",
    "18": "filtered",
}
_RESPONSE_MARKERS = ("the response was:", "the response from the remote server was:")


def _boxed_notice(message: Message) -> list[Recipient]:
    """The newer notice ("** Message not delivered **"): recipients in X-Failed-Recipients."""
    text = message.text.split("----- Original message -----")[0]
    if not text.lstrip().startswith("** "):
        return []
    failed = message.header("x-failed-recipients")
    lowered = text.lower()
    # "The response was:" / "The response from the remote server was:" introduce the reply
    marker = next((m for m in _RESPONSE_MARKERS if m in lowered), "")
    said = text[lowered.index(marker) + len(marker) :] if marker else ""
    # The notice's own sentences before the reply name the cause where the reply does not
    # ("You're sending this from a different address or alias using the 'Send mail as'
    # feature"): the taxonomy's Google Workspace module reads the whole notice
    # (via-googleworkspace.go), so they follow the reply, which stays first
    before = text[: lowered.index(marker)] if marker else ""
    diagnostic = " ".join((said + " " + before if said else text).split())
    return [
        Recipient(address=clean_address(address), diagnostic=diagnostic)
        for address in failed.split(",")
        if "@" in address
    ]


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Gmail bounce, or ``None`` when it is not one."""
    if "mailer-daemon@google" not in message.header("from").lower():
        return None
    if message.has_report:
        return None  # the RFC 3464 reader takes Gmail's reports as they are
    if "google groups" in message.lowered or "googlegroups.com" in message.header(
        "x-failed-recipients"
    ):
        return None  # a Google Groups refusal: its own parser
    recipients = read_text(message.text, FORMAT) or _boxed_notice(message)
    for recipient in recipients:
        text = recipient.diagnostic
        lowered = text.lower()
        if _RETURNED in lowered:
            text = text[lowered.index(_RETURNED) + len(_RETURNED) :].strip()
        state = _STATE.search(text)
        if state:
            recipient.command = _STATE_COMMANDS.get(state.group(1), "")
            code = find_status(text)
            if not code or ".0" in code:
                recipient.reason = _STATE_REASONS.get(state.group(1), "")
        if "technical details of temporary failure" in lowered:
            recipient.action = "delayed"
        recipient.diagnostic = text
    return recipients or None
