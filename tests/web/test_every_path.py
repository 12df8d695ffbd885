"""Every path of every playbook, walked through the API on a fresh desk (issue 13).

Each option of every ask and check step is taken, with a valid value for every
field type, each declared loop followed once. After every step the case page
is opened as the agent and, once an escalation exists, its form: no server
error, no placeholder left (``{{``, ``}}``, ``‹name›``), every collected value
shown with the label of the step that collected it, and every escalation's
required and collected values in its preview. Then an invalid value of each
field type is posted on the page: the refusal is in the page's language.

Pages already checked for the same prefix of answers are not opened again (the
paths of a playbook share their beginnings), so the walk stays a minute long.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from postdesk.desk.context import Desk
from postdesk.kb.runner import SECRET_MARK
from postdesk.kb.schema import AskStep, CheckStep, CollectStep, EscalateStep, Playbook, successors
from tests.web.support import PASSWORD, logged_in, open_page_desk
from tests.web.zh_only import english_sentences

DOMAIN = "walk-path.example.cn"
VALID: dict[str, str] = {
    "domain": DOMAIN,
    "email": f"li.lei@{DOMAIN}",
    "phone": "010-12345678",
    "datetime": "2024-03-05 14:30",
    "date": "2024-03-05",
    "ip": "203.0.113.7",
    "integer": "3",
    "url": f"http://{DOMAIN}/help",
    "text": "路径测试内容",
    "longtext": "路径测试的详细说明",
    "file": "original.eml",
    "secret": "path-secret-1",
}
# One invalid value per type that validates, and a Chinese word its refusal must carry.
INVALID: dict[str, tuple[str, str]] = {
    "domain": ("not a domain", "不是域名"),
    "email": ("xiaowang", "不是邮箱地址"),
    "phone": ("call me", "不是电话号码"),
    "datetime": ("yesterday", "不是日期和时间"),
    "date": ("2024-13-01", "不是实际存在的日期"),
    "ip": ("300.1.1.1", "不是IP地址"),
    "integer": ("-3", "整数"),
    "url": ("ftp://x", "不是网址"),
    "text": ("", "必须填写"),
}
COMPANY = "路径测试有限公司"
CONTACT = ("王路", "13911112222")
LEFT_OVER = ("{{", "}}", "‹")

Action = tuple[str, Any]  # (step id, choice id | fields | None to proceed)


def paths(playbook: Playbook) -> list[list[Action]]:
    """Every path from the start to an end, as the actions that walk it."""
    found: list[list[Action]] = []

    def walk(step_id: str, taken: list[Action], loops: frozenset[tuple[str, str]]) -> None:
        step = playbook.step(step_id)
        if isinstance(step, AskStep | CheckStep):
            for option in step.options if isinstance(step, AskStep) else step.outcomes:
                if option.loop and (step_id, option.id) in loops:
                    continue  # a declared loop is followed once
                seen = loops | {(step_id, option.id)} if option.loop else loops
                walk(option.next, [*taken, (step_id, option.id)], seen)
            return
        if isinstance(step, CollectStep):
            values = {spec.name: _valid(spec) for spec in step.fields}
            taken = [*taken, (step_id, values)]
        elif step.kind != "resolve":
            taken = [*taken, (step_id, None)]
        following = [target for target, _ in successors(step)]
        if not following or step.kind == "resolve":
            found.append(taken)
            return
        walk(following[0], taken, loops)

    walk(playbook.start, [], frozenset())
    return found


def _valid(spec: Any) -> str:
    if spec.type == "choice":
        return str((spec.choices or ["?"])[0])
    return VALID[spec.type]


@dataclass
class Walker:
    """One desk, an agent's page session and API token, and what was checked already."""

    client: TestClient
    api: dict[str, str]
    desk: Desk
    checked: set[tuple[str, ...]] = field(default_factory=set)

    def new_case(self, playbook: Playbook) -> int:
        answer = self.client.post(
            "/api/cases",
            json={
                "complaint": f"{(playbook.symptoms.zh or [playbook.title.zh])[0]}，域名 {DOMAIN}",
                "playbook_id": playbook.id,
                "customer": {"domain": DOMAIN, "company_name": COMPANY},
                "contact": {"name": CONTACT[0], "phone": CONTACT[1]},
            },
            headers=self.api,
        )
        assert answer.status_code == 201, answer.text
        return int(answer.json()["id"])

    def act(self, case_id: int, answer: Any) -> dict[str, Any]:
        if isinstance(answer, dict):
            body: dict[str, Any] = {"fields": answer}
        elif answer is None:
            body = {"proceed": True}
        else:
            body = {"choice": answer}
        done = self.client.post(f"/api/cases/{case_id}/walk", json=body, headers=self.api)
        assert done.status_code == 200, (case_id, body, done.text[:500])
        return dict(done.json())

    def look(self, playbook: Playbook, case_id: int, prefix: tuple[str, ...]) -> None:
        """Open the case page (and escalation forms) and check them, once per prefix."""
        if prefix in self.checked:
            return
        self.checked.add(prefix)
        page = self.client.get(f"/cases/{case_id}")
        where = f"{playbook.id} after {prefix}"
        assert page.status_code == 200, (where, page.text[:300])
        for left in LEFT_OVER:
            assert left not in page.text, (where, left, _around(page.text, left))
        walk = self.client.get(f"/api/cases/{case_id}/walk", headers=self.api).json()
        for item in walk["collected"]:
            expected = _label_where_collected(playbook, walk["transcript"], item["name"])
            shown = f'<dt data-field="{item["name"]}">{html.escape(expected)}</dt>'
            assert shown in page.text, (where, item["name"], expected)
        step = playbook.step(walk["step"]["id"])
        if isinstance(step, EscalateStep) and walk["status"] == "active":
            self._escalation_preview(playbook, step, walk, page.text, where)
        escalations = self.client.get(
            "/api/escalations", params={"case_id": case_id}, headers=self.api
        )
        assert escalations.status_code == 200
        for escalation in escalations.json():
            if escalation["channel_kind"] == "fax":
                form = self.client.get(f"/escalations/{escalation['id']}/form")
                assert form.status_code == 200, (where, form.text[:200])
                for value in escalation["payload"]["fields"].values():
                    assert html.escape(str(value)) in form.text, (where, value)

    def _escalation_preview(
        self, playbook: Playbook, step: EscalateStep, walk: dict[str, Any], page: str, where: str
    ) -> None:
        channel = self.desk.profile.channel(step.channel)
        fallbacks = {"domain": DOMAIN, "company_name": COMPANY, "contact_name": CONTACT[0]}
        fallbacks["contact_phone"] = CONTACT[1]
        fallbacks["matter"] = playbook.title.zh
        needed = [*step.requires, *(spec.name for spec in channel.requires)]
        for name in dict.fromkeys([*needed, *walk["fields"]]):
            value = walk["fields"].get(name)
            if value in (None, "") and name in needed:
                value = fallbacks.get(name)
            if value in (None, "", SECRET_MARK):
                continue
            assert html.escape(str(value)) in page, (where, "preview lacks", name, value)


