"""Mail tracking rules A to E and 2), 3) of 4.0.19, and the entry cap of 4.0.18."""

from __future__ import annotations

import pytest

from postdesk.errors import InvalidInputError
from postdesk.profile import load_profile
from postdesk.profile.schema import Limits
from postdesk.rules.tracking import TrackingConfig, TrackingLimitError, simulate_message

HOSTED = ["abc.com", "xyz.cn"]


def config(
    trackers: dict[str, list[str]],
    *,
    aliases: dict[str, str] | None = None,
    forwards: dict[str, str] | None = None,
    full: list[str] | None = None,
    inbound: bool = False,
) -> TrackingConfig:
    built = TrackingConfig.for_profile(HOSTED, track_inbound_from_outside=inbound)
    for alias, mailbox in (aliases or {}).items():
        built.add_alias(alias, mailbox)
    for tracker, tracked in trackers.items():
        for address in tracked:
            built.add_tracking(tracker, address)
    for mailbox, target in (forwards or {}).items():
        built.add_forward(mailbox, target)
    for mailbox in full or []:
        built.mark_full(mailbox)
    return built


# (case, trackers, sender, recipients, expected tracking copies per tracker)
COPY_CASES = [
    (
        "A: hosted to hosted, recipient tracked",
        {"t@abc.com": ["b@abc.com"]},
        "a@abc.com",
        ["b@abc.com"],
        {"t@abc.com": 1},
    ),
    (
        "A: hosted to hosted, sender tracked",
        {"t@abc.com": ["a@abc.com"]},
        "a@abc.com",
        ["b@xyz.cn"],
        {"t@abc.com": 1},
    ),
    (
        "A: many-to-one, one mailbox tracked by two trackers",
        {"t1@abc.com": ["b@abc.com"], "t2@xyz.cn": ["b@abc.com"]},
        "a@xyz.cn",
        ["b@abc.com"],
        {"t1@abc.com": 1, "t2@xyz.cn": 1},
    ),
    (
        "B: hosted to outside, sender tracked by two",
        {"t1@abc.com": ["a@abc.com"], "t2@abc.com": ["a@abc.com"]},
        "a@abc.com",
        ["c@outside.example"],
        {"t1@abc.com": 1, "t2@abc.com": 1},
    ),
    (
        "3): several tracked recipients give one copy",
        {"t@abc.com": ["b@abc.com", "c@abc.com", "d@xyz.cn"]},
        "a@abc.com",
        ["b@abc.com", "c@abc.com", "d@xyz.cn"],
        {"t@abc.com": 1},
    ),
    (
        "3): sender tracked too gives two copies",
        {"t@abc.com": ["a@abc.com", "b@abc.com", "c@abc.com"]},
        "a@abc.com",
        ["b@abc.com", "c@abc.com"],
        {"t@abc.com": 2},
    ),
    ("untracked mail gives no copy", {"t@abc.com": ["z@abc.com"]}, "a@abc.com", ["b@abc.com"], {}),
    (
        "outside sender to tracked mailbox: not in rules A or B",
        {"t@abc.com": ["b@abc.com"]},
        "x@outside.example",
        ["b@abc.com"],
        {},
    ),
    (
        "recipient listed twice counts once",
        {"t@abc.com": ["b@abc.com"]},
        "a@abc.com",
        ["b@abc.com", "B@ABC.com"],
        {"t@abc.com": 1},
    ),
]


@pytest.mark.parametrize(
    ("trackers", "sender", "recipients", "expected"),
    [case[1:] for case in COPY_CASES],
    ids=[case[0] for case in COPY_CASES],
)
def test_tracking_copies(
    trackers: dict[str, list[str]], sender: str, recipients: list[str], expected: dict[str, int]
) -> None:
    outcome = simulate_message(config(trackers), sender, recipients)
    assert outcome.copies_per_tracker == expected
    assert outcome.bounces == []
    assert outcome.loops == []


