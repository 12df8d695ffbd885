"""The terminal walk as an agent sees it: what a reply step prints."""

from __future__ import annotations

from tests.cli.run_cli import postdesk


def test_the_expiry_reply_is_printed_once_with_the_worked_out_date() -> None:
    """4.0.5: the reply panel holds expiry date + free months, and only the panel holds it."""
    result = postdesk(
        "run", "expiry-query", "--lang", "en", stdin="abc.example\n1\n2024-01-31\n13\n\n"
    )
    assert result.code == 0, result.err
    assert "reply / 回复口径" in result.out
    assert result.out.count("really expires on") == 1, result.out
    assert "2025-02-28" in result.out
