"""Whose domain is whose (issue 13.2): the customer's own, or the other side's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from postdesk.triage import flow, ranker, triage
from postdesk.triage.entities import extract
from tests.conftest import DATA
from tests.triage.roles_score import load_rows, score

DEV_SET = DATA.parent / "triage" / "data" / "roles-dev.jsonl"
DEV_SET_2 = DATA.parent / "triage" / "data" / "roles-dev-2.jsonl"
# The first blind set, measured once at 135/150 customer domains and 131/150 counterpart
# sets (2026-12-06), has since been tuned on: it is development data now.
SPENT_HELD_OUT = DATA.parent / "triage" / "data" / "roles-heldout.jsonl"
# The second blind set, measured once at 170/200 customer domains and 171/200 counterpart
# sets (2026-12-06), has since been tuned on too.
SPENT_HELD_OUT_2 = DATA.parent / "triage" / "data" / "roles-heldout-2.jsonl"

# The third blind set (200 complaints of "a normal week", written by a helper who never
# saw the code; roles-heldout-3.README.md), measured once after tuning had ended on the
# four sets above (commit 8150dba) at 182/200 customer domains and 178/200 counterpart
# sets, has since been tuned on (the fourth round studied its misses by kind): it is
# development data now too.
SPENT_HELD_OUT_3 = DATA.parent / "triage" / "data" / "roles-heldout-3.jsonl"
# Probes written by the fourth round's helper, who had read the code (README there).
DEV_SET_3 = DATA.parent / "triage" / "data" / "roles-dev-3.jsonl"
# The fourth blind set (200 complaints by another helper who never saw the code;
# roles-heldout-4.README.md), measured once after the fourth round had ended (commit
# 556508d) at 173/200 customer domains and 167/200 counterpart sets: below the targets
# (97% / 90%). The fifth round studied the misses of its odd-numbered half and kept
# the even-numbered half unread as a leave-out check; development data now.
HELD_OUT_4 = DATA.parent / "triage" / "data" / "roles-heldout-4.jsonl"
# Probes written by the fifth round's helper, who had read the code (README there).
DEV_SET_4 = DATA.parent / "triage" / "data" / "roles-dev-4.jsonl"
# The fifth blind set (roles-heldout-5.README.md): written by a helper who read only the
# source document and the catalogue, measured once after the fifth round had ended
# (commit dc06dde): 188/200 and 183/200 (94.0% / 91.5%; targets 97% / 90%). The sixth
# round studied its misses: development data now.
HELD_OUT_5 = DATA.parent / "triage" / "data" / "roles-heldout-5.jsonl"
# The sixth blind set (roles-heldout-6.README.md): written by another helper who read only
# the source document and the catalogue, measured once before the sixth round was merged
# (9ac38ad: 182/200, 173/200) and once after (f69551f: 182/200 and 174/200, 91.0% /
# 87.0%; targets 97% / 90%).
HELD_OUT_6 = DATA.parent / "triage" / "data" / "roles-heldout-6.jsonl"
# The seventh blind set (roles-heldout-7.README.md): another writer who read only the
# source document and the catalogue; measured once before the seventh round was merged
# (182/200, 179/200) and once after (46b1729: 183/200 and 180/200, 91.5% / 90.0%).
HELD_OUT_7 = DATA.parent / "triage" / "data" / "roles-heldout-7.jsonl"
# The eighth blind set (roles-heldout-8.README.md): a fourth blind writer; measured once on
# the seventh round's rules (185/200, 185/200) and once on the shipped gate (9c96776:
# 189/200 and 188/200, 94.5% / 94.0%). Neither the rules nor the gate were tuned on it.
HELD_OUT_8 = DATA.parent / "triage" / "data" / "roles-heldout-8.jsonl"
# The ninth blind set (roles-heldout-9.README.md): a fifth blind writer; measured once on
# the shipped gate (8d5fd88: 194/200 and 192/200, 97.0% / 96.0%; gate off 185/200 and
# 184/200). Its misses were printed to the lead once; nobody tuned on them.
HELD_OUT_9 = DATA.parent / "triage" / "data" / "roles-heldout-9.jsonl"
# The tenth and eleventh blind sets: two more blind writers; measured once on the gate of
# sets 1-7 and once on the retrained, shipped gate (tenth 196/200 and 192/200, eleventh
# 189/200 and 184/200); only counts printed, the gate not trained on them.
HELD_OUT_10 = DATA.parent / "triage" / "data" / "roles-heldout-10.jsonl"
HELD_OUT_11 = DATA.parent / "triage" / "data" / "roles-heldout-11.jsonl"
# The twelfth and thirteenth blind sets: kept outside the repository until measured once
# before and once after the ninth rule round and the gate's retraining on the training
# sets a-e (after: 197/200 and 193/200, 190/200 and 187/200); counts only.
HELD_OUT_12 = DATA.parent / "triage" / "data" / "roles-heldout-12.jsonl"
HELD_OUT_13 = DATA.parent / "triage" / "data" / "roles-heldout-13.jsonl"
# The fourteenth and fifteenth blind sets: kept outside until measured once before and
# once after the tenth rule round and the gate's retraining on the training sets a-g
# (after: 192/200 and 190/200, 189/200 and 189/200); counts only.
HELD_OUT_14 = DATA.parent / "triage" / "data" / "roles-heldout-14.jsonl"
HELD_OUT_15 = DATA.parent / "triage" / "data" / "roles-heldout-15.jsonl"
# The sixteenth and seventeenth blind sets: measured once on the final product of the day
# (195/200 and 194/200, 193/200 and 190/200); counts only.
HELD_OUT_16 = DATA.parent / "triage" / "data" / "roles-heldout-16.jsonl"
HELD_OUT_17 = DATA.parent / "triage" / "data" / "roles-heldout-17.jsonl"
HELD_OUT_18 = DATA.parent / "triage" / "data" / "roles-heldout-18.jsonl"
HELD_OUT_19 = DATA.parent / "triage" / "data" / "roles-heldout-19.jsonl"
HELD_OUT_20 = DATA.parent / "triage" / "data" / "roles-heldout-20.jsonl"
HELD_OUT_21 = DATA.parent / "triage" / "data" / "roles-heldout-21.jsonl"

# The finding itself: the partner's domain came first and became the customer.
FINDING = (
    "我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回，以前也能发。"
    "公司域名boyuan-eng.com，发件人 sales@boyuan-eng.com"
)


# Probes below on which the learned gate behind the rules (postdesk.triage.ranker)
# overrides the rule the probe was written for. The rules alone still decide them as
# written (asserted with the gate off); tests/triage/test_ranker.py asserts the gate
# changes these and no other probe. Wrong with the gate: two outside writers; "客户域名
# opening the caller's own words" gets its one domain as the customer. Which probes a
# retraining overrides moves with the data (sets 1-7: five; with a-c: three; with a-e and
# the ninth rule round: four, an incoming delay too; with a-g and the tenth round: these
# three). Weighed against the gate's gain on the blind sets measured after it (customer
# domain, gate on / off): eighth 94.5 / 92.5, ninth 97.0 / 92.5, tenth 98.0 / 95.5,
# eleventh 94.5 / 91.0, twelfth 98.5 / 97.0, thirteenth 95.0 / 93.0, fourteenth 96.0 /
# 95.5, fifteenth 94.5 / 92.0 (issue 13). With the names' shape features and the gate
# over first-person cues (fourth session, sets a-i) "the writer asks whether the other
# side is hosted" agrees with the rules again, and three more differ: the writer asks whether a
# Chinese firm is hosted (the gate names it: the label leaves it open), "between" a .no and
# an .io (the gate takes the .io: the label leaves it open) and spam with From and To
# headers (the gate takes the sender: a miss, at 0.88). Weighed against the gain
# leave-one-set-out on the seven untuned sets: 95.4 -> 96.8 customer, 92.7 -> 94.2
# counterparts (docs/triage.md, "The names' shapes").
GATE_OVERRIDES = {
    "writer outside, says so",
    "客户域名 opening the caller's own words",
    "hosted: a question is no statement",
    "between",
    "prior: spam with From and To fields",
}


@contextmanager
def _rules_alone(case: str) -> Iterator[None]:
    """The gate off for a probe in GATE_OVERRIDES (the rule it tests is the rules')."""
    before = ranker.enabled()
    ranker.set_enabled(before and case not in GATE_OVERRIDES)
    try:
        yield
    finally:
        ranker.set_enabled(before)


def test_the_partner_is_not_the_customer() -> None:
    found = triage(FINDING).entities
    assert found.customer_domain == "boyuan-eng.com"
    assert found.counterpart_domains == ["kraus-technik.de"]


def test_a_clause_before_an_ideographic_full_stop_is_not_a_domain() -> None:
    # "。公司：" is a sentence end and a field label, not the domain "去掉.公司"
    assert extract("请从名单里去掉。公司：北京某律师事务所").domains == []
    names = {d["name"] for d in extract(FINDING).domains}
    assert names == {"kraus-technik.de", "boyuan-eng.com"}
    # A Chinese domain typed with "。" still is one when its top-level domain ends it.
    assert [d["name"] for d in extract("域名：测试。中国").domains] == ["测试.中国"]
    # ... after a Chinese label only: "outlook 2010。公司 a.com" ends a sentence.
    assert [d["name"] for d in extract("我们用 outlook 2010。公司 hx-chem.com").domains] == [
        "hx-chem.com"
    ]
    # ... nor before a name: "打不开。公司 a.com" is a sentence end and a field label.
    assert [d["name"] for d in extract("附件还是打不开。公司 sx-mold.cn").domains] == ["sx-mold.cn"]


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


FREE_MAIL_LOGIN = "用 xx@qq.com 登录 webmail.263.net 提示系统忙"


def test_the_provider_and_free_mail_are_never_the_customer() -> None:
    # The gate may not name a free-mail service the customer (roles.decide): the product
    # itself, not only the rules, keeps this invariant.
    found = triage(FREE_MAIL_LOGIN).entities
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
        (DEV_SET, 176, 0.98, 0.98),
        (DEV_SET_2, 388, 0.96, 0.95),
        (SPENT_HELD_OUT, 150, 1.0, 1.0),
        (SPENT_HELD_OUT_2, 200, 0.98, 0.98),
        (SPENT_HELD_OUT_3, 200, 0.99, 0.99),
        (DEV_SET_3, 128, 1.0, 0.99),
        # 156 -> 155 customers when the gate was retrained with the training sets f and g
        (DEV_SET_4, 159, 0.97, 0.98),
    ):
        result = score(load_rows(path))
        assert result.rows == rows, path.name
        assert result.customer_share >= customer, (path.name, result.misses)
        assert result.counterpart_share >= counterparts, (path.name, result.misses)