def test_sender_and_recipient_tracked_is_a_duplicate_in_the_tracker() -> None:
    # 4.0.14 1): both sides tracked by the same mailbox -> it receives the mail twice.
    outcome = simulate_message(
        config({"t@abc.com": ["a@abc.com", "b@abc.com"]}), "a@abc.com", ["b@abc.com"]
    )
    assert outcome.duplicates == {"t@abc.com": 2}
    assert sorted(c.side for c in outcome.tracking_copies) == ["recipient", "sender"]


def test_inbound_from_outside_is_reported_and_can_be_switched_on() -> None:
    trackers = {"t@abc.com": ["b@abc.com"]}
    outcome = simulate_message(config(trackers), "x@outside.example", ["b@abc.com"])
    assert [(u.mailbox, u.reason) for u in outcome.untracked] == [
        ("b@abc.com", "inbound_from_outside")
    ]
    switched = simulate_message(config(trackers, inbound=True), "x@outside.example", ["b@abc.com"])
    assert switched.copies_per_tracker == {"t@abc.com": 1}


def test_c_a_tracking_copy_is_not_tracked_again() -> None:
    # t1 tracks a; t2 tracks t1. The copy t1 receives must not reach t2.
    outcome = simulate_message(
        config({"t1@abc.com": ["a@abc.com"], "t2@abc.com": ["t1@abc.com"]}),
        "a@abc.com",
        ["c@outside.example"],
    )
    assert outcome.copies_per_tracker == {"t1@abc.com": 1}
    assert "t2@abc.com" not in outcome.received_per_mailbox


def test_d_mail_to_an_alias_is_delivered_but_not_tracked() -> None:
    built = config({"t@abc.com": ["b@abc.com"]}, aliases={"sales@abc.com": "b@abc.com"})
    outcome = simulate_message(built, "a@abc.com", ["sales@abc.com"])
    assert outcome.copies_per_tracker == {}
    assert [(h.recipient, h.via) for h in outcome.deliveries] == [("b@abc.com", "sales@abc.com")]
    assert [(u.address, u.reason) for u in outcome.untracked] == [("sales@abc.com", "alias")]
    # The same mailbox addressed by its own name is tracked.
    assert simulate_message(built, "a@abc.com", ["b@abc.com"]).copies_per_tracker == {
        "t@abc.com": 1
    }


def test_d_mail_sent_from_an_alias_is_not_tracked() -> None:
    built = config({"t@abc.com": ["b@abc.com"]}, aliases={"sales@abc.com": "b@abc.com"})
    outcome = simulate_message(built, "sales@abc.com", ["c@outside.example"])
    assert outcome.copies_per_tracker == {}
    assert [(u.address, u.reason) for u in outcome.untracked] == [("sales@abc.com", "alias")]


def test_d_an_alias_cannot_be_put_in_a_tracking_entry() -> None:
    built = config({}, aliases={"sales@abc.com": "b@abc.com"})
    with pytest.raises(InvalidInputError, match="rule D"):
        built.add_tracking("t@abc.com", "sales@abc.com")


def test_e_full_tracker_bounces_to_the_sender() -> None:
    outcome = simulate_message(
        config({"c@abc.com": ["b@abc.com"]}, full=["c@abc.com"]), "a@xyz.cn", ["b@abc.com"]
    )
    assert [(b.to, b.mailbox, b.reason) for b in outcome.bounces] == [
        ("a@xyz.cn", "c@abc.com", "tracker_full")
    ]
    # The recipient still gets the mail; the tracker got nothing.
    assert outcome.received_per_mailbox == {"b@abc.com": 1}
    assert outcome.copies_per_tracker == {}
    assert [c.delivered for c in outcome.tracking_copies] == [False]


def test_full_recipient_bounces_and_is_not_forwarded() -> None:
    outcome = simulate_message(
        config({}, forwards={"b@abc.com": "c@outside.example"}, full=["b@abc.com"]),
        "a@abc.com",
        ["b@abc.com"],
    )
    assert [(b.to, b.reason) for b in outcome.bounces] == [("a@abc.com", "recipient_full")]
    assert outcome.deliveries == []


