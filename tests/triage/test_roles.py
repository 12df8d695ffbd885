"""Whose domain is whose (issue 13.2): the customer's own, or the other side's."""

from __future__ import annotations

import pytest

from postdesk.triage import flow, triage
from postdesk.triage.entities import extract
from tests.conftest import DATA
from tests.triage.roles_score import load_rows, score

DEV_SET = DATA.parent / "triage" / "data" / "roles-dev.jsonl"
DEV_SET_2 = DATA.parent / "triage" / "data" / "roles-dev-2.jsonl"
# The first blind set, measured once at 135/150 customer domains and 131/150 counterpart
# sets (2026-12-06), has since been tuned on: it is development data now.
SPENT_HELD_OUT = DATA.parent / "triage" / "data" / "roles-heldout.jsonl"
HELD_OUT_2 = DATA.parent / "triage" / "data" / "roles-heldout-2.jsonl"
# Measured once on the second blind set (200 complaints written by a helper who never
# saw the code, weighted toward agent notes, pasted bounces and headers, several
# counterparts), after tuning had ended on the sets above: 170/200 customer domains
# right, 171/200 counterpart sets exactly right. Below the targets of issue 13 (97 % and
# 90 %): this test keeps the measured level, so a change cannot make it worse unnoticed.
HELD_OUT_2_CUSTOMER_RIGHT = 170
HELD_OUT_2_COUNTERPARTS_RIGHT = 171

# The finding itself: the partner's domain came first and became the customer.
FINDING = (
    "我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回，以前也能发。"
    "公司域名boyuan-eng.com，发件人 sales@boyuan-eng.com"
)


def test_the_partner_is_not_the_customer() -> None:
    found = triage(FINDING).entities
    assert found.customer_domain == "boyuan-eng.com"
    assert found.counterpart_domains == ["kraus-technik.de"]


def test_a_clause_before_an_ideographic_full_stop_is_not_a_domain() -> None:
    names = {d["name"] for d in extract(FINDING).domains}
    assert names == {"kraus-technik.de", "boyuan-eng.com"}
    # A Chinese domain typed with "。" still is one when its top-level domain ends it.
    assert [d["name"] for d in extract("域名：测试。中国").domains] == ["测试.中国"]


@pytest.mark.parametrize(
    ("text", "customer", "counterparts"),
    [
        ("登录 mail.huaxin-group.com 提示系统忙", "huaxin-group.com", []),
        (
            "收不到客户 order@megamart.com.sg 发来的邮件，我们的邮箱 sales@weiye-furn.com",
            "weiye-furn.com",
            ["megamart.com.sg"],
        ),
        ("我们要把邮局从 abc-mold.com 换到 abc-mold.com.cn", "abc-mold.com", []),
        (
            "发给对方 purchasing@acme-industrial.com 的邮件对方说没收到",
            None,
            ["acme-industrial.com"],
        ),
        ("telnet smtp.263xmail.com 25 连不上，我们是 boda-mach.com", "boda-mach.com", []),
        ("我们发给 gov.cn 下面的 office@shanghai-tax.gov.cn 退信", None, ["shanghai-tax.gov.cn"]),
        (
            "给 jane@gmail.com 发信退回，发件地址 pr@meiling-bev.com",
            "meiling-bev.com",
            ["gmail.com"],
        ),
        ("邮箱收不到信", None, []),
    ],
)
def test_roles_from_the_wording(text: str, customer: str | None, counterparts: list[str]) -> None:
    found = triage(text).entities
    assert (found.customer_domain, found.counterpart_domains) == (customer, counterparts)


def test_the_provider_and_free_mail_are_never_the_customer() -> None:
    found = triage("用 xx@qq.com 登录 webmail.263.net 提示系统忙").entities
    assert found.customer_domain is None
    assert "263.net" not in found.counterpart_domains


def test_roles_are_in_the_json_of_triage_and_entities() -> None:
    shaped = triage(FINDING).as_dict()["entities"]
    assert shaped["customer_domain"] == "boyuan-eng.com"
    assert shaped["counterpart_domains"] == ["kraus-technik.de"]
    assert list(shaped)[-2:] == ["customer_domain", "counterpart_domains"]


def test_development_sets_stay_where_tuning_left_them() -> None:
    """The complaints the role rules were tuned on (see their READMEs).

    Not a measure of quality on unseen complaints (the blind set is): this keeps a
    change from quietly undoing what the rules were chosen for.
    """
    for path, rows, customer, counterparts in (
        (DEV_SET, 176, 0.97, 0.97),
        (DEV_SET_2, 388, 0.93, 0.93),
        (SPENT_HELD_OUT, 150, 0.98, 0.98),
    ):
        result = score(load_rows(path))
        assert result.rows == rows, path.name
        assert result.customer_share >= customer, (path.name, result.misses)
        assert result.counterpart_share >= counterparts, (path.name, result.misses)


