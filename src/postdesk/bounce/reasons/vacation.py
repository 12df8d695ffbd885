"""vacation: an auto-reply (out of office, RFC 3834), not a failure.

Decided by an automatic reply (RFC 3834 Auto-Submitted: auto-replied); no phrases.
"""

from postdesk.bounce.reasons._kit import Reason

REASON = Reason(
    name="vacation",
    label={"zh": "自动回复", "en": "Auto-reply"},
    meaning={
        "zh": "自动回复（外出），不是投递失败",
        "en": "An auto-reply (out of office, RFC 3834), not a failure",
    },
    pseudo="X.0.900",
)