def test_fourth_blind_set_stays_where_the_fifth_round_left_it() -> None:
    """Measured blind once at 173/200 and 167/200 (commit 556508d). The fifth round
    studied the misses of its odd-numbered lines only (b001, b003, …) and measured the
    even-numbered half, whose misses were never read, as its leave-out check
    (docs/triage.md): 91 -> 93 and 90 -> 94 of 100. The whole set is development data
    now; this keeps a change from quietly undoing the round."""
    result = score(load_rows(HELD_OUT_4))
    assert result.rows == 200
    assert result.customer_right >= 195, "customer domains fell below the seventh round's level"
    assert result.counterparts_right >= 196, "counterpart sets fell below the seventh round's level"


def test_fifth_blind_set_stays_where_the_sixth_round_left_it() -> None:
    """Measured blind once at 188/200 and 183/200 (the figure in the README). The sixth
    round read its misses and drew general cues from them (docs/triage.md): it is
    development data now, and this keeps a change from quietly undoing the round."""
    result = score(load_rows(HELD_OUT_5))
    assert result.rows == 200
    assert result.customer_right >= 200, result.misses
    assert result.counterparts_right >= 200, result.misses


def test_sixth_blind_set_stays_at_least_where_it_was_measured() -> None:
    """Measured blind once after the sixth round at 182/200 and 174/200 (the README's
    figure). The seventh round studied its odd-numbered lines only (c001, c003, …; 92/87
    -> 100/100 of 100) and kept the even half as its leave-out check (90/87 -> 91/88 of
    100, each measured once, its misses never read): 191/200 and 188/200 now. A floor so
    that no later change goes below the round; the set is half tuning data now. The
    misses are not printed: the even half stays unread."""
    result = score(load_rows(HELD_OUT_6))
    assert result.rows == 200
    assert result.customer_right >= 191, "customer domains fell below the seventh round's level"
    assert result.counterparts_right >= 188, "counterpart sets fell below the seventh round's level"


def test_seventh_blind_set_stays_at_least_where_it_was_measured() -> None:
    """Measured blind once after the seventh round at 183/200 and 180/200 (the README's
    figure); a floor so that no later change goes below what was measured. Misses are
    not printed: nobody has studied the set."""
    result = score(load_rows(HELD_OUT_7))
    assert result.rows == 200
    assert result.customer_right >= 183, "customer domains fell below the measured level"
    assert result.counterparts_right >= 180, "counterpart sets fell below the measured level"


def test_eighth_blind_set_stays_at_least_where_it_was_measured() -> None:
    """Measured blind once with the gate at 189/200 and 188/200 (the README's figure); a
    floor so that no later change goes below it. Misses are not printed: nobody has
    studied the set."""
    result = score(load_rows(HELD_OUT_8))
    assert result.rows == 200
    assert result.customer_right >= 189, "customer domains fell below the measured level"
    assert result.counterparts_right >= 188, "counterpart sets fell below the measured level"


def test_ninth_blind_set_stays_at_least_where_it_was_measured() -> None:
    """Measured blind once with the gate at 194/200 and 192/200 (the README's figure); a
    floor so that no later change goes below it."""
    result = score(load_rows(HELD_OUT_9))
    assert result.rows == 200
    assert result.customer_right >= 194, "customer domains fell below the measured level"
    assert result.counterparts_right >= 192, "counterpart sets fell below the measured level"


