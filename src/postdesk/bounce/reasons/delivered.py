"""delivered: the message was delivered (a successful delivery notification).

Decided by the report's Action (delivered, relayed, expanded; RFC 3464
section 2.3.3) or a 2.x.x status; no phrases.
"""

from postdesk.bounce.reasons._kit import Reason

REASON = Reason(
    name="delivered",
    label={"zh": "已投递", "en": "Delivered"},
    meaning={
        "zh": "邮件已成功投递（投递成功通知）",
        "en": "The message was delivered (a successful delivery notification)",
    },
    pseudo="X.0.900",
)
