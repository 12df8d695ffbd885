"""The rules of the walk that every interface shows (issue 13): offered values by role,
suggested choices, check targets, labels where collected, and undo."""

from __future__ import annotations

from datetime import date

import pytest

from postdesk.kb import default_library
from postdesk.kb.facts import Facts
from postdesk.kb.runner import SECRET_MARK, Walk, WalkError, WalkState, replay
from postdesk.triage import triage

FINDING = (
    "我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回，以前也能发。"
    "公司域名boyuan-eng.com，发件人 sales@boyuan-eng.com。退信：551 user not local。"
    "昨天下午3点发的"
)


def facts_of(complaint: str, **known: object) -> Facts:
    entities = triage(complaint, top=1).entities.as_dict()
    return Facts.from_entities(complaint, entities, today=date(2026, 12, 6), **known)


def walk_to(playbook_id: str, answers: list[object]) -> Walk:
    return replay(default_library().get(playbook_id), answers)


def at(playbook_id: str, step_id: str) -> Walk:
    """A walk standing at ``step_id`` (as a saved walk would be)."""
    playbook = default_library().get(playbook_id)
    state = WalkState(playbook_id=playbook.id, playbook_version=playbook.version, current=step_id)
    return Walk(playbook, state)


def collect_step_with(playbook_id: str, name: str, role: str) -> str:
    playbook = default_library().get(playbook_id)
    for step in playbook.steps:
        for spec in getattr(step, "fields", []):
            if spec.name == name and spec.role == role:
                return step.id
    raise AssertionError(f"{playbook_id} has no {name} with role {role}")


def test_each_field_is_offered_the_fact_of_its_own_role() -> None:
    """Issue 13.3: 4.0.29's "our sender" gets ours, the overseas one theirs."""
    facts = facts_of(FINDING)
    ours = at(
        "overseas-delivery", collect_step_with("overseas-delivery", "sender", "customer_email")
    )
    offered = ours.prefill(facts)
    assert offered["sender"].value == "sales@boyuan-eng.com"
    assert offered["recipient"].value == "m.schmidt@kraus-technik.de"
    assert offered["sent_at"].value == "2026-12-05 15:00"  # 昨天下午3点
    theirs = at(
        "overseas-delivery", collect_step_with("overseas-delivery", "sender", "counterpart_email")
    )
    assert theirs.prefill(facts)["sender"].value == "m.schmidt@kraus-technik.de"
    domain_step = at("overseas-delivery", collect_step_with("overseas-delivery", "domain", None))
    assert domain_step.prefill(facts)["domain"].value == "boyuan-eng.com"  # 我方企业邮局域名
    assert all(known.source == "complaint" for known in offered.values())


def test_the_sender_of_a_garbled_mail_is_the_other_side() -> None:
    """Issue 13.3: 4.0.27's "乱码邮件的发件人" never gets the customer's own address."""
    facts = facts_of("收到 kim@seoul-trade.co.kr 发来的邮件主题是乱码，我的邮箱 li@dongya-imp.com")
    walk = at("garbled-mail", collect_step_with("garbled-mail", "sender", "counterpart_email"))
    offered = walk.prefill(facts)
    assert offered["sender"].value == "kim@seoul-trade.co.kr"
    if "email" in offered:
        assert offered["email"].value == "li@dongya-imp.com"


def test_a_pasted_code_marks_its_choice() -> None:
    """Issue 13.8: 0x800CCC0E in the complaint points 4.0.9's error step to its letter."""
    walk = walk_to("client-send-receive", [{"client_error": ""}])
    facts = facts_of("outlook 收信报错 0x800CCC0E")
    hints = walk.suggestions(facts)
    assert len(hints) == 1
    option_id, hint = next(iter(hints.items()))
    assert hint.kind == "signal" and "0x800ccc0e" in hint.detail.lower()
    chosen = next(option for option in walk.options() if option.id == option_id)
    assert walk.playbook.step(chosen.next).id  # a real step of the walk