# Each rule of postdesk.triage.roles and .flow, on complaints written for the test (not
# taken from the labelled sets): (text, customer domain, other side's domains).
RULES = {
    # Header fields (RFC 5322 §3.6): From is the sender, To/Cc the recipients; the
    # customer sends ("我们发出去了"), so the other end is the other side, and a Cc to a
    # colleague is not.
    "header fields": (
        "From: li@sunfield-tex.com\nTo: buyer@oakline-retail.co.uk\nCc: boss@sunfield-tex.com\n"
        "这封信我们发出去了，对方说没收到。",
        "sunfield-tex.com",
        ["oakline-retail.co.uk"],
    ),
    # Trace fields are added on delivery (RFC 5321 §4.4, RFC 9228): the paster got it.
    "trace fields": (
        "Return-Path: <news@deal-blast.biz>\nDelivered-To: hr@qinghe-wy.com\nSubject: 中奖通知\n"
        "每天几十封这种，能挡吗",
        "qinghe-wy.com",
        ["deal-blast.biz"],
    ),
    # A DSN lists the failed recipients under a heading; the customer pasting it sent.
    "dsn list": (
        "退信如下：\nDelivery to the following recipient failed permanently:\n"
        "    orders@kestrel-foods.com.au\n我们是 yuanfeng-sp.com",
        "yuanfeng-sp.com",
        ["kestrel-foods.com.au"],
    ),
    "postfix reason": (
        "<anna@volga-trade.ru>: host mx.volga-trade.ru[192.0.2.4] said: 550 5.1.1 User unknown\n"
        "发件人 li@huabei-jx.com",
        "huabei-jx.com",
        ["volga-trade.ru"],
    ),
    # In the header of the DSN itself, To: is the original sender (RFC 3464).
    "dsn header": (
        "Return-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@smtp.263xmail.com>\n"
        "To: sales@jinhai-my.com\n<po@sealine-ship.gr>: 550 No such user",
        "jinhai-my.com",
        ["sealine-ship.gr"],
    ),
    # Exchange: the address, then "Remote Server returned"; "RESOLVER.ADR.RecipNotFound"
    # is no domain (its top-level domain is not delegated).
    "exchange ndr": (
        "Delivery has failed to these recipients or groups:\nm.rossi@vetro-arte.it\n"
        "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'\n"
        "发件人 export@dongsheng-bl.com",
        "dongsheng-bl.com",
        ["vetro-arte.it"],
    ),
    # Who gets a bounce sent the mail: here the other side did.
    "their bounce": (
        "Our supplier (sales@ridgeway-steel.com) got a bounce 'user unknown' when writing to "
        "purchase@hongda-jx.com, which is a valid mailbox.",
        "hongda-jx.com",
        ["ridgeway-steel.com"],
    ),
    "mail to us": (
        "对方说给我们发的信都退回了，对方是 ops@harbor-line.com.sg，我们的邮箱 kf@xinyuan-wl.com",
        "xinyuan-wl.com",
        ["harbor-line.com.sg"],
    ),
    # The subject of the complaint's verb is the caller when nothing else says.
    "subject receives": (
        "财务 cw@mingda-sy.com 每天收到 noreply@billing-hub.io 的通知好几遍",
        "mingda-sy.com",
        ["billing-hub.io"],
    ),
    # A list shares the cue after its last item.
    "list": (
        "他们 a@lumen-parts.de、b@lumen-parts.de 都说没收到，我们的发件人 sales@tianyi-jd.com",
        "tianyi-jd.com",
        ["lumen-parts.de"],
    ),
    # In an agent's note the caller is 客户; the one mail goes to is not.
    "agent note": (
        "客户来电：给美国客户 buyer@prairie-goods.com 发的报价对方说在垃圾箱里，"
        "客户邮箱 ex@huaxia-mj.com",
        "huaxia-mj.com",
        ["prairie-goods.com"],
    ),
    "agent note quoting": (
        "客户说：我们给对方发的邮件对方收不到。客户域名 jinlong-sy.com，对方 info@baltic-wood.lt",
        "jinlong-sy.com",
        ["baltic-wood.lt"],
    ),
    "agent note in english": (
        "Customer reports spam from offers@win-now.top hitting every mailbox at their domain "
        "songhe-hotel.com",
        "songhe-hotel.com",
        ["win-now.top"],
    ),
    # In the customer's own words 客户 is its client.
    "customer voice": (
        "我们的客户 purchase@north-star.com.au 说收不到我们的报价，我们是 hengtai-my.com",
        "hengtai-my.com",
        ["north-star.com.au"],
    ),
    # A domain is whoever's is named right before it; a name owns what follows it.
    "possessor": (
        "对方域名是 kaiser-bau.de，我们的域名是 jianye-jz.com，发过去的都退回",
        "jianye-jz.com",
        ["kaiser-bau.de"],
    ),
    "named owner": (
        "我们跟 B 公司 lotus-ceramic.com 合作，他们说我们的信都进垃圾箱。我们的域名 fuda-tc.cn",
        "fuda-tc.cn",
        ["lotus-ceramic.com"],
    ),
    "chained possessor": ("我们 HR 的邮箱 hr@kaiyue-rl.com 收不到外面的信", "kaiyue-rl.com", []),
    # A change of domain names two of the customer's own (label rule 4).
    "change of domain": (
        "We want to move our mail from harbor-old.com to harbor-new.com",
        "harbor-old.com",
        [],
    ),
    # The caller's own free mail is neither side (label rule 2); another's is.
    "personal free mail": (
        "用我的私人邮箱 zhang88@163.com 联系一下，公司邮局 tengda-jx.com 网页打不开",
        "tengda-jx.com",
        [],
    ),
    "forward to own free mail": (
        "邮箱设置了自动转发到 backup_boss@126.com，公司域名 yuxing-sm.com，现在转发收不到了",
        "yuxing-sm.com",
        [],
    ),
    "free mail recipient": (
        "收件人 invoice_li@163.com 说没收到，发件人 cw@dongye-gs.com",
        "dongye-gs.com",
        ["163.com"],
    ),
    # Servers of free mail and of large mail hosts, test targets and relays: neither.
    "test host": (
        "telnet smtp.qq.com 25 能通，telnet smtp.263xmail.com 25 不通，我们是 anhe-dz.com",
        "anhe-dz.com",
        [],
    ),
    "mail host": (
        "退信里写 host aspmx.l.google.com said: 550 5.7.26，收件人 ceo@brightlabs.io，"
        "我们 meihua-it.cn",
        "meihua-it.cn",
        ["brightlabs.io"],
    ),
    "relay": (
        "我们只能走运营商的 smtp.telecom-isp.cn 发信，发给同事 li@yongan-jd.com 退信",
        "yongan-jd.com",
        [],
    ),
    # Bounces of mail forged in the customer's name went to strangers.
    "forged sender": (
        "收到很多退信，都是发往陌生地址 x1@stranger-mail.net 的，但我们没发过，"
        "我们是 guangda-wl.com",
        "guangda-wl.com",
        [],
    ),
    # A bracket after a name says whose it is; an example takes its category's cue.
    "bracket": (
        "两家域名：tianrui-jx.com（我们）、mosel-wein.de（合作方）",
        "tianrui-jx.com",
        ["mosel-wein.de"],
    ),
    "example": (
        "公司邮件发不到 qq 邮箱，比如 12345678@qq.com，我们是 haoyun-gs.com",
        "haoyun-gs.com",
        ["qq.com"],
    ),
    # Mail both ways between two domains names neither (label rule 3).
    "mutual": ("jinqiao-sy.com 和 baiyun-ft.com 之间互相发邮件很慢", None, []),
    "between": ("Mail between nordfjord.no and silverpine.io is slow", None, []),
    # A name written wrongly is neither (label rule 5).
    "written wrongly": (
        "之前写错了，不是 kaixing-yx.cn，是 kaixing-youxi.cn，请改一下",
        "kaixing-youxi.cn",
        [],
    ),
}


