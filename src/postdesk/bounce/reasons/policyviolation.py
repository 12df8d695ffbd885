"""policyviolation: the message broke a policy of the receiving side.

Decided by wording that names a policy about the message (its content,
attachments, forwarding). "policy", "policies", "prohibited" alone are
generic: block lists, DMARC and relay refusals mention policy too.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="policyviolation",
    label={"zh": "违反对方策略", "en": "Policy violation"},
    meaning={
        "zh": "邮件违反了对方的策略（如内容规则）",
        "en": "The message broke a policy of the receiving side (e.g. content rules)",
    },
    pseudo="X.0.972",
    reply=Reply("bounce-interpretation"),
    own_reply=Reply("client-send-receive"),
    phrases=(
        # Gmail: "552-5.7.0 This message was blocked because its content presents a
        # potential security issue"; "550 5.7.1 The user or domain that you are sending to
        # (or from) has a policy that prohibited the email that you sent"
        phrase("message was blocked because its content", "gmail"),
        phrase("content presents a potential security issue", "gmail"),
        phrase("has a policy that prohibited", "gmail"),
        # Yahoo: "554 5.7.9 Message not accepted for policy reasons"
        phrase("message not accepted for policy reasons", "yahoo"),
        phrase("not accepted for policy reasons", "yahoo"),
        # Apple iCloud: "554 5.7.1 [CS01] Message rejected due to local policy"
        phrase("rejected due to local policy", "apple"),
        # Exchange Online: "550 5.7.520 Access denied, Your organization does not allow
        # external forwarding"
        phrase("does not allow external forwarding", "exchange"),
        # amavisd-new: "BANNED CONTENTS ALERT", "... blocked for containing banned contents"
        phrase("banned contents", "amavis"),
        phrase("banned content", "amavis"),
        # amavisd-new's SMTP reply for a banned part (Amavis/Conf.pm %smtp_reason_by_ccat,
        # CC_BANNED "id=%n - BANNED: %F"; Amavis.pm gives it "554 5.7.0" and the destiny
        # "Reject" or "Bounce"): "554 5.7.0 Reject, id=12345-01 - BANNED: ... T=exe,N=a.exe",
        # a file name or type the receiving side's content policy bans
        ordered("id=", "- banned:", source="amavis", gap=40),
        # NetEase: "552 Illegal Attachment" (that type of attachment is not allowed)
        phrase("illegal attachment", "netease"),
        # Mimecast: "550 Administrative prohibition", "554 Email rejected due to security
        # policies"
        phrase("administrative prohibition", "mimecast"),
        phrase("rejected due to security policies", "mimecast"),
        ordered("blocked", "because", "content", source="gmail", gap=20),
        ordered("security", "issue", source="gmail", gap=12, generic=True),
        # The taxonomy's own definition of the reason: "a header content or a format of the
        # original message violates security policies", its documented example "554 5.7.9
        # Header error" (Sisimai::Reason::PolicyViolation manual page, libsisimai-perl)
        phrase("header error", "taxonomy"),
        # The same words alone are generic: Gmail's "550 5.7.1 This message violates
        # example.com email policy" and "has a policy that prohibited"; Mimecast's "rejected
        # due to security policies"
        phrase("policy", "gmail", generic=True),
        phrase("policies", "mimecast", generic=True),
        phrase("prohibited", "gmail", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-policyviolation.go): texts it lists
        # under policyviolation, written as the literal wording
        phrase("because the recipient is not accepting mail with", "taxonomy-index"),
        phrase("by non-member to a members-only list", "taxonomy-index"),
        phrase("closed mailing list", "taxonomy-index"),
        phrase("message bounced due to organizational settings", "taxonomy-index"),
        phrase("message given low priority", "taxonomy-index"),
        phrase("protocol violation", "taxonomy-index"),
        phrase(
            "the email address used to send your message is not subscribed to this group",
            "taxonomy-index",
        ),
        phrase(
            "we do not accept messages containing images or other attachments", "taxonomy-index"
        ),
        phrase("you're using a mass mailer", "taxonomy-index"),
        # "550 Denied by policy": the taxonomy lists it here, read at any stage by its fallback
        phrase("denied by policy", "taxonomy-index"),
        # Gmail's refusal of several From addresses: RFC 5322 3.6.2 allows them with a Sender
        # field, so refusing them is the receiver's policy; the taxonomy lists both texts here
        phrase("messages with multiple addresses", "taxonomy-index"),
        phrase("header are not accepted", "taxonomy-index"),
        ordered(
            "you have exceeded the",
            "allowable number of posts without solving a captcha",
            source="taxonomy-index",
            gap=60,
        ),
    ),
)
