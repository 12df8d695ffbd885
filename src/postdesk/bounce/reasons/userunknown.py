"""userunknown: the recipient address does not exist on the receiving server.

Decided by the status X.1.1 or X.1.3 (RFC 3463 "Bad destination mailbox
address"), or by wording that the mailbox does not exist. Loose wording
("user unknown", "no such user") is not enough on its own
(:mod:`postdesk.bounce.decide`): it means an unknown address under X.1.0,
X.1.1 or X.1.3, in a refusal at RCPT (or a 551/553 reply, which never answers
DATA), or when no SMTP reply is quoted at all (the reporting system's own
directory). The same words after DATA, with no command known, or under
X.7.1, X.2.x or X.0.0 are the recipient side's filter speaking
(``filtered``); at MAIL they are about the sender (``rejected``); before any
address was sent, about the client (``blocked``). A directory's own answer
(marked definite below: Postfix's recipient tables, qmail, Domino, IMail,
Exchange's RESOLVER.ADR, Yahoo, the Chinese providers' notices) is an unknown
address whatever the context.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="userunknown",
    label={"zh": "收件人不存在", "en": "Recipient does not exist"},
    meaning={
        "zh": "收件地址在对方服务器上不存在",
        "en": "The recipient address does not exist on the receiving server",
    },
    pseudo="X.0.911",
    reply=Reply("bounce-interpretation", "user-unknown"),
    hard=True,
    phrases=(
        # --- A recipient directory's own answers (definite: no context turns them into
        # a filter's verdict) ---
        # Postfix smtpd_check.c: "User unknown in local recipient table", "... in virtual
        # mailbox table", "... in virtual alias table", "... in relay recipient table"
        phrase("unknown in local recipient table", "postfix", definite=True),
        phrase("unknown in virtual mailbox table", "postfix", definite=True),
        phrase("unknown in virtual alias table", "postfix", definite=True),
        phrase("unknown in relay recipient table", "postfix", definite=True),
        # qmail-local / qmail-send: "Sorry, no mailbox here by that name. (#5.1.1)"
        phrase("no mailbox here by that name", "qmail", definite=True),
        # Domino: "User ... not listed in public Name & Address Book"
        phrase("not listed in public name & address book", "domino", definite=True),
        phrase("not listed in domino directory", "domino", definite=True),
        # IMail: "Invalid final delivery userid"
        phrase("invalid final delivery userid", "imail", definite=True),
        # Exchange 2003: "The recipient name is not recognized"; its IMS connector's
        # diagnostic "MSEXCH:IMS:... (000C05A6) Unknown Recipient"
        phrase("recipient name is not recognized", "exchange2003", definite=True),
        phrase("unknown recipient", "exchange2003"),
        # Exchange Online NDRs: "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "550
        # 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        # and its summary "Your message wasn't delivered to ... because the address couldn't
        # be found, or is unable to receive mail" (Gmail's notices say the same)
        phrase("recipnotfound", "exchange", definite=True),
        phrase("recipientnotfound", "exchange", definite=True),
        phrase("exrecipnotfound", "exchange", definite=True),
        phrase("recipient not found by smtp address lookup", "exchange", definite=True),
        phrase("address you entered couldn't be found", "exchange", definite=True),
        ordered("address", "couldn't be found", source="exchange", gap=20, definite=True),
        ordered("address", "could not be found", source="exchange", gap=20, definite=True),
        # Yahoo: "554 delivery error: dd This user doesn't have a yahoo.com account"
        ordered("user doesn't have a", "account", source="yahoo", gap=30, definite=True),
        # Tencent, Alibaba Mail, Coremail: "550 Mailbox not found" is their directory's answer
        # (QQ's help: 该用户不存在; Alibaba's: 收件人地址不存在)
        phrase("mailbox not found", "tencent", definite=True),
        # Chinese providers' own notices state the reason: 退信原因：收件人地址不存在
        phrase("收件人地址不存在", "tencent", definite=True),
        phrase("该用户不存在", "tencent", definite=True),
        phrase("收件人不存在", "document", definite=True),
        # --- Wording a relay or a filter may use as well (read in context) ---
        # RFC 3463 X.1.1: "Bad destination mailbox address ... The mailbox specified in
        # the address does not exist."
        phrase("bad destination mailbox address", "rfc3463"),
        ordered("mailbox", "does not exist", source="rfc3463", gap=30),
        # RFC 5321 4.2.3: "550 Requested action not taken: mailbox unavailable (e.g.,
        # mailbox not found ...)"; "551 User not local"; "553 ... mailbox name not allowed"
        phrase("requested action not taken: mailbox unavailable", "rfc5321"),
        phrase("mailbox unavailable", "rfc5321", generic=True),
        phrase("user not local", "rfc5321"),
        phrase("mailbox name not allowed", "rfc5321"),
        # Sendmail: "<a@example.jp>... User unknown"
        phrase("user unknown", "sendmail"),
        # Postfix local(8): unknown user: "name"; NTT docomo and others: 550 Unknown user
        phrase("unknown user", "postfix"),
        # Postfix address verification: "Recipient address rejected: undeliverable address";
        # "554 5.5.1 Error: no valid recipients"
        phrase("recipient address rejected: undeliverable address", "postfix"),
        phrase("no valid recipients", "postfix"),
        # cPanel's Exim: "550 No Such User Here"
        phrase("no such user", "cpanel"),
        # Oracle/Sun Messaging Server: "550 5.1.1 unknown or illegal alias: a@example.jp"
        phrase("unknown or illegal alias", "messagingserver"),
        # Gmail: "550 5.1.1 The email account that you tried to reach does not exist" (it
        # comes with 5.1.1; Gmail relays the same words for its groups' filters)
        phrase("account that you tried to reach does not exist", "gmail"),
        # Exchange: "Recipient not found"; Gmail notices: "Address not found"
        phrase("recipient not found", "exchange"),
        phrase("address not found", "gmail"),
        # The source document, 4.0.12 2): Invalid Recipient, User Unknown, Recipient
        # unknown, Invalid rcpt address (Mimecast: "550 Invalid Recipient")
        phrase("invalid recipient", "document"),
        phrase("recipient unknown", "document"),
        phrase("invalid rcpt", "document"),
        # NetEase / Coremail: "550 User not found: a@163.com", "invalid user", "user not known"
        phrase("user not found", "netease"),
        phrase("invalid user", "coremail"),
        phrase("user not known", "coremail"),
        phrase("unavailable mail user", "coremail"),
        # 263 企业邮箱's help: a wrong recipient address is answered "user not exist (in reply
        # to RCPT TO command)" (收件人信箱地址错误)
        phrase("user not exist", "263"),
        # RFC 3463 X.1.1's own sentence: "The mailbox specified in the address does not exist"
        ordered("address", "does not exist", source="rfc3463", gap=12),
        phrase("does not exist", "rfc3463", generic=True),
        # Mail systems' own answers (the installed binaries hold these strings): Sendmail
        # "550 5.1.1 Addressee unknown" and "User unknown"; Courier "550 User unknown." and
        # "Unknown user."; OpenSMTPD "550 Invalid recipient"; Courier "Invalid address."
        phrase("addressee unknown", "sendmail"),
        ordered("user", "unknown", source="sendmail", gap=40),
        ordered("unknown", "user", source="courier", gap=12),
        ordered("invalid", "recipient", source="opensmtpd", gap=12),
        phrase("invalid address", "courier", generic=True),
        # Providers' documented answers in other word orders: Coremail / NetEase "User not
        # found"; Exchange "Recipient not found" (and GoDaddy's "550 Recipient not found");
        # Gmail "Address not found"; Exchange 2003 "The recipient name is not recognized";
        # RFC 5321 4.2.3's 550 example "mailbox not found"; the source document's "Recipient
        # unknown"; GoDaddy's "Account does not exist"
        ordered("user", "not found", source="coremail", gap=40),
        ordered("recipient", "not found", source="exchange", gap=40),
        ordered("address", "not found", source="gmail", gap=30),
        ordered("recipient", "not recognized", source="exchange2003", gap=20),
        ordered("mailbox", "not found", source="rfc5321", gap=30),
        ordered("recipient", "unknown", source="document", gap=40),
        ordered("account", "does not exist", source="godaddy", gap=12),
        ordered("no such", "user", source="cpanel", gap=8),
        # The taxonomy's own index (Sisimai v5 reason/why-userunknown.go): texts it lists
        # under userunknown, written as the literal wording
        phrase("#5.1.1 bad address", "taxonomy-index"),
        # "<address> not found": an address, then "not found" (read as an unknown address only
        # at RCPT or with an addressing status, as any loose wording)
        ordered("<", "> not found", source="taxonomy-index", gap=80),
        phrase("550 address invalid", "taxonomy-index"),
        phrase("5.1.0 address rejected.", "taxonomy-index"),
        phrase("address not present in directory", "taxonomy-index"),
        phrase("address unknown", "taxonomy-index"),
        phrase("can't accept user", "taxonomy-index"),
        phrase("destination addresses were unknown", "taxonomy-index"),
        phrase("destination server rejected recipients", "taxonomy-index"),
        phrase("invalid mailbox", "taxonomy-index"),
        phrase("invalid mailbox path", "taxonomy-index"),
        phrase("is not a known user", "taxonomy-index"),
        phrase("is not a valid mailbox", "taxonomy-index"),
        phrase("is not an active address at this host", "taxonomy-index"),
        phrase("mailbox invalid", "taxonomy-index"),
        phrase("mailbox is inactive", "taxonomy-index"),
        phrase("mailbox is unavailable", "taxonomy-index"),
        phrase("mailbox not present", "taxonomy-index"),
        phrase("nessun utente simile in questo indirizzo", "taxonomy-index"),
        phrase("no account by that name here", "taxonomy-index"),
        phrase("no existe dicha persona", "taxonomy-index"),
        phrase("no existe ese usuario", "taxonomy-index"),
        phrase("no mail box available for this user", "taxonomy-index"),
        phrase("no mailbox by that name is currently available", "taxonomy-index"),
        phrase("no mailbox found", "taxonomy-index"),
        phrase("no such address here", "taxonomy-index"),
        phrase("no such mailbox", "taxonomy-index"),
        phrase("no such person at this address", "taxonomy-index"),
        phrase("no such recipient", "taxonomy-index"),
        phrase("no thank you rejected: account unavailable", "taxonomy-index"),
        phrase("not a valid recipient", "taxonomy-index"),
        phrase("not a valid user here", "taxonomy-index"),
        phrase("not a local address", "taxonomy-index"),
        phrase("recipient address rejected: userunknown", "taxonomy-index"),
        phrase("recipient is not accepted", "taxonomy-index"),
        phrase("recipient is not local", "taxonomy-index"),
        phrase("recipient not exist", "taxonomy-index"),
        phrase("recipient not ok", "taxonomy-index"),
        phrase("recipient refuses to accept your mail", "taxonomy-index"),
        phrase("sorry, badrcptto", "taxonomy-index"),
        phrase("sorry, your envelope recipient has been denied", "taxonomy-index"),
        phrase("that domain or user isn't in my list of allowed rcpthosts", "taxonomy-index"),
        phrase("the following recipients was undeliverable", "taxonomy-index"),
        phrase("there is no one at this address", "taxonomy-index"),
        phrase("this email address is wrong or no longer valid", "taxonomy-index"),
        phrase("this recipient is in my badrecipientto list", "taxonomy-index"),
        phrase("this recipient is not in my validrcptto list", "taxonomy-index"),
        phrase("unknown mailbox", "taxonomy-index"),
        phrase("user missing home directory", "taxonomy-index"),
        phrase("user not active", "taxonomy-index"),
        phrase("utilisateur inconnu !", "taxonomy-index"),
        phrase("your envelope recipient is in my badrcptto list", "taxonomy-index"),
        ordered("no", "in name directory", source="taxonomy-index", gap=60),
        phrase("nonexistent user", "taxonomy-index"),
        phrase("non-existent user", "taxonomy-index"),
        phrase("unknown email address", "taxonomy-index"),
        phrase("unknown e-mail address", "taxonomy-index"),
        phrase("unknown local part", "taxonomy-index"),
        phrase("unknown local-part", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Notes / Domino: the address is not in the directory (Japanese, Spanish, French)
        phrase("ディレクトリのリストにありません", "taxonomy-lhost"),
        phrase("no se encuentra en el directorio de domino", "taxonomy-lhost"),
        phrase("non répertorié dans l'annuaire domino", "taxonomy-lhost"),
        phrase("domino ディレクトリには見つかりません", "taxonomy-lhost"),
    ),
)
