"""Entity extraction: table-driven, each row a complaint and what must (or must not) be found."""

from __future__ import annotations

import pytest

from postdesk.kb.signals import default_index
from postdesk.triage.entities import extract, to_ascii_domain

DOMAIN_CASES = [
    ("超管密码丢失了，域名 例子.公司，麻烦处理", [("例子.公司", "xn--fsqu00a.xn--55qx5d")]),
    ("我们的域名是中文域名.中国，收不到信", [("中文域名.中国", "xn--fiq06l2rdsvs.xn--fiqs8s")]),
    ("域名：测试。中国", [("测试.中国", "xn--0zwm56d.xn--fiqs8s")]),
    (
        "把abc-mold.com换到abc-mold.com.cn",
        [("abc-mold.com", "abc-mold.com"), ("abc-mold.com.cn",) * 2],
    ),
    ("我们公司abc.com的邮箱", [("abc.com", "abc.com")]),
    ("telnet SMTP.263xmail.com 25", [("smtp.263xmail.com", "smtp.263xmail.com")]),
    # A punycode top-level domain (RFC 5890) ends a name; it was cut at ".xn".
    ("收到 sales@xn--fiqs8s.xn--fiqs8s 的信", [("xn--fiqs8s.xn--fiqs8s",) * 2]),
    ("域名 例子.xn--fiqs8s", [("例子.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s")]),
    ("a.xn-- 和 b.xn--a-", []),
    # "。" before an ASCII word ends a sentence, not a name that goes on.
    ("应该是 ridgeway-imports.com.au。Please check", [("ridgeway-imports.com.au",) * 2]),
    # Latin letters with diacritics make an internationalised label (RFC 5890); the whole
    # label is the name, not its ASCII tail ("n-technik.de").
    ("our German client grün-technik.de", [("grün-technik.de", "xn--grn-technik-uhb.de")]),
    (
        "Müller GmbH, müller.de × café.fr",
        [("müller.de", "xn--mller-kva.de"), ("café.fr", "xn--caf-dma.fr")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOMAIN_CASES)
def test_domains_with_punycode(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(d["name"], d["ascii"]) for d in extract(text).domains]
    assert found == [tuple(pair) for pair in expected]


@pytest.mark.parametrize(
    "text",
    ["附件变成了winmail.dat", "附件是 invoice.pdf 和 setup.exe", "版本 4.0 和 v2.1", "2024.05.01"],
)
def test_file_names_and_numbers_are_not_domains(text: str) -> None:
    assert extract(text).domains == []


def test_idn_to_ascii_rejects_invalid_names() -> None:
    assert to_ascii_domain("例子.公司") == "xn--fsqu00a.xn--55qx5d"
    assert to_ascii_domain("bad..name") is None


EMAIL_CASES = [
    ("发给zhang@abc-logistics.com的邮件", ["zhang@abc-logistics.com"]),
    ("联系邮箱 IT.Dept+cs@Sunrise-Tech.cn 不对", ["IT.Dept+cs@sunrise-tech.cn"]),
    ("管理员 admin@例子.公司 登不上", ["admin@例子.公司"]),
    ("rcpt to:<admin@用户公司域名>", []),
    # Chinese runs on after an address with no space: the host ends at its top-level
    # domain, it does not swallow the sentence up to the next dot.
    (
        "客户sales@boyuan-eng.com反映给合作伙伴m.schmidt@kraus-technik.de发信被退回",
        ["sales@boyuan-eng.com", "m.schmidt@kraus-technik.de"],
    ),
    ("我的邮箱li@abc.com.cn收不到信了", ["li@abc.com.cn"]),
    # "。" after an ASCII label ends the sentence, in an address's host too.
    ("cc: amy@harbor-foods.hk。from: li@xinhe.cn。", ["amy@harbor-foods.hk", "li@xinhe.cn"]),
    ("管理员 li@例子。公司 登不上", ["li@例子.公司"]),
]


@pytest.mark.parametrize(("text", "expected"), EMAIL_CASES)
def test_emails(text: str, expected: list[str]) -> None:
    assert extract(text).emails == expected


def test_a_local_part_written_alone_is_no_domain() -> None:
    # "j.wang" is the short name of j.wang@…, though .wang is a top-level domain.
    found = extract("跟踪 j.wang@ruisheng-fin.com 后，j.wang 发出的信没有副本")
    assert [d["name"] for d in found.domains] == ["ruisheng-fin.com"]
    assert [d["name"] for d in extract("我的域名是 j.wang").domains] == ["j.wang"]


def test_a_domain_of_digits_written_with_its_at_sign() -> None:
    # "邮箱是 @126.com 的": the domain of the mailboxes, with the "@" people write.
    assert [d["name"] for d in extract("学生的邮箱是 @126.com 的").domains] == ["126.com"]
    assert extract("学生的邮箱是 @126.com 的").emails == []


def test_email_domain_is_also_a_domain() -> None:
    found = extract("admin@例子.公司")
    assert found.domains == [{"name": "例子.公司", "ascii": "xn--fsqu00a.xn--55qx5d"}]


@pytest.mark.parametrize(
    ("text", "ipv4", "ipv6"),
    [
        ("Client host [211.150.100.26] blocked", ["211.150.100.26"], []),
        ("公网IP是 2001:db8::1，还有 fe80::1%eth0", [], ["2001:db8::1", "fe80::1"]),
        ("时间 10:30:00 发的", [], []),
        ("999.1.1.1 不是地址, 1.2.3.4.5 也不是", [], []),
    ],
)
def test_ip_addresses(text: str, ipv4: list[str], ipv6: list[str]) -> None:
    found = extract(text)
    assert (found.ipv4, found.ipv6) == (ipv4, ipv6)


CODE_CASES = [
    ("outlook报错 0x800ccc0e", ["0x800CCC0E"], [], []),
    ("Error Number: 0x800CCC92, 还有 0x800C133", ["0x800CCC92", "0x800C133"], [], []),
    ("Remote server said: 550 5.1.1 <a@b.com>: User unknown", [], ["550"], ["5.1.1"]),
    ("退信是551", [], ["551"], []),
    ("598 mail rejected by keyword", [], ["598"], []),
    ("退信代码 554 5.7.1", [], ["554"], ["5.7.1"]),
    ("(#5.2.2) mailbox full", [], [], ["5.2.2"]),
    ("邮箱500M，跟踪100个，2008年，第101个，端口：465", [], [], []),
]


@pytest.mark.parametrize(("text", "client", "smtp", "enhanced"), CODE_CASES)
def test_codes(text: str, client: list[str], smtp: list[str], enhanced: list[str]) -> None:
    found = extract(text)
    assert found.client_error_codes == client
    assert found.smtp_codes == smtp
    assert found.enhanced_status_codes == enhanced


@pytest.mark.parametrize(
    ("text", "phrase", "playbook"),
    [
        ("发信提示 Sender In Prison", "sender in prison", "client-send-receive"),
        ("598  mail rejected by keyword", "mail rejected by keyword", "client-send-receive"),
        ("退信: Mailbox exceed", "mailbox exceed", "bounce-interpretation"),
        ("551 user not local", "551 user not local", "overseas-delivery"),
        ("554 <a@b.cn>: Sender address rejected: Access denied", "access denied", None),
        ("网页登录提示系统忙", "系统忙", "webmail-system-busy"),
    ],
)
def test_server_phrases_come_from_playbook_signals(
    text: str, phrase: str, playbook: str | None
) -> None:
    phrases = extract(text, default_index()).server_phrases
    assert any(phrase in hit["phrase"] for hit in phrases), phrases
    if playbook:
        assert playbook in {hit["playbook"] for hit in phrases}


def test_no_signal_index_means_no_server_phrases() -> None:
    assert extract("sender in prison").server_phrases == []


@pytest.mark.parametrize(
    ("text", "dates", "times"),
    [
        ("2024年5月3日 15:30:22 发的", ["2024-05-03"], ["15:30:22"]),
        ("2024/5/3 和 2024-05-04", ["2024-05-03", "2024-05-04"], []),
        ("5月1号到5月31号的日志", ["5月1号", "5月31号"], []),
        ("客户早上9点发的，我下午3点半才收到", [], ["09:00", "15:30"]),
        ("昨天晚上8点20分", ["昨天"], ["20:20"]),
        ("Date: Mon, 30 Nov 2026 10:00:00 +0800", ["Mon, 30 Nov 2026"], ["10:00:00"]),
        ("去年12月的收信记录", ["去年12月"], []),
        ("上周三下午收不到，昨天也是", ["上周三", "昨天"], []),
    ],
)
def test_dates_and_times(text: str, dates: list[str], times: list[str]) -> None:
    found = extract(text)
    assert found.dates == dates
    assert found.times == times


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("我电话13911112222", ["13911112222"]),
        ("手机 +86 139-1111-2222", ["+86 139-1111-2222"]),
        ("传真 010-64240295转5", ["010-64240295转5"]),
        ("座机(0571)88776655", ["(0571)88776655"]),
        ("IP 211.150.100.26，Socket Error: 10060", []),
    ],
)
def test_phones(text: str, phones: list[str]) -> None:
    assert extract(text).phones == phones


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("用outlook express发信", ["Outlook Express"]),
        ("Outlook 和 Foxmail 都不行", ["Outlook", "Foxmail"]),
        ("黑莓手机发给同事退信", ["BlackBerry"]),
        ("OE打开收件箱，WM上正常", ["Outlook Express", "webmail"]),
        ("网页版邮箱打不开", ["webmail"]),
        ("shoe boxes and a wmv file", []),
    ],
)
def test_products(text: str, products: list[str]) -> None:
    assert extract(text).products == products


def test_pasted_bounce() -> None:
    bounce = (
        "This is an automatically generated Delivery Status Notification.\n"
        "Delivery to the following recipients failed.\n"
        "  li.ming@partner-corp.com\n"
        "Remote server said: 550 5.1.1 <li.ming@partner-corp.com>: Recipient address rejected: "
        "User unknown in virtual mailbox table\n"
        "Reporting-MTA: dns; smtp.263xmail.com [211.150.100.26]\n"
    )
    found = extract(bounce, default_index())
    assert found.emails == ["li.ming@partner-corp.com"]
    assert found.smtp_codes == ["550"]
    assert found.enhanced_status_codes == ["5.1.1"]
    assert found.ipv4 == ["211.150.100.26"]
    assert {"partner-corp.com", "smtp.263xmail.com"} <= {d["name"] for d in found.domains}
    assert "user unknown" in {hit["phrase"] for hit in found.server_phrases}