def test_an_open_incident_marks_the_outage_answer() -> None:
    """Issue 13.9: 4.0.6 asks about three reports; the desk already counted them."""
    walk = Walk.start(default_library().get("webmail-system-busy"))
    assert walk.suggestions(Facts(open_incident=None)) == {}
    hints = walk.suggestions(Facts(open_incident=7))
    assert {option: hint.kind for option, hint in hints.items()} == {"outage": "incident"}
    assert hints["outage"].detail == "7"


def test_a_port_check_targets_the_providers_server_not_the_customers_domain() -> None:
    """Issue 13.8: 4.0.9's telnet test is of the provider's host in every interface."""
    library = default_library()
    walk = at("client-send-receive", "check-provider-ports")
    target = walk.check_target(
        library.profile.hosts.model_dump(), Facts(customer_domain="customer.example")
    )
    assert target is not None
    assert (target.value, target.source) == (library.profile.hosts.smtp, "profile")


def test_a_domain_check_falls_back_to_the_customers_domain_only_by_role() -> None:
    library = default_library()
    walk = Walk.start(library.get("same-domain-auth"))
    walk.collect({"domain": "ours.example"})
    known = walk.check_target(library.profile.hosts.model_dump(), Facts())
    assert known is not None and (known.value, known.source) == ("ours.example", "walk")


def test_labels_follow_the_step_that_collected_the_value() -> None:
    """Issue 13.4: 4.0.23's company branch is a company, not "申请人名称（个人姓名）"."""
    walk = walk_to("delete-domain", ["own-company", None])
    walk.collect(
        {
            "company_name": "博远工程有限公司",
            "domain": "boyuan-eng.com",
            "matter": "删除企业邮局",
            "contact_name": "张三",
            "contact_phone": "010-12345678",
        }
    )
    labels = {item.name: item.label.zh for item in walk.collected()}
    assert labels["company_name"] == "公司名称（申请人名称）"
    assert labels["domain"] == "要删除的企业邮局域名"


def test_undo_takes_back_the_last_answer_and_offers_what_was_typed() -> None:
    walk = walk_to("same-domain-auth", [{"domain": "ours.example"}])
    assert walk.step.id == "check-rule"
    undone = walk.undo()
    assert undone.action == "collected" and walk.step.id == "collect-domain"
    assert walk.state.fields == {}
    assert walk.prefill(Facts())["domain"].value == "ours.example"
    with pytest.raises(WalkError, match="no answer to take back"):
        walk.undo()


def test_undo_reopens_a_resolved_walk_but_never_an_escalation() -> None:
    walk = walk_to("expiry-query", [])
    while not walk.finished:
        step = walk.step
        if step.kind == "collect":
            values = {"date": "2024-03-05", "domain": "ours.example", "integer": "2"}
            walk.collect({s.name: values.get(s.type, "x") for s in step.fields})
        else:
            options = walk.options()
            walk.advance(options[0].id if options else None)
    assert walk.state.status == "resolved" and walk.can_undo()
    walk.undo()
    assert walk.state.status == "active"
    escalated = walk_to("same-domain-auth", [{"domain": "ours.example"}, "not-in-rule", "add"])
    while escalated.step.kind != "escalate":
        options = escalated.options()
        escalated.advance(options[0].id if options else {"description": "加入规则"})
    escalated.proceed()
    assert escalated.finished and not escalated.can_undo()
    with pytest.raises(WalkError, match="cannot be taken back"):
        escalated.undo()


def test_secrets_are_never_offered() -> None:
    walk = walk_to("webmail-system-busy", ["single"])
    walk.collect({"email": "li@ours.example", "password": "s3cret"})
    assert walk.state.fields["password"] == SECRET_MARK
    walk.undo()
    assert "password" not in walk.prefill(Facts())