@pytest.mark.parametrize(
    ("path", "customers", "counterparts"),
    [
        # Each measured once on the gate of its time (the READMEs' figures). Then the gate
        # gained the names' shapes, reads over first-person cues and got a counterpart
        # model (fourth session, trained on dev, blind 1-9 and training sets a-l, never on
        # these; its features chosen leave-one-set-out on other sets): re-measured, counts
        # only, and the floors set to the final product (were 195/191, 188/183, 197/193,
        # 190/187, 192/190, 189/189, 195/194, 193/190).
        (HELD_OUT_10, 197, 191),
        (HELD_OUT_11, 196, 192),
        (HELD_OUT_12, 199, 196),
        (HELD_OUT_13, 195, 194),
        (HELD_OUT_14, 195, 194),
        (HELD_OUT_15, 193, 192),
        (HELD_OUT_16, 197, 196),
        (HELD_OUT_17, 197, 195),
        # Written during the session, measured once on the shape gate of ca639c7 (194/191,
        # 192/180); the final product, with sets j-l and the counterpart model: these.
        (HELD_OUT_18, 193, 190),
        (HELD_OUT_19, 193, 185),
        # Written during the session, kept outside until measured once on the final product.
        (HELD_OUT_20, 197, 194),
        (HELD_OUT_21, 195, 195),
    ],
)
def test_later_blind_sets_stay_where_they_were_measured(
    path: Path, customers: int, counterparts: int
) -> None:
    """Measured blind once on the shipped gate (the README's figures); floors so that no
    later change goes below them. Misses are not printed: nobody has studied the sets."""
    result = score(load_rows(path))
    assert result.rows == 200
    assert result.customer_right >= customers, "customer domains fell below the measured level"
    assert result.counterparts_right >= counterparts, "counterpart sets fell below the level"


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
    # An agent's note written as labelled fields (客户域名:, cust:, rcpts:).
    "agent note fields": (
        "客户域名: lanting-mc.com；收件人<li@lanting-mc.com>；垃圾邮件发件人 win@lucky-draw.top",
        "lanting-mc.com",
        ["lucky-draw.top"],
    ),
    "agent shorthand": (
        "cust: haiyue-ship.com ; outbound delay ; rcpts: ops@tidewater-log.no",
        "haiyue-ship.com",
        ["tidewater-log.no"],
    ),
    "caller named before the speech verb": (
        "客户 fengqi-art.com 反映：两个供应商发来的邮件都重复收到："
        "a@paper-mill.vn、b@inkworks.co.kr",
        "fengqi-art.com",
        ["inkworks.co.kr", "paper-mill.vn"],
    ),
    # A clause after a mention says whose it is only as a noun phrase.
    "statement after a mention": (
        "<kim@daebak-chip.co.kr>: 552 5.2.2 Quota exceeded\n"
        "我们公司给韩国客户发的，发件地址 asia@yuhang-semi.com，对方也说邮箱没满。",
        "yuhang-semi.com",
        ["daebak-chip.co.kr"],
    ),
    # "发给 X 的信" is mail to X.
    "mail to an object": (
        "延时：cw1@minhe-tyre.com、cw2@minhe-tyre.com 发给同一个客户 "
        "fleet@sahara-trans.ma 的信都晚到",
        "minhe-tyre.com",
        ["sahara-trans.ma"],
    ),
    # One company named and no direction said: the caller's own.
    "lone company": (
        "hr@qingfeng-edu.cn 收不到任何邮件，网页里显示已用 99%",
        "qingfeng-edu.cn",
        [],
    ),
    # A customer on a subdomain keeps it (label rule a); several subdomains: the parent.
    "subdomain": (
        "我们 sales@bj.huaan-group.com 给 ops@delta-port.com 发信退回",
        "bj.huaan-group.com",
        ["delta-port.com"],
    ),
    "several subdomains": (
        "我们 a@bj.huaan-jt.com 和 b@sh.huaan-jt.com 都收不到信",
        "huaan-jt.com",
        [],
    ),
    # A name the text corrects is neither side's; the correction takes its place.
    "correction": (
        "收件人 po@westgate-imprts.com，sorry typo，应该是 westgate-imports.com。"
        "我们发件人 ex@yongkang-tools.com",
        "yongkang-tools.com",
        ["westgate-imports.com"],
    ),
    "address corrected": (
        "退信了，改成 anna@lightwave-optic.com 重发后对方还是没收到。发件邮箱 rd@kaiming-photo.com",
        "kaiming-photo.com",
        ["lightwave-optic.com"],
    ),
    # A report handed on says no direction; the report does.
    "report handed on": (
        "同事发来的退信：\n>>> RCPT To:<cw@ganlan-steel.com>\n"
        "<<< 554 <cw@ganlan-steel.com>: Sender address rejected: Access denied\n"
        "发信的是 cn@ganlan-steel.com",
        "ganlan-steel.com",
        [],
    ),
    "their forwarded bounce": (
        "Our partner in Norway forwarded his bounce to us:\n"
        "Delivery to the following recipient failed permanently:\n     import@haiyan-foods.com\n"
        "Sender is ola@fjord-fisk.no",
        "haiyan-foods.com",
        ["fjord-fisk.no"],
    ),
    "we get this bounce": (
        "When we send to our agent we get this from your server:\n"
        "<ahmed@gulfline-marine.ae>: host gulfline-marine.ae said: 554 5.7.1 not accepted\n"
        "Sender accounts: shipping@haiyun-ship.com",
        "haiyun-ship.com",
        ["gulfline-marine.ae"],
    ),
    # Same-domain authentication (4.0.28) is about senders forged in one's own domain.
    "forged own domain": (
        "最近收到冒充我们自己域名发来的诈骗信，发件人显示 boss@jinxing-trade.com",
        "jinxing-trade.com",
        [],
    ),
    "same-domain rejection": (
        "telnet mx01.263xmail.com 25，rcpt to 时返回 '554 <admin@ruifa-chem.com>: "
        "Sender address rejected: Access denied'",
        "ruifa-chem.com",
        [],
    ),
    "no forgery without a bounce": (
        "Logs please for mail from our domain (qiyun-pharm.com) to lakeside-labs.com: "
        "they claim we never sent them the reports.",
        "qiyun-pharm.com",
        ["lakeside-labs.com"],
    ),
    "writer's own address": (
        "<po@kestrel-air.com>: 550 5.7.1 blocked -- this came back when I "
        "(lin@dongfang-bj.com) replied",
        "dongfang-bj.com",
        ["kestrel-air.com"],
    ),
    "isp relay": (
        "We send via their relay smtp.isp-relay-gz.net; mails to partners at sonne-solar.de "
        "bounce. We are helio-sun.cn",
        "helio-sun.cn",
        ["sonne-solar.de"],
    ),
    "described client in a bracket": (
        "对方:gmail.com/hotmail.com(海外个人客户)；我方:heyu-crafts.com；发来的邮件延迟",
        "heyu-crafts.com",
        ["gmail.com", "hotmail.com"],
    ),
    "internationalised label": (
        "The recipient is our German client müller-bau.de. Sender: lily@yiming-exp.com",
        "yiming-exp.com",
        ["müller-bau.de"],
    ),
    # Two of one's own domains offered as alternatives: the customer cannot be told.
    "alternatives": (
        "cust: sino-east.com or sino-east.net?? unsure which is hosted. "
        "mail to buyer@polar-im.com delayed",
        None,
        ["polar-im.com"],
    ),
    # In a change of domain the one moved to is neither side's; the one in use now is.
    "moving to a new domain": (
        "我们启用了新域名 aurora-dsn.cn，想把企业邮箱整体换到新域名下，"
        "旧域名 aurora-sj2.com 以后不用了",
        "aurora-sj2.com",
        [],
    ),
    "domain in use now": (
        "新注册了 novatec-grp.cn，想把现在用的 nvt-gz.com 整个换到新域名上",
        "nvt-gz.com",
        [],
    ),
    "change of address suffix": (
        "换 domain，邮箱地址从 @old-brd.com 变成 @new-brd.com",
        "old-brd.com",
        [],
    ),
    # Fourth round (issue 13; written for the tests, not taken from the labelled sets).
    # A DNS blocklist's zone in a rejection is neither side's (RFC 5782; Postfix's
    # "blocked using <zone>"), whatever its name.
    "blocklist zone": (
        "发给 anna@velden-agrar.nl 的信退回：554 Client host [211.150.100.29] blocked using "
        "spamwall.example-dnsbl.org。我们是 qiming-seed.com",
        "qiming-seed.com",
        ["velden-agrar.nl"],
    ),
    "blocklist zone by its first label": (
        "Our mail to tom@harrow-kitchens.co.uk bounced: 'IP listed, see rbl.nordguard.eu'. "
        "We are lanxin-home.cn",
        "lanxin-home.cn",
        ["harrow-kitchens.co.uk"],
    ),
    # A relay the caller sends through, and the host an MX record points to, are services.
    "relay the caller sends through": (
        "公司宽带封了25端口，现在只能用 smtp.fastrelay-isp.cn 发信，发给 bob@kiwi-farms.co.nz "
        "的都退回来了。我们域名 tianyi-feed.com",
        "tianyi-feed.com",
        ["kiwi-farms.co.nz"],
    ),
    "target of an MX record": (
        "查了 hongyu-lens.com 的 MX 还指向 mx1.oldmailhost.net，没有改成我们的",
        "hongyu-lens.com",
        [],
    ),
    # 向 marks where something is sent, like 给.
    "向 marks the recipient": (
        "我司通过企业邮箱向 bids@metro-transit-sz.cn 提交报价，对方说没收到。"
        "我司邮箱 q@haoda-elec.com",
        "haoda-elec.com",
        ["metro-transit-sz.cn"],
    ),
    # A correction ending the clause before speaks of the name before it.
    "correction before the corrected name": (
        "域名 xinghe-gass.com，不对，写错了，是 xinghe-glass.com，收不到信",
        "xinghe-glass.com",
        [],
    ),
    # 客户域/客户邮箱 anywhere make a text an agent's note: 客户 is the caller there.
    "客户域 in a note": (
        "<ops@terra-nova.com.br>: host mx.terra-nova.com.br said: 550 5.1.1 no such user\n"
        "客户域 baichuan-tea.cn，问地址是不是写错了",
        "baichuan-tea.cn",
        ["terra-nova.com.br"],
    ),
    "客户邮箱 late in a note": (
        "查了拒收列表是空的。客户邮箱 lu@fengshou-rice.com 说一直收不到 anna@oslo-grain.no 的信",
        "fengshou-rice.com",
        ["oslo-grain.no"],
    ),
    # In a note, 客户 after a verb of receiving is the caller's client.
    "客户 as the object of receiving in a note": (
        "来电：cw@jinlong-pipe.com 收不到客户 ap@westbay-supply.com.au 的邮件，无退信",
        "jinlong-pipe.com",
        ["westbay-supply.com.au"],
    ),
    # "a@b 的邮件…收到": the name owns the mail (a topic), the caller receives it.
    "sender as the topic of receiving": (
        "客户来电，发件人 alerts@parcelhub-notify.com 的邮件每封都收到两遍",
        None,
        ["parcelhub-notify.com"],
    ),
    # English groups placing people at a name.
    "our mailboxes at a domain": (
        "Invoices from ar@brightline-energy.com take hours to reach our mailboxes at "
        "hengtai-cable.cn",
        "hengtai-cable.cn",
        ["brightline-energy.com"],
    ),
    "recipients placed at a domain": (
        "Our spam filter quarantined a message from promo@cheap-watch-deals.biz. "
        "Recipients are at dongsheng-fab.com.",
        "dongsheng-fab.com",
        ["cheap-watch-deals.biz"],
    ),
    "local domain": (
        "Mail to orders@pampas-beef.com.ar keeps coming back. Local domain is xinrui-food.cn.",
        "xinrui-food.cn",
        ["pampas-beef.com.ar"],
    ),
    # An example takes the cue of its own clause first.
    "example in its own clause": (
        "Mail from partners at rotterdam-port-svc.nl is delayed. Our mailboxes are like "
        "wei@nb.haitong-ship.com",
        "nb.haitong-ship.com",
        ["rotterdam-port-svc.nl"],
    ),
    # Of two levels of one domain, the one written in the first person is the mail domain.
    "first-person subdomain": (
        "我们办事处的邮箱都是 li@gz.kaiyuan-med.com 这样的，给集团 hr@kaiyuan-med.com 发信被拒",
        "gz.kaiyuan-med.com",
        [],
    ),
    # A bare name whose country code is also a file extension, near words about files.
    "file name that looks like a domain": (
        "我们 ops@zhenyu-mach.com 收到的附件 readme.md 和 install.sh 打不开",
        "zhenyu-mach.com",
        [],
    ),
    "previous provider's host": (
        "迁过来以后还有邮件投到原服务商 mx.bigmail-idc.cn，我们域名 yadong-print.com",
        "yadong-print.com",
        [],
    ),
    # A described mailbox mail is sent to is where it goes, nobody's by default.
    "described mailbox mail goes to": (
        "我们发往 gov 邮箱 service@qld-transport.gov.au 全部退信，提示 Sender IP listed in "
        "bl.govguard.net.au",
        None,
        ["qld-transport.gov.au"],
    ),
    # In a note a described client is the caller's client.
    "described client in a note": (
        "客户 amy@yuelai-cos.com 反映外贸客户 kate@rosewood-spa.co.nz 回复的邮件都收不到",
        "yuelai-cos.com",
        ["rosewood-spa.co.nz"],
    ),
    # A possessive reaching a name through a noun names a party the caller deals with;
    # a labelled field outweighs it.
    "possessive through a noun": (
        "Cust says mail from their insurer (claims@harbourline-ins.com.au) goes to junk. "
        "Cust domain: shunxing-wl.com",
        "shunxing-wl.com",
        ["harbourline-ins.com.au"],
    ),
    # An agent's shorthand: "frm", an arrow from sender to recipient, a delivery query
    # (whether mail was delivered is asked about mail one sent).
    "arrow from sender to recipient": (
        "sales@huaxi-tools.cn -> buyer@tallinn-ind.ee，3/2 14:00 发的，对方没收到，无退信",
        "huaxi-tools.cn",
        ["tallinn-ind.ee"],
    ),
    "delivery query": (
        "工单 frm cw@lixing-jt.com 到 ap@mapleleaf-fin.ca，客户要求查是否投递成功",
        "lixing-jt.com",
        ["mapleleaf-fin.ca"],
    ),
    # A note opening on the caller describes it in its first sentence.
    "note opening on the caller": (
        "Caller: Mr Lee, purchasing, dongrun-mach.com. Says quotes from "
        "rfq@alpine-hydraulik.ch stopped coming in. Checked reject list: empty.",
        "dongrun-mach.com",
        ["alpine-hydraulik.ch"],
    ),
    # 都 after a measure word counts mails, not people: the caller receives.
    "measure word before 都": (
        "Return-Path: <digest@metro-news-weekly.com>\nDelivered-To: kf@xinglong-yq.com\n"
        "每期都收到两封一样的",
        "xinglong-yq.com",
        ["metro-news-weekly.com"],
    ),
    # The old host mail still goes to is a service, neither side's.
    "old host": (
        "We moved our MX to you (domain: hillview-school.hk). Mail from parents at gmail.com "
        "still lands at our old host mail.legacyschoolmail.net.",
        "hillview-school.hk",
        ["gmail.com"],
    ),
    # A third party's mail said to be hosted with the provider, the caller on free mail.
    "third party hosted with the provider": (
        "Delivery to the following recipient failed permanently:\n\n"
        "     chen@baofeng-ceramic.com\n\n"
        "我用 gmail 给客户发的信退回来了，客户说他们的邮箱是在你们这里开的",
        "baofeng-ceramic.com",
        [],
    ),
    # A lone company a flow word points at ("mail to", "from", 发给) is the other end of
    # the caller's mail, not the caller; "Caller from a.com" is where the caller is from.
    "lone company pointed at": (
        "Mail to anyone @fjordline-shipping.no bounces after two days, other domains fine.",
        None,
        ["fjordline-shipping.no"],
    ),
    "lone sender pointed at": (
        "We keep getting each invoice from billing.cloudnest-host.io three times.",
        None,
        ["cloudnest-host.io"],
    ),
    "caller from a domain": (
        "Caller from ridgeway-optical.com says replies from a patient, a.b@gmail.com, "
        "take hours to arrive.",
        "ridgeway-optical.com",
        ["gmail.com"],
    ),
    "overseas relay in English": (
        "Can you put mersin-tekstil.com.tr on your overseas relay? They never get our mail.",
        None,
        ["mersin-tekstil.com.tr"],
    ),
    # He or she is the person named last in the sentence.
    "pronoun refers to a colleague": (
        "财务同事说用 iPhone 发信提示 554 Sender address rejected: Access denied，她的邮箱 "
        "mei@hongshan-yl.com",
        "hongshan-yl.com",
        [],
    ),
    "pronoun refers to the other side": (
        "对方采购说一直收不到我们的报价，他的邮箱 rfq@lakeside-pumps.ca，我们是 dingli-bf.com",
        "dingli-bf.com",
        ["lakeside-pumps.ca"],
    ),
    # A domain nobody is named for is the caller's by default, less surely than one the
    # wording names ("现在的企业邮局 a.com"); users of a named service are its users.
    "named over unnamed": (
        "我们刚成立了分公司，域名 kaixin-bj.com，想挂到现在的企业邮局 kaixin-group.com 下面",
        "kaixin-group.com",
        [],
    ),
    "users of a free mail service": (
        "我们 hr@zhiyuan-edu.com 发的通知，对方 qq 用户都说在垃圾箱里，比如 778899@qq.com",
        "zhiyuan-edu.com",
        ["qq.com"],
    ),
    # 客户邮箱/客户域名 label the caller in an agent's note, but in the caller's own words
    # (first person) they are its client's.
    "客户邮箱 in the caller's own words": (
        "客户邮箱 ann@harbor-tiles.com 一直收不到我们的邮件，我们域名 xinglong-tc.com",
        "xinglong-tc.com",
        ["harbor-tiles.com"],
    ),
    "客户域名 opening the caller's own words": (
        "客户域名是 harbor-tiles.com 的邮件我们都收不到",
        None,
        ["harbor-tiles.com"],
    ),
    # A request to the provider to send something to an address: the caller's own.
    "request to send to an address": (
        "请把设置报告重新发到 it@weiming-gk.com，之前那封没收到",
        "weiming-gk.com",
        [],
    ),
    "request to send in English": (
        "Could you send the admin password reset link to root@weiming-gk.com?",
        "weiming-gk.com",
        [],
    ),
    # "通过 mail.x 登录": a host one logs in to is no relay (webmail hint kept).
    "logging in through a mail host": (
        "通过 mail.weiming-gk.com 登录一直提示密码错误",
        "weiming-gk.com",
        [],
    ),
    # 向你们/向贵司 address the provider; 向 a.com 发 is where mail goes.
    "向 addressing the provider": (
        "想向你们咨询一下 qiaoxin-bz.com 的到期时间",
        "qiaoxin-bz.com",
        [],
    ),
    "向 before where mail goes": (
        "我们向 ostsee-handel.de 发的询盘都被退回了，我们是 qiaoxin-bz.com",
        "qiaoxin-bz.com",
        ["ostsee-handel.de"],
    ),
    # Someone outside calls about a company the provider hosts.
    "hosted company named from outside": (
        "我们是新加坡的一家贸易公司，我方域名 merlion-trade.sg，给贵司托管的客户 "
        "huanan-paper.com 发邮件总被退回",
        "huanan-paper.com",
        ["merlion-trade.sg"],
    ),
    # "Received: from x by <host>" names the host that received it (RFC 5321 4.4); headers
    # of the other side's copy mean the customer sent.
    "headers of the recipient's copy": (
        "对方提供的信头如下：\n"
        "Received: from smtp.263xmail.com by mail.nordic-tools.se; Mon, 4 Mar 2024 10:00:00 +0100\n"
        "From: kai@xingyuan-hw.com\n"
        "为什么晚了一天？",
        "xingyuan-hw.com",
        ["nordic-tools.se"],
    ),
    # An agent's note that names the caller first, as a field without its colon: the
    # caller is the customer; the one it receives from or sends to is the other side.
    "a note opening with the caller's address": (
        "客户 li@huaxin-tech.cn 收不到 ops@partner-gmbh.de 的邮件",
        "huaxin-tech.cn",
        ["partner-gmbh.de"],
    ),
    "a note opening with the caller's address, sending": (
        "客户 sales@boyuan-eng.com 给德国合作伙伴 m.schmidt@kraus-technik.de 发信被退回",
        "boyuan-eng.com",
        ["kraus-technik.de"],
    ),
    # The same opening in the caller's own words (first person): its client.
    "the caller's own client first": (
        "客户 c@client-co.com 发给我们的邮件我们收不到，我们域名 ours-tech.cn",
        "ours-tech.cn",
        ["client-co.com"],
    ),
    # Fifth round: written for these tests (none is a line of a labelled set).
    # Who writes: a writer outside the provider's customers sees every side from the
    # other end, so its first person is the other side and "we send" is mail in.
    "writer outside, says so": (
        "我们不是你们的用户，是外面公司的。我们给 orders@hemu-lacquer.cn 发的报价全被退回，"
        "我们邮箱 sales@brightwave-export.com",
        "hemu-lacquer.cn",
        ["brightwave-export.com"],
    ),
    "writer outside, their domain and ours": (
        "We're a freight agent in Rotterdam. Our mails to one of your customers keep "
        "bouncing. Their domain is yangfan-ship.cn; ours is dockside-agency.nl.",
        "yangfan-ship.cn",
        ["dockside-agency.nl"],
    ),
    "writer outside, your user named": (
        "我是 pinewood-design.com 的设计师，给你们的用户 hr@jiangbei-build.cn 发的图纸对方收不到",
        "jiangbei-build.cn",
        ["pinewood-design.com"],
    ),
    "the writer naming itself beats a word after an address": (
        "退回来两封：ann@firth-textiles.co.uk（Mailbox full）、bo@nanshan-dye.com（User "
        "unknown）。我们是 export@taihu-silkmill.cn",
        "taihu-silkmill.cn",
        ["firth-textiles.co.uk", "nanshan-dye.com"],
    ),
    "exactly one customer: the company nobody's wording names": (
        "采购部给供应商 li@jinfeng-resin.com 发了订单，那边说没收到。发件地址 buy@qinglan-paint.cn",
        "qinglan-paint.cn",
        ["jinfeng-resin.com"],
    ),
    "an ISP's server is a service": (
        "网络封了25端口，现在用 ISP 的 smtp.cityband-isp.net 发信，发给同事 wu@hexie-print.cn "
        "的信都被退回 Access denied",
        "hexie-print.cn",
        [],
    ),
    "a colleague at a domain is the caller's": (
        "Every mail to a colleague at dongfang-lab.cn comes back with 'Sender address "
        "rejected: Access denied' since we changed our network.",
        "dongfang-lab.cn",
        [],
    ),
    "free mail in the flow once the caller's company is known": (
        "广告邮件越来越多，垃圾箱里 sohu.com 和 yeah.net 的地址都有，我们的域名 lvzhou-farm.cn",
        "lvzhou-farm.cn",
        ["sohu.com", "yeah.net"],
    ),
    "the other side's subdomain address": (
        "我们 info@lanshan-glass.com 发给 ops@hk.ridgeline-logis.com 的提单对方说没收到",
        "lanshan-glass.com",
        ["hk.ridgeline-logis.com"],
    ),
    # Guards the rule above from reaching servers (the code before it kept no subdomain).
    "a bulk sender's host is no mail domain": (
        "每天收到 promo@mailer.dealzone-shop.net 的广告，退订无效。我们邮箱 kf@huaying-med.cn",
        "huaying-med.cn",
        ["dealzone-shop.net"],
    ),
    "the customer quoting its client, then we": (
        "客户说上午十点就发了，我们晚上才收到。From: li@dragonbay-textile.com.hk，"
        "收件人 order@songjiang-knit.cn",
        "songjiang-knit.cn",
        ["dragonbay-textile.com.hk"],
    ),
    "side after a glued flow word": (
        "收到一封自称来自 hr@qiushi-audit.cn 的邮件（这是我们自己的域名！），让员工改密码",
        "qiushi-audit.cn",
        [],
    ),
    "a note: a name followed by the caller reporting": (
        "工单：meiyuan-food.com 用户投诉大量广告，发件域 bargain-bulbs.top、lampdeal-now.xyz",
        "meiyuan-food.com",
        ["bargain-bulbs.top", "lampdeal-now.xyz"],
    ),
    "an institution of the caller's is another party": (
        "Every statement from our bank (alerts@harbourline-bank.com.hk) arrives three times. "
        "Mailbox: cfo@ningxin-holding.cn",
        "ningxin-holding.cn",
        ["harbourline-bank.com.hk"],
    ),
    "a Chinese DSN header goes back to the sender": (
        "发件人：postmaster@263xmail.com\n收件人：sales@kaiyue-lamp.cn\n主题：系统退信\n"
        "您发送的邮件未能送达以下收件人：\nluca@lumina-casa.it",
        "kaiyue-lamp.cn",
        ["lumina-casa.it"],
    ),
    "denying the mail a bounce is about": (
        "这两天收到一堆退信，收件人是 a@fernhill-trade.ie、b@coastal-goods.com.au，可我们根本没给"
        "他们发过。我的邮箱 zhou@baiyu-craft.cn",
        "baiyu-craft.cn",
        [],
    ),
    "a note opening on the caller with a verb of calling": (
        "Customer phoned: larkspur-tiles.com. Their agent in Lyon (p.martin@maison-carreaux.fr) "
        "receives each quote three times.",
        "larkspur-tiles.com",
        ["maison-carreaux.fr"],
    ),
    "in a note, our customer is the provider's": (
        "Case note: ostrava-steel.cz says their orders to our customer huaxin-forge.com bounce.",
        "huaxin-forge.com",
        ["ostrava-steel.cz"],
    ),
    "the writer asks whether the other side is hosted": (
        "他们是你们的客户吧？我们 buyer@tallinn-wood.ee 发给 li@songlin-timber.cn 的信总是退回",
        "songlin-timber.cn",
        ["tallinn-wood.ee"],
    ),
    "backscatter: described recipients are still strangers": (
        "最近收到大量退信，可那些信我们没发过，原发件人写的是 info@yuxiang-toys.cn，"
        "收件人都是海外客户地址，比如 m@far-away-trade.com",
        "yuxiang-toys.cn",
        [],
    ),
    "a DSN's own header is a bounce whatever its wording": (
        "Return-Path: <>\nFrom: MAILER-DAEMON@mx01.263xmail.com\nTo: ops@qingyun-tools.cn\n"
        "Subject: Undelivered Mail Returned to Sender\n\n<anders@fjell-verktoy.no>: host "
        "mx.fjell-verktoy.no said: 550 5.7.1 rejected",
        "qingyun-tools.cn",
        ["fjell-verktoy.no"],
    ),
    "a new domain with a word between": (
        "We are switching from @gaoke-opto.com to our new brand domain gaoke-photonics.com in May.",
        "gaoke-opto.com",
        [],
    ),
}


