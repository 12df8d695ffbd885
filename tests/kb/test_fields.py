"""Field types: what agents type, what is stored, and the error for what is wrong."""

from __future__ import annotations

import re

import pytest

from postdesk.i18n import Text
from postdesk.kb.fields import FieldError, normalise
from postdesk.kb.schema import FieldSpec

LABEL = Text(zh="字段", en="field")


def spec(kind: str, **extra: object) -> FieldSpec:
    return FieldSpec(name="value", type=kind, label=LABEL, **extra)  # type: ignore[arg-type]


VALID = [
    ("domain", "Example.COM.", "example.com"),
    ("domain", "例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ("domain", "中文域名。公司", "xn--fiq06l2rdsvs.xn--55qx5d"),
    ("email", "Zhang.San@Example.com", "Zhang.San@example.com"),
    ("phone", "010-64240295转5", "010-64240295转5"),
    ("phone", "+86 138 0013 8000", "+86 138 0013 8000"),
    ("datetime", "2024-03-05 14:30", "2024-03-05T14:30"),
    ("datetime", "2024年3月5日 下午2点30分", "2024-03-05T14:30"),
    ("datetime", "2024/3/5 9:05", "2024-03-05T09:05"),
    ("date", "2024年2月29日", "2024-02-29"),
    ("date", "2024-02-29", "2024-02-29"),
    ("ip", "203.0.113.7", "203.0.113.7"),
    ("ip", "2001:DB8::1", "2001:db8::1"),
    ("integer", "12", 12),
    ("url", "http://www.ip138.com", "http://www.ip138.com"),
    ("text", "  收不到邮件  ", "收不到邮件"),
]


@pytest.mark.parametrize(("kind", "raw", "stored"), VALID)
def test_valid_values(kind: str, raw: str, stored: object) -> None:
    assert normalise(spec(kind), raw) == stored


INVALID = [
    ("domain", "user@example.com", "give only the domain"),
    ("domain", "localhost", "not a domain name"),
    ("domain", "a" * 64 + ".com", "1-63 letters"),
    ("domain", "bad_domain!.com", "not a valid domain"),
    ("email", "no-at-sign", "not an email address"),
    ("phone", "call me", "not a phone number"),
    ("datetime", "yesterday", "not a date"),
    ("datetime", "2023-02-29 10:00", "not a real"),
    ("date", "2024-13-01", "not a real date"),
    ("ip", "300.1.1.1", "not an IP address"),
    ("integer", "-3", "whole number"),
    ("url", "ftp://x", "not a web address"),
]


@pytest.mark.parametrize(("kind", "raw", "fragment"), INVALID)
def test_invalid_values_say_what_is_wrong(kind: str, raw: str, fragment: str) -> None:
    with pytest.raises(FieldError, match=fragment):
        normalise(spec(kind), raw)


@pytest.mark.parametrize(("kind", "raw", "fragment"), INVALID)
def test_every_refusal_reads_in_chinese_too(kind: str, raw: str, fragment: str) -> None:
    """Issue 13.6: the pages show the agent's language, never the English text."""
    with pytest.raises(FieldError) as refused:
        normalise(spec(kind), raw)
    chinese = refused.value.localised("zh")
    assert refused.value.field == "value"
    assert raw in chinese and re.search(r"[\u4e00-\u9fff]", chinese), chinese
    assert chinese != refused.value.localised("en")
    del fragment


def test_required_and_optional() -> None:
    with pytest.raises(FieldError, match="a value is required"):
        normalise(spec("text"), "   ")
    assert normalise(spec("text", required=False), "") is None


def test_choice() -> None:
    field = spec("choice", choices=["G", "M"])
    assert normalise(field, "G") == "G"
    with pytest.raises(FieldError, match="not one of: G, M"):
        normalise(field, "X")


def test_secret_error_does_not_echo_the_value() -> None:
    with pytest.raises(FieldError) as caught:
        normalise(spec("secret"), "")
    assert "value" in str(caught.value)
    assert normalise(spec("secret"), " keep spaces ") == " keep spaces "
