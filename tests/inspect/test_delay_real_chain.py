"""Delay (4.0.13) read from a real chain: Postfix (the provider's relay) -> Exim (the
recipient's MX), with the first attempt deferred (issue 17).

The Exim hop is not listening when Postfix first tries it, so Postfix's attempt is refused
and the message is deferred in Postfix's queue (postconf(5) minimal_backoff_time: retried
later); Exim starts ``DEFERRED_SECONDS`` later and the retry delivers. Exim's Received stamp is
then later than Postfix's by at least that long: the message waited on the provider's side,
in its outgoing queue, and ``postdesk.inspect`` must say so with the hops in travel order.
"""

from __future__ import annotations

import time

from postdesk.inspect import InspectContext, inspect_many
from tests.realservers import CaptureSMTP, Exim, Postfix
from tests.realservers.fixtures import ServerPool
from tests.realservers.sandbox import free_port

DEFERRED_SECONDS = 4
PROVIDER = "provider.test"


def _context() -> InspectContext:
    context = InspectContext.default()
    inspect = context.profile.inspect.model_copy(
        update={"own_domains": [PROVIDER], "delay_threshold_seconds": 2}
    )
    return InspectContext(
        profile=context.profile.model_copy(update={"inspect": inspect}),
        library=context.library,
    )


def test_a_deferred_first_attempt_is_the_slow_hop_on_the_provider_side(
    real_servers: ServerPool,
) -> None:
    capture = real_servers.start(CaptureSMTP())
    exim = Exim(relay=capture.address, hostname="mx.partner.test", port=free_port())
    postfix = real_servers.start(
        Postfix(relay=("127.0.0.1", exim.port), hostname=f"smtp.{PROVIDER}")
    )
    message = (
        f"From: u@customer.test\r\nTo: b@partner.test\r\nSubject: quote\r\n"
        f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n"
        "Message-ID: <chain@customer.test>\r\n\r\nhi\r\n"
    ).encode()
    sent = time.monotonic()
    postfix.send("u@customer.test", ["b@partner.test"], message)
    deadline = sent + 30
    while "Connection refused" not in postfix.log_text():  # the first attempt, refused
        assert time.monotonic() < deadline, postfix.log_text()
        time.sleep(0.1)
    # The chosen delay: the next hop comes up this long after the message was accepted.
    time.sleep(max(0.0, sent + DEFERRED_SECONDS - time.monotonic()))
    real_servers.start(exim)
    postfix.flush()
    (received,) = capture.wait_for_messages(1, timeout=60)

    result = inspect_many([("chain.eml", received.data)], _context())[0]
    finding = result.finding("delay")
    assert finding is not None, result
    found = finding.as_dict()
    assert [hop["by"] for hop in found["hops"]] == [f"smtp.{PROVIDER}", "mx.partner.test"]
    assert found["case"] == "outbound"
    slowest = found["slowest"]
    assert slowest["by"] == "mx.partner.test"
    assert slowest["delay_seconds"] >= DEFERRED_SECONDS - 1  # one-second stamps
    assert slowest["side"] == "provider"  # it waited in the provider's outgoing queue
    assert found["finding"] == "delay-outbound-provider"