# The sixth round (docs/triage.md, "Sixth round"): complaints written for the tests by the
# round's helper, who had read the code; none is taken from a labelled set. The second
# group was written after the rules and scored once before any was fixed (10 of 20 on the
# code before the round, 16 after; the four misses led to the last rules).
SIXTH_ROUND = {
    # 1. hosting statements
    "hosted: said of a name in its clause, the caller the other side": (
        "我是 lvtu-travel.cn 的采购，供应商 hengan-valve.com 说他们的邮箱在你们这里托管，"
        "我们发过去的询价单他们收不到。",
        "hengan-valve.com",
        ["lvtu-travel.cn"],
    ),
    "hosted: a name set right after the statement": (
        "我们分厂 fenchang-sx.com 给集团发的周报经常延迟，集团的邮箱都在你们这，域名 "
        "jituan-hq.cn。",
        "jituan-hq.cn",
        ["fenchang-sx.com"],
    ),
    "hosted: the name referred to in an agent's note": (
        "来电人用自己的 163 邮箱（未留地址）给 ruifeng-bio.com 的销售发信被退，"
        "经查该域为我司托管用户，已请对方管理员来电。",
        "ruifeng-bio.com",
        [],
    ),
    "hosted: English, their mail": (
        "We send purchase orders to anna@kelvin-tools.cn and they never arrive. "
        "Their mail is hosted with you, we are at orders@bramble-supply.co.uk.",
        "kelvin-tools.cn",
        ["bramble-supply.co.uk"],
    ),
    "hosted: mail held at the provider is no hosting": (
        "我们 sales@hongyu-tex.com 发给 anna@kelvin-tools.cn 的邮件卡在你们这了，对方一直没收到。",
        "hongyu-tex.com",
        ["kelvin-tools.cn"],
    ),
    "the previous provider's server is neither side's": (
        "上个月把邮局搬到你们这了，域名 qinghe-yq.com，"
        "可有些信还是跑到原来的 mx.cloudbox-mail.net 去了",
        "qinghe-yq.com",
        [],
    ),
    "the caller's own old webmail host is the caller's": (
        "原来的 webmail.yongkang-jx.com 今天打不开了，显示 502",
        "yongkang-jx.com",
        [],
    ),
    "a personal mailbox stays neither side's before 是": (
        "我的个人邮箱是 lily88@163.com，公司邮箱 lily@haoyun-sp.com 收不到信",
        "haoyun-sp.com",
        [],
    ),
    "not knowing something about the domain is not not knowing it": (
        "域名 fengtai-wj.com 不知道域名是否快到期了，能帮查一下吗",
        "fengtai-wj.com",
        [],
    ),
    "a personal free mailbox named by brand, its address in brackets": (
        "用私人 163 (kevin_w@163.com) 报修：公司邮局 jinlong-tx.com 今天全员收不到信。",
        "jinlong-tx.com",
        [],
    ),
    "an outside writer's own free mail is neither side's": (
        "这是我用 gmail 给你们用户发信的退信：\n<bo.li@hengda-gc.com>: 550 user unknown\n"
        "我是 tom.r.baker@gmail.com",
        "hengda-gc.com",
        [],
    ),
    "hosted: a question is no statement": (
        "请问 qingshan-print.com 是不是在你们这托管？我们发给他们的信总是退回。",
        None,
        ["qingshan-print.com"],
    ),
    "hosted: the writer's own mailboxes are the writer's": (
        "我们公司的邮箱都在你们这，域名 mingda-law.cn，发给 partner@kessler-recht.de 的信被退了。",
        "mingda-law.cn",
        ["kessler-recht.de"],
    ),
    # 2. pasted Postfix bounce with a sender line
    "postfix bounce: the sender line below is the customer": (
        "Got this today:\n<lars@nordvik-fisk.no>: host mx.nordvik-fisk.no[192.0.2.9] said: "
        "552 5.2.2 mailbox full\nSender: export@haiyang-food.cn",
        "haiyang-food.cn",
        ["nordvik-fisk.no"],
    ),
    "delivery failed: recipients under the heading": (
        "Delivery to the following recipients failed.\n   tom@rivera-logistics.mx\n"
        "发件人 zhao@hongtai-wl.com，这是什么原因",
        "hongtai-wl.com",
        ["rivera-logistics.mx"],
    ),
    # 3. receiving verb opening a list; our client's
    "a verb of receiving opening a list names the recipients": (
        "本公司发出的报价单有两家没收到：a.k@steinberg-bau.de、buy@lumen-casa.it，"
        "发件人 quote@jiaxing-tiles.com。",
        "jiaxing-tiles.com",
        ["lumen-casa.it", "steinberg-bau.de"],
    ),
    "our client's team at b: the client's": (
        "Messages from ops@tianrun-ship.com to our client's purchasing desk at "
        "po@marlow-marine.co.uk are delayed by hours.",
        "tianrun-ship.com",
        ["marlow-marine.co.uk"],
    ),
    # 4. a described target of a change; counted domains
    "a change to a described domain": (
        "我们准备把邮箱从 huayu-trade.com 迁到集团新的 huayu-holdings.com 上，账号能保留吗？",
        "huayu-trade.com",
        [],
    ),
    "two domains counted are both ours": (
        "本公司有两个域名都在你们这，lanting-tea.com 和 lantingtea.cn，"
        "lanting-tea.com 发给 shop@okura-cha.jp 的信对方收不到。",
        "lanting-tea.com",
        ["okura-cha.jp"],
    ),
    # 5. self-corrections
    "a self-correction after a typo of the top-level domain": (
        "域名是 baisheng-jd.cmo 不对，是 baisheng-jd.com，全公司今天都收不到信",
        "baisheng-jd.com",
        [],
    ),
    "是不是 asks, it says no name is wrong": (
        "是不是欠费了？我们 yunhe-pack.com 的邮箱一封外面的信都收不到",
        "yunhe-pack.com",
        [],
    ),
    # 6. a local part written alone
    "a mailbox's short name is no domain": (
        "监控邮箱 boss@xingda-fin.com 跟踪 j.li@xingda-fin.com，j.li 发给 ceo@orchard-capital.com "
        "的信监控邮箱收不到副本",
        "xingda-fin.com",
        ["orchard-capital.com"],
    ),
    # 7. free mail of the other party
    "the other party's free mail named by its brand": (
        "我用公司邮箱给对方 qq 的邮箱发合同，对方说一直没收到，地址是 88776655@qq.com",
        None,
        ["qq.com"],
    ),
    "free mail owned by a third person": (
        "yuying-school.cn 的老师发给学生的作业通知退回了，学生的邮箱是 @126.com 的。",
        "yuying-school.cn",
        ["126.com"],
    ),
    # 9. us at; related companies
    "reach us at: the writer's own address": (
        "Our head office (it@brenner-ag.de) cannot email us at sales@brenner-china.cn since "
        "Monday.",
        "brenner-china.cn",
        ["brenner-ag.de"],
    ),
    "a subsidiary listed with the caller is the caller's too": (
        "我们公司 tianma-motor.com 和子公司 tianma-parts.com 今天都收不到外面的信",
        "tianma-motor.com",
        [],
    ),
    # 10. own domain unknown
    "the caller does not know its domain": (
        "每天收到几十封发票广告，发件人都是 fapiao-daikai.net 的，我不知道我们公司域名是什么。",
        None,
        ["fapiao-daikai.net"],
    ),
    # 11. backscatter with a list of recipients
    "backscatter: a list of recipients is nobody's": (
        "我们 kaida-tool.com 收到很多退信，"
        "说发给 p@warsaw-trade.pl、j@lisboa-mar.pt 的邮件投递失败，可我们从来没给这些地址发过信。",
        "kaida-tool.com",
        [],
    ),
    # extra: manufacturer; ISP-provided relay
    "a manufacturer is a party": (
        "我发给厂商的订单他们说没收到。我的邮箱是 wu@xinkang-med.com，厂商邮箱 "
        "order@zeiss-dental.de。",
        "xinkang-med.com",
        ["zeiss-dental.de"],
    ),
    "a relay the access provider gave": (
        "我们只能用联通给的 smtp.unicom-relay.net 发信，发给同事 li@baoli-steel.com 的都被退："
        "Access denied",
        "baoli-steel.com",
        [],
    ),
    "hosted: they use the provider's mail": (
        "你好，我们是做外贸的，合作方 dalian-marine.cn 的IT说他们用的是你们的企业邮箱，我们 "
        "sales@ostsee-handel.de 发给他们的信全部被拒。",
        "dalian-marine.cn",
        ["ostsee-handel.de"],
    ),
    "hosted: our supplier is a customer of yours": (
        "Our supplier jinhua-metal.com is a customer of yours. Since Tuesday our mails from "
        "purchasing@keystone-mfg.com to them bounce.",
        "jinhua-metal.com",
        ["keystone-mfg.com"],
    ),
    "postfix bounce in an agent's note": (
        "用户反映：给客户发信被退，退信如下\n<kim@hanil-textile.kr>: host "
        "mx.hanil-textile.kr[203.0.113.5] said: 550 5.1.1 user unknown\n发件人 "
        "yang@dongfang-fz.com",
        "dongfang-fz.com",
        ["hanil-textile.kr"],
    ),
    "receivers: a count then a colon": (
        "我们发的邮件有三个收件人没收到："
        "li@huaxin-pack.com、zhou@meida-print.cn、ops@oceanlink.sg，发件人是 xiao@beifang-zhi.com",
        "beifang-zhi.com",
        ["huaxin-pack.com", "meida-print.cn", "oceanlink.sg"],
    ),
    "our distributor's warehouse at b: the distributor's": (
        "Mails from info@goldleaf-tea.cn to our distributor's warehouse at "
        "stock@teahouse-uk.co.uk keep getting lost.",
        "goldleaf-tea.cn",
        ["teahouse-uk.co.uk"],
    ),
    "a change to a newly registered domain": (
        "公司打算把邮箱从 ruida-keji.com 改到新注册的 ruida-tech.com，老邮件怎么办？",
        "ruida-keji.com",
        [],
    ),
    "two domains counted after a comma": (
        "我们单位有两个域名，zhongyi-hosp.cn 和 zyhosp.com.cn，现在 zyhosp.com.cn 的邮箱登录不上。",
        "zyhosp.com.cn",
        [],
    ),
    "写错了 是: the corrected name": (
        "域名 xinyue-art.con 哦写错了 是 xinyue-art.com，今天网页邮箱打不开",
        "xinyue-art.com",
        [],
    ),
    "sorry, I mean: the corrected address": (
        "Please check mail for wei.zhang@boda-law.cn — sorry, I mean wei.zhang@boda-law.com.cn, "
        "he cannot log in.",
        "boda-law.com.cn",
        [],
    ),
    "a mailbox's short name after a forward": (
        "秘书 m.chen@kaiyuan-group.cn 设置了转发，结果 m.chen 收到的每封信都重复两次。",
        "kaiyuan-group.cn",
        [],
    ),
    "an example of who did not receive": (
        "学校老师给家长的 qq 邮箱发通知，家长说收不到，比如 33445566@qq.com，发件人 "
        "teacher@xiwang-school.cn",
        "xiwang-school.cn",
        ["qq.com"],
    ),
    "our sister company: the other end": (
        "Our sister company in Vietnam (hr@lotus-vn.com.vn) says its mail to us at "
        "hr@lotus-china.cn is delayed by a day.",
        "lotus-china.cn",
        ["lotus-vn.com.vn"],
    ),
    "the caller does not know its domain: a sender is someone's": (
        "不清楚我们公司的域名，反正每天都收到 promo@cheap-watch.biz 发来的广告，能屏蔽吗",
        None,
        ["cheap-watch.biz"],
    ),
    "backscatter: listed recipients with a named caller": (
        "最近老是收到退信，说发给 a@pinecrest-ltd.com、b@northgate-inc.com 的信退回，我们 "
        "yuanda-jx.com 根本没给他们发过邮件。",
        "yuanda-jx.com",
        [],
    ),
    "hosted: this client's mailboxes are all with you": (
        "这个客户 fangzhou-tex.com 的邮箱都在你们这，我们 yilong-trade.com 给他们发的订单总被退。",
        "fangzhou-tex.com",
        ["yilong-trade.com"],
    ),
    "a note: head office mail coming in": (
        "客户来电：域名 shengtai-food.cn，说总部 hq@shengtai-group.com 发过来的邮件延迟 3 小时。",
        "shengtai-food.cn",
        ["shengtai-group.com"],
    ),
    "postfix bounce pasted by the caller, in English": (
        "Bounce pasted by the caller:\n<r.kumar@indus-pharma.in>: host "
        "mx1.indus-pharma.in[198.51.100.7] said: 554 5.7.1 spam detected\nSender: "
        "export@tianyi-yy.com",
        "tianyi-yy.com",
        ["indus-pharma.in"],
    ),
    "receivers: 没收到的有": (
        "我们给三家供应商群发了招标文件，其中没收到的有："
        "bid@huatai-steel.com、tender@sanli-cable.cn。发件地址 zb@jianan-group.com",
        "jianan-group.com",
        ["huatai-steel.com", "sanli-cable.cn"],
    ),
    "the caller's own free mail, named as such": (
        "我用自己的163邮箱 wang88@163.com 给公司同事 li@xinda-dl.com 发信被退了，"
        "公司邮箱是你们家的。",
        "xinda-dl.com",
        [],
    ),
    "the other side's free mail by brand": (
        "对方是 gmail 的邮箱，我们 hr@tongda-hr.com 发过去的 offer 对方一直说没收到，地址 "
        "candidate.lee@gmail.com",
        "tongda-hr.com",
        ["gmail.com"],
    ),
    # A third group, ordinary complaints written after the last rule and scored once:
    # 16 of 20 on the code before the round, 18 after, 19 once "mail from a@b arrives
    # at c@d" (a flow word points at the other end) decided a direction left open.
    "pointed: mail from a@b arrives at c@d": (
        "Mail from alerts@cloudwatch-notify.io arrives three times each at ops@yunfan-data.cn. "
        "Can you check?",
        "yunfan-data.cn",
        ["cloudwatch-notify.io"],
    ),
    "hosted: they say they are your customer, domain after": (
        "德国的合作方说他们是你们的客户，域名 kessler-technik.de，他们发给我们 "
        "purchase@zhongli-mach.com 的信总被退。",
        "kessler-technik.de",
        ["zhongli-mach.com"],
    ),
    "a forged boss and the real reply address": (
        "收到一封冒充我们老板的邮件，发件人显示 ceo@ruichang-tz.com，其实回复地址是 "
        "ceo.office@quick-mail-pay.net，我们域名就是 ruichang-tz.com。",
        "ruichang-tz.com",
        ["quick-mail-pay.net"],
    ),
    "postfix bounce, then the sender in prose": (
        "退信内容：\n<m.garcia@solymar-hotel.es>: host mx.solymar-hotel.es[192.0.2.44] said: 550 "
        "5.1.1 Recipient unknown\n这是我们 reservation@huayi-travel.cn 发出去的。",
        "huayi-travel.cn",
        ["solymar-hotel.es"],
    ),
    "the caller's forward to its own free mail": (
        "用户说：我的邮箱 wang.li@dongsheng-fz.com 开了自动转发到 wangli_home@163.com，现在 163 "
        "那边收不到。",
        "dongsheng-fz.com",
        [],
    ),
    "our parent company sends to us at": (
        "Our parent company (finance@hartmann-gruppe.de) sends us invoices at ap@hartmann-asia.cn "
        "and they arrive a day late.",
        "hartmann-asia.cn",
        ["hartmann-gruppe.de"],
    ),
    "spam from a domain, ours named after": (
        "每天收到几百封垃圾邮件，都是从 xyz-promo.top 来的，我们的域名是 guoxin-jd.com，"
        "能不能帮忙拦一下。",
        "guoxin-jd.com",
        ["xyz-promo.top"],
    ),
    "parents' qq mailboxes, no qq address": (
        "我们学校的老师给学生家长发通知，家长用的 qq 邮箱收不到，发件人 "
        "notice@chunmiao-school.cn。",
        "chunmiao-school.cn",
        [],
    ),
    # A fourth group, written after the round to look for harm done by its cues (mail held
    # at the provider, a subsidiary's domain the caller adds): 18 of 20 before the round,
    # 18 after; 19 once "他们是你们的老用户" was read as a statement of hosting.
    "hosted: mail stuck on the provider's servers, asked": (
        "邮件都卡在你们服务器上了吗？我们 yida-print.com 发出去的信对方都说收不到。",
        "yida-print.com",
        [],
    ),
    "hosted: our client says their mailboxes are with you": (
        "I'm the IT guy at tamsin-design.co.uk. Our client qiyun-home.cn says their mailboxes are "
        "hosted with you and our emails to them bounce with 550.",
        "qiyun-home.cn",
        ["tamsin-design.co.uk"],
    ),
    "a subsidiary's domain to add is the caller's": (
        "我们的域名 anda-wl.com，想问一下子公司 anda-express.com 能不能也加到我们的企业邮箱里？",
        "anda-wl.com",
        [],
    ),
    "the previous host named by product": (
        "以前的邮箱在 exmail 上，现在迁到你们这了，域名 hongtu-media.com，旧邮件导不过来。",
        "hongtu-media.com",
        [],
    ),
    "hosted: they are your old users, domain after": (
        "对方说他们是你们的老用户，域名 xuri-solar.com，我们 export@sunbeam-pv.de 发过去一直退。",
        "xuri-solar.com",
        ["sunbeam-pv.de"],
    ),
    "a domain corrected in an account's data": (
        "域名写错了，应该是 huamei-fs.com 不是 huamei-fz.com，麻烦改一下开户资料。",
        "huamei-fs.com",
        [],
    ),
}


