"""Pull the facts a playbook needs out of a complaint: domains, addresses, codes, times, phones.

Every extractor is a regular expression plus a check that throws away what
only looks like the thing (``winmail.dat`` is not a domain, ``500M`` is not a
reply code, ``10:30:00`` is not an IPv6 address). Server phrases come from the
playbooks' ``signals`` (one index shared with bounce analysis), and product
names from ``products.yaml``, so neither list lives in code.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import idna

from postdesk.kb.signals import SignalIndex, SignalMatch
from postdesk.triage import domains, roles
from postdesk.triage.roles import Mention
from postdesk.yamlio import load_yaml

# File extensions that look like top-level domains in "winmail.dat", "a.exe".
_FILE_EXTENSIONS_TEXT = (
    "dat exe scr pif bat cmd vbs js jar zip rar 7z gz tgz tar pdf doc docx xls xlsx ppt "
    "pptx txt rtf csv jpg jpeg png gif bmp tif tiff htm html xml eml msg dbx pst ost ini "
    "log dll sys tmp bak mp3 mp4 avi wav mov wmv iso apk lnk"
)
_FILE_EXTENSIONS = frozenset(_FILE_EXTENSIONS_TEXT.split())
_IPV4 = re.compile(r"(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![0-9a-f:])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?![0-9a-f:])", re.I)
_CLIENT_CODE = re.compile(r"(?<![0-9a-z])0x(800[0-9a-f]{5}|800c[0-9a-f]{3})(?![0-9a-z])", re.I)
_ENHANCED = re.compile(r"(?<![\d.#])#?([245]\.[0-7]\.\d{1,3})(?![\d.]*\d)")
# 5xx/4xx/2xx; the second digit is not limited to 0-5 because providers use
# their own codes (this one answers "598 mail rejected by keyword").
_REPLY_CODE = re.compile(r"(?<![a-z0-9_.:/-])([245]\d\d)(?![a-z0-9_.%:/])", re.I)
# A reply code is believed when a status text follows it ("550 5.1.1", "554 <a@b>",
# "550 Error", "421-") or an SMTP/bounce cue comes just before it.
_REPLY_FOLLOW = re.compile(r"[ \t]*(?:[-<(]|[245]\.\d|[a-z])", re.I)
_REPLY_CUE = re.compile(
    r"(?:退信|退回|错误|报错|提示|代码|返回|回复|报|是|code|reply|error|smtp|said|status)"
    r"[\s\"'“”「:：]*$",
    re.I,
)
_UNIT_AFTER = re.compile(
    r"\s*(?:个|年|月|日|号|元|封|人|天|次|分|秒|小时|兆|条|家|g\b|m\b|k\b)", re.I
)

_ANY_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_ZH_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ZH_MONTH = re.compile(r"(?:去年|今年|(\d{4})\s*年\s*)(\d{1,2})\s*月(?!\s*\d)")
_EN_DATE = re.compile(
    r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,\s*\d{4})?\b",
    re.I,
)
_RELATIVE_DAY = re.compile(
    r"今天|昨天|前天|大前天|上周[一二三四五六日天]?|这周[一二三四五六日天]?|本周|上个?月|这个月|本月|"
    r"去年|今年|\b(?:yesterday|today|last (?:week|month|night))\b",
    re.I,
)
_CLOCK = re.compile(r"(?<![\d.:])([01]?\d|2[0-3])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d:])")
# The space after the time-of-day word belongs to the optional group, so that a
# match never starts inside a run of whitespace (which made this quadratic).
_ZH_CLOCK = re.compile(
    r"(?:(早上|上午|中午|下午|晚上|凌晨)\s*)?(?<!\d)([01]?\d|2[0-3])\s*点\s*(?:(半)|([0-5]?\d)\s*分?)?"
)
# Hours written after these words are in the afternoon or evening (下午3点 = 15:00).
_PM_WORDS = frozenset({"下午", "晚上"})
_PHONE = re.compile(
    r"(?<![\d.])(?:"
    r"(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"  # mobile
    r"|(?:\+?86[\s-]?)?\(?0\d{2,3}\)?[\s-]?\d{7,8}(?:\s*(?:转|ext\.?|x)\s*\d{1,6})?"  # landline
    r"|400[\s-]?\d{3}[\s-]?\d{4}"  # national service number
    r")(?![\d.])",
    re.I,
)


@dataclass
class Entities:
    """What was found in one complaint; every list is in order of first appearance, no repeats."""

    domains: list[dict[str, str]] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    ipv4: list[str] = field(default_factory=list)
    ipv6: list[str] = field(default_factory=list)
    client_error_codes: list[str] = field(default_factory=list)
    smtp_codes: list[str] = field(default_factory=list)
    enhanced_status_codes: list[str] = field(default_factory=list)
    server_phrases: list[dict[str, str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    # Whose is which (postdesk.triage.roles): the customer's own domain, and the
    # domains of the other side (partners, recipients, senders writing in).
    customer_domain: str | None = None
    counterpart_domains: list[str] = field(default_factory=list)
    # What each list already holds, so that adding is a set look-up, not a scan.
    _seen: set[tuple[int, str]] = field(default_factory=set, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, keys in a fixed order."""
        shaped: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if name.startswith("_"):
                continue
            shaped[name] = list(value) if isinstance(value, list) else value
        return shaped

    def add(self, bucket: list[Any], value: Any) -> None:
        """Append ``value`` to ``bucket`` (one of this object's lists) unless it is there."""
        key = (id(bucket), repr(value))
        if key not in self._seen:
            self._seen.add(key)
            bucket.append(value)


