"""Walk values in step texts: ``{{ walk.NAME }}`` filled from what was collected or computed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postdesk.kb import default_library
from postdesk.kb.load import PlaybookError, load_library
from postdesk.kb.render import render_step
from postdesk.kb.runner import Walk
from tests.kb.test_validate import TEXT, minimal, write


def _expiry_walk(expiry: str, free_months: int) -> Walk:
    walk = Walk.start(default_library().get("expiry-query"))
    walk.collect({"domain": "example.com"})
    walk.answer("found")
    walk.collect({"expiry_date": expiry, "free_months": free_months})
    return walk


@pytest.mark.parametrize(
    ("expiry", "months", "real"),
    [
        ("2024-03-05", 2, "2024-05-05"),
        ("2024年1月31日", 1, "2024-02-29"),  # no 31 February: the month's last day
        ("2025-12-15", 0, "2025-12-15"),
    ],
)
def test_the_4_0_5_reply_says_the_real_expiry(expiry: str, months: int, real: str) -> None:
    walk = _expiry_walk(expiry, months)
    assert walk.step.id == "reply-expiry"
    said = walk.say()
    assert f"实际到期日为 {real}" in said.zh
    assert f"really expires on {real}" in said.en
    assert "walk." not in said.zh + said.en and "‹" not in said.zh + said.en


def test_outside_a_walk_the_values_are_named_not_left_as_placeholders() -> None:
    step = default_library().get("expiry-query").step("reply-expiry")
    assert "{{ walk.real_expiry }}" in step.text.zh  # kept by loading for the walk to fill
    shown = str(render_step(step, "zh"))
    assert "‹real_expiry›" in shown and "{{" not in shown


def _with_slot(text: str, **changes: Any) -> dict[str, Any]:
    data = minimal()
    data["steps"][3]["text"] = {"zh": text, "en": text}
    for path, value in changes.items():
        step_index, key = path.split("__")
        data["steps"][int(step_index)][key] = value
    return data


def test_a_collected_field_is_shown_and_a_secret_never(tmp_path: Path) -> None:
    data = _with_slot("域名 {{ walk.domain }}")
    data["steps"][1]["fields"].append({"name": "password", "type": "secret", "label": TEXT})
    write(tmp_path, data)
    walk = Walk.start(load_library(tmp_path).get("sample-playbook"))
    walk.answer("yes")
    walk.collect({"domain": "例子.公司", "description": "x", "password": "hunter2"})
    reply = walk.playbook.step("reply-1")
    assert walk.say(reply).zh == "域名 xn--fsqu00a.xn--55qx5d"
    data = _with_slot("密码 {{ walk.password }}")
    data["steps"][1]["fields"].append({"name": "password", "type": "secret", "label": TEXT})
    write(tmp_path, data)
    with pytest.raises(PlaybookError, match=r"walk\.password is neither a collected field"):
        load_library(tmp_path)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (_with_slot("{{ walk.nothing }}"), "reply-1: text: walk.nothing is neither"),
        (_with_slot("{{ walk.real_expiry }}"), "computed from expiry_date, free_months"),
        (
            _with_slot("ok", **{"3__note": {"zh": "{{ walk.domain }}", "en": "x"}}),
            "reply-1: note.zh: walk.domain: walk values are shown only in a step's text",
        ),
    ],
    ids=["unknown name", "computed without inputs", "outside the text"],
)
def test_the_validator_names_a_value_no_walk_can_fill(
    tmp_path: Path, data: dict[str, Any], said: str
) -> None:
    write(tmp_path, data)
    with pytest.raises(PlaybookError) as caught:
        load_library(tmp_path)
    assert said in str(caught.value)