# The seventh round (docs/triage.md): structure rather than cue words. Each complaint was
# written for its rule by the round's helper, none taken from a labelled set; every one of
# these fails on the code before the round.
SEVENTH_ROUND = {
    # 1. The problem's usual direction (each playbook's mail_direction) settles sender and
    # recipient fields the wording does not: spam, duplicates, garbled mail are received.
    "prior: spam with From and To fields": (
        "Spam again. From: offers@bestprice-outlet.biz  To: accounts@redpine-logistics.com"
        "  please block",
        "redpine-logistics.com",
        ["bestprice-outlet.biz"],
    ),
    "prior: duplicates with sender and recipient fields": (
        "同一封通知收了五遍：发件人 notice@cityexpo-org.cn，收件人 admin@baichuan-edu.cn",
        "baichuan-edu.cn",
        ["cityexpo-org.cn"],
    ),
    "prior: garbled mail with sender and recipient fields": (
        "打开是乱码。发件人 info@tokai-seiki.co.jp，收件人 purchase@hengtong-parts.com",
        "hengtong-parts.com",
        ["tokai-seiki.co.jp"],
    ),
    # 2. The sender of unwanted mail is never the customer: an example of "addresses" the
    # mail came from is a sender, also after the writer's "we".
    "spam: an example of the senders": (
        "We keep getting phishing from addresses such as security@paypa1-verify.com."
        " Can you filter them?",
        None,
        ["paypa1-verify.com"],
    ),
    # 3. Outside callers and resellers.
    "outside: one of your customers, in apposition": (
        "We are a supplier in Germany. One of your customers, recipient"
        " einkauf@dongfang-motor.cn, does not get our invoices. Our domain is mueller-gmbh.de",
        "dongfang-motor.cn",
        ["mueller-gmbh.de"],
    ),
    "outside: the supplier of a customer of yours": (
        "我是你们客户华盛电子的供应商，我们邮箱 @tianli-chip.com"
        " 发给他们 huasheng-elec.com 的邮件都被退回",
        "huasheng-elec.com",
        ["tianli-chip.com"],
    ),
    "reseller: its client is the customer, its own domain neither": (
        "我们是代理商，公司域名 xinwang-it.com，我们有个客户 jiahe-food.cn 的管理员密码忘了",
        "jiahe-food.cn",
        [],
    ),
    "reseller: in English": (
        "This is an authorised reseller (partner-net.hk). Our client kaiyuan-tex.com cannot"
        " log in to webmail.",
        "kaiyuan-tex.com",
        [],
    ),
    # Hosted by another provider: the other side (the mirror of a statement of hosting).
    "hosted elsewhere, named after": (
        "我们给香港公司发信延迟，香港那边的邮箱在别的服务商，域名 hk-yitai.com.hk，"
        "我们是 yitai-group.cn",
        "yitai-group.cn",
        ["hk-yitai.com.hk"],
    ),
    # A bounce's failure "for" an address: the failed recipient, not the caller's own.
    "failed for: English": (
        "Got this: Delivery failed for tom@greenacre-farm.co.uk. I am jenny@hualong-agri.com",
        "hualong-agri.com",
        ["greenacre-farm.co.uk"],
    ),
    "failed for: quoted in Chinese": (
        "退信说 'User unknown' for zhao@xinyu-bio.com，我这边是 sales@kangtai-med.com",
        "kangtai-med.com",
        ["xinyu-bio.com"],
    ),
    # 4. Mail the writer received: a bounce the other side passed on, a Received chain.
    "a bounce the other side passed on": (
        "德国客户转过来的退信，帮看下：\nReporting-MTA: dns; mail.hofmann-ag.de\n"
        "Final-Recipient: rfc822; li@zhongxing-mold.com\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
        "zhongxing-mold.com",
        ["hofmann-ag.de"],
    ),
    "only the first Received line's by-host is where mail arrived": (
        "Received: from mx.partner-co.de by mx01.263xmail.com; Mon\n"
        "Received: from laptop by mx.partner-co.de; Mon\n"
        "这封信晚了三小时到，收件人 ops@dahua-log.com",
        "dahua-log.com",
        ["partner-co.de"],
    ),
    "reseller: 我们是你们的代理商": (
        "我们是你们的代理商，客户 zhongshan-hosp.org.cn 说收不到外部邮件",
        "zhongshan-hosp.org.cn",
        [],
    ),
    "outside: a dealer of one of your customers": (
        "Hi, I work for a dealer of one of your customers (sender address"
        " orders@kailong-valve.com). Their mails to us at dealer-sa.co.za arrive twice.",
        "kailong-valve.com",
        ["dealer-sa.co.za"],
    ),
    "incoming mail is received": (
        "delay on incoming mail: sender ap@kimura-trading.jp, recipient sales@tianrun-exp.com,"
        " 5 hours",
        "tianrun-exp.com",
        ["kimura-trading.jp"],
    ),
    # A forwarded mail's Chinese header block, nothing else said: a mail the writer got.
    "a forwarded mail's 发件人/收件人 block": (
        "转发一封邮件：\n发件人：peter@alpen-tools.at\n收件人：caigou@dingsheng-hw.com\n"
        "附件是 winmail.dat 打不开",
        "dingsheng-hw.com",
        ["alpen-tools.at"],
    ),
    # Two slips: a Chinese cue right after an ASCII word, 。 before a field label.
    "MX指向 after ASCII letters": (
        "查了一下MX指向 mx.oldhost-dns.net，域名 songlin-wood.com 收不到外面的信",
        "songlin-wood.com",
        [],
    ),
    "a field label after 。 is no domain": (
        "你们的广告邮件不要再发了。公司：华信律师事务所，电话 010-1234",
        None,
        [],
    ),
}

