"""Bilingual text: every agent-facing string carries simplified Chinese and English.

zh-CN is the agents' working language and the source document's; English is a
faithful translation for the provider's engineers and for reviewers.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

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
            raise PydanticCustomError(
                "text_blank", "must not be empty: give the text in both zh and en"
            )
        return value.strip()

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


def _load_messages() -> dict[str, dict[str, str]]:
    from importlib import resources

    # libyaml's parser where PyYAML has it: the pure-Python one took ~95 ms of every
    # CLI run that words a table or a --help screen from the catalogue.
    from postdesk.yamlio import load_yaml

    text = resources.files("postdesk.locale").joinpath("messages.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = load_yaml(text)
    return loaded


_messages: dict[str, dict[str, str]] | None = None


def messages() -> dict[str, dict[str, str]]:
    """The engines' and the desk's messages (``postdesk/locale/messages.yaml``), loaded once."""
    global _messages
    if _messages is None:
        _messages = _load_messages()
    return _messages


def message(key: str, lang: Lang, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` placeholders filled; the key if unknown."""
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def preferred_lang(accept_language: str | None, default: Lang = "en") -> Lang:
    """The language an HTTP client asks for (``Accept-Language``): zh or en, else ``default``.

    The first listed language of ours wins ("zh-CN,zh;q=0.9,en;q=0.8" -> zh); quality
    values are read, so "en;q=0.5, zh;q=0.9" -> zh.
    """
    if not accept_language:
        return default
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base not in LANGS:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, base))  # type: ignore[arg-type]
    return min(ranked)[2] if ranked else default
