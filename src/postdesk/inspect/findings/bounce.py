"""Bounces (4.0.10-4.0.12): :func:`postdesk.bounce.analyze`, unchanged, as one finding.

The bounce engine decides; this module only carries its report. ``report``
is exactly ``analyze(raw).as_dict()``, and the finding's playbook, reply and
next action are those of the first failed recipient (the engine attached
them from the playbooks' signals), so the bounce page and this reader agree.
"""

from __future__ import annotations

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original

KIND = "bounce"
ORDER = 10


def find(original: Original, context: InspectContext) -> list[Finding]:
    """A bounce finding when the engine reads failed (or delayed) recipients."""
    from postdesk.bounce import analyze

    if original.tnef_file:
        return []
    report = analyze(original.raw)
    if not report.is_bounce:
        return []
    lead = report.recipients[0]
    finding = Finding(
        KIND,
        lead.playbook or "bounce-interpretation",
        details={"report": report.as_dict()},
        evidence=[
            Evidence("ev_bounce_recipient", f"{r.address} {r.status} {r.diagnostic[:200]}".strip())
            for r in report.recipients[:20]
        ],
        meaning=lead.meaning,
        reply=lead.reply,
        next_action=lead.next_action,
    )
    return [finding]
