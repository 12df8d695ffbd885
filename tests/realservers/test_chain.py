"""Postfix and Exim relay through each other; a hop held back shows as a delay in Received."""

from __future__ import annotations

import email
import email.utils
import time

import pytest

from tests.realservers import CaptureSMTP, Exim, MailSystem, Postfix
from tests.realservers.fixtures import ServerPool

HELD_SECONDS = 3


def _received_times(data: bytes) -> list[tuple[str, float]]:
    """(receiving host, time) of each Received header, newest first."""
    message = email.message_from_bytes(data)
    found = []
    for header in message.get_all("Received", []):
        text = " ".join(str(header).split())
        by = text.split(" by ", 1)[1].split()[0]
        when = email.utils.parsedate_to_datetime(text.rsplit(";", 1)[1].strip())
        found.append((by, when.timestamp()))
    return found


@pytest.mark.parametrize(("first", "second"), [(Postfix, Exim), (Exim, Postfix)])
def test_held_first_hop_shows_in_received_headers(
    real_servers: ServerPool, first: type[MailSystem], second: type[MailSystem]
) -> None:
    capture = real_servers.start(CaptureSMTP())
    hop_b = real_servers.start(second(relay=capture.address))
    hop_a = real_servers.start(first(relay=("127.0.0.1", hop_b.port), hold=True))  # type: ignore[call-arg]
    hop_a.send("alice@sender.test", ["bob@far.test"], b"Subject: chain\r\n\r\nbody\r\n")
    time.sleep(HELD_SECONDS)
    assert capture.messages == []
    hop_a.release()  # type: ignore[attr-defined]
    (received,) = capture.wait_for_messages(1)
    hops = _received_times(received.data)
    assert [by for by, _ in hops] == [hop_b.hostname, hop_a.hostname]
    (_, at_b), (_, at_a) = hops
    assert at_b - at_a >= HELD_SECONDS - 1  # Received dates have one-second resolution
