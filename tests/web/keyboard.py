"""An agent on the phone, keyboard only: a call from the new-case page to the reply or the
escalation, counting the keys that move the walk and the facts typed a second time.

A :class:`Call` says what the customer said (the complaint, and what the agent
types on the new-case form: domain, company, contact), which playbook it is,
which answer to give at each ask or check step (by option id), and the value
each collected field must end with. The driver presses only keys: text into
the focused field, Tab between fields, Ctrl+Enter to submit a form, the
choice's number, Enter to go on. A field whose offered value is already right
is left alone; a field that needs typing counts as a fact typed twice when
its value was already in the complaint or the form (issue 13.12).

Navigation keys are every key that is not text typed into a field: Tab,
Enter, Ctrl+Enter, Ctrl+A, the digits of a choice, Backspace to undo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

WALK = "[data-testid=walk]"


@dataclass
class Call:
    name: str
    complaint: str
    playbook: str
    answers: dict[str, str]  # step id -> option id
    values: dict[str, str] = field(default_factory=dict)  # field -> the value it must end with
    form: dict[str, str] = field(default_factory=dict)  # new-case form field -> typed value
    end: str = "reply"  # "reply": stop when a reply shows; "escalated": after the escalation


@dataclass
class Tally:
    navigation: int = 0
    typed_twice: list[str] = field(default_factory=list)
    typed_once: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


class Keyboard:
    """Presses keys on a Playwright page and counts the navigation ones."""

    def __init__(self, page: Any, tally: Tally) -> None:
        self.page = page
        self.tally = tally

    def nav(self, key: str) -> None:
        self.tally.navigation += 1
        self.page.keyboard.press(key)

    def text(self, value: str) -> None:
        self.page.keyboard.type(value)


def focused_name(page: Any) -> str:
    return str(page.evaluate("document.activeElement && (document.activeElement.name || '')"))


def has_focus(page: Any, name: str, timeout_ms: int = 5000) -> bool:
    """Whether the field ``name`` gets the focus within ``timeout_ms``. The browser applies
    ``autofocus`` and the walk's own focus at its next rendering update, which on a
    loaded machine can come after the load event ``goto`` waits for."""
    try:
        page.wait_for_function(
            "name => document.activeElement && document.activeElement.name === name",
            arg=name,
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:  # the focus never arrived
        return False
    return True


def start_call(page: Any, call: Call, keys: Keyboard) -> None:
    """On the new-case page: type the complaint and the form's facts, triage, start."""
    page.goto("/cases/new")
    page.wait_for_selector("#complaint")
    assert has_focus(page, "complaint"), f"the complaint box has no focus: {focused_name(page)!r}"
    keys.text(call.complaint)
    order = ["domain", "channel", "company_name", "contact_name", "contact_phone"]
    at = -1
    for position, name in enumerate(order):
        if name in call.form:
            for _ in range(position - at):
                keys.nav("Tab")
            at = position
            keys.text(call.form[name])
    keys.nav("Control+Enter")  # triage
    page.wait_for_selector("[data-testid=suggestions]")
    starts = page.locator("[data-testid^=start-]")
    ids = [str(starts.nth(i).get_attribute("data-testid")) for i in range(starts.count())]
    wanted = f"start-{call.playbook}"
    if wanted in ids:
        keys.nav(str(ids.index(wanted) + 1))
    else:  # not among triage's three: the list, by keyboard
        page.locator("select[name=playbook_id]").focus()
        keys.tally.navigation += 1
        page.locator("select[name=playbook_id]").select_option(call.playbook)
        keys.nav("Tab")
        keys.nav("Enter")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    page.wait_for_function("document.readyState === 'complete'")


def walk_call(page: Any, call: Call, keys: Keyboard, facts: str) -> None:
    """Walk until the call's end, answering from ``call``; ``facts`` is what was said."""
    for _ in range(40):
        walk = page.locator(WALK)
        if page.locator("[data-testid=walk-finished]").count():
            return
        step, kind = str(walk.get_attribute("data-step")), str(walk.get_attribute("data-kind"))
        keys.tally.steps.append(step)
        if kind == "reply" and call.end == "reply":
            return  # the reply is on the screen: the agent reads it out
        if kind == "collect":
            fill_fields(page, call, keys, facts)
        elif kind in ("ask", "check"):
            choose(page, call.answers[step], keys)
        else:
            keys.nav("Enter")
        page.wait_for_function(
            "step => document.readyState === 'complete' && ("
            "document.querySelector('[data-testid=walk-finished]') || "
            "document.querySelector('[data-testid=walk]')?.getAttribute('data-step') !== step)",
            arg=step,
        )
    raise AssertionError(f"{call.name}: the walk did not end")


def choose(page: Any, option_id: str, keys: Keyboard) -> None:
    button = page.locator(f"{WALK} .choice[value='{option_id}']")
    number = str(button.get_attribute("data-key"))
    assert page.evaluate("document.activeElement.classList.contains('choice')"), (
        "the focus is not on a choice"
    )
    for digit in number:
        keys.nav(digit)
    many = int(page.locator(WALK).get_attribute("data-choices") or 0) > 9
    if number == "1" and many:
        keys.nav("Enter")  # "1" may start "10"-"16": Enter confirms it alone


def fill_fields(page: Any, call: Call, keys: Keyboard, facts: str) -> None:
    form = page.locator(f"{WALK} form.fields")
    inputs = form.locator("input:not([type=hidden]), textarea, select")
    names = [str(inputs.nth(i).get_attribute("name")) for i in range(inputs.count())]
    assert focused_name(page) in names, f"the focus is not on the step's first field: {names}"
    at = names.index(focused_name(page))
    for position, name in enumerate(names):
        field_name = name.split(":", 1)[1]
        wanted = call.values.get(field_name)
        if wanted is None:
            continue
        current = inputs.nth(position).input_value()
        if current.strip() == wanted.strip():
            continue  # offered and right: the agent only confirms
        while at < position:
            keys.nav("Tab")
            at += 1
        if current:
            keys.nav("Control+a")
        keys.text(wanted)
        (keys.tally.typed_twice if _said(wanted, facts) else keys.tally.typed_once).append(
            field_name
        )
    keys.nav("Control+Enter")


def _said(value: str, facts: str) -> bool:
    """Whether ``value`` (or, for a time, its clock) was already said."""
    squashed = re.sub(r"\s+", "", facts)
    if re.sub(r"\s+", "", value) in squashed:
        return True
    clock = re.search(r"\d{1,2}:\d{2}", value)
    return bool(clock and clock.group(0) in facts)
