"""Segmentation: the direction of "not received" (who did not get the mail)."""

from __future__ import annotations

import pytest

from postdesk.triage.segment import directions, terms

DIRECTIONS = [
    ("这两天我一封邮件都收不到", {"self"}),
    ("客户给我发的邮件收不到", {"self"}),  # 给我发: I am the recipient
    ("我发给客户的邮件，客户说没收到", {"other"}),
    ("我们发的邮件收不到", {"other"}),  # 我们发: we are the sender
    ("某个客户的信总是收不到", {"self"}),  # 客户的信: the customer is the sender
    ("对方发过来的邮件一直没收到", {"self"}),
    ("发出去的信对放一直收不到", {"other"}),  # typo'd 对方
    ("邮箱还没到期吧", set()),  # 没到期 is about expiry, not mail
    ("收不到邮件", {"self"}),  # nobody named: Chinese drops the subject "I"
    ("发给 li@abc-trade.com.cn 的邮件石沉大海", {"other"}),  # sent by us; "." inside an address
    ("我这边邮箱里根本没有", {"self"}),
    ("对方说也没收到退信", set()),  # no bounce came back: not about who lacks the mail
    ("I haven't received anything since Monday", {"self"}),
    ("the recipient says they never got my message", {"other"}),
    ("Our partner didn’t receive the invoice", {"other"}),  # typographic apostrophe
    ("mail from one customer never reaches me", {"self"}),
    ("my messages to them never arrive", {"other"}),
    ("I can't find the menu", set()),  # a negation without receiving
]


@pytest.mark.parametrize(("text", "expected"), DIRECTIONS)
def test_direction_of_not_received(text: str, expected: set[str]) -> None:
    assert directions(text) == expected


def test_direction_becomes_a_term() -> None:
    bag = terms("对方说没收到我的邮件")
    assert bag["d:other"] > 0
    assert "d:self" not in bag


def test_words_after_bu_shi_weigh_less_but_the_question_shi_bu_shi_does_not() -> None:
    negated = terms("邮件不是收不到，就是来得慢")
    assert negated["收不"] < terms("邮件收不到")["收不"]
    assert negated["来得"] == terms("来得慢")["来得"]  # the clause after the comma is asserted
    assert terms("是不是邮箱满了")["邮箱"] == terms("邮箱满了")["邮箱"]
