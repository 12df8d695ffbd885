"""m-FILTER (Digital Arts) mail gateway: sections marked with dashed headings.

Sample::

    以下のメールアドレスへの送信に失敗しました。
    kijitora@example.org

    -------server message
    550 kijitora@example.org... No such user

    -------SMTP command
    DATA

    -------original mail info
"""

from __future__ import annotations

from postdesk.bounce.codes import find_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "mfilter"
HINTS = ("failure notice",)


def _block(text: str, heading: str) -> str:
    """The lines under ``-------heading`` up to the next dashed heading."""
    at = text.find(f"-------{heading}")
    if at < 0:
        return ""
    rest = text[at + len(heading) + 7 :]
    end = rest.find("-------")
    return " ".join((rest if end < 0 else rest[:end]).split())


def _addresses(head: str) -> list[str]:
    """The failed addresses: the lines of the introduction that are an address alone."""
    found: list[str] = []
    for line in head.splitlines():
        address = find_address(line)
        if address and line.strip().strip("<>").lower() == address and address not in found:
            found.append(address)
    return found or [a for a in (find_address(head),) if a]


def parse(message: Message) -> list[Recipient] | None:
    """The recipients of an m-FILTER bounce, or ``None`` when it is not one."""
    text = message.text
    if "-------server message" not in text:
        return None
    head = text[: text.find("-------server message")]
    # The gateway's notices carry "X-Mailer: m-FILTER"; the (Japanese) introduction
    # names the product too, wherever the site's own lines put it.
    if "m-filter" not in message.header("x-mailer").lower() and "m-FILTER" not in head:
        return None
    command = _block(text, "SMTP command").split(" ")[0].upper()
    diagnostic = _block(text, "server message")
    return [
        Recipient(
            address=address,
            diagnostic=diagnostic,
            command="DATA" if command.startswith("DATA") else command[:4],
        )
        for address in _addresses(head)
    ] or None
