"""winmail.dat (4.0.25): the attachments and body an Outlook RTF message packed away.

Every winmail.dat in the original (or the original itself, when it is one)
is unpacked; the finding lists each file with its size and SHA-256, the
body's first lines, and says which side of 4.0.25 it is: our user sent it
(the provider's hosts start the Received chain and do not end it: 2) A,
change Outlook's format) or received it (2) B, restore the attachments).
"""

from __future__ import annotations

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original
from postdesk.inspect.texts import text
from postdesk.inspect.tnef import tnef_parts, unpack

KIND = "tnef"
ORDER = 40
PLAYBOOK = "rtf-winmail-dat"


def _sent_by_our_user(original: Original, context: InspectContext) -> bool:
    own = [context.is_own_host(hop.by) for hop in original.hops]
    return bool(own) and any(own[:2]) and not own[-1]


def find(original: Original, context: InspectContext) -> list[Finding]:
    """One finding per winmail.dat found."""
    found = []
    for part in tnef_parts(original):
        unpacked = unpack(original, part)
        details = {
            "where": unpacked.where,
            "attachments": [
                {"name": item.name, "size": len(item.data), "sha256": item.sha256}
                for item in unpacked.files
            ],
            "body_excerpt": unpacked.body[:500],
            "rtf_body": unpacked.rtf_body,
            "error": text("error_tnef_unreadable", reason=unpacked.error)
            if unpacked.error
            else None,
        }
        advice = "tnef-sent" if _sent_by_our_user(original, context) else "tnef-received"
        name = part.filename or "winmail.dat"
        ctype = "application/ms-tnef" if original.tnef_file else part.content_type
        evidence = [Evidence("ev_tnef_part", f"{name} ({ctype})", unpacked.where)]
        found.append(Finding(KIND, PLAYBOOK, advice, details, evidence))
    return found