def _label_where_collected(playbook: Playbook, transcript: list[dict[str, Any]], name: str) -> str:
    for entry in reversed(transcript):
        if entry["action"] == "collected" and name in (entry.get("fields") or {}):
            for spec in getattr(playbook.step(entry["step"]), "fields", []):
                if spec.name == name:
                    return str(spec.label.zh)
    raise AssertionError(f"{name} was never collected")


def _around(text: str, needle: str) -> str:
    at = text.find(needle)
    return text[max(0, at - 80) : at + 80]


@pytest.fixture(scope="module")
def walker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walker]:
    desk = open_page_desk(tmp_path_factory.mktemp("every-path"))
    client = logged_in(desk, "agent")
    token = client.post("/api/auth/token", json={"username": "agent", "password": PASSWORD})
    api = {"Authorization": f"Bearer {token.json()['access_token']}"}
    yield Walker(client=client, api=api, desk=desk)
    desk.close()


def _playbook_ids() -> list[str]:
    from postdesk.kb import default_library

    return [playbook.id for playbook in default_library()]


@pytest.mark.parametrize("playbook_id", _playbook_ids())
def test_every_path_of_the_playbook(walker: Walker, playbook_id: str) -> None:
    playbook = walker.desk.library.get(playbook_id)
    every = paths(playbook)
    assert every, playbook_id
    for path in every:
        case_id = walker.new_case(playbook)
        prefix: tuple[str, ...] = ()
        for step_id, answer in path:
            walker.look(playbook, case_id, prefix)
            state = walker.act(case_id, answer)
            prefix = (*prefix, f"{step_id}={answer if not isinstance(answer, dict) else '*'}")
            assert state["status"] in ("active", "resolved", "escalated"), state
        walker.look(playbook, case_id, (*prefix, "end"))
        final = walker.client.get(f"/api/cases/{case_id}/walk", headers=walker.api).json()
        assert final["status"] in ("resolved", "escalated"), (playbook_id, path, final["status"])


