"""Ranking: clear complaints, near-miss pairs, reasons, and knowledge read from playbook files."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from postdesk.kb import default_library, load_library
from postdesk.triage import triage
from postdesk.triage.rank import Scored

# Fresh wordings (not in the evaluation set), one per line: text, expected top-1.
CLEAR = [
    ("网页版邮箱点登录以后提示系统忙碌", "webmail-system-busy"),
    ("webmail shows Bad Request right after sign-in", "webmail-bad-request"),
    ("Foxmail 收信报 0x800CCC0F", "client-send-receive"),
    ("退信里写着 Mailbox exceed", "bounce-interpretation"),
    ("附件是个 winmail.dat", "rtf-winmail-dat"),
    ("有人冒用我们域名的地址给同事发信，想开同域认证", "same-domain-auth"),
    ("跟踪数量上限是100，我们要300", "tracking-limit"),
    ("我们邮箱哪天到期", "expiry-query"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAR)
def test_clear_complaints(text: str, expected: str) -> None:
    assert triage(text).ranking[0].playbook == expected


# Pairs that share most words but mean different playbooks.
NEAR_MISS = [
    (
        ("这两天我一封邮件都收不进来", "cannot-receive"),
        ("客户说我发过去的信他们一直没收到", "recipient-not-receiving"),
    ),
    (
        ("邮件跟踪最多只能加100个，想多加", "tracking-limit"),
        ("设置了跟踪，可是监控邮箱没有收到副本", "tracking-not-working"),
    ),
    (
        ("最近我邮箱里一直没有新邮件进来，别人都说发了", "cannot-receive"),
        ("我们发出去的邮件对放都说收不到", "recipient-not-receiving"),
    ),
    (
        ("网页登录邮箱时提示系统忙", "webmail-system-busy"),
        ("网页登录邮箱时提示错误请求", "webmail-bad-request"),
    ),
]


@pytest.mark.parametrize(("first", "second"), NEAR_MISS)
def test_near_miss_pairs_are_told_apart(first: tuple[str, str], second: tuple[str, str]) -> None:
    for text, expected in (first, second):
        assert triage(text).ranking[0].playbook == expected, text


# "不是 X" names what the problem is not: X must not win.
NEGATED = [
    ("不是垃圾邮件的问题，是同一封信收了三遍", "duplicate-mail"),
    ("邮件倒不是收不到，只是每封都晚几个小时才到", "mail-delay"),
]


@pytest.mark.parametrize(("text", "expected"), NEGATED)
def test_what_is_negated_does_not_win(text: str, expected: str) -> None:
    assert triage(text).ranking[0].playbook == expected


def test_ranking_shape_scores_and_reasons() -> None:
    result = triage("发信提示 sender in prison 是什么意思", top=5)
    assert len(result.ranking) == 5
    scores = [candidate.score for candidate in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert sum(scores) <= 1.0001
    top = result.ranking[0]
    assert top.playbook == "client-send-receive"
    assert 'signal "sender in prison"' in top.why
    assert result.entities.server_phrases[0]["playbook"] == "client-send-receive"


def test_reasons_quote_words_as_written_not_their_stems() -> None:
    why = triage("Messages to colleagues bounced: Sender address rejected").ranking[0].why
    matched = why.split("matched ", 1)[1].split(";", 1)[0].split(", ")
    assert {"address", "rejected"} <= set(matched), why


def test_a_long_closest_example_is_quoted_cut_short() -> None:
    long_example = "我们公司之前负责邮箱的同事离职了" * 6
    scored = Scored("admin-password-reset", 1.0, 1.0, long_example, ("离职了",), ())
    quoted = scored.why().split('like "', 1)[1].removesuffix('"')
    assert len(quoted) == 60 and quoted.endswith("…")
    assert long_example.startswith(quoted[:-1])
    short = Scored("admin-password-reset", 1.0, 1.0, "管理员密码忘了", (), ())
    assert short.why() == 'like "管理员密码忘了"'


def test_top_limits_the_ranking() -> None:
    assert len(triage("收不到邮件", top=1).ranking) == 1
    assert len(triage("收不到邮件", top=100).ranking) == len(default_library())


def test_unrelated_text_is_not_confident() -> None:
    assert triage("今天天气不错，晚上吃火锅").ranking[0].score < 0.5


def _copy_playbooks(target: Path) -> None:
    source = resources.files("postdesk.kb").joinpath("playbooks")
    for entry in source.iterdir():
        if entry.name.endswith(".yaml"):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_new_playbook_file_is_ranked_without_code_change(tmp_path: Path) -> None:
    """Knowledge is data: a playbook added as a file is found by its own symptoms."""
    _copy_playbooks(tmp_path)
    template = (tmp_path / "server-list.yaml").read_text(encoding="utf-8")
    new = (
        template.replace("id: server-list", "id: calendar-sync")
        .replace('section: "4.0.31"', 'section: "4.0.30"')
        .replace(
            "symptoms:\n",
            "symptoms:\n  zh: [日历同步失败, 会议邀请在手机日历里不显示]\n"
            "  en: [calendar does not sync, meeting invitations missing from phone calendar]\n"
            "  old_symptoms:\n",
            1,
        )
    )
    # Drop the template's own symptoms so only the new ones describe it.
    head, _, rest = new.partition("  old_symptoms:\n")
    rest_lines = rest.split("\n")
    while rest_lines and rest_lines[0].startswith("  "):
        rest_lines.pop(0)
    (tmp_path / "calendar-sync.yaml").write_text(head + "\n".join(rest_lines), encoding="utf-8")
    library = load_library(tmp_path)
    assert "calendar-sync" in library.ids()
    result = triage("手机上的日历同步失败了，会议邀请看不到", library=library)
    assert result.ranking[0].playbook == "calendar-sync"
    shutil.rmtree(tmp_path)
