"""Bounces in formats and languages the corpus lacks (files in ``samples/``).

Each sample was written for these tests: Chinese notices in GB2312, GBK and
Big5, a Japanese one in ISO-2022-JP, CR-only line endings, an HTML-only
notice, and the source document's own texts (4.0.12 bounce list, 4.0.28 and
4.0.29 replies) inside real bounce formats. The table gives, per recipient,
what the analysis must say, down to the playbook, its signal and a fragment
of the scripted Chinese reply; the reply must also be the playbook's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postdesk.bounce import analyze
from postdesk.kb.load import default_library

SAMPLES = Path(__file__).parent / "samples"

# file -> (address, status, replycode, reason, playbook, signal, fragment of reply zh)
EXPECTED: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # Free-form GB2312 notice; the address inside a sentence; 4.0.12 "Mailbox exceed".
    "gb2312-netease-mailbox-exceed.eml": (
        "zhangwei@example.cn",
        "5.0.922",
        "552",
        "mailboxfull",
        "bounce-interpretation",
        "mailbox-over-quota",
        "邮箱空间已满",
    ),
    # GBK (a name outside GB2312), base64; 4.0.12 "Invalid rcpt address".
    "gbk-exmail-invalid-rcpt.eml": (
        "wangfang@example.com.cn",
        "5.0.911",
        "550",
        "userunknown",
        "bounce-interpretation",
        "user-unknown",
        "收件人不存在",
    ),
    # Big5 text part beside the returned message; 4.0.12 "Quota exceed".
    "big5-quota-exceed.eml": (
        "chen@example.com.tw",
        "5.2.2",
        "552",
        "mailboxfull",
        "bounce-interpretation",
        "mailbox-over-quota",
        "邮箱空间已满",
    ),
    # ISO-2022-JP notice, refused at RCPT; 4.0.12 "Blocked by RBL".
    "iso2022jp-blocked-by-rbl.eml": (
        "tanaka@example.co.jp",
        "5.7.1",
        "554",
        "blocked",
        "bounce-interpretation",
        "blocked-by-rbl",
        "拒收原因",
    ),
    # RFC 3464 report with CR-only line endings; 4.0.12 "Name service error".
    "cr-only-name-service-error.eml": (
        "ops@example.cn",
        "4.4.3",
        "",
        "networkerror",
        "bounce-interpretation",
        "recipient-domain-unresolved",
        "无法成功解析",
    ),
    # UTF-8 quoted-printable notice; 4.0.12 "Authentication needed for local user".
    "utf8-coremail-auth-local-user.eml": (
        "zhao@example.net.cn",
        "5.0.970",
        "553",
        "securityerror",
        "bounce-interpretation",
        "local-user-authentication",
        "企业邮局",
    ),
    # Postfix report, sender refused at MAIL FROM by the provider's own MX (the
    # profile's mx01.263xmail.com): the document's 4.0.28 same-domain rule.
    "postfix-sender-access-denied.eml": (
        "liu@example.cn",
        "5.7.1",
        "554",
        "rejected",
        "same-domain-auth",
        "sender-address-rejected-access-denied",
        "同域认证",
    ),
    # Exim, refused at RCPT; 4.0.29 "551 user not local".
    "exim-user-not-local.eml": (
        "bob@example.net",
        "5.0.911",
        "551",
        "userunknown",
        "overseas-delivery",
        "user-not-local-551",
        "收件方地址确实存在",
    ),
    # HTML-only notice (no text part), base64, CRLF line endings.
    "utf8-html-only-mailbox-not-found.eml": (
        "huang@example.com.cn",
        "5.0.911",
        "550",
        "userunknown",
        "bounce-interpretation",
        "user-unknown",
        "收件人不存在",
    ),
    # GB2312 quoted-printable text inside a report without a Diagnostic-Code.
    "gb2312-qp-report-mailbox-exceed.eml": (
        "wu@example.cn",
        "4.2.2",
        "452",
        "mailboxfull",
        "bounce-interpretation",
        "mailbox-over-quota",
        "邮箱空间已满",
    ),
}
NOT_BOUNCES = ["gb2312-not-a-bounce.eml"]


def _reply_of(playbook_id: str, signal_id: str) -> dict[str, str] | None:
    playbook = default_library().get(playbook_id)
    signal = next(s for s in playbook.signals if s.id == signal_id)
    return {"zh": signal.reply.zh, "en": signal.reply.en} if signal.reply else None


def test_every_sample_has_a_row() -> None:
    on_disk = {path.name for path in SAMPLES.glob("*.eml")}
    assert on_disk == set(EXPECTED) | set(NOT_BOUNCES)


@pytest.mark.parametrize(("name", "row"), EXPECTED.items(), ids=EXPECTED.keys())
def test_sample(name: str, row: tuple[str, str, str, str, str, str, str]) -> None:
    address, status, replycode, reason, playbook, signal, reply_fragment = row
    report = analyze((SAMPLES / name).read_bytes())
    assert report.is_bounce and report.error is None
    got = [
        (r.address, r.status, r.replycode, r.reason, r.playbook, r.signal)
        for r in report.recipients
    ]
    assert got == [(address, status, replycode, reason, playbook, signal)]
    record = report.recipients[0]
    assert record.reply is not None and reply_fragment in record.reply["zh"]
    assert record.reply == _reply_of(playbook, signal)


@pytest.mark.parametrize("name", NOT_BOUNCES)
def test_not_a_bounce(name: str) -> None:
    report = analyze((SAMPLES / name).read_bytes())
    assert report.is_bounce is False and report.recipients == [] and report.error is None


def test_encoded_subject_of_returned_message() -> None:
    """The returned message's Big5 subject is decoded, not left as an encoded word."""
    report = analyze((SAMPLES / "big5-quota-exceed.eml").read_bytes())
    assert report.subject == "會議紀錄"
    assert report.message_id == "big5-original@example.org"
