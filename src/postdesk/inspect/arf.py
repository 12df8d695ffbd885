"""An abuse report in the Abuse Reporting Format (RFC 5965), built with the stdlib.

``multipart/report; report-type=feedback-report`` with three parts (RFC 5965
section 2): a human-readable summary, the machine-readable
``message/feedback-report`` (Feedback-Type, User-Agent, Version, and the
optional Original-Mail-From, Original-Rcpt-To, Arrival-Date, Source-IP,
Reported-Domain, Authentication-Results), and the original as
``message/rfc822``.
"""

from __future__ import annotations

import email.policy
import secrets
from email.generator import BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from io import BytesIO
from typing import Any

from postdesk import __version__
from postdesk.inspect.texts import text


def _report_fields(facts: dict[str, Any]) -> str:
    lines = ["Feedback-Type: abuse", f"User-Agent: postdesk/{__version__}", "Version: 1"]
    optional = (
        ("Original-Mail-From", facts.get("envelope_from")),
        ("Original-Rcpt-To", facts.get("envelope_to")),
        ("Arrival-Date", facts.get("arrival_date")),
        ("Source-IP", facts.get("ip")),
        ("Reported-Domain", facts.get("reported_domain")),
        ("Authentication-Results", facts.get("authentication_results_raw")),
    )
    for name, value in optional:
        # The report's fields are ASCII (RFC 5965 3.1); anything else a hostile
        # original put there is shown as "?" rather than breaking the report.
        value = " ".join(str(value or "").encode("ascii", "replace").decode().split())
        value = "".join(char if char.isprintable() else "?" for char in value)[:1000]
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n"


def build_report(original_bytes: bytes, facts: dict[str, Any], sender: str, to: str) -> bytes:
    """The ARF message for one spam original, as bytes ready to send."""
    summary = text("arf_summary", ip=facts.get("ip") or "-", helo=facts.get("helo") or "-")
    report = MIMEMultipart("report", report_type="feedback-report")
    report["From"] = sender
    report["To"] = to
    report["Date"] = formatdate(localtime=True)
    report["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    report["Subject"] = text("arf_subject", ip=facts.get("ip") or "-")["en"]
    report.attach(MIMEText(f"{summary['zh']}\n\n{summary['en']}\n", "plain", "utf-8"))
    feedback = MIMENonMultipart("message", "feedback-report")
    feedback.set_payload(_report_fields(facts))
    report.attach(feedback)
    # The original goes in byte for byte: parsing and re-serialising it would
    # change it (and a hostile one nests deep enough to exhaust the stack), and the
    # generator writes only ASCII, so a marker stands in for it and is swapped after.
    marker = f"postdesk-original-{secrets.token_hex(16)}"
    attached = MIMENonMultipart("message", "rfc822")
    attached.set_payload(marker)
    report.attach(attached)
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=email.policy.compat32).flatten(report)
    before, _, after = out.getvalue().partition(marker.encode("ascii"))
    return before + original_bytes + (b"" if original_bytes.endswith(b"\n") else b"\n") + after
