"""feedback: a feedback (complaint) report (ARF, RFC 5965), with its feedback type.

Decided by an ARF report (RFC 5965): its Feedback-Type is kept; no phrases.
"""

from postdesk.bounce.reasons._kit import Reason

REASON = Reason(
    name="feedback",
    label={"zh": "投诉反馈", "en": "Complaint report"},
    meaning={
        "zh": "对方发回的投诉反馈报告（ARF）",
        "en": "A feedback (complaint) report (ARF, RFC 5965), with its feedback type",
    },
    pseudo="X.0.900",
)
