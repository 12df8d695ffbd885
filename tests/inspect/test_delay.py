"""Delay (4.0.13): hops in travel order, the slowest and its side, the document's case, skew."""

from __future__ import annotations

from postdesk.inspect import InspectContext, inspect_many

CONTEXT = InspectContext.default()

INBOUND = b"""Received: from mx01.263xmail.com (mx01.263xmail.com [211.150.100.34])
\tby mailbox3.263xmail.com (Postfix) with ESMTP id AAA
\tfor <u@customer.example>; Mon,  1 Jan 2024 13:13:10 +0800 (CST)
Received: from mail.sender.example (mail.sender.example [192.0.2.1])
\tby mx01.263xmail.com (Postfix) with ESMTP id BBB
\tfor <u@customer.example>; Mon,  1 Jan 2024 13:13:02 +0800 (CST)
Received: from [10.1.1.5] (helo=pc1)
\tby mail.sender.example with esmtpa (Exim 4.96)
\tid 1qAB-0001-AB; Mon, 01 Jan 2024 02:01:00 -0300
Date: Mon, 1 Jan 2024 13:00:55 +0800
From: a@sender.example
To: u@customer.example
Subject: contract
Message-ID: <d1@sender.example>

hello
"""

OUTBOUND = b"""Received: from smtp.263xmail.com (smtp.263xmail.com [211.150.100.26])
\tby mx.partner.example (Postfix) with ESMTP id CCC; Mon,  1 Jan 2024 15:40:00 +0800
Received: from [192.168.1.9] (unknown [203.0.113.50])
\tby smtp.263xmail.com (Postfix) with ESMTPA id DDD; Mon,  1 Jan 2024 14:00:05 +0800
Date: Mon, 1 Jan 2024 14:00:00 +0800
From: u@customer.example
To: b@partner.example
Subject: quote
Message-ID: <o1@customer.example>

hi
"""


def delay_of(raw: bytes) -> dict:
    result = inspect_many([("m.eml", raw)], CONTEXT)[0]
    finding = result.finding("delay")
    assert finding is not None
    return finding.as_dict()


def test_inbound_delay_on_the_sender_side() -> None:
    found = delay_of(INBOUND)
    assert [hop["by"] for hop in found["hops"]] == [
        "mail.sender.example",
        "mx01.263xmail.com",
        "mailbox3.263xmail.com",
    ]
    assert [hop["delay_seconds"] for hop in found["hops"]] == [5, 722, 8]
    assert found["hops"][0]["at"] == "2024-01-01T02:01:00-03:00"
    assert found["slowest"] == {
        "from": "mail.sender.example",
        "by": "mx01.263xmail.com",
        "delay_seconds": 722,
        "side": "sender",
    }
    assert found["total_seconds"] == 735 and found["case"] == "inbound"
    assert found["finding"] == "delay-inbound-sender" and found["step"] == "collect-inbound"
    assert found["escalate_with"]["sender"] == "a@sender.example"


def test_outbound_delay_after_the_provider_is_on_the_recipient_side() -> None:
    found = delay_of(OUTBOUND)
    assert found["case"] == "outbound"
    assert found["slowest"]["side"] == "provider"  # it waited in our outgoing queue
    assert found["finding"] == "delay-outbound-provider"
    later = (
        OUTBOUND.replace(b"by mx.partner.example", b"by relay.partner.example")
        .replace(
            b"Received: from smtp",
            b"Received: from relay.partner.example (relay [198.51.100.7])\n"
            b"\tby mx.partner.example (Postfix) with ESMTP id EEE;"
            b" Mon,  1 Jan 2024 17:00:00 +0800\n"
            b"Received: from smtp",
            1,
        )
        .replace(b"15:40:00", b"14:00:09")
    )
    found = delay_of(later)
    assert (
        found["slowest"]["side"] == "recipient" and found["finding"] == "delay-outbound-recipient"
    )


def test_no_finding_when_every_hop_is_quick() -> None:
    quick = INBOUND.replace(b"13:13:02", b"13:01:02").replace(b"13:13:10", b"13:01:10")
    assert inspect_many([("q.eml", quick)], CONTEXT)[0].finding("delay") is None


def test_clock_skew_is_named_instead_of_a_delay() -> None:
    # The sender's server clock runs 40 minutes fast: a negative hop, then a "delay".
    skewed = INBOUND.replace(b"02:01:00 -0300", b"02:41:00 -0300")
    found = delay_of(skewed)
    assert found["clock_skew"] and found["clock_skew"][0]["by"] == "mx01.263xmail.com"
    assert found["finding"] == "delay-clock-skew"


def test_postfix_delays_in_a_quoted_log_line() -> None:
    body = (
        b"Our log says:\nJan  1 14:10:00 mx postfix/smtp[123]: 4TAbc: to=<b@partner.example>, "
        b"relay=mx.partner.example[198.51.100.7]:25, delay=1805, delays=0.1/1800/4.2/0.7, "
        b"dsn=2.0.0, status=sent (250 ok)\n"
    )
    found = delay_of(OUTBOUND.replace(b"\nhi\n", b"\n" + body))
    entry = found["postfix_delays"][0]
    assert entry["largest"] == "in_queue_manager" and entry["delays"]["in_queue_manager"] == 1800


def test_dsn_arrival_date_gives_the_queue_time() -> None:
    dsn = b"""From: MAILER-DAEMON@smtp.263xmail.com
To: u@customer.example
Date: Mon, 1 Jan 2024 18:00:00 +0800
Subject: Delayed Mail (still being retried)
Message-ID: <dsn1@smtp.263xmail.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message is delayed.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; smtp.263xmail.com
Arrival-Date: Mon, 1 Jan 2024 14:00:05 +0800

Final-Recipient: rfc822; b@partner.example
Action: delayed
Status: 4.4.1
Last-Attempt-Date: Mon, 1 Jan 2024 18:00:00 +0800

--B--
"""
    result = inspect_many([("dsn.eml", dsn)], CONTEXT)[0]
    found = result.finding("delay").as_dict()
    assert found["queue"]["seconds"] == 4 * 3600 - 5 and found["queue"]["own"]
    assert found["finding"] == "delay-outbound-provider"
    assert result.finding("bounce") is not None  # the bounce engine reads it too
