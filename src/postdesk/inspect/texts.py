"""The inspect engine's own words: ``messages.yaml``, every entry in zh and en.

Replies and next actions belong to the playbooks (their ``findings``); what
is left for the engine is naming things: the kinds of finding, the causes of
garbled text, the sides of a Received chain, the evidence rows, and errors.
Those live here, one key each, so the CLI, the API and the pages say the same.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from postdesk.errors import InvalidInputError

if TYPE_CHECKING:
    from postdesk.i18n import Lang


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """key -> {"zh": ..., "en": ...}."""
    from postdesk.yamlio import load_yaml

    text = files("postdesk.inspect").joinpath("messages.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = load_yaml(text)
    return loaded


def text(key: str, **values: Any) -> dict[str, str]:
    """The entry ``key`` in both languages, ``{name}`` placeholders filled."""
    entry = catalogue()[key]
    return {lang: entry[lang].format(**values) if values else entry[lang] for lang in ("zh", "en")}


class InspectError(InvalidInputError):
    """Input the engine cannot read; ``code`` names the catalogue entry that explains it."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values
        self.message = text(code, **values)
        super().__init__(self.message["en"])

    def localised(self, lang: Lang) -> str:
        """The entry's text in ``lang`` (the API and the pages show the reader's language)."""
        return self.message["zh" if lang == "zh" else "en"]

    def as_dict(self) -> dict[str, str]:
        """``{"code", "zh", "en"}`` for JSON."""
        return {"code": self.code, **self.message}
