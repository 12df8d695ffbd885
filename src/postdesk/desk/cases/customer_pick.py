"""Whose case it is: triage's reading of a complaint, checked against the customers the desk has.

Triage decides from the wording alone which domain is the customer's and which
the other side's (postdesk.triage.roles); on complaints written blind it is right
about nine times in ten. The desk knows more: the customers table holds the
companies it serves. So the desk's own records are the strongest cue:

1. triage's customer domain has a live customer record (a merged-away record is
   followed to the one it was merged into) → kept;
2. else exactly one domain the complaint names (triage's customer, its
   counterparts or any other domain it found) has a record → that one is the
   customer; triage's pick becomes the other side when triage had the two the
   other way round (the known one among its counterparts);
3. else several named domains have records → triage's pick stays (it is not
   among them, or rule 1 held): the agent is asked to check;
4. else nothing known → triage's reading as it is.

No record is ever created here: a case only links to a customer the desk already
has (a new one comes from the domain the agent gives). Every decision carries a
catalogue key saying why, which the new-case page, the case page, the API and
the CLI show, so the agent sees the reason and can correct it (audited).

One indexed query (``customers.domain`` is unique) asks for every named domain
and its parent domains at once: a host such as ``mail.example.com`` belongs to
the holder of ``example.com`` (RFC 1034 §3.1: a domain is the subtree below its
name), so a customer record of the parent covers it.

The rules are plain functions of the entities and a name → record map
(:func:`decide`), so ``benchmarks/bench_roles.py --known-share`` measures them
without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from postdesk.desk.customers.models import Customer

# Domains read from one complaint at most (a pasted log can name hundreds; the first
# ones are the complaint's own), and the parent names tried for each.
MAX_MENTIONS = 50
MAX_PARENT_LABELS = 4  # example.com, example.com.cn, mail.example.com.cn

# The key under which a case's entities keep the desk's decision (``CaseRead.entities``).
PICK_KEY = "customer_pick"

# Catalogue keys of the reasons (postdesk/locale/messages.yaml).
KNOWN = "customer_pick_known"
KNOWN_OVER_TEXT = "customer_pick_known_over_text"
MERGED = "customer_pick_merged"
SEVERAL = "customer_pick_several"
TEXT = "customer_pick_text"
GIVEN = "customer_pick_given"
CORRECTED = "customer_pick_corrected"


@dataclass(frozen=True)
class KnownRecord:
    """A customer record a named domain leads to: the live one, and the name that found it."""

    customer_id: int
    domain: str  # the live record's domain (the survivor's when ``merged_from`` is set)
    merged_from: str | None = None  # the merged-away record's domain that was named


@dataclass(frozen=True)
class CustomerPick:
    """The desk's customer domain for a complaint, the other side, and why."""

    domain: str | None
    counterpart_domains: list[str]
    reason: str | None  # a catalogue key; None when the complaint names no domain at all
    values: dict[str, str] = field(default_factory=dict)
    record: KnownRecord | None = None  # the customer record ``domain`` is, when there is one
    text_domain: str | None = None  # triage's pick from the wording alone
    text_counterparts: list[str] = field(default_factory=list)

    def entities(self, entities: Mapping[str, Any]) -> dict[str, Any]:
        """``entities`` with the desk's customer and other side, and the decision kept."""
        return {
            **entities,
            "customer_domain": self.domain,
            "counterpart_domains": list(self.counterpart_domains),
            PICK_KEY: self.as_dict(),
        }

    def as_dict(self) -> dict[str, Any]:
        """The decision as stored with the case and shown by the API."""
        return {
            "reason": self.reason,
            "values": dict(self.values),
            "customer_id": self.record.customer_id if self.record else None,
            "text_customer_domain": self.text_domain,
            "text_counterpart_domains": list(self.text_counterparts),
        }

    def given(self, customer_id: int, domain: str) -> CustomerPick:
        """The pick once the agent gave the case's customer (the form, the API body):
        its reason stands when the agent kept the suggestion, else it is the agent's."""
        if self.record is not None and self.record.customer_id == customer_id:
            return self
        if self.record is None and self.domain is not None and _ascii(self.domain) == domain:
            return self
        return replace(self, reason=GIVEN, values={}, record=None)


def _ascii(name: str | None) -> str | None:
    """``name`` in the form the customers table keys it (punycode, lower case), or None."""
    from postdesk.kb.fields import FieldError, normalise_domain

    if not name:
        return None
    try:
        return normalise_domain(name)
    except FieldError:
        return None


def _mentions(entities: Mapping[str, Any]) -> list[str]:
    """The domains the complaint names, customer first, then the other side, then the rest."""
    named: list[str | None] = [entities.get("customer_domain")]
    named += list(entities.get("counterpart_domains") or [])
    for found in entities.get("domains") or []:
        named.append(found.get("ascii") or found.get("name") if isinstance(found, dict) else None)
    seen: dict[str, None] = {}
    for name in named:
        ascii_name = _ascii(name)
        if ascii_name is not None and ascii_name not in seen:
            seen[ascii_name] = None
        if len(seen) >= MAX_MENTIONS:
            break
    return list(seen)


