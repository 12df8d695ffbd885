"""The engines' and the desk's message catalogue (postdesk/locale/messages.yaml)."""

from __future__ import annotations

import re
import string
from pathlib import Path

from postdesk.i18n import message, messages

SRC = Path(__file__).resolve().parents[1] / "src" / "postdesk"
KEY_USE = re.compile(r"""\bkey=["']([a-z_]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_and_fills() -> None:
    for key, entry in messages().items():
        assert entry.get("zh", "").strip() and entry.get("en", "").strip(), key
        names = _placeholders(entry["zh"]) | _placeholders(entry["en"])
        values = dict.fromkeys(names, "x")
        assert "{" not in message(key, "zh", **values), key
        assert "{" not in message(key, "en", **values), key


def test_every_key_the_code_raises_is_in_the_catalogue() -> None:
    used = {
        key
        for path in SRC.rglob("*.py")
        for key in KEY_USE.findall(path.read_text(encoding="utf-8"))
    }
    assert used, "no key= found: the pattern is stale"
    assert used - set(messages()) == set()
