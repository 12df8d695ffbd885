"""What the desk already knows about a case, by role, so that a walk never asks twice.

A complaint often carries the facts a later step asks for: the pasted bounce
line, the recipient, the time the mail was sent; the new-case form gave the
customer's domain, the contact and the company. Each collect field has a
*role* (``FieldSpec.role``, or the default for its name in
:data:`DEFAULT_ROLES`): which of these facts it is. A field is offered the
fact of its own role only, so "the partner's address" never lands in "our
sender" (issue 13.3). The agent confirms or overwrites every offered value.

:class:`Facts` is plain data: the desk builds it from the case (its customer
and contact records, the entities triage found, its incident), and the
terminal from a complaint given on the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

FactRole = Literal[
    "customer_domain",
    "counterpart_domain",
    "customer_email",
    "counterpart_email",
    "company_name",
    "contact_name",
    "contact_phone",
    "problem",
    "bounce_text",
    "client_error",
    "public_ip",
    "when",
]

# The role a field has when its playbook does not say: by the field's name, the
# same in every playbook (4.0.x steps use these names for these facts).
DEFAULT_ROLES: dict[str, FactRole] = {
    "domain": "customer_domain",
    "email": "customer_email",
    "company_name": "company_name",
    "contact_name": "contact_name",
    "contact_phone": "contact_phone",
    "description": "problem",
    "bounce_text": "bounce_text",
    "client_error": "client_error",
    "public_ip": "public_ip",
    "sent_at": "when",
    "occurred_at": "when",
    "received_at": "when",
    "recipient_domain": "counterpart_domain",
}

# Which field types a role can fill (a playbook declaring another fails validation).
ROLE_TYPES: dict[FactRole, frozenset[str]] = {
    "customer_domain": frozenset({"domain"}),
    "counterpart_domain": frozenset({"domain"}),
    "customer_email": frozenset({"email"}),
    "counterpart_email": frozenset({"email"}),
    "company_name": frozenset({"text"}),
    "contact_name": frozenset({"text"}),
    "contact_phone": frozenset({"phone"}),
    "problem": frozenset({"text", "longtext"}),
    "bounce_text": frozenset({"text", "longtext"}),
    "client_error": frozenset({"text", "longtext"}),
    "public_ip": frozenset({"ip"}),
    "when": frozenset({"datetime", "date", "text"}),
}

Source = Literal["walk", "customer", "contact", "complaint", "profile"]
_LINE_BREAK = re.compile(r"[\r\n]+")
_RELATIVE_DAYS = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2, "大前天": 3}
_ZH_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})[日号]$")
_PROBLEM_MAX = 2000


@dataclass(frozen=True)
class Known:
    """A value the desk offers for a field, and where it comes from."""

    value: str
    source: Source


@dataclass(frozen=True)
class Facts:
    """Facts about one case, by what they are (see the module docstring)."""

    complaint: str = ""
    customer_domain: str | None = None
    customer_domain_source: Source = "complaint"
    counterpart_domains: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    company_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    phones: tuple[str, ...] = ()
    client_errors: tuple[str, ...] = ()
    bounce_markers: tuple[str, ...] = ()  # reply codes, status codes, server phrases
    ipv4: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    today: date | None = None  # the day the case was opened, for "昨天"
    open_incident: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_entities(cls, complaint: str, entities: dict[str, Any], **known: Any) -> Facts:
        """Facts from a complaint and the entities triage found in it (``Entities.as_dict``).

        ``known`` adds what records say (customer_domain, company_name, contact_name,
        contact_phone, contact_email, today, open_incident); a customer domain given
        there wins over the one read from the complaint.
        """
        markers = [
            *entities.get("smtp_codes", []),
            *entities.get("enhanced_status_codes", []),
            *(hit.get("phrase", "") for hit in entities.get("server_phrases", [])),
        ]
        record_domain = known.pop("customer_domain", None)
        return cls(
            complaint=complaint,
            customer_domain=record_domain or entities.get("customer_domain"),
            customer_domain_source="customer" if record_domain else "complaint",
            counterpart_domains=tuple(entities.get("counterpart_domains", [])),
            emails=tuple(entities.get("emails", [])),
            phones=tuple(entities.get("phones", [])),
            client_errors=tuple(entities.get("client_error_codes", [])),
            bounce_markers=tuple(marker for marker in markers if marker),
            ipv4=tuple(entities.get("ipv4", [])),
            dates=tuple(entities.get("dates", [])),
            times=tuple(entities.get("times", [])),
            **known,
        )

    def value_for(self, role: FactRole, field_type: str = "text") -> Known | None:
        """The fact of ``role``, shaped for a field of ``field_type``; None when unknown."""
        finder = getattr(self, f"_find_{role}")
        found: Known | None = finder(field_type)
        return found

    # -- one finder per role --------------------------------------------------------

    def _find_customer_domain(self, _type: str) -> Known | None:
        if not self.customer_domain:
            return None
        return Known(self.customer_domain, self.customer_domain_source)

    def _find_counterpart_domain(self, _type: str) -> Known | None:
        return Known(self.counterpart_domains[0], "complaint") if self.counterpart_domains else None

    def _find_customer_email(self, _type: str) -> Known | None:
        for address in self.emails:
            if self._is_customers(address):
                return Known(address, "complaint")
        if self.contact_email:
            return Known(self.contact_email, "contact")
        if not self.customer_domain:
            # Nothing says whose the addresses are: the first that is not the other side's.
            for address in self.emails:
                if not self._is_counterparts(address):
                    return Known(address, "complaint")
        return None

    def _find_counterpart_email(self, _type: str) -> Known | None:
        for address in self.emails:
            if self._is_counterparts(address) and not self._is_customers(address):
                return Known(address, "complaint")
        return None

    def _find_company_name(self, _type: str) -> Known | None:
        return Known(self.company_name, "customer") if self.company_name else None

    def _find_contact_name(self, _type: str) -> Known | None:
        return Known(self.contact_name, "contact") if self.contact_name else None

    def _find_contact_phone(self, _type: str) -> Known | None:
        if self.contact_phone:
            return Known(self.contact_phone, "contact")
        return Known(self.phones[0], "complaint") if self.phones else None

    def _find_problem(self, _type: str) -> Known | None:
        text = self.complaint.strip()
        return Known(text[:_PROBLEM_MAX], "complaint") if text else None

    def _find_bounce_text(self, _type: str) -> Known | None:
        """The lines of the complaint that carry a reply code, status code or server phrase."""
        if not self.bounce_markers:
            return None
        folded_markers = [marker.casefold() for marker in self.bounce_markers]
        lines = [line.strip() for line in _LINE_BREAK.split(self.complaint) if line.strip()]
        chosen = [line for line in lines if any(m in line.casefold() for m in folded_markers)]
        text = "\n".join(chosen or lines)
        return Known(text[:_PROBLEM_MAX], "complaint") if text else None

    def _find_client_error(self, _type: str) -> Known | None:
        if not self.client_errors:
            return None
        code = self.client_errors[0]
        for line in _LINE_BREAK.split(self.complaint):
            if code.casefold() in line.casefold() and len(line.strip()) <= 200:
                return Known(line.strip(), "complaint")
        return Known(code, "complaint")

    def _find_public_ip(self, _type: str) -> Known | None:
        return Known(self.ipv4[0], "complaint") if self.ipv4 else None

    def _find_when(self, field_type: str) -> Known | None:
        """A date (and time) the complaint names, in the form the field takes."""
        day = next((d for d in map(self._day, self.dates) if d is not None), None)
        clock = self.times[0][:5] if self.times else None
        if day is None and clock is not None and self.today is not None:
            day = self.today  # "上午9点发的": today
        if day is None:
            return None
        if field_type == "date":
            return Known(day.isoformat(), "complaint")
        if clock is None:
            return None if field_type == "datetime" else Known(day.isoformat(), "complaint")
        return Known(f"{day.isoformat()} {clock}", "complaint")

    # -- helpers ------------------------------------------------------------------------

    def _day(self, text: str) -> date | None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        if self.today is None:
            return None
        back = _RELATIVE_DAYS.get(text.casefold())
        if back is not None:
            return self.today - timedelta(days=back)
        month_day = _ZH_MONTH_DAY.match(text.replace(" ", ""))
        if month_day:
            try:
                return date(self.today.year, int(month_day[1]), int(month_day[2]))
            except ValueError:
                return None
        return None

    def _is_customers(self, address: str) -> bool:
        return bool(self.customer_domain) and _under(address, str(self.customer_domain))

    def _is_counterparts(self, address: str) -> bool:
        return any(_under(address, domain) for domain in self.counterpart_domains)


def _ascii(name: str) -> str:
    import idna

    try:
        return str(idna.encode(name.strip().rstrip("."), uts46=True).decode("ascii"))
    except (idna.IDNAError, UnicodeError):
        return name.casefold()


def _under(address: str, domain: str) -> bool:
    host = _ascii(address.rpartition("@")[2])
    wanted = _ascii(domain)
    return host == wanted or host.endswith("." + wanted)


def role_of(name: str, declared: FactRole | None) -> FactRole | None:
    """A field's role: the one its playbook declares, else the default for its name."""
    return declared or DEFAULT_ROLES.get(name)
