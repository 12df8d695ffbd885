"""Load a provider profile from YAML: an explicit path, ``POSTDESK_PROFILE``, or the default."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from postdesk.errors import PostdeskError
from postdesk.profile.schema import Profile
from postdesk.validation import ValidationProblems
from postdesk.yamlio import YAMLError, load_yaml

PROFILE_ENV = "POSTDESK_PROFILE"


class ProfileError(PostdeskError):
    """The profile file is missing, not YAML, or does not match the schema."""


def validation_problems(source: str, err: ValidationError, sep: str = "\n") -> ValidationProblems:
    """One line per problem, ``source: field.path: problem``, in either language."""
    return ValidationProblems(
        [
            (".".join(str(part) for part in problem["loc"]) or "(top level)", problem)
            for problem in err.errors()
        ],
        prefix=source,
        sep=sep,
    )


def _default_profile_text() -> tuple[str, str]:
    ref = resources.files("postdesk.profile").joinpath("default.yaml")
    return "postdesk/profile/default.yaml", ref.read_text(encoding="utf-8")


def parse_profile(text: str, source: str) -> Profile:
    """Validate profile YAML text; errors name ``source`` and the field."""
    try:
        data = load_yaml(text)
    except YAMLError as err:
        raise ProfileError(key="profile_not_yaml", source=source, reason=str(err)) from None
    if not isinstance(data, dict):
        raise ProfileError(key="profile_not_mapping", source=source)
    try:
        return Profile.model_validate(data)
    except ValidationError as err:
        raise ProfileError(
            key="profile_invalid", problems=validation_problems(source, err)
        ) from None


def load_profile(path: str | Path | None = None) -> Profile:
    """The profile at ``path``, else at ``$POSTDESK_PROFILE``, else the built-in default."""
    chosen = path or os.environ.get(PROFILE_ENV) or None
    if chosen is None:
        return _load_default()
    file = Path(chosen)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as err:
        raise ProfileError(
            key="profile_unreadable", path=str(file), reason=err.strerror, env=PROFILE_ENV
        ) from None
    return parse_profile(text, str(file))


@lru_cache(maxsize=1)
def _load_default() -> Profile:
    source, text = _default_profile_text()
    return parse_profile(text, source)