def test_2_forwarding_tracker_loops_and_is_reported_with_its_chain() -> None:
    # 4.0.19 2): B tracks A and forwards to C outside; the forward is again "A to C",
    # B tracks it again, forwards it again, and so on.
    built = config({"b@abc.com": ["a@abc.com"]}, forwards={"b@abc.com": "c@china.example"})
    outcome = simulate_message(built, "a@abc.com", ["x@outside.example"])
    assert len(outcome.loops) == 1
    loop = outcome.loops[0]
    assert loop.reason == "repeat"
    assert [(h.recipient, h.kind) for h in loop.chain] == [
        ("b@abc.com", "tracking_copy"),
        ("c@china.example", "forwarded"),
        ("b@abc.com", "tracking_copy"),
    ]
    assert all(h.sender == "a@abc.com" for h in loop.chain)  # forwarding keeps the sender
    assert outcome.duplicates == {"b@abc.com": 2}


def test_forward_without_loop_tracks_the_sender_again() -> None:
    # A -> B, B forwards to C: the forward is "A to C", so A's tracker gets a second copy.
    built = config({"t@abc.com": ["a@abc.com"]}, forwards={"b@abc.com": "c@outside.example"})
    outcome = simulate_message(built, "a@abc.com", ["b@abc.com"])
    assert outcome.loops == []
    assert outcome.copies_per_tracker == {"t@abc.com": 2}
    assert [(h.recipient, h.kind) for h in outcome.deliveries] == [
        ("b@abc.com", "original"),
        ("c@outside.example", "forwarded"),
    ]


def test_forward_cycle_between_two_mailboxes_stops() -> None:
    built = config({}, forwards={"b@abc.com": "c@abc.com", "c@abc.com": "b@abc.com"})
    outcome = simulate_message(built, "a@abc.com", ["b@abc.com"])
    assert [loop.reason for loop in outcome.loops] == ["repeat"]
    assert outcome.received_per_mailbox == {"b@abc.com": 2, "c@abc.com": 1}


def test_bound_stops_a_run_and_is_reported() -> None:
    built = config({"b@abc.com": ["a@abc.com"]}, forwards={"b@abc.com": "c@china.example"})
    outcome = simulate_message(built, "a@abc.com", ["x@outside.example"], max_deliveries=2)
    assert [loop.reason for loop in outcome.loops] == ["bound"]
    assert sum(outcome.received_per_mailbox.values()) == 2


def test_the_101st_entry_fails_with_the_documents_explanation() -> None:
    built = config({})
    for n in range(100):
        built.add_tracking("boss@abc.com", f"u{n}@abc.com")
    with pytest.raises(TrackingLimitError) as caught:
        built.add_tracking("boss@abc.com", "u100@abc.com")
    err = caught.value
    assert err.limit == 100
    assert "not a system bug" in str(err) and "product department" in str(err)
    assert "不是系统BUG" in err.message("zh") and "产品部门" in err.message("zh")
    assert len(built.entries()) == 100
    # The cap is per enterprise domain: another domain still has room.
    built.add_tracking("boss@xyz.cn", "u1@abc.com")


def test_a_profile_with_a_different_limit() -> None:
    profile = load_profile()
    small = profile.model_copy(update={"limits": Limits(tracking_max_entries=2)})
    built = TrackingConfig.for_profile(HOSTED, small)
    built.add_tracking("t@abc.com", "a@abc.com")
    built.add_tracking("t@abc.com", "b@abc.com")
    with pytest.raises(TrackingLimitError, match="already has 2 tracking entries"):
        built.add_tracking("t@abc.com", "c@abc.com")


@pytest.mark.parametrize(
    ("tracker", "tracked", "message"),
    [
        ("t@outside.example", "a@abc.com", "not at a hosted domain"),
        ("t@abc.com", "a@outside.example", "not at a hosted domain"),
        ("t@abc.com", "t@abc.com", "cannot track itself"),
        ("not-an-address", "a@abc.com", "not a mail address"),
    ],
)
def test_bad_entries_rejected(tracker: str, tracked: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        config({}).add_tracking(tracker, tracked)


def test_duplicate_entry_rejected() -> None:
    built = config({"t@abc.com": ["a@abc.com"]})
    with pytest.raises(InvalidInputError, match="already tracks"):
        built.add_tracking("T@abc.com", "a@abc.com")
