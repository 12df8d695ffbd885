"""Load playbooks from YAML, render their profile placeholders, validate them.

Playbooks ship inside the package (``postdesk/kb/playbooks/<id>.yaml``); a
different folder can be given for a provider's own set. Loading is strict: a
file that does not match the schema, names an unknown profile value, or
breaks a graph rule (see :mod:`postdesk.kb.validate`) stops the load with
every problem listed as ``file: step: field: message``, each problem keyed in
the message catalogue so that the CLI and the pages say it in their language.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, StrictUndefined, TemplateError
from pydantic import ValidationError

from postdesk.errors import NotFoundError, PostdeskError
from postdesk.kb.schema import Playbook
from postdesk.kb.slots import DEFERRED
from postdesk.kb.validate import problem, validate_library
from postdesk.profile import Profile, load_profile
from postdesk.validation import ValidationProblems
from postdesk.yamlio import YAMLError, load_yaml

if TYPE_CHECKING:
    from postdesk.i18n import Lang


class _ProfileEnvironment(Environment):
    """Jinja with keys before attributes: ``{{ hosts.pop }}`` is the POP host, not dict.pop."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


_JINJA = _ProfileEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
)


class PlaybookError(PostdeskError):
    """One or more playbook files are invalid; the message lists every problem, one a line.

    Each problem is itself a :class:`PostdeskError` (``kb_problem``: where and what),
    so :meth:`localised` says them all in the language asked for.
    """

    def __init__(self, problems: list[PostdeskError]) -> None:
        self.problems = problems
        super().__init__(self.localised("en"))

    def localised(self, lang: Lang) -> str:
        return "\n".join(problem.localised(lang) for problem in self.problems)


@dataclass(frozen=True)
class Library:
    """All playbooks of one knowledge base, in section order, with lookup by id."""

    playbooks: tuple[Playbook, ...]
    profile: Profile

    def ids(self) -> list[str]:
        return [playbook.id for playbook in self.playbooks]

    def get(self, playbook_id: str) -> Playbook:
        """The playbook ``playbook_id``; the error suggests the closest ids."""
        for playbook in self.playbooks:
            if playbook.id == playbook_id:
                return playbook
        known = list(self.ids())
        close = close_ids(playbook_id, known)
        if close:
            raise NotFoundError(
                key="playbook_unknown_close", given=playbook_id, close=", ".join(close)
            )
        raise NotFoundError(key="playbook_unknown", given=playbook_id, known=", ".join(known))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.playbooks)

    def __len__(self) -> int:
        return len(self.playbooks)


def close_ids(given: str, known: list[str]) -> list[str]:
    """Up to three of ``known`` that ``given`` was probably meant to be."""
    close = get_close_matches(given, known, n=3, cutoff=0.5)
    if not close:
        close = [candidate for candidate in known if given and given in candidate][:3]
    return close


def _section_key(playbook: Playbook) -> tuple[int, ...]:
    return tuple(int(part) for part in playbook.section.split("."))


def _render(value: Any, context: dict[str, Any], where: str, problems: list[PostdeskError]) -> Any:
    """Render ``{{ ... }}`` placeholders in every string of a parsed YAML tree."""
    if isinstance(value, str):
        if "{{" not in value and "{%" not in value:
            return value
        try:
            return _JINJA.from_string(value).render(context)
        except (TemplateError, TypeError, ValueError) as err:  # a filter on a wrong type too
            problems.append(problem(where, "kb_placeholder", reason=str(err)))
            return value
    if isinstance(value, dict):
        return {
            key: _render(item, context, f"{where}.{key}", problems) for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            _render(item, context, f"{where}[{index}]", problems)
            for index, item in enumerate(value)
        ]
    return value


def _yaml_problem(source: str, err: YAMLError) -> PostdeskError:
    """Where the YAML breaks (line and column, counted from 1) and the parser's own phrase."""
    mark = getattr(err, "problem_mark", None)
    reason = getattr(err, "problem", None)
    if mark is not None and reason:
        return problem(
            source, "kb_not_yaml_at", line=mark.line + 1, column=mark.column + 1, reason=reason
        )
    return problem(source, "kb_not_yaml", reason=str(err))


def parse_playbook(text: str, source: str, profile: Profile) -> Playbook:
    """One playbook from YAML text; raises PlaybookError naming ``source``."""
    try:
        raw = load_yaml(text)
    except YAMLError as err:
        raise PlaybookError([_yaml_problem(source, err)]) from None
    if not isinstance(raw, dict):
        raise PlaybookError([problem(source, "kb_not_mapping")])
    problems: list[PostdeskError] = []
    # ``{{ walk.NAME }}`` stays in the text for the walk to fill (postdesk.kb.slots).
    context = {**profile.template_context(), "walk": DEFERRED}
    rendered = _render(raw, context, source, problems)
    if problems:
        raise PlaybookError(problems)
    try:
        return Playbook.model_validate(rendered)
    except ValidationError as err:
        raise PlaybookError(_playbook_errors(source, rendered, err)) from None


def _playbook_errors(source: str, raw: dict[str, Any], err: ValidationError) -> list[PostdeskError]:
    """Validation errors with ``steps.4`` replaced by the step's id, so authors find it;
    pydantic's problem worded by the catalogue (``kb_invalid_*``, ``invalid_*``)."""
    steps = raw.get("steps") if isinstance(raw.get("steps"), list) else []
    lines: list[PostdeskError] = []
    for found in err.errors():
        loc = list(found["loc"])
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
            step = steps[loc[1]] if loc[1] < len(steps) else None
            step_id = step.get("id") if isinstance(step, dict) else None
            loc = [f"step {step_id or loc[1]}", *loc[3:]]  # drop the discriminator tag
        where = ".".join(str(part) for part in loc) or "(top level)"
        lines.append(ValidationProblems([(where, found)], prefix=source, catalogue_prefix="kb_"))
    return lines


def _builtin_files() -> list[tuple[str, str]]:
    folder = resources.files("postdesk.kb").joinpath("playbooks")
    return sorted(
        (f"playbooks/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def _folder_files(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        raise PlaybookError([problem(str(folder), "kb_not_folder")])
    return [(str(path), path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))]


def load_library(folder: str | Path | None = None, profile: Profile | None = None) -> Library:
    """Every playbook in ``folder`` (default: the built-in set), validated as a whole."""
    profile = profile or load_profile()
    files = _folder_files(Path(folder)) if folder else _builtin_files()
    problems: list[PostdeskError] = []
    playbooks: list[Playbook] = []
    for source, text in files:
        try:
            playbook = parse_playbook(text, source, profile)
        except PlaybookError as err:
            problems.extend(err.problems)
            continue
        expected = Path(source).stem
        if playbook.id != expected:
            problems.append(
                problem(f"{source}: id", "kb_id_file_name", id=playbook.id, expected=expected)
            )
        playbooks.append(playbook)
    problems.extend(validate_library(playbooks, profile, sources={p.id: p.id for p in playbooks}))
    if problems:
        raise PlaybookError(problems)
    playbooks.sort(key=_section_key)
    return Library(tuple(playbooks), profile)


@lru_cache(maxsize=1)
def default_library() -> Library:
    """The built-in playbooks with the profile from ``POSTDESK_PROFILE`` or the default."""
    return load_library()
