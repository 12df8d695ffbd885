"""suppressed: the sending service did not even try: the address is on its suppression list.

Decided by the sending service's own report (Amazon SES bounce subtype
"Suppressed"; its text "Address is on the suppression list").
"""

from postdesk.bounce.reasons._kit import Reason, Reply, phrase

REASON = Reason(
    name="suppressed",
    label={"zh": "地址在抑制列表", "en": "Suppressed address"},
    meaning={
        "zh": "该地址在发信服务的抑制列表中",
        "en": "The address is on a suppression list of the sending service",
    },
    pseudo="X.0.903",
    reply=Reply("bounce-interpretation"),
    phrases=(phrase("suppression list", "amazonses"),),
)
