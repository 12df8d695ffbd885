"""The runner: one action at a time, invalid input leaves the state unchanged, JSON round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from postdesk.errors import PostdeskError
from postdesk.kb import default_library
from postdesk.kb.runner import SECRET_MARK, Walk, WalkError, replay


def ticking_clock():  # type: ignore[no-untyped-def]
    """A deterministic clock: one minute later on every call."""
    ticks = count()
    start = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    return lambda: start + timedelta(minutes=next(ticks))


def playbook():  # type: ignore[no-untyped-def]
    return default_library().get("admin-password-reset")


FAX_FIELDS = {
    "company_name": "示例科技有限公司",
    "domain": "例子.中国",
    "matter": "更改超级域管理员密码",
    "contact_name": "张三",
    "contact_phone": "010-64240295转5",
}


def test_full_walk_to_fax_escalation() -> None:
    walk = Walk.start(playbook(), ticking_clock())
    assert walk.step.id == "check-ownership"
    walk.answer("found")
    walk.answer(1)  # numbers work as well as ids
    assert walk.step.kind == "instruct"
    walk.proceed()
    outcome = walk.collect(FAX_FIELDS)
    assert outcome.values["domain"] == "xn--fsqu00a.xn--fiqs8s"  # punycode stored
    walk.proceed()
    assert walk.finished and walk.state.status == "escalated"
    assert walk.state.escalation is not None
    assert walk.state.escalation["channel"] == "fax"
    assert walk.state.escalation["fields"]["contact_phone"] == "010-64240295转5"
    actions = [entry.action for entry in walk.state.transcript]
    assert actions == ["started", "outcome", "answered", "done", "collected", "escalated"]
    times = [entry.at for entry in walk.state.transcript]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_invalid_choice_leaves_state_unchanged() -> None:
    walk = Walk.start(playbook(), ticking_clock())
    before = walk.to_json()
    for bad in ["maybe", "0", "7", ""]:
        with pytest.raises(WalkError, match="not a choice of step check-ownership"):
            walk.answer(bad)
    assert walk.to_json() == before


def test_invalid_field_leaves_state_unchanged_and_lists_every_problem() -> None:
    walk = replay(playbook(), ["found", "yes", None])
    before = walk.to_json()
    bad = dict(FAX_FIELDS, domain="not a domain", contact_phone="call me")
    with pytest.raises(WalkError) as caught:
        walk.collect(bad)
    message = str(caught.value)
    assert "domain" in message and "contact_phone" in message
    assert walk.to_json() == before


def test_missing_required_field_is_named() -> None:
    walk = replay(playbook(), ["found", "yes", None])
    partial = {k: v for k, v in FAX_FIELDS.items() if k != "contact_name"}
    with pytest.raises(WalkError, match="contact_name: a value is required"):
        walk.collect(partial)


def test_unknown_field_is_rejected() -> None:
    walk = replay(playbook(), ["found", "yes", None])
    with pytest.raises(WalkError, match="has no field colour"):
        walk.collect(dict(FAX_FIELDS, colour="red"))


def test_wrong_action_for_step_kind() -> None:
    walk = Walk.start(playbook(), ticking_clock())
    with pytest.raises(WalkError, match="answer it with a choice"):
        walk.proceed()
    with pytest.raises(WalkError, match="collects no fields"):
        walk.collect({})


def test_json_round_trip_resumes_the_walk() -> None:
    clock = ticking_clock()
    walk = replay(playbook(), ["found", "yes", None], clock)
    saved = walk.to_json()
    resumed = Walk.from_json(playbook(), saved, clock)
    assert resumed.state == walk.state
    resumed.collect(FAX_FIELDS)
    resumed.proceed()
    assert resumed.state.status == "escalated"


def test_replay_is_deterministic() -> None:
    answers: list[object] = ["found", "yes", None, FAX_FIELDS, None]
    first = replay(playbook(), answers, ticking_clock()).to_json()
    second = replay(playbook(), answers, ticking_clock()).to_json()
    assert first == second


def test_saved_walk_for_other_playbook_or_unknown_step() -> None:
    walk = Walk.start(playbook(), ticking_clock())
    other = default_library().get("expiry-query")
    with pytest.raises(WalkError, match="is for playbook 'admin-password-reset'"):
        Walk.from_json(other, walk.to_json())
    with pytest.raises(WalkError, match="not valid"):
        Walk.from_json(playbook(), "{not json")
    broken = walk.to_json().replace('"current":"check-ownership"', '"current":"gone"')
    with pytest.raises(WalkError, match="does not have"):
        Walk.from_json(playbook(), broken)


def test_ended_walk_takes_no_more_actions() -> None:
    walk = replay(playbook(), ["found", "no", None])
    assert walk.state.status == "resolved"
    with pytest.raises(WalkError, match="has ended"):
        walk.proceed()
    with pytest.raises(PostdeskError, match="one too many"):
        replay(playbook(), ["found", "no", None, None])


def test_secrets_never_enter_the_state() -> None:
    """A password collected for a login test comes back to the caller, not into the state."""
    library = default_library()
    with_secret = [
        (p, step)
        for p in library
        for step in p.steps
        if step.kind == "collect" and any(f.type == "secret" for f in step.fields)  # type: ignore[union-attr]
    ]
    assert with_secret, "the document asks for mailbox passwords; some step must collect one"
    from tests.kb.paths import answers_for, path_to, sample_value

    playbook_with, step = with_secret[0]
    path = path_to(playbook_with, step.id)
    assert path
    walk = replay(playbook_with, answers_for(playbook_with, path, finish=False))
    assert walk.step.id == step.id
    values = {f.name: sample_value(f) for f in step.fields}  # type: ignore[union-attr]
    outcome = walk.collect(values)
    secret_names = [f.name for f in step.fields if f.type == "secret"]  # type: ignore[union-attr]
    for name in secret_names:
        assert outcome.secrets[name] == values[name]
        assert walk.state.fields[name] == SECRET_MARK
    dumped = walk.to_json()
    assert all(values[name] not in dumped for name in secret_names)
    assert all(values[name] not in repr(outcome) for name in secret_names)
