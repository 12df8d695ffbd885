"""Spam sample (4.0.15): who handed it in, who it claims to be from, and the abuse report.

Made when the agent says the original is spam (purpose ``spam``) or a spam
filter on the way marked it (``X-Spam-Flag: YES``, SpamAssassin's
``X-Spam-Status: Yes``, Rspamd's ``X-Spam: yes``). The finding names the
first untrusted relay (:mod:`postdesk.inspect.relay`), the envelope sender
(Return-Path) and header sender (From), the authentication results seen,
List-Unsubscribe, and builds the RFC 5965 report with the original attached
for the abuse mailbox (:mod:`postdesk.inspect.arf`).
"""

from __future__ import annotations

import hashlib

from postdesk.inspect.arf import build_report
from postdesk.inspect.authresults import authentication
from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original
from postdesk.inspect.relay import first_untrusted

KIND = "spam"
ORDER = 50
PLAYBOOK = "spam-complaint"
ARF_NAME = "spam-report.eml"
# Largest original attached whole to the report; beyond it only its headers go.
MAX_ATTACHED_BYTES = 10 * 1024 * 1024


def _flagged(original: Original) -> str:
    """The filter's own verdict line, when one marked the message as spam."""
    for name in ("x-spam-flag", "x-spam-status", "x-spam"):
        value = original.text(name)
        if value.strip().lower().startswith("yes"):
            return f"{name}: {value[:200]}"
    return ""


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip(" <>\"'").lower()


def find(original: Original, context: InspectContext) -> list[Finding]:
    """A spam finding when the agent said so or a filter marked the message."""
    flag = _flagged(original)
    if original.tnef_file or ("spam" not in context.purposes and not flag):
        return []
    relay = first_untrusted(original.hops, context)
    auth = authentication(original)
    envelope_from = original.text("return-path").strip().strip("<>")
    header_from = original.text("from")
    hops = relay.hop if relay else None
    facts = {
        "ip": relay.ip if relay else "",
        "helo": relay.helo if relay else "",
        "envelope_from": envelope_from,
        "envelope_to": hops.for_ if hops else "",
        "arrival_date": hops.date_text if hops else "",
        "reported_domain": _domain(header_from),
        "authentication_results_raw": original.text("authentication-results")[:1000],
    }
    abuse = context.profile.channels.get("abuse")
    to = (abuse.address if abuse else None) or "abuse@localhost"
    sender = f"postdesk@{context.own_domains[0] if context.own_domains else 'localhost'}"
    attached = original.raw if len(original.raw) <= MAX_ATTACHED_BYTES else original.raw[:65536]
    arf = build_report(attached, facts, sender, to)
    details = {
        "relay": (
            {
                "ip": relay.ip,
                "helo": relay.helo,
                "rdns": relay.rdns,
                "received_index": relay.received_index,
                "trusted": relay.trusted,
            }
            if relay
            else None
        ),
        "envelope_from": envelope_from,
        "header_from": header_from,
        **auth,
        "spam_flag": flag,
        "abuse_mailbox": to,
        "arf": {"name": ARF_NAME, "size": len(arf), "sha256": hashlib.sha256(arf).hexdigest()},
    }
    evidence = []
    if relay:
        where = f"Received #{relay.received_index}"
        evidence.append(Evidence("ev_relay", relay.hop.raw[:400], where))
    if envelope_from:
        evidence.append(Evidence("ev_envelope_from", envelope_from, "Return-Path"))
    evidence.append(Evidence("ev_header_from", header_from, "From"))
    if facts["authentication_results_raw"]:
        value = facts["authentication_results_raw"][:400]
        evidence.append(Evidence("ev_auth_results", value, "Authentication-Results"))
    if flag:
        evidence.append(Evidence("ev_spam_flag", flag))
    finding = Finding(KIND, PLAYBOOK, "spam-sample", details, evidence)
    finding.artifacts[ARF_NAME] = arf
    return [finding]
