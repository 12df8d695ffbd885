"""The reason postdesk gives one recipient's reply text once every rule has run."""

from __future__ import annotations

from postdesk.bounce.finish import finish
from postdesk.bounce.result import Recipient


def reason_of(
    diagnostic: str,
    *,
    command: str = "",
    status: str = "",
    replycode: str = "",
    rhost: str = "mx.example.org",
) -> str:
    """The finished reason of a recipient ``a@example.org`` with these fields."""
    record = Recipient(
        address="a@example.org",
        diagnostic=diagnostic,
        command=command,
        status=status,
        replycode=replycode,
        rhost=rhost,
    )
    return finish(record).reason