def test_second_blind_set_stays_at_its_measured_level() -> None:
    """The blind set (see roles-heldout-2.README.md). Misses are not printed: read, they
    would turn the blind set into tuning data."""
    result = score(load_rows(HELD_OUT_2))
    assert result.rows == 200
    assert result.customer_right >= HELD_OUT_2_CUSTOMER_RIGHT, result.customer_right
    assert result.counterparts_right >= HELD_OUT_2_COUNTERPARTS_RIGHT, result.counterparts_right


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_of_the_role_decision(rule: str) -> None:
    text, customer, counterparts = RULES[rule]
    found = triage(text).entities
    assert (found.customer_domain, sorted(found.counterpart_domains)) == (
        customer,
        sorted(counterparts),
    )


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("收不到客户的邮件", "inbound"),  # Chinese drops "I": the caller lacks the mail
        ("对方一直收不到", "outbound"),
        ("我们给对方发的邮件被退回", "outbound"),
        ("对方给我们发的信都退回了", "inbound"),
        ("我收到了退信", "outbound"),  # a bounce goes back to the sender
        ("对方收到退信", "inbound"),
        ("the bounce my colleague got", "outbound"),
        ("they never got what we sent", "outbound"),
        ("we keep getting the same email three times", "inbound"),
        ("this is phishing, why did it get through", "inbound"),
        ("银行说给我们财务发的对账单退回来了", "inbound"),  # mail to us is sent by another
    ],
)
def test_the_direction_of_the_mail_from_the_wording(text: str, way: str) -> None:
    assert flow.read(text.casefold()).way() == way


def test_nothing_said_is_no_direction() -> None:
    assert flow.read("网页登录提示系统忙").way() is None


@pytest.mark.parametrize(
    ("line_before", "role"),
    [
        ("From: ", "sender"),
        ("Return-Path: <", "sender"),
        ("  Final-Recipient: rfc822; ", "recipient"),
        (">>> RCPT To:<", "recipient"),
        ("收件人：", "recipient"),
        ("信头里有这一段，还有 From: ", "sender"),  # a field quoted in a sentence
        ("Received: from ", "sender"),
        ("From: a@b.com 的通知邮件我们收不到，公司邮箱 ", None),  # prose goes on
        ("我们的邮箱是 ", None),
    ],
)
def test_header_fields_name_roles(line_before: str, role: str | None) -> None:
    assert flow.field_role(line_before.casefold()) == role
