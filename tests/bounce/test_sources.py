"""Where messages come from: the messages of an mbox (``postdesk.bounce.sources``)."""

from __future__ import annotations

from postdesk.bounce import analyze
from postdesk.bounce.sources import each_message, split_mbox
from tests.bounce import built_bounces

# Postfix local(8) writes "From sender  date" (two spaces), the date in asctime form.
POSTMARK_1 = b"From MAILER-DAEMON  Mon Mar  3 09:15:00 2025\n"
POSTMARK_2 = b"From double-bounce@mx.example.org  Mon Mar  3 09:15:01 2025\n"


def test_postmark_right_after_a_message_starts_the_next_one() -> None:
    # A writer that ends a message without the blank line: the second postmark follows
    # the first message's closing MIME boundary directly.
    first = built_bounces.dsn("5.1.1", "550 5.1.1 <kijitora@example.jp>: User unknown")
    second = built_bounces.dsn("5.2.2", "552 5.2.2 <kijitora@example.jp>: Mailbox full")
    assert first.endswith(b"--B1--\n")
    messages = split_mbox(POSTMARK_1 + first + POSTMARK_2 + second)
    assert messages is not None and len(messages) == 2
    assert messages[1].startswith(POSTMARK_2)
    reasons = [analyze(m, with_advice=False).recipients[0].reason for m in messages]
    assert reasons == ["userunknown", "mailboxfull"]


def test_a_from_line_that_is_no_postmark_stays_in_its_message() -> None:
    # Without a blank line before it, a line is a separator only in the postmark's form.
    body = built_bounces.dsn("5.1.1", "550 5.1.1 User unknown").replace(
        b"Subject: Nyaan\n", b"Subject: Nyaan\nFrom the desk of the postmaster\n"
    )
    assert split_mbox(POSTMARK_1 + body + b"From a friend Mon Mar 3 2025\n") is None
    assert each_message(body) == [body]


def test_blank_line_separated_mbox_still_splits() -> None:
    mbox = POSTMARK_1 + built_bounces.EXIM + b"\n" + POSTMARK_2 + built_bounces.QMAIL
    assert [len(m) > 0 for m in each_message(mbox)] == [True, True]
