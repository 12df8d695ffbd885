"""speeding: the sender is sending too fast and is rate limited (the taxonomy's "ratelimited").

Decided by wording of a rate or frequency limit on the sender, its IP or
domain, or on what a recipient may receive in a period. The reason keeps the
name the taxonomy used for it ("speeding"; newer versions say "ratelimited").
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="speeding",
    label={"zh": "发信过快", "en": "Sending too fast"},
    meaning={
        "zh": "发信速度过快，被对方限速",
        "en": "The sender is sending too fast and is being rate limited",
    },
    pseudo="X.0.946",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # Gmail: "450 4.2.1 The user you are trying to contact is receiving mail at a rate
        # that prevents additional messages from being delivered"; "mail sent from your IP
        # address has been temporarily rate limited"
        phrase("receiving mail at a rate", "gmail"),
        phrase("rate that prevents additional messages", "gmail"),
        phrase("rate limited", "gmail"),
        phrase("rate limit", "gmail"),
        phrase("ratelimit*", "gmail"),
        phrase("rate-limit*", "gmail"),
        phrase("throttl*", "gmail", generic=True),
        # Exchange Online: "5.2.121 Recipient's per hour message receive limit from specific
        # sender exceeded", "5.2.122 ... per hour message receive limit exceeded", "5.1.90
        # ... reached your daily limit for message recipients"
        ordered("message receive limit", "exceeded", source="exchange", gap=30),
        phrase("daily limit for message recipients", "exchange"),
        # The same per-period limits in other words: too many recipients this hour / per day
        ordered("too many recipients", "this hour", source="exchange", gap=30),
        ordered("too many recipients", "per hour", source="exchange", gap=30),
        ordered("too many recipients", "today", source="exchange", gap=30),
        # Postfix smtpd_client_message_rate_limit / smtpd_client_recipient_rate_limit
        # (anvil(8), postconf(5)): "450 4.7.1 Error: too much mail from 192.0.2.1", "... too
        # many recipients from 192.0.2.1" (the bounce factory's rate_limited_postfix)
        phrase("too much mail from", "postfix"),
        # Tencent: "550 Ip frequency limited", "Domain frequency limited", "Sender frequency
        # limited"
        phrase("frequency limited", "tencent"),
        # The same limits in other words: "... rate limited due to ...", "sending rate"
        ordered("rate", "limited", source="gmail", gap=12),
        ordered("receiving", "at a rate", source="gmail", gap=20),
        ordered("too many", "messages", source="gmail", gap=16, generic=True),
        # NetEase family: "sending quota exceeded"
        phrase("sending quota exceeded", "netease"),
        # The document, 4.0.9 G: "sender in prison" (sending rate or concurrent connections
        # over the limit)
        phrase("sender in prison", "document"),
        phrase("too fast", "gmail", generic=True),
        # Gmail SMTP errors and codes (citation "gmail"): "450 4.2.1 The user you are trying to
        # contact is receiving email too quickly"; "... receiving email at a rate that
        # prevents additional messages from being delivered"; "Peak SMTP relay limit exceeded
        # for this customer"; "550 5.4.5 Daily user sending limit exceeded"; "Daily SMTP relay
        # limit exceeded for user"; "550 5.7.1 Daily SMTP relay sending limit exceeded for this
        # customer"
        phrase("receiving email too quickly", "gmail"),
        phrase("receiving mail too quickly", "gmail"),
        phrase("receiving email at a rate", "gmail"),
        phrase("peak smtp relay limit exceeded", "gmail"),
        phrase("daily user sending limit exceeded", "gmail"),
        ordered("daily smtp relay", "limit exceeded", source="gmail", gap=12),
        # Exchange Online NDRs (citation "exchange"): "432 4.3.2 STOREDRV.Deliver; recipient
        # thread limit exceeded" (the recipient receives too many messages too quickly);
        # "5.2.2 Submission quota exceeded"; "the sender's submission quota was exceeded"
        phrase("recipient thread limit exceeded", "exchange"),
        phrase("submission quota exceeded", "exchange"),
        phrase("submission quota was exceeded", "exchange"),
        # Exchange Online 5.7.508: "Access denied, [192.0.2.1] has exceeded permitted limits
        # within $range range" (too many messages in too short a time)
        phrase("has exceeded permitted limits", "exchange"),
        # Outlook.com RP-001 / RP-002 (citation "outlookcom"): "The mail server IP connecting
        # to Outlook.com server has exceeded the rate limit allowed"
        phrase("exceeded the rate limit allowed", "outlookcom"),
        # Postfix smtpd_client_recipient_rate_limit (postconf(5), anvil(8)): "450 4.7.1
        # Error: too many recipients from 192.0.2.1" - recipients per time unit, not per
        # message (that is "452 4.5.3 Error: too many recipients", toomanyconn)
        phrase("too many recipients from", "postfix"),
        # cPanel's per-domain hourly limit (the maxemailsperhour setting that its
        # build_maxemails_config script applies to Exim): "Domain example.org has exceeded the
        # max emails per hour (501/500 (100%)) allowed. Message discarded." - the sending
        # domain's own host holds back what it sends over the rate
        phrase("has exceeded the max emails per hour", "cpanel"),
        # The taxonomy's own index (Sisimai v5 reason/why-speeding.go): texts it lists
        # under speeding, written as the literal wording
        phrase("please try again slower", "taxonomy-index"),
    ),
)
