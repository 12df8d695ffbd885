"""Virus sample (4.0.16): the original packed for the hotline, and ClamAV's word on it.

Made when the agent says the original carries a virus (purpose ``virus``),
when clamd (``profile.inspect.clamd_socket``) finds a signature in it, or
when a scanner on the way marked it (ClamAV milter's ``X-Virus-Status:
Infected``). The original goes into an AES-256 zip with a generated password
(:mod:`postdesk.inspect.archive`): the archive is an artifact of the finding,
the password one of its secrets, shown to the agent and never in the JSON.
"""

from __future__ import annotations

import hashlib

from postdesk.inspect import archive, clamd
from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original

KIND = "virus"
ORDER = 60
PLAYBOOK = "virus-mail"
# File types mail filters commonly block as executable (the double extension
# "invoice.pdf.exe" is how they hide); listed as evidence, never a verdict.
RISKY_SUFFIXES = (".exe", ".scr", ".pif", ".com", ".bat", ".cmd", ".js", ".jse", ".vbs")
RISKY_SUFFIXES += (".vbe", ".wsf", ".hta", ".jar", ".lnk", ".iso", ".docm", ".xlsm")


def _risky(original: Original) -> list[str]:
    return [
        part.filename
        for part in original.attachments
        if part.filename.lower().rstrip(". ").endswith(RISKY_SUFFIXES)
    ][:20]


def find(original: Original, context: InspectContext) -> list[Finding]:
    """A virus finding, with the encrypted archive, when there is reason for one."""
    settings = context.profile.inspect
    verdict = None
    if settings.clamd_socket:
        verdict = clamd.scan(original.raw, settings.clamd_socket, settings.clamd_timeout_seconds)
    marked = original.text("x-virus-status")
    infected = verdict is not None and verdict.status == "infected"
    if not ("virus" in context.purposes or infected or marked.lower().startswith("infected")):
        return []
    password = archive.new_password()
    packed = archive.pack(original.raw, password)
    digest = hashlib.sha256(original.raw).hexdigest()
    name = f"virus-sample-{digest[:12]}.zip"
    details = {
        "scan": (
            {"engine": "clamd", "status": verdict.status, "signature": verdict.signature}
            | ({"detail": verdict.detail} if verdict.detail else {})
            if verdict
            else None
        ),
        "marked": marked,
        "risky_attachments": _risky(original),
        "archive": {
            "name": name,
            "size": len(packed),
            "sha256": hashlib.sha256(packed).hexdigest(),
            "member": archive.MEMBER_NAME,
            "encryption": "AES-256 (WinZip AE-2)",
        },
        "original_sha256": digest,
    }
    evidence = []
    if verdict is not None:
        shown = verdict.signature or verdict.detail or verdict.status
        evidence.append(Evidence("ev_clamd", shown, "clamd"))
    if marked:
        evidence.append(Evidence("ev_virus_marked", marked, "X-Virus-Status"))
    evidence.extend(Evidence("ev_risky_attachment", item) for item in details["risky_attachments"])
    advice = "virus-detected" if infected else "virus-sample"
    finding = Finding(KIND, PLAYBOOK, advice, details, evidence)
    finding.artifacts[name] = packed
    finding.secrets["archive_password"] = password
    return [finding]