# Complaints written to look for harm done by the seventh round (the prior overriding the
# wording, a caller's own domain hosted elsewhere, a customer of yours naming itself): right
# before the round and after it.
SEVENTH_ROUND_GUARDS = {
    "a lone mailbox receiving spam is the caller's": (
        "wangli@shuguang-print.com 这个邮箱每天收到几十封垃圾邮件，怎么办",
        "shuguang-print.com",
        [],
    ),
    "garbled at the other end: the wording wins over the prior": (
        "我们发给 sato@osaka-koki.co.jp 的邮件对方打开是乱码",
        None,
        ["osaka-koki.co.jp"],
    ),
    "the caller's own domain at another provider now": (
        "我们的邮箱已经在别家了，域名 taihe-cons.com，请帮忙把你们这边的域删掉",
        "taihe-cons.com",
        [],
    ),
    "a customer of yours writing": (
        "I'm a customer of yours, domain qingshan-paper.com, and our mail to"
        " buyer@lakeside-co.com bounces",
        "qingshan-paper.com",
        ["lakeside-co.com"],
    ),
    "a forged sender in our own name": (
        "我们公司 anxin-ins.com 的邮箱收到冒充我们自己域名发来的邮件，发件人 ceo@anxin-ins.com",
        "anxin-ins.com",
        [],
    ),
    "a one-line Received trace": (
        "Received: from mail.kaida-elec.com by mx01.263xmail.com; Tue\n"
        "信头如上，邮件晚到了5小时，我们是收件方 ruixin-tech.cn",
        "ruixin-tech.cn",
        ["kaida-elec.com"],
    ),
}


