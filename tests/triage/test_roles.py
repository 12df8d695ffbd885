"""Whose domain is whose (issue 13.2): the customer's own, or the other side's."""

from __future__ import annotations

import pytest

from postdesk.triage import triage
from postdesk.triage.entities import extract
from tests.conftest import DATA
from tests.triage.roles_score import load_rows, score

DEV_SET = DATA.parent / "triage" / "data" / "roles-dev.jsonl"
HELD_OUT = DATA.parent / "triage" / "data" / "roles-heldout.jsonl"
# Measured once on the blind set (150 complaints written by a helper who never saw the
# code), after tuning had ended: 135/150 customer domains right, 131/150 counterpart
# sets exactly right. Below the targets of issue 13 (97 % and 90 %): this test keeps the
# measured level, so a change cannot make it worse unnoticed.
HELD_OUT_CUSTOMER_RIGHT = 135
HELD_OUT_COUNTERPARTS_RIGHT = 131

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


def test_development_set_stays_where_tuning_left_it() -> None:
    """The complaints the role cues were tuned on (written for that; see its README).

    Not a measure of quality on unseen complaints (the held-out set is): this
    keeps a change from quietly undoing what the cues were chosen for.
    """
    result = score(load_rows(DEV_SET))
    assert result.rows >= 170
    assert result.customer_share >= 0.97, result.misses
    assert result.counterpart_share >= 0.96, result.misses


def test_held_out_set_stays_at_its_measured_level() -> None:
    """The blind set (see roles-heldout.README.md). Misses are not printed: read, they would
    turn the held-out set into tuning data."""
    result = score(load_rows(HELD_OUT))
    assert result.rows == 150
    assert result.customer_right >= HELD_OUT_CUSTOMER_RIGHT, result.customer_right
    assert result.counterparts_right >= HELD_OUT_COUNTERPARTS_RIGHT, result.counterparts_right
