"""Find walkable paths through a playbook and the answers that drive them."""

from __future__ import annotations

from collections import deque
from itertools import pairwise

from postdesk.kb.schema import (
    AskStep,
    CheckStep,
    CollectStep,
    FieldSpec,
    Playbook,
    successors,
)
from postdesk.kb.validate import is_terminal

SAMPLE_VALUES = {
    "text": "测试",
    "longtext": "用户反映收不到邮件",
    "domain": "example.com",
    "email": "user@example.com",
    "phone": "010-12345678",
    "datetime": "2024-03-05 14:30",
    "date": "2024-03-05",
    "ip": "203.0.113.7",
    "integer": "3",
    "file": "original.eml",
    "secret": "s3cret-Passw0rd",
    "url": "http://example.com/form",
}


def sample_value(spec: FieldSpec) -> str:
    if spec.type == "choice":
        assert spec.choices, f"choice field {spec.name} without choices"
        return spec.choices[0]
    return SAMPLE_VALUES[spec.type]


def path_to(playbook: Playbook, goal: str) -> list[str] | None:
    """Shortest list of step ids from start to ``goal`` (BFS), or None."""
    previous: dict[str, str | None] = {playbook.start: None}
    queue = deque([playbook.start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (parent := previous[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for target, _ in successors(playbook.step(node)):
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return None


def answers_for(playbook: Playbook, path: list[str], finish: bool = True) -> list[object]:
    """The runner answers that walk ``path``; with ``finish``, also complete its last step."""
    answers: list[object] = []
    for here, there in pairwise(path):
        step = playbook.step(here)
        if isinstance(step, AskStep | CheckStep):
            choices = step.options if isinstance(step, AskStep) else step.outcomes
            answers.append(next(c.id for c in choices if c.next == there))
        elif isinstance(step, CollectStep):
            answers.append({spec.name: sample_value(spec) for spec in step.fields})
        else:
            answers.append(None)
    last = playbook.step(path[-1])
    if finish and is_terminal(last) and last.kind != "resolve":
        answers.append(None)
    return answers


def terminal_ids(playbook: Playbook) -> list[str]:
    return [step.id for step in playbook.steps if is_terminal(step)]
