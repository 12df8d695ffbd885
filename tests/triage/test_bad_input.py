"""Bad input to triage(): empty text, huge text, garbage, a bad ``top``."""

from __future__ import annotations

import json
import time

import pytest

from postdesk.errors import InvalidInputError
from postdesk.triage import MAX_CHARS, EmptyComplaintError, triage


@pytest.mark.parametrize("text", ["", " ", "\n\t  \u3000"])
def test_empty_or_whitespace_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyComplaintError, match="empty"):
        triage(text)


def test_top_below_one_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="top"):
        triage("收不到邮件", top=0)


def test_megabyte_is_truncated_with_a_notice_and_answered_quickly() -> None:
    triage("warm up")  # loading the playbooks is start-up, not answering
    text = "网页登录提示系统忙，" + "x" * 1_000_000
    start = time.perf_counter()
    result = triage(text)
    elapsed = time.perf_counter() - start
    assert result.ranking[0].playbook == "webmail-system-busy"
    assert result.notices and str(MAX_CHARS) in result.notices[0]
    assert "notices" in result.as_dict()
    assert elapsed < 1.0


def test_short_text_has_no_notice() -> None:
    assert "notices" not in triage("收不到邮件").as_dict()


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02\ufffd\ufffd", "\ud800 lone surrogate", "💥" * 50, "%PDF-1.4 \x89PNG\r\n\x1a\n"],
)
def test_garbage_gets_an_answer_not_a_crash(text: str) -> None:
    result = triage(text)
    assert len(result.ranking) == 3
    assert result.ranking[0].score < 0.5
    json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8")  # printable as UTF-8


@pytest.mark.parametrize(
    "text", ["喂，你好，我想问一下", "您好，请问一下", "Hello, I have a question"]
)
def test_small_talk_gets_no_confidence(text: str) -> None:
    """Issue 13.11: a greeting with no problem in it scored 99% for the expiry query."""
    assert triage(text).ranking[0].score < 0.05
