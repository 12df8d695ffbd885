"""undefined: an error whose cause the bounce does not give.

Decided by a failure with no text and no status at all; no phrases.
"""

from postdesk.bounce.reasons._kit import Reason

REASON = Reason(
    name="undefined",
    label={"zh": "原因不明", "en": "Cause not given"},
    meaning={
        "zh": "退信未说明具体原因",
        "en": "An error whose cause the bounce does not give",
    },
    pseudo="X.0.900",
)
