"""Inputs built to make text scanners slow: one short unit repeated (issue 12.1).

A pattern with overlapping repetition backtracks on "1.1.1.1…"; one that can
start anywhere in a run of spaces and scan to its end is quadratic on
"      …1". Each family here repeats the unit that hurt such a pattern, up to
the size asked for. The entity tests and ``benchmarks/bench_entities.py``
feed them to :func:`postdesk.triage.entities.extract`, which must stay linear.
"""

from __future__ import annotations

# name -> (unit repeated, tail appended once); the tail is what makes a match
# attempt run to the end of the repetition before failing.
FAMILIES: dict[str, tuple[str, str]] = {
    "digit-dots": ("1.", ""),
    "letter-dots": ("a.", "1"),
    "label-dots": ("ab-", ".x"),
    "cjk-dots": ("例.", "1"),
    "cjk-ideographic-stops": ("例。", "公司域名"),
    "at-signs": ("a@", ""),
    "address-dots": ("a@b.", "1"),
    "spaces-then-digit": (" ", "1点"),
    "newlines-then-digit": ("\n", "5"),
    "digits-and-colons": ("1:", "x"),
    "dotted-quads": ("1.1.1.1.", "1"),
    "status-codes": ("5.1.", "1"),
    "reply-codes": ("550 ", ""),
    "cjk-words": ("我们给对方", ".公司"),
    "domains": ("a1b.com ", ""),
    "addresses": ("x@y.cn,", ""),
    "month-days": ("1 月 ", "1"),
    "time-words": ("下午 ", "1"),
    # Latin letters with diacritics belong to labels too (internationalised names).
    "latin-dots": ("ü.", "1"),
    "latin-addresses": ("x@ü.de,", ""),
    # The sixth round's role cues, each read around many mentions (docs/triage.md).
    "hosting-statements": ("a.com 在你们这托管，该域为我司托管用户。", ""),
    "brand-mailboxes": ("对方163的邮箱 a@163.com ", ""),
    "receivers-listed": ("没收到：a@b.cn、", ""),
    "related-companies": ("子公司 a1.com 和", ""),
    "digits-after-at": ("@1.com ", ""),
    "stops-after-addresses": ("x@y.hk。", "from"),
    "spaces-after-is": ("is   ", "hosted with you"),
    # the seventh round's patterns: examples of senders, resellers, hosting elsewhere,
    # a failure "for" an address, bounces passed on, Received chains, 。 before a label
    "examples-of-senders": ("from odd new addresses like a@b.cn ", ""),
    "resellers": ("我是代理商 a.com 的客服，", ""),
    "hosted-elsewhere": ("子公司的邮箱在别家，域名 a.com，", ""),
    "failed-for": ("'user unknown' for a@b.cn ", ""),
    "forwarded-bounces": ("客户转过来的退信 ", ""),
    "received-chains": ("Received: from a.b.com by c.d.com;\n", ""),
    "label-after-stop": ("去掉。公司：", ""),
}


def build(name: str, size: int) -> str:
    """The family ``name`` at ``size`` characters (the tail included)."""
    unit, tail = FAMILIES[name]
    body = unit * (max(0, size - len(tail)) // len(unit) + 1)
    return body[: max(0, size - len(tail))] + tail
