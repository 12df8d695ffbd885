"""virusdetected: the receiving side found a virus or malware in the message.

Decided by wording of a virus verdict. "virus" alone is generic.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="virusdetected",
    label={"zh": "含病毒", "en": "Virus found"},
    meaning={
        "zh": "对方在邮件中发现病毒",
        "en": "The receiving side found a virus in the message",
    },
    pseudo="X.0.981",
    # 4.0.16 (virus-mail) is about virus mail the customer received; a remote
    # server's virus verdict on the customer's own message is a 4.0.12 bounce.
    reply=Reply("bounce-interpretation"),
    own_reply=Reply("client-send-receive"),
    phrases=(
        # amavisd-new: "VIRUS ALERT", "INFECTED: Eicar-Test-Signature", "contains a computer
        # virus"; Sina: "552 Virus found"; ClamAV milters: "virus found", "malware detected"
        ordered("virus", "found", source="amavis", gap=12),
        ordered("virus", "detected", source="amavis", gap=12),
        ordered("contains", "virus", source="amavis", gap=16),
        phrase("virus alert", "amavis"),
        phrase("infected", "amavis", generic=True),
        ordered("malware", "detected", source="amavis", gap=12),
        phrase("virus", "amavis", generic=True),
        phrase("malware", "amavis", generic=True),
        phrase("病毒", "document"),
        # The taxonomy's own index (Sisimai v5 reason/why-virusdetected.go): texts it lists
        # under virusdetected, written as the literal wording
        phrase("it has a potentially executable attachment", "taxonomy-index"),
    ),
)