@pytest.mark.parametrize("case", sorted(SEVENTH_ROUND) + sorted(SEVENTH_ROUND_GUARDS))
def test_each_rule_of_the_seventh_round(case: str) -> None:
    text, customer, counterparts = {**SEVENTH_ROUND, **SEVENTH_ROUND_GUARDS}[case]
    with _rules_alone(case):
        found = triage(text).entities
    assert (found.customer_domain, sorted(found.counterpart_domains)) == (
        customer,
        sorted(counterparts),
    )


def test_the_prior_is_the_direction_the_ranking_agrees_on() -> None:
    from postdesk.triage import _usual_direction

    class Item:
        def __init__(self, playbook_id: str, confidence: float) -> None:
            self.playbook_id, self.confidence = playbook_id, confidence

    ways = {"a": "inbound", "b": "outbound", "c": "none", "d": "inbound"}
    assert _usual_direction([Item("a", 0.5), Item("d", 0.2), Item("b", 0.3)], ways) == "inbound"
    # split between 收不到 and 对方收不到: the problem says nothing of the way
    assert _usual_direction([Item("a", 0.45), Item("b", 0.4)], ways) == "none"
    assert _usual_direction([Item("c", 0.9)], ways) == "none"
    assert _usual_direction([], ways) == "none"


def test_the_prior_yields_to_the_wording() -> None:
    text = "发件人 li@yuanda-steel.com，收件人 kim@hanil-corp.co.kr，对方说一直没收到"
    for prior in ("inbound", "outbound", "none"):
        found = extract(text, mail_direction=prior)
        assert (found.customer_domain, found.counterpart_domains) == (
            "yuanda-steel.com",
            ["hanil-corp.co.kr"],
        ), prior
    # with the wording silent, the prior settles the fields
    fields = "发件人 a@lianhe-bank.com，收件人 b@tianhe-print.com"
    assert extract(fields, mail_direction="inbound").customer_domain == "tianhe-print.com"
    assert extract(fields, mail_direction="outbound").customer_domain == "lianhe-bank.com"


@pytest.mark.parametrize("case", sorted(SIXTH_ROUND))
def test_each_cue_of_the_sixth_round(case: str) -> None:
    text, customer, counterparts = SIXTH_ROUND[case]
    with _rules_alone(case):
        found = triage(text).entities
    assert (found.customer_domain, sorted(found.counterpart_domains)) == (
        customer,
        sorted(counterparts),
    )


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_of_the_role_decision(rule: str) -> None:
    text, customer, counterparts = RULES[rule]
    with _rules_alone(rule):
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
        ("我们公司给韩国客户发的，对方说没收到", "outbound"),  # "给" + a described object
        ("对方（台湾客户）转给我们的退信", "inbound"),  # the other side got the bounce
        ("the bounce we got says user unknown", "outbound"),
        ("can you check why this bounced? we received it yesterday", "inbound"),
        ("同事发来的退信，帮忙看看", "outbound"),  # a report handed on; a bounce: we sent
        # a pasted Postfix bounce(8) line, with a Sender: line under it: we sent
        ("<a@x.no>: host mx.x.no[192.0.2.1] said: 550 5.1.1 unknown\nsender: b@y.cn", "outbound"),
        ("this came back, what now?\nsender: b@y.cn", "outbound"),
        # a bounce the other side got and passed on: it sent (RFC 3464)
        ("海外客户转过来的退信，帮看看", "inbound"),
        ("the partner forwarded us their bounce", "inbound"),
        ("外部来信都延迟了", "inbound"),
        ("对方说看到的是乱码", "outbound"),
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