# Roles are read for this many mentions at most (a complaint names a handful;
# a pasted log could name thousands, and the first ones are the complaint's).
MAX_ROLE_MENTIONS = 200


@functools.lru_cache(maxsize=4096)
def to_ascii_domain(name: str) -> str | None:
    """``name`` in punycode (IDNA 2008 with UTS 46 mapping), or None when it is not valid.

    Cached (bounded): a complaint names few domains, many times each (a pasted list of
    addresses on one domain), and the IDNA conversion was most of the cost of each.
    """
    try:
        return idna.encode(name.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return None


def _domain(name: str) -> dict[str, str] | None:
    name = name.replace("。", ".").replace("．", ".").rstrip(".")
    tld = name.rsplit(".", 1)[-1].lower()
    if tld in _FILE_EXTENSIONS:
        return None
    ascii_form = to_ascii_domain(name)
    if ascii_form is None:
        return None
    return {"name": name.lower() if name.isascii() else name, "ascii": ascii_form}


def _find_domains(text: str, found: Entities, taken: list[Mention]) -> list[Mention]:
    """Domains outside the addresses already found (both lists are in text order)."""
    mentions = []
    address_index = 0
    # "被跟踪 a.wang@x.com … 结果 a.wang 发给…": the local part of an address in the same
    # text, written alone, is that mailbox's short name, not a domain (even when its
    # last label is a top-level domain: .wang, .life).
    local_parts = {
        mention.address.rsplit("@", 1)[0].casefold() for mention in taken if mention.address
    }
    for name in domains.find_names(text):
        while address_index < len(taken) and taken[address_index].end <= name.start:
            address_index += 1
        if address_index < len(taken) and taken[address_index].start <= name.start:
            continue  # inside an address: its host is a domain already
        if name.text.casefold() in local_parts:
            continue
        domain = _domain(name.text)
        if domain:
            found.add(found.domains, domain)
            mentions.append(Mention(name.start, name.end, domain["name"], domain["ascii"], None))
    return mentions


def _find_emails(text: str, found: Entities) -> list[Mention]:
    mentions = []
    for where, raw_local, host in domains.find_addresses(text):
        local = raw_local.strip(".")
        domain = _domain(host)
        if not local or domain is None:
            continue
        address = f"{local}@{domain['name']}"
        found.add(found.emails, address)
        found.add(found.domains, domain)
        mentions.append(Mention(where.start, where.end, domain["name"], domain["ascii"], address))
    return mentions


def _find_addresses(text: str, found: Entities) -> None:
    for match in _IPV4.finditer(text):
        try:
            found.add(found.ipv4, str(ipaddress.IPv4Address(match.group(1))))
        except ValueError:
            continue
    if ":" not in text:
        return
    for match in _IPV6.finditer(text):
        candidate = match.group(1)
        if candidate.count(":") < 2 or not re.search(r"[0-9a-f]", candidate, re.I):
            continue
        try:
            found.add(found.ipv6, str(ipaddress.IPv6Address(candidate)))
        except ValueError:
            continue


def _find_codes(text: str, found: Entities) -> None:
    for match in _CLIENT_CODE.finditer(text):
        found.add(found.client_error_codes, "0x" + match.group(1).upper())
    for match in _ENHANCED.finditer(text):
        found.add(found.enhanced_status_codes, match.group(1))
    for match in _REPLY_CODE.finditer(text):
        after = text[match.end() : match.end() + 12]
        if _UNIT_AFTER.match(after):
            continue
        before = text[max(0, match.start() - 12) : match.start()]
        line_start = match.start() == 0 or text[match.start() - 1] == "\n"
        if _REPLY_FOLLOW.match(after) or _REPLY_CUE.search(before) or line_start:
            found.add(found.smtp_codes, match.group(1))


def _find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of every date form; ISO-like values where the year is known."""
    spans: list[tuple[int, int, str]] = []
    if _ANY_DIGIT.search(text):  # every form but the relative words has a digit
        for match in _ISO_DATE.finditer(text):
            year, month, day = (int(part) for part in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                spans.append((*match.span(), f"{year:04d}-{month:02d}-{day:02d}"))
        for match in _ZH_DATE.finditer(text):
            year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
            if 1 <= month <= 12 and 1 <= day <= 31:
                value = f"{int(year):04d}-{month:02d}-{day:02d}" if year else match.group(0)
                spans.append((*match.span(), value))
        for match in _ZH_MONTH.finditer(text):
            spans.append((*match.span(), match.group(0)))
        for match in _EN_DATE.finditer(text):
            spans.append((*match.span(), " ".join(match.group(0).split())))
    for match in _RELATIVE_DAY.finditer(text):
        spans.append((*match.span(), match.group(0)))
    return spans


def _find_times(text: str, found: Entities) -> None:
    spans = _find_dates(text)
    # A form inside a longer one ("去年" in "去年12月") is not reported again.
    for start, end, value in sorted(spans):
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
        if not inside:
            found.add(found.dates, value)
    if not _ANY_DIGIT.search(text):
        return
    for match in _CLOCK.finditer(text):
        hour, minute, second = match.groups()
        found.add(found.times, f"{int(hour):02d}:{minute}" + (f":{second}" if second else ""))
    for match in _ZH_CLOCK.finditer(text):
        part, hour_text, half, minute = match.groups()
        hour = int(hour_text)
        if part in _PM_WORDS and hour < 12:
            hour += 12
        minutes = "30" if half else f"{int(minute):02d}" if minute else "00"
        found.add(found.times, f"{hour:02d}:{minutes}")


def _find_phones(text: str, found: Entities, ip_text: str) -> None:
    for match in _PHONE.finditer(text):
        phone = " ".join(match.group(0).split())
        if phone not in ip_text:
            found.add(found.phones, phone)


@dataclass(frozen=True)
class _ProductMatcher:
    pattern: re.Pattern[str]
    canonical: dict[str, str]


@lru_cache(maxsize=1)
def _products() -> _ProductMatcher:
    raw = load_yaml(
        resources.files("postdesk.triage").joinpath("products.yaml").read_text(encoding="utf-8")
    )
    canonical: dict[str, str] = {}
    for product in raw["products"]:
        for alias in product["aliases"]:
            canonical[str(alias).casefold()] = product["name"]
    # Longest alias first so that "outlook express" wins over "outlook".
    parts = []
    for alias in sorted(canonical, key=len, reverse=True):
        body = re.escape(alias).replace(r"\ ", r"\s*")
        parts.append(rf"(?<![a-z]){body}(?![a-z])" if alias.isascii() else body)
    return _ProductMatcher(re.compile("|".join(parts), re.IGNORECASE), canonical)


def _find_products(text: str, found: Entities) -> None:
    matcher = _products()
    # The alternation is tried at every position of the text; most complaints name no
    # product, and a plain substring test over the squashed text says so cheaply.
    squashed = "".join(text.casefold().split())
    if not any(alias.replace(" ", "") in squashed for alias in matcher.canonical):
        return
    for match in matcher.pattern.finditer(text):
        key = " ".join(match.group(0).casefold().split())
        name = matcher.canonical.get(key) or matcher.canonical.get(key.replace(" ", ""))
        if name:
            found.add(found.products, name)


def extract(
    text: str,
    signals: SignalIndex | None = None,
    signal_hits: list[SignalMatch] | None = None,
    own_domains: Iterable[str] = (),
    suffixes: Any = None,
    mail_direction: str = "none",
    top_playbook: str = "-",
) -> Entities:
    """Every entity in ``text``.

    Server phrases come from the playbooks' signals: pass the ``signals`` index
    to match them here, or ``signal_hits`` already found by the ranker.
    ``own_domains`` are the provider's (its hosts, its mailboxes): they are
    neither the customer's nor the other side's. ``suffixes``: a parsed public
    suffix list (triage's index carries one). ``mail_direction``: the usual direction
    of mail of the playbook the complaint was ranked to (a prior for entity roles);
    ``top_playbook``: that playbook's id (a feature of the learned gate of the roles).
    """
    text = unicodedata.normalize("NFKC", text)
    found = Entities()
    addresses = _find_emails(text, found)
    names = _find_domains(text, found, addresses)
    mentions = sorted([*addresses, *names], key=lambda m: m.start)[:MAX_ROLE_MENTIONS]
    decided = roles.decide(text, mentions, own_domains, suffixes, mail_direction, top_playbook)
    found.customer_domain = decided.customer_domain
    found.counterpart_domains = decided.counterpart_domains
    _find_addresses(text, found)
    _find_codes(text, found)
    _find_times(text, found)
    _find_phones(text, found, " ".join(found.ipv4))
    _find_products(text, found)
    if signal_hits is None and signals is not None:
        signal_hits = signals.match(text)
    for hit in signal_hits or ():
        found.add(
            found.server_phrases,
            {"phrase": hit.matched, "playbook": hit.playbook_id, "signal": hit.signal.id},
        )
    return found
