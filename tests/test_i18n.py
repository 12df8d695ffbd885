"""The message catalogue seen from below the web: keys the desk, the API and the CLI use.

Errors made with ``PostdeskError.from_catalogue("key", ...)`` and texts taken
with ``message("key", lang, ...)`` name a key of ``postdesk/web/locale/messages.yaml``;
every such key must exist with zh and en, and fill in with the values given.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.errors import PostdeskError
from postdesk.i18n import catalogue, lang_from_accept, message

SRC = Path(__file__).resolve().parents[1] / "src" / "postdesk"
USES = re.compile(r"""(?:from_catalogue|\bmessage)\(\s*["']([a-z0-9_]+)["']""")


def used_keys() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found |= set(USES.findall(path.read_text("utf-8")))
    return found


def test_every_key_used_below_the_web_is_in_the_catalogue_in_both_languages() -> None:
    keys = used_keys()
    assert "triage_batch_too_deep" in keys  # the scan finds the uses
    entries = catalogue()
    missing = sorted(key for key in keys if key not in entries)
    assert not missing, f"keys used but not in locale/messages.yaml: {missing}"
    for key in keys:
        assert entries[key].get("zh") and entries[key].get("en"), key


def test_an_error_from_the_catalogue_speaks_both_languages() -> None:
    err = PostdeskError.from_catalogue("triage_batch_too_deep", number=7)
    assert str(err) == 'line 7: nested too deeply to be {"text": "..."}; skipped'
    assert err.text("en") == str(err)
    assert err.text("zh").startswith("第 7 行")
    assert PostdeskError("plain").text("zh") == "plain"


def test_a_missing_key_shows_in_brackets() -> None:
    assert message("no_such_key_anywhere", "zh") == "[no_such_key_anywhere]"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR, zh-TW;q=0.5", "zh"),
        ("", "en"),
        (None, "en"),
        ("*", "en"),
    ],
)
def test_accept_language_picks_zh_or_en(header: str | None, expected: str) -> None:
    assert lang_from_accept(header, "en") == expected
