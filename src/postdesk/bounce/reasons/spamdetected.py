"""spamdetected: the receiving side judged the message to be spam.

Decided by X.7.28 ("Mail flood detected") and by wording of a spam verdict
about the message. The word "spam" alone is generic: block lists and
reputation refusals mention spam too, and their own wording decides first.
A remote server's spam verdict is answered under 4.0.12, never with the
document's 4.0.9 E/F replies, which are about the provider's own servers.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="spamdetected",
    label={"zh": "被判为垃圾邮件", "en": "Judged as spam"},
    meaning={
        "zh": "对方判定该邮件为垃圾邮件",
        "en": "The receiving side judged the message to be spam",
    },
    pseudo="X.0.980",
    reply=Reply("bounce-interpretation"),
    own_reply=Reply("client-send-receive"),
    phrases=(
        # Exchange's content filter: "550 5.7.1 Message rejected as spam by Content Filtering."
        ordered("rejected as", "spam", source="exchange", gap=8),
        # Rspamd's rejection: "554 5.7.1 Spam message rejected"
        phrase("spam message", "rspamd"),
        # Courier: "550 Spam refused."
        phrase("spam", "courier", generic=True),
        # amavisd-new: "UNSOLICITED BULK E-MAIL (UBE)", "Spam"
        phrase("unsolicited bulk e-mail", "amavis"),
        # amavisd-new and its kind are content filters: "rejected by content filter"
        phrase("content filter", "amavis"),
        phrase("ube", "amavis"),
        # amavisd-new's SMTP replies for spam (Amavis/Conf.pm %smtp_reason_by_ccat: CC_SPAM
        # "id=%n - spam", CC_SPAMMY "id=%n - spammy" and "- spammy (tag3)"; "554 5.7.0"):
        # "spam" alone is generic, "spammy" is not the word "spam"
        ordered("id=", "- spammy", source="amavis", gap=40),
        # Amazon SES (receiving): "554 5.6.1 Message content rejected" when its spam and
        # virus scan refuses the message
        phrase("message content rejected", "amazonses"),
        # Gmail: "Our system has detected that this message is likely unsolicited mail"
        phrase("likely unsolicited mail", "gmail"),
        phrase("unsolicited mail", "gmail", generic=True),
        phrase("unsolicited", "gmail", generic=True),
        # Sina: "552 message rejected by anti-spam engine"
        phrase("rejected by anti-spam engine", "sina"),
        # Tencent: "550 Mail content denied" (the content judged to be spam, per its help)
        phrase("mail content denied", "tencent"),
        # NetEase / Coremail family: "Content reject/Spam denied"
        phrase("spam denied", "netease"),
        # QQ Mail / Coremail: "550 Error: content rejected" (listed under spam bounces)
        phrase("content rejected", "tencent", generic=True),
        phrase("垃圾邮件", "tencent"),
        # The taxonomy's own index (Sisimai v5 reason/why-spamdetected.go): texts it lists
        # under spamdetected, written as the literal wording
        phrase("blacklisted url in message", "taxonomy-index"),
        phrase("blocked by spamassassin", "taxonomy-index"),
        phrase("blocked for abuse. see http://att.net/blocks", "taxonomy-index"),
        phrase("listed in work.drbl.imedia.ru", "taxonomy-index"),
        phrase("message refused by mailmarshal spamprofiler", "taxonomy-index"),
        phrase("message refused by trustwave seg spamprofiler", "taxonomy-index"),
        phrase("message rejected because of unacceptable content", "taxonomy-index"),
        phrase("message rejected for policy reasons", "taxonomy-index"),
        phrase("reject bulk.advertising", "taxonomy-index"),
        phrase("rejected: spamassassin score", "taxonomy-index"),
        phrase("rejected - bulk email", "taxonomy-index"),
        phrase("rejecting banned content", "taxonomy-index"),
        phrase("rejecting mail content", "taxonomy-index"),
        phrase("sender domain listed at", "taxonomy-index"),
        phrase("spamming not allowed", "taxonomy-index"),
        phrase("the message was rejected due to classification as bulk mail", "taxonomy-index"),
        phrase("this message was rejected by recurrent pattern detection system", "taxonomy-index"),
        phrase("your email breaches local uribl policy", "taxonomy-index"),
        phrase("your message has been temporarily blocked by our filter", "taxonomy-index"),
        phrase("your message failed several antispam checks", "taxonomy-index"),
        ordered("greylisted", "please try again in", source="taxonomy-index", gap=60),
        ordered("mail score (", "over", source="taxonomy-index", gap=60),
        ordered("rule imposed as", "is blacklisted on", source="taxonomy-index", gap=60),
        phrase("blocked by policy: no spam please", "taxonomy-index"),
        phrase("message considered as spam or virus", "taxonomy-index"),
        phrase("message contains spam or virus", "taxonomy-index"),
        phrase("message filtered. please see the faqs section on spam", "taxonomy-index"),
        phrase("message was rejected for possible spam/virus content", "taxonomy-index"),
    ),
)
