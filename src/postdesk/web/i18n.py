"""The pages' message catalogue: ``locale/messages.yaml``, one key with zh and en text.

zh-CN is the default; the agent's choice is kept in the ``postdesk_lang``
cookie. A missing key shows as the key itself in brackets so a gap is seen
at once (and ``tests/web/test_catalogue.py`` fails on it).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from starlette.requests import Request

from postdesk.i18n import LANGS, Lang
from postdesk.i18n import messages as desk_messages

LANG_COOKIE = "postdesk_lang"
DEFAULT_LANG: Lang = "zh"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message: key -> {"zh": ..., "en": ...}.

    The bounce reasons' names and meanings (``reason_<name>``, ``reason_<name>_means``)
    come from their reason files (:mod:`postdesk.bounce.reasons`), where each reason's
    phrases and reply live too, so the three cannot drift apart.
    """
    from postdesk.bounce.reasons import CATALOGUE

    text = resources.files("postdesk.web").joinpath("locale/messages.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(text)
    for name, reason in CATALOGUE.items():
        loaded[f"reason_{name}"] = dict(reason.label)
        loaded[f"reason_{name}_means"] = dict(reason.meaning)
    return loaded


def lang_of(request: Request) -> Lang:
    """The language of the request: the cookie's when valid, else zh."""
    chosen = request.cookies.get(LANG_COOKIE, DEFAULT_LANG)
    return chosen if chosen in LANGS else DEFAULT_LANG  # type: ignore[return-value]


class Translator:
    """``t("key")`` in one language, with ``{name}`` placeholders filled from keywords."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._messages = catalogue()

    def __call__(self, key: str, **values: Any) -> str:
        entry = self._messages.get(key) or desk_messages().get(key)
        if entry is None:
            return f"[{key}]"
        text = entry.get(self.lang) or entry.get("zh") or f"[{key}]"
        return text.format(**values) if values else text

    def message(self, key_or_text: str) -> str:
        """A catalogue key translated, or a message that is already text shown as it is."""
        known = key_or_text in self._messages or key_or_text in desk_messages()
        return self(key_or_text) if known else key_or_text

    def text(self, bilingual: Any) -> str:
        """The current language of a bilingual value (Text model or {"zh","en"} dict)."""
        if bilingual is None:
            return ""
        if isinstance(bilingual, dict):
            return str(bilingual.get(self.lang) or bilingual.get("zh") or "")
        return str(bilingual.get(self.lang))
