"""The validator names the file, the step and the field of every problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from postdesk.kb.load import PlaybookError, load_library

TEXT = {"zh": "文本", "en": "text"}


def minimal() -> dict[str, Any]:
    """A small valid playbook: ask -> (collect -> escalate) | reply."""
    return {
        "id": "sample-playbook",
        "section": "4.0.99",
        "version": 1,
        "title": TEXT,
        "summary": TEXT,
        "start": "ask-1",
        "steps": [
            {
                "id": "ask-1",
                "kind": "ask",
                "text": TEXT,
                "options": [
                    {"id": "yes", "label": TEXT, "next": "collect-1"},
                    {"id": "no", "label": TEXT, "next": "reply-1"},
                ],
            },
            {
                "id": "collect-1",
                "kind": "collect",
                "text": TEXT,
                "fields": [
                    {"name": "domain", "type": "domain", "label": TEXT},
                    {"name": "description", "type": "longtext", "label": TEXT},
                ],
                "next": "escalate-1",
            },
            {
                "id": "escalate-1",
                "kind": "escalate",
                "channel": "agent-interface",
                "text": TEXT,
                "requires": ["domain", "description"],
            },
            {"id": "reply-1", "kind": "reply", "text": TEXT},
        ],
    }


def write(folder: Path, data: dict[str, Any], name: str = "sample-playbook") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, data: dict[str, Any]) -> str:
    write(tmp_path, data)
    with pytest.raises(PlaybookError) as caught:
        load_library(tmp_path)
    return str(caught.value)


def test_minimal_playbook_is_valid(tmp_path: Path) -> None:
    write(tmp_path, minimal())
    library = load_library(tmp_path)
    assert library.ids() == ["sample-playbook"]


def _edit(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(minimal())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


CASES = [
    # (what, edit path, new value, expected fragments of the message)
    ("dangling next", ["steps", 0, "options", 0, "next"], "nowhere", ["ask-1", "next", "nowhere"]),
    ("bad start", ["start"], "missing", ["start", "missing"]),
    ("unknown channel", ["steps", 2, "channel"], "pigeon", ["escalate-1", "channel", "pigeon"]),
    (
        "uncollected field",
        ["steps", 2, "requires"],
        ["description", "phone"],
        ["escalate-1", "requires", "phone"],
    ),
    (
        "channel field missing",
        ["steps", 2, "requires"],
        ["domain"],
        ["escalate-1", "channel 'agent-interface' needs 'description'"],
    ),
    ("missing english", ["steps", 3, "text"], {"zh": "只有中文"}, ["step reply-1", "text.en"]),
    ("empty zh", ["title"], {"zh": " ", "en": "x"}, ["title.zh", "empty"]),
    ("bad section", ["section"], "5.1", ["section", "4.0.N"]),
    ("unknown kind", ["steps", 3, "kind"], "dance", ["step reply-1"]),
    (
        "one option",
        ["steps", 0, "options"],
        [{"id": "a", "label": TEXT, "next": "reply-1"}],
        ["step ask-1", "options"],
    ),
    ("unknown field type", ["steps", 1, "fields", 0, "type"], "colour", ["step collect-1"]),
    ("seal on a mail channel", ["steps", 2, "seal"], False, ["escalate-1", "seal", "only a fax"]),
    ("unknown mail direction", ["mail_direction"], "sideways", ["mail_direction"]),
]


@pytest.mark.parametrize(("what", "path", "value", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_problem_is_named(
    tmp_path: Path, what: str, path: list[Any], value: Any, fragments: list[str]
) -> None:
    message = problems_of(tmp_path, _edit(path, value))
    assert "sample-playbook" in message, what
    for fragment in fragments:
        assert fragment in message, (what, message)


def test_unreachable_step(tmp_path: Path) -> None:
    data = minimal()
    data["steps"].append({"id": "orphan", "kind": "resolve", "text": TEXT})
    assert "orphan: not reachable" in problems_of(tmp_path, data)


def test_path_that_never_ends(tmp_path: Path) -> None:
    data = minimal()
    data["steps"][3] = {"id": "reply-1", "kind": "reply", "text": TEXT, "next": "ask-1"}
    data["steps"][2]["next"] = "collect-1"
    message = problems_of(tmp_path, data)
    assert "undeclared cycle" in message


def test_declared_loop_is_allowed(tmp_path: Path) -> None:
    data = minimal()
    data["steps"][0]["options"].append(
        {"id": "again", "label": TEXT, "next": "ask-1", "loop": True}
    )
    write(tmp_path, data)
    assert load_library(tmp_path).ids() == ["sample-playbook"]


def test_cycle_without_exit_is_reported_even_if_declared(tmp_path: Path) -> None:
    data = minimal()
    data["start"] = "loop-a"
    data["steps"] = [
        {"id": "loop-a", "kind": "instruct", "text": TEXT, "next": "loop-b"},
        {
            "id": "loop-b",
            "kind": "ask",
            "text": TEXT,
            "options": [
                {"id": "x", "label": TEXT, "next": "loop-a", "loop": True},
                {"id": "y", "label": TEXT, "next": "loop-a", "loop": True},
            ],
        },
    ]
    message = problems_of(tmp_path, data)
    assert "no path from here ends" in message


def test_unknown_placeholder_names_the_field(tmp_path: Path) -> None:
    data = minimal()
    data["steps"][3]["text"] = {"zh": "请拨 {{ channels.fax.nmber }}", "en": "call"}
    message = problems_of(tmp_path, data)
    assert "steps[3].text.zh" in message and "placeholder" in message


def test_file_name_must_match_id(tmp_path: Path) -> None:
    write(tmp_path, minimal(), name="other-name")
    with pytest.raises(PlaybookError, match="must match the file name"):
        load_library(tmp_path)


def test_duplicate_sections(tmp_path: Path) -> None:
    write(tmp_path, minimal())
    second = minimal()
    second["id"] = "second-playbook"
    write(tmp_path, second, name="second-playbook")
    with pytest.raises(PlaybookError, match=r"section: 4\.0\.99 is also"):
        load_library(tmp_path)


def test_one_wording_under_two_playbooks(tmp_path: Path) -> None:
    """Triage cannot learn two answers for one complaint: the second owner is named."""
    first = minimal()
    first["symptoms"] = {"examples": ["网页登录一直提示系统忙！"]}
    write(tmp_path, first)
    second = minimal()
    second.update(id="second-playbook", section="4.0.98")
    second["symptoms"] = {"zh": ["网页登录 一直提示系统忙"], "examples": ["另一句"]}
    write(tmp_path, second, name="second-playbook")
    with pytest.raises(PlaybookError, match="also listed under sample-playbook"):
        load_library(tmp_path)
    second["symptoms"] = {"examples": ["另一句"]}
    write(tmp_path, second, name="second-playbook")
    library = load_library(tmp_path)
    examples = {playbook.id: playbook.symptoms.examples for playbook in library}
    assert examples == {
        "sample-playbook": ["网页登录一直提示系统忙！"],
        "second-playbook": ["另一句"],
    }


def test_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"broken\.yaml: not valid YAML"):
        load_library(tmp_path)


def test_yes_and_no_are_option_ids_not_booleans(tmp_path: Path) -> None:
    text = write(tmp_path, minimal()).read_text(encoding="utf-8")
    assert "id: 'yes'" in text or "id: yes" in text
    (tmp_path / "sample-playbook.yaml").write_text(
        text.replace("'yes'", "yes").replace("'no'", "no"), encoding="utf-8"
    )
    playbook = load_library(tmp_path).get("sample-playbook")
    assert [o.id for o in playbook.steps[0].options] == ["yes", "no"]  # type: ignore[union-attr]


def test_mail_direction_defaults_to_none(tmp_path: Path) -> None:
    write(tmp_path, minimal())
    assert load_library(tmp_path).get("sample-playbook").mail_direction == "none"
    data = minimal()
    data["mail_direction"] = "inbound"
    write(tmp_path, data)
    assert load_library(tmp_path).get("sample-playbook").mail_direction == "inbound"
