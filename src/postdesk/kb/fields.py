"""Validate and normalise the values an agent collects, by field type.

Every function takes the raw text an agent typed and returns the stored,
JSON-safe form, or raises :class:`FieldError` saying what is wrong and what a
valid value looks like. Chinese input conventions are accepted where agents
use them (``2024年3月5日 14:30``, ``010-12345678转5``, Chinese domain names).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from datetime import date, datetime

import idna
from email_validator import EmailNotValidError, validate_email

from postdesk.errors import InvalidInputError
from postdesk.kb.schema import FieldSpec


class FieldError(InvalidInputError):
    """A collected value does not fit its field's type.

    Raised with a message key (``postdesk/locale/messages.yaml``) so that every
    interface shows it in its reader's language; ``field`` is the field's name
    once :func:`normalise` knows it (``str(err)`` then starts with it).
    """

    def __init__(
        self, text: str = "", *, field: str | None = None, key: str | None = None, **values: object
    ) -> None:
        super().__init__(text, key=key, **values)
        self.field = field

    def named(self, field: str) -> FieldError:
        """The same problem, said of field ``field``."""
        return FieldError(f"{field}: {self}", field=field, key=self.key, **self.values)


_PHONE = re.compile(r"^\+?[\d\s\-()]{5,24}(?:\s*(?:转|ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)
_ZH_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_ZH_TIME = re.compile(r"(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_domain(raw: str) -> str:
    """A domain in its ASCII (punycode) form, lower case; Chinese names are converted."""
    text = raw.strip().rstrip(".").lower()
    text = text.replace("。", ".").replace("．", ".")
    if "@" in text:
        raise FieldError(key="field_email_not_domain", value=raw)
    if not text or "." not in text:
        raise FieldError(key="field_not_domain", value=raw)
    for label in text.split("."):
        if label.isascii() and len(label) > 63:
            raise FieldError(key="field_bad_label", value=raw, label=label)
    try:
        ascii_form = idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise FieldError(key="field_bad_domain", value=raw) from None
    if len(ascii_form) > 253:
        raise FieldError(key="field_domain_too_long", value=raw)
    for label in ascii_form.split("."):
        if not _LABEL.match(label):
            raise FieldError(key="field_bad_label", value=raw, label=label)
    return ascii_form


def _email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise FieldError(key="field_not_email", value=raw) from None


def _phone(raw: str) -> str:
    text = raw.strip()
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 5:
        raise FieldError(key="field_not_phone", value=raw)
    return " ".join(text.split())


def _parse_date(raw: str) -> tuple[date, str]:
    """A date from ISO (2024-03-05, 2024/3/5) or Chinese (2024年3月5日); returns the rest."""
    text = raw.strip()
    match = _ZH_DATE.match(text)
    if not match:
        match = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if not match:
        raise FieldError(key="field_not_date", value=raw)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FieldError(key="field_not_real_date", value=raw) from None
    return day, text[match.end() :].strip(" T")


def _date(raw: str) -> str:
    day, rest = _parse_date(raw)
    if rest:
        raise FieldError(key="field_only_date", value=raw)
    return day.isoformat()


def _datetime(raw: str) -> str:
    text = raw.strip()
    try:
        return datetime.fromisoformat(text).isoformat(timespec="minutes")
    except ValueError:
        pass
    try:
        day, rest = _parse_date(text)
    except FieldError as err:
        if err.key == "field_not_date":  # say what a date *and time* looks like
            raise FieldError(key="field_not_datetime", value=raw) from None
        raise
    rest = re.sub(r"^(上午|早上|凌晨)", "", rest).strip()
    afternoon = bool(re.match(r"^(下午|晚上|傍晚)", rest))
    rest = re.sub(r"^(下午|晚上|傍晚|中午)", "", rest).strip()
    match = _ZH_TIME.fullmatch(rest)
    if not match:
        raise FieldError(key="field_not_datetime", value=raw)
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if afternoon and hour < 12:
        hour += 12
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        raise FieldError(key="field_not_real_time", value=raw) from None
    return moment.isoformat(timespec="minutes")


def _ip(raw: str) -> str:
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        raise FieldError(key="field_not_ip", value=raw) from None


def _integer(raw: str) -> int:
    text = raw.strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise FieldError(key="field_not_integer", value=raw)
    return int(text)


def _url(raw: str) -> str:
    text = raw.strip()
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise FieldError(key="field_not_url", value=raw)
    return text


def _text(raw: str) -> str:
    text = raw.strip()
    if len(text) > 20000:
        raise FieldError(key="field_text_too_long")
    return text


_NORMALISERS: dict[str, Callable[[str], object]] = {
    "text": _text,
    "longtext": _text,
    "domain": normalise_domain,
    "email": _email,
    "phone": _phone,
    "datetime": _datetime,
    "date": _date,
    "ip": _ip,
    "integer": _integer,
    "url": _url,
    "file": _text,
    "secret": lambda raw: raw,  # kept exactly as typed; never normalised or echoed
}


def normalise(spec: FieldSpec, raw: object) -> object | None:
    """The stored form of ``raw`` for ``spec``; None for an empty optional field."""
    text = "" if raw is None else str(raw)
    if not text.strip():
        if spec.required:
            raise FieldError(
                key="field_required", label_zh=spec.label.zh, label_en=spec.label.en
            ).named(spec.name)
        return None
    if spec.type == "choice":
        allowed = spec.choices or []
        if text.strip() not in allowed:
            error = FieldError(key="field_not_choice", value=text, choices=", ".join(allowed))
            raise error.named(spec.name)
        return text.strip()
    try:
        return _NORMALISERS[spec.type](text)
    except FieldError as err:
        if spec.type == "secret":
            raise FieldError(key="field_secret_invalid").named(spec.name) from None
        raise err.named(spec.name) from None
