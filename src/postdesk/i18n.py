"""Bilingual text: every agent-facing string carries simplified Chinese and English.

zh-CN is the agents' working language and the source document's; English is a
faithful translation for the provider's engineers and for reviewers.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(BaseModel):
    """One piece of text in both languages; neither may be empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty: give the text in both zh and en")
        return value.strip()

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


# The message catalogue: every agent-facing sentence of the pages, the API's and the
# CLI's errors, key -> {"zh": ..., "en": ...}. It lives with the pages
# (postdesk/web/locale/messages.yaml) because most keys are theirs; the desk and the
# CLI read it through here so that no layer below the web imports the web.
CATALOGUE_PACKAGE = "postdesk.web"
CATALOGUE_FILE = "locale/messages.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message: key -> {"zh": ..., "en": ...}.

    The bounce reasons' names and meanings (``reason_<name>``, ``reason_<name>_means``)
    come from their reason files (:mod:`postdesk.bounce.reasons`), where each reason's
    phrases and reply live too, so the three cannot drift apart.
    """
    import yaml

    from postdesk.bounce.reasons import CATALOGUE as REASONS

    text = resources.files(CATALOGUE_PACKAGE).joinpath(CATALOGUE_FILE).read_text("utf-8")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(text)
    for name, reason in REASONS.items():
        loaded[f"reason_{name}"] = dict(reason.label)
        loaded[f"reason_{name}_means"] = dict(reason.meaning)
    return loaded


def message(key: str, lang: Lang, /, **values: Any) -> str:
    """The catalogue's text for ``key`` in ``lang``, ``{name}`` placeholders filled.

    A missing key shows as ``[key]`` so a gap is seen at once (the catalogue
    tests fail on it).
    """
    entry = catalogue().get(key)
    if entry is None:
        return f"[{key}]"
    text = entry.get(lang) or entry.get("zh") or f"[{key}]"
    return text.format(**values) if values else text


def lang_from_accept(header: str | None, default: Lang) -> Lang:
    """The first of zh/en an ``Accept-Language`` header names, else ``default``."""
    for item in (header or "").split(","):
        tag = item.split(";", 1)[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return default