def _one_field_of_each_type(desk: Desk) -> dict[str, tuple[Playbook, list[Action], str]]:
    """For each field type that validates: a playbook, the path to a collect step asking for
    such a field, and the field's name."""
    chosen: dict[str, tuple[Playbook, list[Action], str]] = {}
    for playbook in desk.library:
        for path in paths(playbook):
            for position, (step_id, answer) in enumerate(path):
                if not isinstance(answer, dict):
                    continue
                step = playbook.step(step_id)
                for spec in getattr(step, "fields", []):
                    kind = "text" if spec.type == "text" and spec.required else spec.type
                    if kind in INVALID and kind not in chosen and spec.required:
                        chosen[kind] = (playbook, path[:position], spec.name)
    return chosen


def test_an_invalid_value_of_each_type_is_refused_in_the_pages_language(walker: Walker) -> None:
    chosen = _one_field_of_each_type(walker.desk)
    used = {
        spec.type
        for playbook in walker.desk.library
        for step in playbook.steps
        for spec in getattr(step, "fields", [])
    }
    assert set(chosen) == used & set(INVALID), (used & set(INVALID)) - set(chosen)
    for kind, (playbook, before, name) in sorted(chosen.items()):
        case_id = walker.new_case(playbook)
        for _step, answer in before:
            walker.act(case_id, answer)
        page = walker.client.get(f"/cases/{case_id}")
        step_id = page.text.split('data-step="', 1)[1].split('"', 1)[0]
        step = playbook.step(step_id)
        form = {f"field:{spec.name}": _valid(spec) for spec in getattr(step, "fields", [])}
        form.update({f"secret:{s.name}": _valid(s) for s in step.fields if s.type == "secret"})
        bad, word = INVALID[kind]
        form[f"field:{name}"] = bad
        refused = walker.client.post(f"/cases/{case_id}/walk", data={**form, "step": step_id})
        assert refused.status_code == 422, (kind, refused.text[:300])
        error = refused.text.split(f'data-testid="field-error-{name}"', 1)
        assert len(error) == 2, (kind, name, "no error under the field")
        message = error[1].split("</span>", 1)[0]
        assert word in message, (kind, message)
        typed = tuple(str(value) for value in form.values())
        assert english_sentences(refused.text, allowed=typed) == [], kind
        # A password typed in the same form is not wiped by the refusal (issue 13.13).
        for spec in step.fields:
            if spec.type == "secret":
                assert f'value="{VALID["secret"]}"' in refused.text, kind
