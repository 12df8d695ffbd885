"""onhold: the bounce does not say enough to decide; held for review.

Decided by a failure that says something (a text, a 4xx/5xx reply) that no
rule places; no phrases.
"""

from postdesk.bounce.reasons._kit import Reason

REASON = Reason(
    name="onhold",
    label={"zh": "待人工判断", "en": "Needs review"},
    meaning={
        "zh": "退信信息不足，无法判断原因",
        "en": "The bounce does not say enough to decide; held for review",
    },
    pseudo="X.0.901",
)