def _candidates(name: str) -> list[str]:
    """``name`` and its parents down to two labels, the most specific first (bounded)."""
    labels = name.split(".")
    wanted = [name]
    for size in range(min(len(labels) - 1, MAX_PARENT_LABELS), 1, -1):
        parent = ".".join(labels[-size:])
        if parent not in wanted:
            wanted.append(parent)
    return wanted


def candidate_names(entities: Mapping[str, Any]) -> list[str]:
    """Every name whose customer record would decide the pick (what :func:`lookup` asks for)."""
    names: dict[str, None] = {}
    for mention in _mentions(entities):
        names.update(dict.fromkeys(_candidates(mention)))
    return list(names)


def lookup(*, db_session: Session, names: list[str]) -> dict[str, KnownRecord]:
    """The customer records of ``names``, merged-away ones followed: one indexed query."""
    if not names:
        return {}
    survivor = aliased(Customer)
    rows = db_session.execute(
        select(Customer.id, Customer.domain, survivor.id, survivor.domain)
        .outerjoin(survivor, survivor.id == Customer.merged_into_id)
        .where(Customer.domain.in_(names))
    ).all()
    found: dict[str, KnownRecord] = {}
    for own_id, own_domain, survivor_id, survivor_domain in rows:
        if survivor_id is None:
            found[own_domain] = KnownRecord(own_id, own_domain)
        else:
            # customers.records.merge re-points earlier merges, so one step is the survivor.
            found[own_domain] = KnownRecord(survivor_id, survivor_domain, merged_from=own_domain)
    return found


def _record_of(name: str | None, records: Mapping[str, KnownRecord]) -> KnownRecord | None:
    ascii_name = _ascii(name)
    if ascii_name is None:
        return None
    for candidate in _candidates(ascii_name):
        if candidate in records:
            return records[candidate]
    return None


def decide(entities: Mapping[str, Any], records: Mapping[str, KnownRecord]) -> CustomerPick:
    """The desk's pick from triage's ``entities`` and the customer ``records`` of the names
    they mention (:func:`lookup`; the module docstring gives the rules)."""
    text_domain = entities.get("customer_domain")
    text_counterparts = list(entities.get("counterpart_domains") or [])
    unchanged = {
        "domain": text_domain,
        "counterpart_domains": text_counterparts,
        "text_domain": text_domain,
        "text_counterparts": text_counterparts,
    }
    own = _record_of(text_domain, records)
    if own is not None:
        return _known(own, text_domain, **unchanged)
    known: dict[int, tuple[str, KnownRecord]] = {}
    for mention in _mentions(entities):
        record = _record_of(mention, records)
        if record is None:
            continue
        held = known.get(record.customer_id)
        if held is None or (held[1].merged_from and not record.merged_from):
            known[record.customer_id] = (mention, record)  # its own domain over a merged one
    if len(known) > 1:
        listed = ", ".join(record.domain for _, record in known.values())
        return CustomerPick(reason=SEVERAL, values={"known": listed}, **unchanged)
    if not known:
        return CustomerPick(reason=TEXT if text_domain else None, **unchanged)
    named, record = next(iter(known.values()))
    ours = record.customer_id

    def is_ours(name: str) -> bool:
        found = _record_of(name, records)
        return found is not None and found.customer_id == ours

    others = [name for name in text_counterparts if not is_ours(name)]
    if text_domain and len(others) < len(text_counterparts) and text_domain not in others:
        # Triage had the two sides the other way round (the known customer among its
        # counterparts): its pick is the other side.
        others.append(text_domain)
    chosen = _known(record, named, **{**unchanged, "counterpart_domains": others})
    if text_domain and chosen.reason == KNOWN:
        return replace(chosen, reason=KNOWN_OVER_TEXT, values={"text": text_domain})
    return chosen


def _known(record: KnownRecord, named: str | None, **kept: Any) -> CustomerPick:
    """The pick of a known ``record`` found through the name ``named``."""
    shown = named if _ascii(named) == record.domain else record.domain
    kept["domain"] = shown
    if record.merged_from is not None:
        values = {"named": record.merged_from, "domain": record.domain}
        return CustomerPick(**kept, reason=MERGED, values=values, record=record)
    return CustomerPick(**kept, reason=KNOWN, record=record)


def pick(*, db_session: Session, entities: Mapping[str, Any]) -> CustomerPick:
    """The desk's customer for a complaint's ``entities`` (one query; see :func:`decide`)."""
    return decide(entities, lookup(db_session=db_session, names=candidate_names(entities)))


def reason_of(entities: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The stored decision of a case (``entities[PICK_KEY]``), or None for an older case."""
    stored = (entities or {}).get(PICK_KEY)
    if not isinstance(stored, dict) or not stored.get("reason"):
        return None
    return stored


def why(entities: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Why the case has its customer, in both languages: {"key", "zh", "en"}, or None."""
    from postdesk.i18n import message

    stored = reason_of(entities)
    if stored is None:
        return None
    key, values = str(stored["reason"]), dict(stored.get("values") or {})
    return {"key": key, "zh": message(key, "zh", **values), "en": message(key, "en", **values)}
