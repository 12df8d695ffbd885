"""Texts that mail systems and providers document, each with the reason it means.

These are not corpus samples: each text is a mail system's own string, read
from its installed binary (``program``: the test checks that the binary holds
``template`` byte for byte), or a provider's published error page, quoted
with its address. ``example`` is the text as a bounce would show it: the
template with its ``%s`` filled in with documentation names (example.org,
192.0.2.1).

Two uses:

- ``test_documented.py`` decides every example and checks it gets ``reason``
  (the rule stands on the documented text, not on a sample);
- the leave-one-family-out measurement (``holdout.py``) counts these texts as
  one more family that is never measured: a rule that a documented text
  carries was not learned from a corpus family, so it is not held out from
  the one family whose samples use it.

Add a text only from the source itself (a binary's strings, the page), never
from a bounce; say where it comes from and why it means its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.realservers.mta import unpacked_root

# The family name the documented texts count as in the held-out measurement.
FAMILY = "documented"


@dataclass(frozen=True)
class Documented:
    """One documented text: where it is, what it looks like in a bounce, what it means."""

    reason: str
    source: str  # a key of postdesk.bounce.citations.SOURCES
    example: str  # as a bounce shows it
    template: str = ""  # the string as the program holds it (printf format)
    program: str = ""  # "postfix:/usr/lib/..." (system-wide) or "exim4:usr/sbin/exim4"
    command: str = ""  # the SMTP stage the text answers, where the source says
    rhost: str = ""  # the provider's server that answers so (its table applies)
    why: str = ""

    def binary(self) -> Path:
        """The installed file that holds ``template``."""
        owner, _, path = self.program.partition(":")
        if path.startswith("/"):
            return Path(path)
        return unpacked_root(owner) / path


POSTFIX_DNS = "postfix:/usr/lib/postfix/libpostfix-dns.so"
POSTFIX_SMTPD = "postfix:/usr/lib/postfix/sbin/smtpd"
EXIM = "exim4:usr/sbin/exim4"
OPENSMTPD = "opensmtpd:usr/sbin/smtpd"
COURIER_SUBMIT = "courier:usr/lib/courier/courier/submit"
COURIERD = "courier:usr/lib/courier/courier/courierd"
COURIER_DELIVER = "courier:usr/lib/courier/courier/modules/local/courierdeliver"
COURIER_DELIVERQUOTA = "courier:usr/bin/deliverquota.courier"
SENDMAIL = "sendmail:usr/libexec/sendmail/sendmail"
POSTFIX_QMQPD = "postfix:/usr/lib/postfix/sbin/qmqpd"
POSTFIX_CLEANUP = "postfix:/usr/lib/postfix/sbin/cleanup"
POSTFIX_SMTP = "postfix:/usr/lib/postfix/sbin/smtp"
POSTFIX_LOCAL = "postfix:/usr/lib/postfix/sbin/local"
SENDMAIL_CF = "sendmail:usr/share/sendmail/cf/m4/proto.m4"  # the rulesets sendmail.cf is made of

TEXTS: tuple[Documented, ...] = (
    # Postfix's DNS client (src/dns/dns_lookup.c): a lookup that failed for a reason other
    # than "no such name" is a name service error, retried (a network/DNS failure).
    Documented(
        "networkerror",
        "postfix",
        "Name service error for name=example.org type=MX: Malformed or unexpected name server"
        " reply",
        "Name service error for name=%s type=%s: Malformed or unexpected name server reply",
        POSTFIX_DNS,
        why="the name server's answer could not be read: a DNS failure, not a missing domain",
    ),
    Documented(
        "networkerror",
        "postfix",
        "Name service error for domain example.org: Host not found, try again",
        "Host not found, try again",
        POSTFIX_DNS,
        why="h_errno TRY_AGAIN: the resolver could not get an answer now",
    ),
    Documented(
        "hostunknown",
        "postfix",
        "Host or domain name not found. Name service error for name=example.org type=A:"
        " Host not found",
        "Host or domain name not found. Name service error for name=%s type=%s: %s",
        POSTFIX_DNS,
        why="the name does not exist (NXDOMAIN): Postfix bounces it at once",
    ),
    # Postfix smtpd: RFC 3463 X.5.3 "Too many recipients"; RFC 5321 4.5.3.1.10.
    Documented(
        "toomanyconn",
        "postfix",
        "452 4.5.3 Error: too many recipients",
        "452 4.5.3 Error: too many recipients",
        POSTFIX_SMTPD,
        command="RCPT",
        why="smtpd_recipient_limit reached (postconf(5)); RFC 3463 X.5.3",
    ),
    # Postfix smtpd's refusal of the whole session at the greeting (RFC 5321 3.1: a 554
    # instead of the 220): the client was refused before any address was sent.
    Documented(
        "blocked",
        "postfix",
        "554 mx.example.org ESMTP not accepting connections",
        "554 %s ESMTP not accepting connections",
        POSTFIX_SMTPD,
        why="the server refuses the connecting client as a whole (RFC 5321 3.1)",
    ),
    # Exim (src/deliver.c, src/verify.c).
    Documented(
        "notaccept",
        "exim",
        "an MX or SRV record indicated no SMTP service",
        "an MX or SRV record indicated no SMTP service",
        EXIM,
        why="a null MX or SRV target '.' (RFC 7505, RFC 2782): the domain takes no mail",
    ),
    Documented(
        "syntaxerror",
        "exim",
        "malformed address: <a@example.org> may not follow b@example.org",
        "malformed address: %.32s may not follow %.*s",
        EXIM,
        why="Exim could not parse a recipient address of the message's header",
    ),
    # OpenSMTPD (usr.sbin/smtpd/mta.c, bounce.c).
    Documented(
        "hostunknown",
        "opensmtpd",
        "Domain does not exist",
        "Domain does not exist",
        OPENSMTPD,
        why="the recipient's domain has no DNS entry (NXDOMAIN)",
    ),
    Documented(
        "networkerror",
        "opensmtpd",
        "Network error on destination MXs",
        "Network error on destination MXs",
        OPENSMTPD,
        why="no MX of the domain could be connected to",
    ),
    Documented(
        "expired",
        "opensmtpd",
        "Envelope expired",
        "Envelope expired",
        OPENSMTPD,
        why="the message stayed in the queue past its lifetime",
    ),
    Documented(
        "notaccept",
        "opensmtpd",
        "No MX found for domain",
        "No MX found for domain",
        OPENSMTPD,
        why="no mail exchanger could be found for the domain: it takes no mail",
    ),
    # Courier's submit: the recipient's domain does not exist.
    Documented(
        "hostunknown",
        "courier",
        "517-Domain does not exist: example.org",
        "517-Domain does not exist: ",
        COURIER_SUBMIT,
        why="the recipient's domain has no DNS entry",
    ),
    # Google Workspace Admin Help, "Gmail SMTP errors and codes"
    # (https://support.google.com/a/answer/3726730): 450 4.2.1 for this text; the 5.2.1
    # form of the same text is Gmail's permanent variant.
    Documented(
        "speeding",
        "gmail",
        "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents"
        " additional messages from being delivered. Please resend your message at a later"
        " time.",
        why="the recipient receives more mail than Gmail accepts for it per unit of time",
    ),
    # Yahoo Help SLN3434, 'Error: "421 4.7.0 [TS01] Messages from x.x.x.x temporarily
    # deferred due to user complaints -" when sending email to Yahoo'
    # (https://au.help.yahoo.com/kb/SLN3434.html): "Yahoo is seeing unusual traffic from
    # your IP address and/or ... complaints from Yahoo Mail users".
    # The reason name for it is the taxonomy's: its index lists the text under blocked and its
    # Yahoo module gives TS01 no other reading (docs/bounce-reasons.md, "Taxonomy readings").
    Documented(
        "blocked",
        "yahoo",
        "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints -",
        rhost="mta5.am0.yahoodns.net",
        why="the sending IP is held back for its traffic and its users' complaints",
    ),
    # Amazon's knowledge center, "Why do I get a 554 or 400 'Message rejected' error with
    # 'Email address is not verified' from Amazon SES?"
    # (https://repost.aws/knowledge-center/ses-554-400-message-rejected-error): SES sends
    # only from verified identities; the SMTP interface answers the message's data so.
    Documented(
        "norelaying",
        "amazonses",
        "554 Message rejected: Email address is not verified. The following identities failed"
        " the check in region US-EAST-1: a@example.org",
        command="DATA",
        why="the relay (SES) will not send for an identity it has not verified",
    ),
    # Spam Resource, "Microsoft: Multiple types of invalid user bounces" (the source of
    # the Microsoft table's invalid-user rules; citation "microsoft-invalid"): both are
    # Microsoft 365's answers for an address that does not exist.
    Documented(
        "userunknown",
        "microsoft-invalid",
        "550 5.4.1 Recipient address rejected: Access denied. [CY4PEPF0000EE3C.namprd03.prod"
        ".outlook.com 2023-09-18T12:48:32.808Z 08DBB45899852BA7]",
        command="RCPT",
        rhost="company-com.mail.protection.outlook.com",
        why="Directory-Based Edge Blocking: the address is not in the tenant's directory",
    ),
    Documented(
        "userunknown",
        "microsoft-invalid",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        rhost="company-com.mail.protection.outlook.com",
        why="the recipient resolver found no such address",
    ),
    # qmail 1.03 qmail-remote.c, temp_noconn(): no MX or address of the domain answered
    # (a temporary failure, #4.4.1; qmail-send gives up when the queue lifetime ends).
    # Not installed here: read in the qmail source.
    Documented(
        "networkerror",
        "qmail",
        "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
        why="no connection could be made to any of the domain's hosts",
    ),
    # DragonFly Mail Agent (dma), its bounce after the queue lifetime: read in Debian's dma
    # 0.13-1 /usr/sbin/dma ("Could not deliver for the last %d seconds. Giving up."; its
    # default queue lifetime is 5 days, 432000 seconds); dma
    # is not installed here (it would replace the system's MTA).
    Documented(
        "expired",
        "dma",
        "Could not deliver for the last 432000 seconds. Giving up.",
        why="the message stayed in the queue past its lifetime",
    ),
    # RFC 7505, its title and abstract: a "null MX" record says the domain accepts no mail.
    Documented(
        "notaccept",
        "rfc7505",
        'A "Null MX" No Service Resource Record for Domains That Accept No Mail',
        why="a null MX is the domain's own statement that it takes no mail",
    ),
    # Cox's postmaster page "Error Codes" (http://postmaster.cox.net/confluence/display/
    # postmaster/Error+Codes): its replies end in "AUP#" and the code; CDRBL: "The sending
    # IP address has been temporarily blocked by Cox due to exhibiting behavior
    # characteristic of spam".
    Documented(
        "blocked",
        "cox",
        "AUP#CDRBL",
        rhost="cox.net",
        why="the sending IP is blocked (for up to 24 hours)",
    ),
    # The mail systems' own answers for an address they do not know (the strings the
    # userunknown phrases cite): Sendmail's rule set answer, Courier's courierd, OpenSMTPD.
    Documented(
        "userunknown",
        "sendmail",
        "550 5.1.1 Addressee unknown",
        "550 5.1.1 Addressee unknown",
        SENDMAIL,
        command="RCPT",
        why="RFC 3463 X.1.1; Sendmail's answer for a recipient its rule sets reject",
    ),
    Documented(
        "userunknown",
        "courier",
        "550 User unknown.",
        "550 User unknown.",
        COURIERD,
        command="RCPT",
        why="Courier's answer for a local address with no account or alias",
    ),
    Documented(
        "userunknown",
        "opensmtpd",
        "550 Invalid recipient",
        "550 Invalid recipient",
        OPENSMTPD,
        command="RCPT",
        why="OpenSMTPD's answer when no rule accepts the recipient address",
    ),
    # Local delivery out of space: Exim's appendfile transport, Courier's maildir delivery.
    Documented(
        "mailboxfull",
        "exim",
        "mailbox is full",
        "mailbox is full",
        EXIM,
        why="the appendfile transport's quota was reached (Exim spec, quota option)",
    ),
    Documented(
        "mailboxfull",
        "courier",
        "Mail quota exceeded.",
        "Mail quota exceeded.",
        COURIER_DELIVERQUOTA,
        why="deliverquota refuses a message that would exceed the maildir quota",
    ),
    Documented(
        "mailboxfull",
        "courier",
        "Maildir over quota.",
        "Maildir over quota.",
        COURIER_DELIVER,
        why="Courier's local delivery found the maildir over its quota",
    ),
    # Loops: RFC 3463 X.4.6 "Routing loop detected".
    Documented(
        "networkerror",
        "sendmail",
        "554 5.4.6 Too many hops",
        "554 5.4.6 Too many hops",
        SENDMAIL,
        why="the message passed more relays than MaxHopCount allows: a mail loop",
    ),
    Documented(
        "networkerror",
        "exim",
        'Too many "Received" headers - suspected mail loop',
        'Too many "Received" headers - suspected mail loop',
        EXIM,
        why="received_headers_max exceeded: the message is looping",
    ),
    Documented(
        "networkerror",
        "courier",
        "546 Routing loop detected -- too many Received: headers.",
        "546 Routing loop detected -- too many Received: headers.",
        COURIER_SUBMIT,
        why="RFC 3463 X.4.6 in Courier's words",
    ),
    # A server's own failure, in its own words.
    Documented(
        "systemerror",
        "postfix",
        "421 4.3.0 Mail system error",
        "421 4.3.0 Mail system error",
        POSTFIX_SMTPD,
        why="smtpd could not talk to its own cleanup or queue: a local failure (RFC 3463 X.3.0)",
    ),
    Documented(
        "systemerror",
        "opensmtpd",
        "451 Temporary failure",
        "451 Temporary failure",
        OPENSMTPD,
        why="OpenSMTPD's answer when its own queue or lookup failed",
    ),
    Documented(
        "systemerror",
        "courier",
        "Service temporarily unavailable.",
        "Service temporarily unavailable.",
        COURIERD,
        why="Courier could not hand the message on internally",
    ),
    # A host that refused every connection (ECONNREFUSED): the taxonomy's index lists Sendmail's
    # "connection refused by" under blocked (its reason names, its reading; no RFC names one).
    Documented(
        "blocked",
        "sendmail",
        "Deferred: Connection refused by mx.example.org.",
        "Connection refused by ",
        SENDMAIL,
        why="the taxonomy reads a host that refuses the client's connections as blocked",
    ),
    # Microsoft KB Q246881 quotes the Internet Mail Service's NDR for a recipient it does not
    # know: "The recipient name is not recognized ... MSEXCH:IMS:microsoft:<site>:<server> 0
    # (000C05A6) Unknown Recipient".
    Documented(
        "userunknown",
        "exchange2003",
        "The recipient name is not recognized The MTS-ID of the original message is: c=US;a= ;"
        "p=Example MSEXCH:IMS:example:site:server 0 (000C05A6) Unknown Recipient",
        why="Exchange's directory found no recipient by that name",
    ),
    # The taxonomy's own example of its reason (Sisimai::Reason::PolicyViolation manual page,
    # libsisimai-perl): "554 5.7.9 Header error" is policyviolation.
    Documented(
        "policyviolation",
        "taxonomy",
        "554 5.7.9 Header error",
        command="DATA",
        why="a header of the message broke the receiving side's policy",
    ),
    # GoDaddy Help, "Fix rejected email with a bounce error" (sender bounces; also quoted at
    # topwebhostingoffers.com/various-email-bounce-backs-on-a-cpanel-server/): the sender's
    # From: domain does not resolve.
    Documented(
        "rejected",
        "godaddy",
        "550 From: Domain is invalid. Please provide a valid From: IB506",
        why="GoDaddy's own reading: the sending address's domain is invalid",
    ),
    # More of the mail systems' own strings behind the phrases that cite them.
    # Postfix smtpd_check.c: the recipient tables' answer, "<%s>: %s rejected: User unknown%s"
    # with the table named (" in virtual mailbox table", " in virtual alias table").
    Documented(
        "userunknown",
        "postfix",
        "<a@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
        "<%s>: %s rejected: User unknown%s",
        POSTFIX_SMTPD,
        command="RCPT",
        why="virtual_mailbox_maps has no such address (postconf(5))",
    ),
    Documented(
        "userunknown",
        "postfix",
        "<a@example.org>: Recipient address rejected: User unknown in virtual alias table",
        "<%s>: %s rejected: User unknown%s",
        POSTFIX_SMTPD,
        command="RCPT",
        why="virtual_alias_maps has no such address (postconf(5))",
    ),
    # Postfix: message_size_limit (smtpd) and the queue file limit (cleanup).
    Documented(
        "mesgtoobig",
        "postfix",
        "552 5.3.4 Message size exceeds fixed limit",
        "Message size exceeds fixed limit",
        POSTFIX_SMTPD,
        command="DATA",
        why="message_size_limit (postconf(5)); RFC 3463 X.3.4",
    ),
    Documented(
        "mesgtoobig",
        "postfix",
        "4B3C2D1E0F: queue file size limit exceeded",
        "%s: queue file size limit exceeded",
        POSTFIX_CLEANUP,
        why="the message outgrew message_size_limit while it was written to the queue",
    ),
    # Postfix: its queue could not be written (a local failure).
    Documented(
        "systemerror",
        "postfix",
        "451 4.3.0 Error: queue file write error",
        "Error: queue file write error",
        POSTFIX_QMQPD,
        why="the receiving Postfix could not write its queue file",
    ),
    # OpenSMTPD mta.c: the peer's SIZE is smaller than the message.
    Documented(
        "mesgtoobig",
        "opensmtpd",
        "message too large for peer",
        "message too large for peer",
        OPENSMTPD,
        why="the remote's SIZE limit (RFC 1870) is below the message's size",
    ),
    # Sendmail: its queue file system is short of space (RFC 3463 X.4.5 congestion).
    Documented(
        "systemfull",
        "sendmail",
        "452 4.4.5 Insufficient disk space; try again later",
        "452 4.4.5 Insufficient disk space; try again later",
        SENDMAIL,
        why="MinFreeBlocks not available on the queue file system",
    ),
    # Courier submit: a spam filter's verdict.
    Documented(
        "spamdetected",
        "courier",
        "550 Spam refused.",
        "550 Spam refused.",
        COURIER_SUBMIT,
        command="DATA",
        why="Courier's answer when its content filter judges the message spam",
    ),
    # vpopmail's vdelivermail.c (published source): an unknown user when the domain bounces
    # them, and an account flagged to bounce its mail (vmoduser -b).
    Documented(
        "userunknown",
        "vpopmail",
        "Sorry, no mailbox here by that name. vpopmail (#5.1.1)",
        why="usernotfound() with the domain set to bounce mail for unknown users",
    ),
    Documented(
        "suspend",
        "vpopmail",
        "vdelivermail: account is locked email bounced a@example.org",
        why="checkuser(): the account's mail is set to bounce (exit 100)",
    ),
    # qmail-send.c (qmail 1.03, published source): the queue lifetime ran out.
    Documented(
        "expired",
        "qmail",
        "I'm not going to try again; this message has been in the queue too long.",
        why="queuelifetime (qmail-send(8)) passed with the message still undelivered",
    ),
    # amavisd-new 2.13 (Debian amavisd-new, Amavis/Conf.pm %smtp_reason_by_ccat and the
    # status codes Amavis.pm gives each contents category): its SMTP replies after DATA.
    Documented(
        "policyviolation",
        "amavis",
        "554 5.7.0 Reject, id=04397-01 - BANNED: P=p003,L=1,M=multipart/mixed | P=p002,L=1/2,"
        "T=exe,N=invoice.exe",
        command="DATA",
        why="CC_BANNED: a part whose name or type the banned_filename rules refuse",
    ),
    Documented(
        "spamdetected",
        "amavis",
        "554 5.7.0 Reject, id=04397-01 - spammy (tag3)",
        command="DATA",
        why="CC_SPAMMY: the spam score passed the tag3 level",
    ),
    Documented(
        "notcompliantrfc",
        "amavis",
        "554 5.6.0 Reject, id=04397-01 - BAD HEADER: nonencoded 8-bit character",
        command="DATA",
        why="CC_BADH: raw 8-bit characters in the header section, which RFC 5322 forbids"
        " (its DSN template explains each BAD HEADER kind as a rule of RFC 5322)",
    ),
    Documented(
        "notcompliantrfc",
        "amavis",
        "554 5.6.0 Reject, id=04397-01 - BAD HEADER: syntax error",
        command="DATA",
        why="CC_BADH minor 6: a header field that does not parse (RFC 5322 section 3)",
    ),
    # Google Workspace Admin Help, Gmail SMTP errors and codes (support.google.com/a/answer/
    # 3726730): replies whose registry code would name another cause.
    Documented(
        "norelaying",
        "gmail",
        "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to"
        " our servers. Please use the SMTP relay at your service provider instead. - gsmtp",
        command="RCPT",
        rhost="gmail-smtp-in.l.google.com",
        why="the client IP may not deliver to Gmail directly (taxonomy Google module: norelaying)",
    ),
    Documented(
        "mailboxfull",
        "gmail",
        "550 5.7.1 Email quota exceeded. - gsmtp",
        rhost="gmail-smtp-in.l.google.com",
        why="a quota exceeded (the taxonomy's Google module lists it under mailboxfull)",
    ),
    # More strings of the installed mail systems behind rules that a corpus family alone
    # supported before (issue 14, items 5 and 6).
    Documented(
        "mailererror",
        "sendmail",
        "554 5.3.0 unknown mailer error 1",
        "554 5.3.0 unknown mailer error ",  # then the exit status (%d)
        SENDMAIL,
        why="a delivery agent (mailer) exited with a status sendmail does not know (deliver.c)",
    ),
    Documented(
        "notaccept",
        "sendmail",
        "556 Host does not accept mail: MX 0 .",
        "556 Host does not accept mail: MX 0 .",
        SENDMAIL,
        why="the domain's only MX is '.' (RFC 7505 null MX), RFC 7504's 556",
    ),
    Documented(
        "requireptr",
        "sendmail",
        "550 5.7.1 Fix reverse DNS for 192.0.2.1",
        "Fix reverse DNS for ",
        SENDMAIL_CF,
        why="FEATURE(require_rdns): the client's address has no PTR record that resolves back",
    ),
    Documented(
        "toomanyconn",
        "sendmail",
        "421 4.3.2 Connection rate limit exceeded.",
        "Connection rate limit exceeded.",
        SENDMAIL_CF,
        why="FEATURE(ratecontrol): the client opened more connections than ClientRate allows;"
        " RFC 3463 X.3.2",
    ),
    Documented(
        "notaccept",
        "postfix",
        "Domain example.org does not accept mail (nullMX)",
        "Domain %s does not accept mail (nullMX)",
        POSTFIX_DNS,
        why="the recipient domain publishes a null MX (RFC 7505)",
    ),
    Documented(
        "failedstarttls",
        "postfix",
        "TLS is required, but was not offered by host mx.example.org[192.0.2.1]",
        "TLS is required, but was not offered by host %s",
        POSTFIX_SMTP,
        why="smtp_tls_security_level encrypt (or a TLS policy) and no STARTTLS offered",
    ),
    Documented(
        "failedstarttls",
        "postfix",
        "530 5.7.0 Must issue a STARTTLS command first",
        "530 5.7.0 Must issue a STARTTLS command first",
        POSTFIX_SMTPD,
        command="MAIL",
        why="smtpd_tls_security_level encrypt: the client sent MAIL without STARTTLS (RFC 3207)",
    ),
    Documented(
        "blocked",
        "postfix",
        "<unknown[192.0.2.1]>: Client host rejected: Access denied",
        "<%s>: %s rejected: Access denied",
        POSTFIX_SMTPD,
        command="RCPT",
        why="check_client_access REJECT (access(5)): the client host is refused",
    ),
    Documented(
        "requireptr",
        "postfix",
        "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]",
        "Client host rejected: cannot find your reverse hostname, [%s]",
        POSTFIX_SMTPD,
        command="RCPT",
        why="reject_unknown_reverse_client_hostname: the client's address has no PTR record",
    ),
    Documented(
        "contenterror",
        "postfix",
        "550 5.6.0 improper use of 8-bit data in message header",
        "improper use of 8-bit data in message header",
        "postfix:/usr/lib/postfix/libpostfix-global.so",
        command="DATA",
        why="8-bit octets in the header of a message not sent as 8BITMIME (strict_8bitmime,"
        " RFC 6152)",
    ),
    Documented(
        "mailboxfull",
        "postfix",
        "cannot update mailbox /var/mail/a for user a. error writing message: Disk quota exceeded",
        "cannot update mailbox %s for user %s. ",
        POSTFIX_LOCAL,
        why="local(8) could not write the mailbox: strerror(EDQUOT), the user's disk quota",
    ),
    Documented(
        "requireptr",
        "exim",
        "550 host lookup failed for reverse lookup check",
        "host lookup failed for reverse lookup check%s",
        EXIM,
        command="RCPT",
        why="verify = reverse_host_lookup: the client's address has no name that resolves back",
    ),
    Documented(
        "toomanyconn",
        "exim",
        "421 Too many concurrent SMTP connections; please try again later.",
        "421 Too many concurrent SMTP connections; please try again later.",
        EXIM,
        why="smtp_accept_max reached: connections at once, not a rate over time",
    ),
    # The registered texts of the status codes themselves (RFC 3463 section 3, RFC 7372
    # section 3, RFC 5321 section 4.2.3), as a server that says nothing more words them.
    Documented(
        "mesgtoobig",
        "rfc3463",
        "552 5.3.4 Message too big for system",
        why="X.3.4: the message is larger than the per-message size limit",
    ),
    Documented(
        "notaccept",
        "rfc3463",
        "554 5.3.2 System not accepting network messages",
        why="X.3.2 as a permanent refusal: the host takes no mail",
    ),
    Documented(
        "authfailure",
        "rfc7372",
        "550 5.7.26 Multiple authentication checks failed",
        why="X.7.26: more than one of SPF, DKIM and the like failed",
    ),
    Documented(
        "requireptr",
        "rfc7372",
        "550 5.7.25 Reverse DNS validation failed",
        why="X.7.25: the client's reverse DNS did not validate",
    ),
    # RFC 5321 gives the text to its reply code 421, not to a reason name; the taxonomy's index
    # lists it under blocked (why-blocked.go) and the taxonomy has no reading of 421 that says
    # otherwise, so its name is the one used (docs/bounce-reasons.md, "Taxonomy readings").
    Documented(
        "blocked",
        "rfc5321",
        "421 mx.example.org Service not available, closing transmission channel",
        why="the taxonomy reads RFC 5321's 421 text as the client being turned away",
    ),
    # Microsoft Learn, Exchange Online NDR pages ("Fix email delivery issues for error code
    # 5.1.1 / 5.2.3 / 4.4.7 / 5.7.509 in Exchange Online").
    Documented(
        "userunknown",
        "exchange",
        "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
        why="the directory has no recipient with that address",
    ),
    Documented(
        "exceedlimit",
        "exchange",
        "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient",
        why="the recipient's own message size limit, smaller than the organisation's",
    ),
    Documented(
        "expired",
        "exchange",
        "550 4.4.7 QUEUE.Expired; message expired",
        why="the message stayed in the queue until its lifetime ran out",
    ),
    Documented(
        "authfailure",
        "exchange",
        "550 5.7.509 Access denied, sending domain [example.org] does not pass DMARC"
        " verification and has a DMARC policy of reject.",
        rhost="example-com.mail.protection.outlook.com",
        why="DMARC failed for the sending domain, whose policy is reject",
    ),
    # Outlook.com postmaster's troubleshooting page.
    Documented(
        "badreputation",
        "outlookcom",
        "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP"
        " reputation.",
        rhost="hotmail-com.olc.protection.outlook.com",
        why="a limit set by the sending IP's reputation, not by a rate it exceeded",
    ),
    # Google Workspace Admin Help, Gmail SMTP errors and codes.
    Documented(
        "authfailure",
        "gmail",
        "550-5.7.26 This message does not have authentication information or fails to pass"
        " authentication checks (SPF or DKIM). To best protect our users from spam, the message"
        " has been blocked. - gsmtp",
        rhost="gmail-smtp-in.l.google.com",
        why="neither SPF nor DKIM passed for the message",
    ),
    Documented(
        "authfailure",
        "gmail",
        "550-5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard fail"
        " policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.1]. - gsmtp",
        rhost="gmail-smtp-in.l.google.com",
        why="SPF failed under the domain's -all policy",
    ),
    Documented(
        "requireptr",
        "gmail",
        "550-5.7.25 The IP address sending this message does not have a PTR record setup, or"
        " the corresponding forward DNS entry does not point to the sending IP. As a policy,"
        " Gmail does not accept messages from IPs with missing PTR records. - gsmtp",
        rhost="gmail-smtp-in.l.google.com",
        why="the client's address has no PTR record, or it does not resolve back",
    ),
    Documented(
        "notcompliantrfc",
        "gmail",
        "550-5.7.1 Messages with multiple addresses in From: header are not accepted. - gsmtp",
        command="DATA",
        rhost="gmail-smtp-in.l.google.com",
        why="RFC 5322 3.6.2: several From: addresses need a Sender: field",
    ),
    Documented(
        "policyviolation",
        "gmail",
        "552-5.7.0 This message was blocked because its content presents a potential security"
        " issue. - gsmtp",
        command="DATA",
        rhost="gmail-smtp-in.l.google.com",
        why="Gmail's content policy refused the message (an attachment or link it judged unsafe)",
    ),
    # Yahoo Sender Hub, SMTP error codes: TSS04.
    Documented(
        "rejected",
        "yahoo",
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume"
        " or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
        rhost="mta5.am0.yahoodns.net",
        why="the sender deferred for volume or complaints (the taxonomy's Yahoo module: rejected)",
    ),
    # 263 企业邮箱's help page (why mail to a 263 mailbox bounces): a wrong address.
    Documented(
        "userunknown",
        "263",
        "550 user not exist",
        command="RCPT",
        why="收件人信箱地址错误: the recipient's address is wrong",
    ),
    # Mimecast SMTP Error Codes (community.mimecast.com, DOC-1369).
    Documented(
        "userunknown",
        "mimecast",
        "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550",
        rhost="eu-smtp-inbound-1.mimecast.com",
        why="the recipient address is not a valid address of Mimecast's customer",
    ),
    Documented(
        "rejected",
        "mimecast",
        "550 Administrative prohibition - envelope blocked -"
        " https://community.mimecast.com/docs/DOC-1369#550",
        rhost="eu-smtp-inbound-1.mimecast.com",
        why="a Blocked Senders policy names the envelope sender",
    ),
    Documented(
        "rejected",
        "mimecast",
        "550 Rejected by header based Blocked Senders: block policy for example.org -"
        " https://community.mimecast.com/docs/DOC-1369#550",
        rhost="eu-smtp-inbound-1.mimecast.com",
        why="a Blocked Senders policy names the From: address",
    ),
)