# The rule round on the three training sets (2026-12-07): each rule with a probe in
# wording of its own (no sample's string), the gate off as for RULES.
TRAINING_ROUND = {
    # A reseller's note opening on the reseller: its 客户 is the provider's customer.
    "a reseller's note names its client": (
        "代理商反映：客户 lanshan-wood.cn 的管理员后台打不开，请协助处理",
        "lanshan-wood.cn",
        [],
    ),
    "a reseller's own name is neither side": (
        "代理商 bochuang-idc.com 来电，其客户 xiyue-tea.com 发给 kobe-cha.co.jp 的信退了",
        "xiyue-tea.com",
        ["kobe-cha.co.jp"],
    ),
    "an English reseller ticket": (
        "Reseller ticket: end customer riverbend-paints.com cannot find the tracking menu",
        "riverbend-paints.com",
        [],
    ),
    # An IT contractor writes for its client as an agent does.
    "an IT contractor for its client": (
        "我是外包IT公司的，替客户 qingfeng-food.com 重置超级管理员密码需要什么材料",
        "qingfeng-food.com",
        [],
    ),
    "an IT vendor's own domain": (
        "We are their IT vendor (orbitdesk.com.sg); the client domain is maple-dental.sg."
        " Which IMAP host should the phones use?",
        "maple-dental.sg",
        [],
    ),
    # An outside writer names itself, then the provider's customer.
    "your customer without 的": (
        "我是 hengtai-law.cn 的，你们客户 ruifeng-mould.com 的邮箱一直退我们的信",
        "ruifeng-mould.com",
        ["hengtai-law.cn"],
    ),
    "your customer with its company name before the address": (
        "We are an importer (bluecove-imports.ca). Mail to your customer Ningbo Sunrise"
        " Valves, sales@nbsunrise-valve.com, comes back every time.",
        "nbsunrise-valve.com",
        ["bluecove-imports.ca"],
    ),
    "their mail is yours, spoken (你们家的)": (
        "我们是 jinxing-print.com ，给客户 fuhua-toys.cn 寄的报价被退了，他们的邮箱是你们家的",
        "fuhua-toys.cn",
        ["jinxing-print.com"],
    ),
    "a tag question is a statement (吧？)": (
        "我是 tiancheng-bag.com 的业务员，给客户 mingda-shoes.cn 发信被拒，"
        "他们邮箱是在你们那边的吧？",
        "mingda-shoes.cn",
        ["tiancheng-bag.com"],
    ),
    "told us their mail is hosted with you": (
        "We are a shipping agent (seaborn-logistics.nz). Mail we send to ops@hualong-port.com"
        " never arrives; they told us their mail is hosted with you.",
        "hualong-port.com",
        ["seaborn-logistics.nz"],
    ),
    "your customer spoken of in the third person": (
        "Greetings from Alpenholz (alpenholz.at). Our invoices to buy@jinmao-wood.com go"
        " unanswered. Your customer says nothing ever arrived.",
        "jinmao-wood.com",
        ["alpenholz.at"],
    ),
    "an unnamed hosted supplier: the writer is the other side": (
        "We are a retailer (harbourlane-home.ie). Our supplier in Ningbo never gets our"
        " orders. They use your mail service.",
        None,
        ["harbourlane-home.ie"],
    ),
    "an unnamed hosted factory, in Chinese": (
        "我们 dongsheng-trade.com 是一家工厂的客户，发过去的订单对方都说没收到，"
        "工厂用的是你们的邮局",
        None,
        ["dongsheng-trade.com"],
    ),
    # A name built on the provider's own (263.net, 263xmail.com) is a phishing sender.
    "a lookalike of the provider is never the customer": (
        "有封邮件自称邮局管理员，发件人 notice@263-upgrade.top ，要我们点链接改密码，"
        "收件人 fin@yuhai-glass.com",
        "yuhai-glass.com",
        ["263-upgrade.top"],
    ),
    "a lookalike built on the provider's host domain": (
        "Received: from [10.1.2.3] (helo=smtp.263xmail-notice.com)\n"
        "From: 邮局管理员 <admin@263xmail-notice.com>\nSubject: 密码过期\n"
        "好几个同事点了链接，公司 ruixiang-pharm.com",
        "ruixiang-pharm.com",
        ["263xmail-notice.com"],
    ),
    # A host prefix in an address is stripped like one in a bare name.
    "a host prefix in an address": (
        "Thunderbird rejects the password for amy@webmail.goldcrest-law.com.sg every morning",
        "goldcrest-law.com.sg",
        [],
    ),
    # A move to a new domain described by its noun: the domain moved from is the one
    # hosted now (label rule), the one moved to neither side's.
    "a move to a domain described by its noun": (
        "我们想把邮箱从 lixin-bio.cn 改成英文域名 lixinbio.com 可以吗",
        "lixin-bio.cn",
        [],
    ),
    # Guards: the writer's own hosting, or both ends hosted, stay the writer's.
    "both ends hosted (也)": (
        "我们 yaxin-tech.cn 给供应商 ruida-parts.com 发信被退，供应商用的也是你们的邮箱",
        "yaxin-tech.cn",
        ["ruida-parts.com"],
    ),
    "the writer's own staff as they": (
        "We are kowloon-optic.com.hk. Our sales staff cannot log in; they use your webmail.",
        "kowloon-optic.com.hk",
        [],
    ),
}


# The tenth rule round, on the training sets d and e and the misses left in a-c
# (2026-12-07): each rule with a probe in wording of its own, the gate off as above.
TENTH_ROUND = {
    # "。公司 a.com": a sentence end and the label 公司 before the company's own name,
    # not the Chinese domain "<clause>.公司".
    "公司 after an ideographic full stop labels the name after it": (
        "Outlook 每次启动都弹密码框。公司 ruijin-paper.com ，三台电脑都这样",
        "ruijin-paper.com",
        [],
    ),
    # Outside writers naming the provider's customer in wording the ninth round missed
    # (label rule of every set: the hosted company is the customer, whoever writes).
    "(a.com, your client) after a company's name": (
        "Our buyer Huaxin Lighting (hx-lighting.cn, your client) cannot get our quotes;"
        " we are at brightway-lamps.co.nz.",
        "hx-lighting.cn",
        ["brightway-lamps.co.nz"],
    ),
    "you host their mail": (
        "We write from kestrel-parts.com.au. Orders to buy@xinyu-pump.com keep bouncing;"
        " their manager says you host their mail.",
        "xinyu-pump.com",
        ["kestrel-parts.com.au"],
    ),
    "（在你们这开的邮箱）: the service after the verb of hosting": (
        "你好，我们的供应商 sanjin-glass.com（在你们这开的邮箱）收不到我们发的对账单"
        " —— 杭州 yuanmu-trade.cn 李",
        "sanjin-glass.com",
        ["yuanmu-trade.cn"],
    ),
    "your client, by its company name, told us": (
        "Hello from Pinecrest Legal (pinecrest-legal.ca). Your client Huarong Foods told us"
        " they mailed the lease from admin@huarong-foods.cn on Monday; nothing came.",
        "huarong-foods.cn",
        ["pinecrest-legal.ca"],
    ),
    # A lookalike set against the hosted company's own name: "your customer's real domain
    # is a.com" names the provider's customer; the lookalike and the writer are the other side.
    "your client's real domain against a lookalike": (
        "We got a payment-change mail from billing@jinhua-tools.co asking for a new account."
        " Your client's real domain is jinhua-tools.com; we are orders@fjordline-trade.no.",
        "jinhua-tools.com",
        ["fjordline-trade.no", "jinhua-tools.co"],
    ),
    "你们客户的真实域名 against a lookalike": (
        "收到一封冒充供应商的改账户邮件，发件人 cw@lvsen-wood.com.co ，"
        "你们客户的真实域名是 lvsen-wood.com ，我们是 hengli-mebel.ru",
        "lvsen-wood.com",
        ["hengli-mebel.ru", "lvsen-wood.com.co"],
    ),
}


def _by_the_rules(text: str) -> tuple[str | None, list[str]]:
    """The rules' roles with the gate off (each probe tests a rule, not the gate)."""
    before = ranker.enabled()
    ranker.set_enabled(False)
    try:
        found = triage(text).entities
    finally:
        ranker.set_enabled(before)
    return found.customer_domain, sorted(found.counterpart_domains)


TRAINING_SET_ROUNDS = {**TRAINING_ROUND, **TENTH_ROUND}
assert len(TRAINING_SET_ROUNDS) == len(TRAINING_ROUND) + len(TENTH_ROUND), "a probe name twice"


@pytest.mark.parametrize("case", sorted(TRAINING_SET_ROUNDS))
def test_each_rule_of_the_training_set_rounds(case: str) -> None:
    """The ninth (TRAINING_ROUND) and tenth rounds' probes."""
    text, customer, counterparts = TRAINING_SET_ROUNDS[case]
    assert _by_the_rules(text) == (customer, sorted(counterparts))


def test_a_company_hosted_too_is_not_the_one_the_complaint_is_about() -> None:
    # "b.cn is also hosted with you": hosted beside the writer's company, not said to be
    # the customer (tenth round; the subsidiary as the other side is not read yet: only
    # the customer is asserted).
    text = (
        "We are Lingang Optics (lingang-optics.com), mail hosted with you. Our Ningbo plant"
        " lingang-nb.cn is also hosted with you, and mail from us to the plant is refused with 554."
    )
    before = ranker.enabled()
    ranker.set_enabled(False)
    try:
        assert triage(text).entities.customer_domain == "lingang-optics.com"
    finally:
        ranker.set_enabled(before)
