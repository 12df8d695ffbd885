"""The terminal walk as an agent sees it: what a reply step prints."""

from __future__ import annotations

from tests.cli.run_cli import postdesk


def test_the_expiry_reply_is_printed_once_with_the_worked_out_date() -> None:
    """4.0.5: the reply panel holds expiry date + free months, and only the panel holds it."""
    result = postdesk(
        "run", "expiry-query", "--lang", "en", stdin="abc.example\n1\n2024-01-31\n13\n\n"
    )
    assert result.code == 0, result.err
    assert "─ reply ─" in result.out  # the panel's title, in the walk's language
    assert result.out.count("really expires on") == 1, result.out
    assert "2025-02-28" in result.out


def test_a_refused_value_reads_in_the_walks_language() -> None:
    """Issue 13.6: with --lang zh the refusal is the catalogue's Chinese, then re-asked."""
    answers = "found\n1\n\n示例\n例子.中国\n更改\n张三\ncall me\n010-12345678\nq\n"
    result = postdesk("run", "admin-password-reset", "--lang", "zh", stdin=answers)
    assert "联系电话：“call me”不是电话号码" in result.out  # the field by its label
    assert "is not a phone number" not in result.out


def test_the_complaint_offers_its_facts_and_marks_its_code() -> None:
    """The terminal walk uses the desk's rules: --complaint offers facts, marks the code."""
    result = postdesk(
        "run",
        "client-send-receive",
        "--lang",
        "en",
        "--complaint",
        "Outlook 收信报错 0x800CCC0E，邮箱 zhao@gaoke-elec.com",
        stdin="\nq\n",
    )
    assert "[Enter: Outlook 收信报错 0x800CCC0E" in result.out  # offered, Enter accepts
    marked = [line for line in result.out.splitlines() if "matches" in line]
    assert marked and "0x800ccc0e" in marked[0].lower()
