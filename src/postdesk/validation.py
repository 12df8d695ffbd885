"""Pydantic's validation problems in words a person reads, in zh-CN and en (issue 13.6).

Pydantic words its problems in English ("String should match pattern ...").
The forms of the pages and the API's 422 bodies say them again from the
message catalogue (``postdesk/locale/messages.yaml``, keys ``invalid_<type>``)
with the problem's limits filled in; a type without an entry keeps pydantic's
text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from postdesk.errors import PostdeskError
from postdesk.i18n import Lang, message, messages

_Model = TypeVar("_Model", bound=BaseModel)


def problem_text(problem: Mapping[str, Any], lang: Lang, catalogue_prefix: str = "") -> str:
    """One problem of ``ValidationError.errors()`` in ``lang``.

    ``catalogue_prefix`` names a more fitting wording tried first (``kb_``: a
    playbook file's ``kb_invalid_<type>``).
    """
    key = f"invalid_{problem.get('type', '')}"
    if key in ("invalid_too_short", "invalid_too_long") and isinstance(
        problem.get("input"), (str, SecretStr)
    ):
        # pydantic reports a secret's length as a collection's (too_short, with "items"):
        # a password is counted in characters, as any other string.
        key = key.replace("invalid_", "invalid_string_")
    if catalogue_prefix and catalogue_prefix + key in messages():
        key = catalogue_prefix + key
    if key not in messages():
        # A validator's own ValueError: pydantic puts "Value error, " before its text.
        return str(problem.get("msg", "invalid")).removeprefix("Value error, ")
    context = {name: value for name, value in (problem.get("ctx") or {}).items()}
    expected = context.get("expected")
    if isinstance(expected, str) and " or " in expected:
        # pydantic lists a literal's or an enum's values as "'a', 'b' or 'c'": no English "or"
        head, _, last = expected.rpartition(" or ")
        context["expected"] = f"{head}, {last}"
    return message(key, lang, **context)


class ValidationProblems(PostdeskError):
    """pydantic's problems as ``[prefix: ]where: problem`` joined by ``sep``, in either language.

    Raised inside another error's values (``ConfigError(key=..., problems=...)``) or
    alone; :meth:`localised` words each problem from the catalogue in ``lang``.
    """

    def __init__(
        self,
        problems: list[tuple[str, Mapping[str, Any]]],
        *,
        prefix: str = "",
        sep: str = "; ",
        catalogue_prefix: str = "",
    ) -> None:
        self.problems = problems
        self.prefix = prefix
        self.sep = sep
        self.catalogue_prefix = catalogue_prefix
        super().__init__(self.localised("en"))

    def localised(self, lang: Lang) -> str:
        lead = f"{self.prefix}: " if self.prefix else ""
        return self.sep.join(
            f"{lead}{where}: {problem_text(problem, lang, self.catalogue_prefix)}"
            if where
            else lead + problem_text(problem, lang, self.catalogue_prefix)
            for where, problem in self.problems
        )


def problems_of(err: Any) -> ValidationProblems:
    """A pydantic ``ValidationError`` as one error in either language: ``field.path:
    problem`` per problem (the CLI's forms; the pages and the API word their own)."""
    return ValidationProblems(
        [(".".join(str(part) for part in problem["loc"]), problem) for problem in err.errors()]
    )


def checked(model: type[_Model], **fields: Any) -> _Model:
    """``model(**fields)``, or its validation problems raised as one keyed error
    (``problems_of``): the CLI's forms build their input through this."""
    try:
        return model(**fields)
    except ValidationError as err:
        raise problems_of(err) from None
