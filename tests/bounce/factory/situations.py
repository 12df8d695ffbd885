"""The bounce factory's situations: what the remote does, and what the bounce must then say.

Each situation is one message relayed by a real mail system to a remote that answers as a
situation's source documents say a real server answers (the reply texts are quoted from those
documents, cited per situation, never from the bounce corpus). The expected recipient, status,
reply code, SMTP command and reason are what that reply means by the same documents and by the
reason definitions in ``docs/bounce-reasons.md``. Where a mail system documents a behaviour of
its own (how it reports a refused connection, whether it sends delay warnings), ``per_mta`` says
so, citing that system's documentation.

Recipients are ``<name>@<name>.remote.test``: each situation has its own domain, routed to its
own scripted remote, so a greeting or HELO script concerns one situation only. ``dns`` situations
are delivered by MX look-up through the factory's loopback BIND instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from tests.realservers import STALL, Reply, Stage
from tests.realservers.scripted_smtp import Script

DNS_ZONE = "dns.test"
# NXDOMAIN: a name inside the loopback zone that the zone does not hold.
NXDOMAIN = f"nowhere.{DNS_ZONE}"
# RFC 7505 null MX: "MX 0 ." says the domain accepts no mail.
NULL_MX = f"nullmx.{DNS_ZONE}"
DNS_RECORDS = "nullmx MX 0 .\n"

REPORT = "report"  # the status the DSN's own report gives (the remote gave none)

# OpenSMTPD's notice writes "address: reply" and never the command the reply answered
# (OpenSMTPD 6.8 bounce.c), so no command can be read from it.
NO_COMMAND_SHOWN = frozenset({"opensmtpd"})

Mode = Literal["serve", "refuse", "stall", "dns", "tls-required"]


@dataclass(frozen=True)
class Expect:
    """What the bounce must say about the recipient (status "" = none may be claimed as the
    remote's; a pseudo status is then allowed)."""

    status: str
    replycode: str
    command: str
    reason: str
    action: str = "failed"


@dataclass(frozen=True)
class Situation:
    name: str
    script: dict[Stage, Script] = field(default_factory=dict)
    expect: Expect | None = None  # None: the message is delivered, no failure DSN
    mode: Mode = "serve"
    domain: str = ""  # dns situations: the domain looked up
    per_mta: dict[str, Expect] = field(default_factory=dict)
    # A delay notice is expected too (delay warnings configured short), with this reason.
    delay_reason: str = ""
    only: frozenset[str] | None = None  # the mail systems it applies to (None: all)

    @property
    def recipient(self) -> str:
        slug = self.name.replace("_", "-")
        return f"{slug}@{self.domain or f'{slug}.remote.test'}"

    def expected(self, mta: str) -> Expect | None:
        if mta in self.per_mta:
            return self.per_mta[mta]
        if self.expect is not None and mta in NO_COMMAND_SHOWN:
            return replace(self.expect, command="")
        return self.expect

    def temporary(self) -> bool:
        """Whether the mail system keeps retrying (the DSN comes after the queue lifetime)."""
        return self.expect is not None and self.expect.replycode[:1] == "4"


def _at(stage: Stage, reply: Reply) -> dict[Stage, Script]:
    return {stage: reply}


# Situations that need retries in seconds: OpenSMTPD 6.8 retries on its own back-off schedule
# (smtpd.conf(5) sets no retry interval; "smtpctl schedule all" did not bring the retry inside
# the queue lifetime) and reports an expiry as a delay notice ("Envelope expired"), so they run
# on the other three.
RETRYING = frozenset({"postfix", "exim", "sendmail", "courier"})
# OpenSMTPD's client timeouts are compiled in (minutes): no stall situation there.
SHORT_TIMEOUTS = RETRYING
# Sendmail requires TLS of a server only through its access map (TLS_Srv:, not configured);
# Courier through esmtproutes' /SECURITY=REQUIRED (not configured either).
TLS_POLICY = frozenset({"postfix", "exim", "opensmtpd"})  # not Courier: see below

SITUATIONS: tuple[Situation, ...] = (
    # RFC 3463 X.1.1 "Bad destination mailbox address"; Gmail's documented reply
    # (support.google.com/a/answer/3726730: "550 5.1.1 The email account that you tried to
    # reach does not exist").
    Situation(
        "user_unknown",
        _at(
            Stage.RCPT,
            Reply(550, "The email account that you tried to reach does not exist.", "5.1.1"),
        ),
        Expect("5.1.1", "550", "RCPT", "userunknown"),
    ),
    # Postfix local_recipient_maps rejection (postconf(5) "local_recipient_maps": "User unknown
    # in local recipient table"), RFC 3463 X.1.1.
    Situation(
        "user_unknown_postfix_wording",
        _at(
            Stage.RCPT,
            Reply(
                550,
                "<x>: Recipient address rejected: User unknown in local recipient table",
                "5.1.1",
            ),
        ),
        Expect("5.1.1", "550", "RCPT", "userunknown"),
    ),
    # RFC 5321 4.2.2 550 "mailbox unavailable" with no enhanced code (RFC 2034 codes are
    # optional): at RCPT the words mean the address (docs/bounce-reasons.md "Context").
    Situation(
        "no_enhanced_code",
        _at(Stage.RCPT, Reply(550, "Requested action not taken: mailbox unavailable")),
        Expect(REPORT, "550", "RCPT", "userunknown"),
        # OpenSMTPD's notice names no command (bounce.c: "address: reply") and its report says
        # 5.0.0: with no command and a X.0.0 status the words are the filter's (the taxonomy's
        # rule, docs/bounce-reasons.md "Context"; RFC 5321's 550 covers "no access" and policy).
        # Its report's Status is made up locally (5.0.0) and not read (lhost/opensmtpd.py): the
        # reason's pseudo code stands in, as the reference taxonomy gives it.
        per_mta={"opensmtpd": Expect("5.0.910", "550", "", "filtered")},
    ),
    # RFC 3463 X.2.2 "Mailbox full"; RFC 5321 552 "exceeded storage allocation"; Gmail
    # documents "552 5.2.2 The email account that you tried to reach is over quota".
    Situation(
        "mailbox_full",
        _at(
            Stage.END_OF_DATA,
            Reply(552, "The email account that you tried to reach is over quota.", "5.2.2"),
        ),
        Expect("5.2.2", "552", "DATA", "mailboxfull"),
    ),
    # Gmail documents the temporary form "452 4.2.2 The email account that you tried to reach is
    # over quota"; retried until the queue lifetime ends: the reason is the underlying reply,
    # not the queue's wrapper (RFC 3463 X.4.7: the actual problem's code is returned).
    Situation(
        "mailbox_full_temporary",
        _at(
            Stage.RCPT,
            Reply(452, "The email account that you tried to reach is over quota.", "4.2.2"),
        ),
        Expect("4.2.2", "452", "RCPT", "mailboxfull"),
        delay_reason="mailboxfull",
        only=RETRYING,
    ),
    # RFC 1870 (SIZE) section 6: "552 message size exceeds fixed maximium message size" at MAIL
    # FROM; RFC 3463 X.3.4 "Message too big for system".
    Situation(
        "too_big_at_mail",
        _at(Stage.MAIL, Reply(552, "Message size exceeds fixed maximum message size", "5.3.4")),
        Expect("5.3.4", "552", "MAIL", "mesgtoobig"),
    ),
    # Postfix cleanup(8) at end of DATA when message_size_limit is passed: "552 5.3.4 Error:
    # message file too big" (postconf(5) message_size_limit).
    Situation(
        "too_big_at_data",
        _at(Stage.END_OF_DATA, Reply(552, "Error: message file too big", "5.3.4")),
        Expect("5.3.4", "552", "DATA", "mesgtoobig"),
    ),
    # A remote content filter: Gmail's documented "550 5.7.1 ... likely unsolicited mail"
    # (support.google.com/a/answer/3726730), multi-line as Gmail sends it (RFC 5321 4.2.1:
    # "550-" continuation lines). Remote, so the reply is 4.0.12's, never 4.0.9 E/F.
    Situation(
        "spam_multiline",
        _at(
            Stage.END_OF_DATA,
            Reply(
                550,
                "[127.0.0.1] Our system has detected that this message is\n"
                "likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n"
                "this message has been blocked.",
                "5.7.1",
            ),
        ),
        Expect("5.7.1", "550", "DATA", "spamdetected"),
    ),
    # Rspamd's documented rejection ("554 5.7.1 Spam message rejected", rspamd.com/doc/faq
    # "reject" action, as the milter/proxy return it).
    Situation(
        "spam_rejected",
        _at(Stage.END_OF_DATA, Reply(554, "Spam message rejected", "5.7.1")),
        Expect("5.7.1", "554", "DATA", "spamdetected"),
    ),
    # amavisd-new's reject of an infected message as a before-queue filter: "554 5.7.0 Reject,
    # id=... - VIRUS: <name>" (amavisd-new documentation, "final_virus_destiny D_REJECT").
    Situation(
        "virus",
        _at(Stage.END_OF_DATA, Reply(554, "Reject, id=12345-01 - VIRUS: Eicar-Signature", "5.7.0")),
        Expect("5.7.0", "554", "DATA", "virusdetected"),
    ),
    # clamav-milter's reject ("550 5.7.1 Infected (<name>)", clamav-milter.conf(5) RejectMsg
    # with %v, the virus name).
    Situation(
        "virus_milter",
        _at(Stage.END_OF_DATA, Reply(550, "Infected (Eicar-Signature)", "5.7.1")),
        Expect("5.7.1", "550", "DATA", "virusdetected"),
    ),
    # Postfix access(5) REJECT on the sender at MAIL FROM (smtpd_delay_reject=no): "554 5.7.1
    # <a@b>: Sender address rejected: Access denied".
    Situation(
        "sender_rejected",
        _at(
            Stage.MAIL,
            Reply(554, "<alice@sender.test>: Sender address rejected: Access denied", "5.7.1"),
        ),
        Expect("5.7.1", "554", "MAIL", "rejected"),
    ),
    # Postfix reject_unauth_destination: "554 5.7.1 <x>: Relay access denied"
    # (postconf(5) smtpd_relay_restrictions).
    Situation(
        "relay_denied",
        _at(Stage.RCPT, Reply(554, "<x@relay-denied.remote.test>: Relay access denied", "5.7.1")),
        Expect("5.7.1", "554", "RCPT", "norelaying"),
    ),
    # Greylisting (postgrey's documented reply "450 4.2.0 ... Greylisted, see
    # http://postgrey.schweikert.ch/help/...", RFC 6647 section 2.1): a temporary refusal the
    # next attempt passes. The message is delivered; no failure DSN.
    Situation(
        "greylisted",
        {
            Stage.RCPT: [
                Reply(
                    450,
                    (
                        "<x>: Recipient address rejected: Greylisted, see "
                        "http://postgrey.schweikert.ch/help/greylisted.remote.test.html"
                    ),
                    "4.7.1",
                ),
                None,
            ]
        },
        only=RETRYING,
    ),
    # RFC 5321 3.1 / 4.2.2: "421 <domain> Service not available, closing transmission
    # channel" at the greeting, on every attempt; no enhanced code (none is negotiated before
    # EHLO, RFC 2034). Refused before any address was sent: the client was refused (blocked,
    # docs/bounce-reasons.md "Context"; the corpus's published value for Postfix's "refused to
    # talk to me: 421 Service not available", lhost-postfix-50, is the same).
    Situation(
        "greeting_421",
        _at(
            Stage.GREETING,
            Reply(421, "remote.test Service not available, closing transmission channel"),
        ),
        Expect(REPORT, "421", "CONN", "blocked"),
        only=RETRYING,
    ),
    # RFC 5321 3.1: "554 ... No SMTP service here" at the greeting; Spamhaus's documented text
    # for a listed client (spamhaus.org/faq "554 ... blocked using zen.spamhaus.org").
    Situation(
        "greeting_554_blocklisted",
        _at(
            Stage.GREETING,
            Reply(
                554,
                (
                    "remote.test Service unavailable; Client host [127.0.0.1] blocked "
                    "using zen.spamhaus.org"
                ),
            ),
        ),
        Expect(REPORT, "554", "CONN", "blocked"),
        # Postfix retries a 5xx greeting as if it were 4xx (postconf(5) smtp_skip_5xx_greeting,
        # default yes), so it bounces at the end of the queue lifetime; OpenSMTPD does the same.
        only=RETRYING,
    ),
    # Postfix reject_unknown_helo_hostname (with unknown_hostname_reject_code = 550): "550 5.7.1
    # <client>: Helo command rejected: Host not found" (postconf(5)).
    Situation(
        "helo_rejected",
        _at(
            Stage.HELO, Reply(550, "<client.test>: Helo command rejected: Host not found", "5.7.1")
        ),
        Expect("5.7.1", "550", "EHLO", "blocked"),
        # Postfix smtp(8) reports a refused greeting and a refused HELO/EHLO alike: "host ...
        # refused to talk to me: <reply>" (smtp_proto.c), so the command reads as CONN.
        per_mta={"postfix": Expect("5.7.1", "550", "CONN", "blocked")},
        only=RETRYING,  # OpenSMTPD retries a refused EHLO as a route error
    ),
    # Gmail's documented PTR rule: "550 5.7.25 The IP address sending this message does not
    # have a PTR record setup, or the corresponding forward DNS entry does not point to the
    # sending IP"; RFC 7372 X.7.25 "Reverse DNS validation failed".
    Situation(
        "no_ptr_gmail",
        _at(
            Stage.RCPT,
            Reply(
                550,
                (
                    "The IP address sending this message does not have a PTR record "
                    "setup, or the corresponding forward DNS entry does not point to "
                    "the sending IP."
                ),
                "5.7.25",
            ),
        ),
        Expect("5.7.25", "550", "RCPT", "requireptr"),
    ),
    # Postfix reject_unknown_reverse_client_hostname (unknown_client_reject_code = 550): "550
    # 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]".
    Situation(
        "no_ptr_postfix",
        _at(
            Stage.RCPT,
            Reply(
                550, "Client host rejected: cannot find your reverse hostname, [127.0.0.1]", "5.7.1"
            ),
        ),
        Expect("5.7.1", "550", "RCPT", "requireptr"),
    ),
    # Gmail's documented rate limit: "450 4.2.1 The user you are trying to contact is
    # receiving mail at a rate that prevents additional messages from being delivered";
    # retried until the queue lifetime ends.
    Situation(
        "rate_limited",
        _at(
            Stage.RCPT,
            Reply(
                450,
                (
                    "The user you are trying to contact is receiving mail at a rate "
                    "that prevents additional messages from being delivered."
                ),
                "4.2.1",
            ),
        ),
        Expect("4.2.1", "450", "RCPT", "speeding"),
        only=RETRYING,
    ),
    # RFC 7372 X.7.26 "Multiple authentication checks failed"; Gmail's documented "550 5.7.26
    # This message does not pass authentication checks (SPF and DKIM both do not pass)".
    Situation(
        "dmarc_failed",
        _at(
            Stage.END_OF_DATA,
            Reply(
                550,
                (
                    "This mail has been blocked because the sender is unauthenticated. "
                    "Gmail requires all senders to authenticate with either SPF or "
                    "DKIM."
                ),
                "5.7.26",
            ),
        ),
        Expect("5.7.26", "550", "DATA", "authfailure"),
    ),
    # RFC 4954 section 6: "530 5.7.0 Authentication required" at MAIL FROM. SMTP AUTH of the
    # client, not SPF/DKIM of the sender's domain: the taxonomy's securityerror.
    Situation(
        "auth_required",
        _at(Stage.MAIL, Reply(530, "Authentication required", "5.7.0")),
        Expect("5.7.0", "530", "MAIL", "securityerror"),
    ),
    # RFC 3207 section 4: "530 Must issue a STARTTLS command first" (Postfix smtpd with
    # smtpd_tls_security_level=encrypt adds 5.7.0).
    Situation(
        "starttls_first",
        _at(Stage.MAIL, Reply(530, "Must issue a STARTTLS command first", "5.7.0")),
        Expect("5.7.0", "530", "MAIL", "failedstarttls"),
    ),
    # Gmail's documented "550 5.2.1 The email account that you tried to reach is disabled."
    Situation(
        "account_disabled",
        _at(
            Stage.RCPT,
            Reply(550, "The email account that you tried to reach is disabled.", "5.2.1"),
        ),
        Expect("5.2.1", "550", "RCPT", "suspend"),
    ),
    # RFC 5321 452 "Requested action not taken: insufficient system storage"; RFC 3463 X.3.1
    # "Mail system full"; retried until the queue lifetime ends.
    Situation(
        "system_full",
        _at(
            Stage.END_OF_DATA,
            Reply(452, "Requested action not taken: insufficient system storage", "4.3.1"),
        ),
        Expect("4.3.1", "452", "DATA", "systemfull"),
        only=RETRYING,
    ),
    # Microsoft 365's documented "550 5.7.606-649 Access denied, banned sending IP [x]"
    # (learn.microsoft.com, "Use the delist portal"): the client's IP is blocked, at DATA.
    Situation(
        "banned_ip_at_data",
        _at(
            Stage.DATA,
            Reply(
                550,
                (
                    "Access denied, banned sending IP [127.0.0.1]. To request removal "
                    "from this list please visit https://sender.office.com/"
                ),
                "5.7.606",
            ),
        ),
        Expect("5.7.606", "550", "DATA", "blocked"),
    ),
    # RFC 7505 section 3: a null MX domain accepts no mail; RFC 7505 section 4.2 / RFC 3463
    # X.1.10: "556 5.1.10 Recipient address has null MX". The reason: notaccept.
    # Postfix: "Domain ... does not accept mail (nullMX)" with its DSN Status 5.1.0; Sendmail
    # 8.17: "556 Host does not accept mail: MX 0 ." (5.1.10); Exim: "an MX or SRV record
    # indicated no SMTP service" (Status 5.0.0). OpenSMTPD 6.8 has no null MX support (it
    # logs "No MX found for domain" and retries), so it does not run this one.
    Situation(
        "null_mx",
        mode="dns",
        domain=NULL_MX,
        expect=Expect(REPORT, "", "", "notaccept"),
        per_mta={"sendmail": Expect(REPORT, "556", "", "notaccept")},
        # Courier 1.0 has no null MX support either: "DNS lookup failed.", retried.
        only=RETRYING - {"courier"},
    ),
    # RFC 3463 X.1.2 "Bad destination system address" for a domain that does not exist
    # (NXDOMAIN, RFC 1035 RCODE 3): hostunknown.
    # Postfix: "Host or domain name not found. Name service error for name=... type=MX: Host
    # not found" (5.4.4); Sendmail: "550 Host unknown" (5.1.2); Exim: "Unrouteable address";
    # OpenSMTPD: "Domain does not exist".
    Situation(
        "host_unknown",
        mode="dns",
        domain=NXDOMAIN,
        expect=Expect(REPORT, "", "", "hostunknown"),
        per_mta={
            "sendmail": Expect(REPORT, "550", "", "hostunknown"),
            # OpenSMTPD's made-up report Status is not read: the pseudo code stands in.
            "opensmtpd": Expect("5.0.912", "", "", "hostunknown"),
        },
    ),
    # Nothing listens: every attempt is refused until the queue lifetime ends. Nothing more
    # specific than the queue's own report is known: expired (RFC 3463 X.4.7).
    Situation(
        "connection_refused",
        mode="refuse",
        expect=Expect(REPORT, "", "", "expired"),
        per_mta={
            # Sendmail's own words, "Deferred: Connection refused by [host]": the reason names
            # are the taxonomy's, and its index lists "connection refused by" under blocked, tried
            # before anything its 4.4.7 could say (why-blocked.go, find.go); no RFC names a
            # reason for it (docs/bounce-reasons.md, "Taxonomy readings adopted").
            "sendmail": Expect(REPORT, "", "", "blocked"),
        },
        only=RETRYING,
    ),
    # The remote says nothing after the final "." of DATA: the client's timeout fires on every
    # attempt (RFC 5321 4.5.3.2.6: 10 minutes; short in the factory), then the queue gives up.
    Situation(
        "timeout_after_data",
        _at(Stage.END_OF_DATA, STALL),
        Expect(REPORT, "", "DATA", "expired"),
        per_mta={
            # Exim's final bounce says only "retry timeout exceeded" (Exim spec, "Retry
            # configuration": a host error's address fails with that text).
            "exim": Expect(REPORT, "", "", "expired"),
            # Sendmail: its own "451 4.4.1 reply: read error from [host]" (usersmtp.c).
            "sendmail": Expect("4.4.1", "451", "", "expired"),
            # Courier: "<<< Connection timed out" with no command named.
            "courier": Expect(REPORT, "", "", "expired"),
        },
        only=SHORT_TIMEOUTS,
    ),
    # The mail system is told to require TLS for this domain; the remote offers no STARTTLS
    # (RFC 3207 section 4: a client requiring TLS must not send the message).
    # Postfix: "TLS is required, but was not offered by host" (Status 4.7.4, TLS_README);
    # Exim's final bounce says only "retry timeout exceeded" (hosts_require_tls failures are
    # host errors, retried until the retry rule times out).
    Situation(
        "tls_not_offered",
        mode="tls-required",
        expect=Expect(REPORT, "", "", "failedstarttls"),
        per_mta={"exim": Expect(REPORT, "", "", "expired")},
        only=TLS_POLICY & RETRYING,
    ),
    # A temporary refusal at end of DATA, then acceptance (RFC 5321 4.2.1: 4yz is transient).
    Situation(
        "temporary_then_accepted",
        {
            Stage.END_OF_DATA: [
                Reply(451, "Requested action aborted: local error in processing", "4.3.0"),
                None,
            ]
        },
        only=RETRYING,
    ),
    # Postfix smtpd_client_message_rate_limit (anvil(8)): "450 4.7.1 Error: too much mail
    # from 192.0.2.1" (postconf(5)); retried until the queue lifetime ends.
    Situation(
        "rate_limited_postfix",
        _at(Stage.MAIL, Reply(450, "Error: too much mail from 127.0.0.1", "4.7.1")),
        Expect("4.7.1", "450", "MAIL", "speeding"),
        only=RETRYING,
    ),
    # Postfix smtpd_client_connection_count_limit (anvil(8)): "421 4.7.0 <host> Error: too
    # many connections from 192.0.2.1" (postconf(5)), at the greeting.
    Situation(
        "too_many_connections",
        _at(
            Stage.GREETING,
            Reply(421, "remote.test Error: too many connections from 127.0.0.1", "4.7.0"),
        ),
        Expect("4.7.0", "421", "CONN", "toomanyconn"),
        only=RETRYING,
    ),
    # RFC 5321 3.4 / 551 "User not local; please try <forward-path>", RFC 3463 X.1.6
    # "Destination mailbox has moved, No forwarding address".
    Situation(
        "has_moved",
        _at(Stage.RCPT, Reply(551, "User not local; please try <new@elsewhere.test>", "5.1.6")),
        Expect("5.1.6", "551", "RCPT", "hasmoved"),
    ),
    # Postfix reject_non_fqdn_recipient / smtpd: "501 5.1.3 Bad recipient address syntax";
    # RFC 3463 X.1.3 "Bad destination mailbox address syntax".
    Situation(
        "bad_address_syntax",
        _at(Stage.RCPT, Reply(501, "<x>: Bad recipient address syntax", "5.1.3")),
        Expect("5.1.3", "501", "RCPT", "userunknown"),
    ),
    # RFC 3463 X.2.3 "Message length exceeds administrative limit" (a per-mailbox limit).
    Situation(
        "mailbox_size_limit",
        _at(Stage.END_OF_DATA, Reply(552, "Message length exceeds administrative limit", "5.2.3")),
        Expect("5.2.3", "552", "DATA", "exceedlimit"),
    ),
    # Issue 14, rule 1: X.1.1 beats DATA. A server that checks recipients only after the
    # message (e.g. a before-queue content filter) with "550 5.1.1 ... User unknown".
    Situation(
        "user_unknown_after_data",
        _at(
            Stage.END_OF_DATA, Reply(550, "<x>: Recipient address rejected: User unknown", "5.1.1")
        ),
        Expect("5.1.1", "550", "DATA", "userunknown"),
    ),
    # Issue 14, rule 1: "user unknown" words after DATA under 5.7.1 are the recipient's filter
    # (the reference taxonomy's reading).
    Situation(
        "user_unknown_words_under_571",
        _at(
            Stage.END_OF_DATA,
            Reply(550, "Delivery not authorized: user unknown or filtered", "5.7.1"),
        ),
        Expect("5.7.1", "550", "DATA", "filtered"),
    ),
    # Gmail's documented "550 5.7.1 Our system has detected that this message is likely
    # suspicious due to the very low reputation of the sending IP address/domain".
    Situation(
        "low_reputation",
        _at(
            Stage.END_OF_DATA,
            Reply(
                550,
                (
                    "Our system has detected that this message is likely suspicious due "
                    "to the very low reputation of the sending IP address."
                ),
                "5.7.1",
            ),
        ),
        Expect("5.7.1", "550", "DATA", "badreputation"),
    ),
    # Gmail's documented "550 5.7.1 ... not RFC 5322 compliant" (missing or duplicate
    # headers; RFC 5322 3.6: From and Date are required, and at most one of each).
    Situation(
        "not_rfc5322",
        _at(
            Stage.END_OF_DATA,
            Reply(
                550,
                (
                    "Our system has detected that this message is not RFC 5322 "
                    "compliant: Multiple 'From' headers found."
                ),
                "5.7.1",
            ),
        ),
        Expect("5.7.1", "550", "DATA", "notcompliantrfc"),
    ),
    # Gmail SMTP errors and codes (support.google.com/a/answer/3726730): "550 5.7.27 This
    # message was blocked because it didn't pass SPF authentication"; Gmail appends "gsmtp"
    # to every error. X.7.27 is RFC 7505's null MX elsewhere; at Gmail it is SPF (its sender
    # guidelines FAQ, support.google.com/a/answer/14229414).
    Situation(
        "gmail_spf_not_passed",
        _at(
            Stage.END_OF_DATA,
            Reply(
                550,
                "This message was blocked because it didn't pass SPF authentication. - gsmtp",
                "5.7.27",
            ),
        ),
        Expect("5.7.27", "550", "DATA", "authfailure"),
    ),
    # Exchange Online's NDR table (learn.microsoft.com, "Email non-delivery reports in
    # Exchange Online"): "5.7.606-649 Access denied, banned sending IP [IP1.IP2.IP3.IP4]",
    # given by its edge (*.protection.outlook.com) at RCPT.
    Situation(
        "exchange_banned_sending_ip",
        _at(
            Stage.RCPT,
            Reply(
                550,
                (
                    "Access denied, banned sending IP [127.0.0.1]. To request removal from "
                    "this list please visit https://sender.office.com/ AS(1430) "
                    "[x.eop.prod.protection.outlook.com]"
                ),
                "5.7.606",
            ),
        ),
        Expect("5.7.606", "550", "RCPT", "blocked"),
    ),
    # Postfix reject_unknown_client_hostname (postconf(5)): "Client host rejected: cannot find
    # your hostname, [192.0.2.1]", with unknown_client_reject_code set to 550; RFC 7372 X.7.25
    # names the cause (reverse DNS), the reply here carries the generic 5.7.1.
    Situation(
        "reverse_dns_required",
        _at(
            Stage.RCPT,
            Reply(550, "Client host rejected: cannot find your hostname, [127.0.0.1]", "5.7.1"),
        ),
        Expect("5.7.1", "550", "RCPT", "requireptr"),
    ),
)
