"""The shipped knowledge base: every catalogued playbook, with its id and section, all valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.kb import default_library, load_library
from postdesk.kb.runner import replay
from postdesk.kb.schema import EscalateStep
from postdesk.kb.slots import SLOT
from tests.kb.paths import answers_for, path_to, terminal_ids

REPO = Path(__file__).resolve().parents[2]


def read_catalogue() -> dict[str, str]:
    """Playbook id -> section, from the public catalogue (docs/catalogue.md)."""
    text = (REPO / "docs" / "catalogue.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([a-z0-9-]+) \| (4\.0\.\d+) \|", text, re.MULTILINE))


CATALOGUE = read_catalogue()


def test_catalogue_is_read() -> None:
    assert CATALOGUE, "docs/catalogue.md has no table rows"
    assert len(set(CATALOGUE.values())) == len(CATALOGUE), "two ids share a section"


def test_library_has_every_catalogued_playbook_in_section_order() -> None:
    library = default_library()
    assert {p.id: p.section for p in library} == CATALOGUE
    sections = [tuple(int(n) for n in p.section.split(".")) for p in library]
    assert sections == sorted(sections)


def test_every_playbook_is_bilingual_and_has_symptoms() -> None:
    for playbook in default_library():
        assert playbook.title.zh and playbook.title.en
        assert playbook.summary.zh and playbook.summary.en
        assert len(playbook.symptoms.zh) >= 5, playbook.id
        assert len(playbook.symptoms.en) >= 3, playbook.id


def test_no_provider_value_is_left_as_a_placeholder() -> None:
    """Only walk values ({{ walk.NAME }}, filled while walking) stay after loading."""
    for playbook in default_library():
        # "}}" closes nested JSON objects, so only the opening braces are telling
        dumped = SLOT.sub("", playbook.model_dump_json())
        assert "{{" not in dumped and "{%" not in dumped, playbook.id


@pytest.mark.parametrize("playbook_id", sorted(CATALOGUE))
def test_every_terminal_step_is_reachable_by_a_valid_walk(playbook_id: str) -> None:
    """Walk the runner to each terminal step of each playbook with valid sample answers."""
    playbook = default_library().get(playbook_id)
    for terminal in terminal_ids(playbook):
        path = path_to(playbook, terminal)
        assert path, f"{playbook_id}: {terminal} unreachable"
        walk = replay(playbook, answers_for(playbook, path))
        assert walk.finished, (playbook_id, terminal, walk.state.current)
        assert walk.state.current == terminal
        expected = "escalated" if isinstance(playbook.step(terminal), EscalateStep) else "resolved"
        assert walk.state.status == expected


def test_escalations_name_channels_of_the_profile() -> None:
    library = default_library()
    used = {
        step.channel
        for playbook in library
        for step in playbook.steps
        if isinstance(step, EscalateStep)
    }
    assert used <= set(library.profile.channels)
    # the document escalates to these; each must appear in some playbook
    assert {"agent-interface", "fax", "crm", "work-order", "abuse", "hotline"} <= used


def test_a_different_profile_changes_the_rendered_text(tmp_path: Path) -> None:
    from postdesk.profile import load_profile

    default_text = (
        Path(__file__).resolve().parents[2] / "src/postdesk/profile/default.yaml"
    ).read_text(encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(
        default_text.replace("010-64240295", "021-55550000").replace(
            "http://gmail.263.net/help.html", "https://help.example.net/admin-form"
        ),
        encoding="utf-8",
    )
    library = load_library(profile=load_profile(other))
    dumped = library.get("admin-password-reset").model_dump_json()
    assert "021-55550000" in dumped and "https://help.example.net/admin-form" in dumped
    assert "010-64240295" not in dumped


def test_mail_flow_playbooks_declare_their_usual_direction() -> None:
    """The direction each section's mail usually goes (a prior for triage's entity roles):
    received mail for 4.0.10, 4.0.14-16, 4.0.27; sent mail for 4.0.11, 4.0.12, 4.0.29; the
    customer's own domain for 4.0.28; either way for 4.0.13 and 4.0.25; none elsewhere."""
    directions = {p.id: p.mail_direction for p in default_library()}
    inbound = {"cannot-receive", "duplicate-mail", "spam-complaint", "virus-mail", "garbled-mail"}
    outbound = {"recipient-not-receiving", "bounce-interpretation", "overseas-delivery"}
    assert {k for k, v in directions.items() if v == "inbound"} == inbound
    assert {k for k, v in directions.items() if v == "outbound"} == outbound
    assert {k for k, v in directions.items() if v == "internal"} == {"same-domain-auth"}
    assert directions["mail-delay"] == directions["rtf-winmail-dat"] == "none"
