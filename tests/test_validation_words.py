"""Validation problems are worded for what was measured: a password's length in characters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from postdesk.desk.users.schemas import UserCreate
from postdesk.validation import problem_text


@pytest.mark.parametrize(
    ("lang", "wanted", "unwanted"),
    [("zh", "个字符", "项"), ("en", "characters", "items")],
)
def test_a_short_password_is_counted_in_characters(lang: str, wanted: str, unwanted: str) -> None:
    with pytest.raises(ValidationError) as caught:
        UserCreate(username="lin", password="short")
    texts = [problem_text(problem, lang) for problem in caught.value.errors()]  # type: ignore[arg-type]
    assert texts and all(wanted in text and unwanted not in text for text in texts), texts


@pytest.mark.parametrize(("lang", "wanted"), [("zh", "UTF-8"), ("en", "UTF-8")])
def test_undecodable_bytes_are_worded_from_the_catalogue(lang: str, wanted: str) -> None:
    # Text read with surrogateescape (the CLI's stdin) keeps undecodable bytes as lone
    # surrogates; pydantic refuses them as string_unicode.
    from postdesk.desk.cases.schemas import CaseCreate

    with pytest.raises(ValidationError) as caught:
        CaseCreate(complaint="收不到 \udcff\udcfe")
    texts = [problem_text(problem, lang) for problem in caught.value.errors()]  # type: ignore[arg-type]
    assert texts and all(wanted in text and "Input should" not in text for text in texts), texts
