"""Provider tables built from the providers' published error pages (issue 14, item 6).

Every case is a reply text as the provider's own page prints it (Google's "Gmail
SMTP errors and codes", Microsoft's Exchange Online NDR table and Outlook.com's
troubleshooting page, Yahoo's error codes page, Tencent's and Sina's reply
lists), put into a Postfix-style RFC 3464 report that names the provider's
server, and analysed whole. None comes from a corpus sample.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze, explain, rhost
from tests.bounce import built_bounces


def _report(address: str, remote: str, status: str, diagnostic: str) -> bytes:
    """A Postfix-style report for one recipient, the reply given by ``remote``."""
    body = f"""
--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

<{address}>: host {remote}[192.0.2.25] said: {diagnostic}

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822; {address}
Action: failed
Status: {status}
Remote-MTA: dns; {remote}
Diagnostic-Code: smtp; {diagnostic}

--B1--
"""
    return built_bounces.build(
        {
            "From": "MAILER-DAEMON@example.org (Mail Delivery System)",
            "To": "shironeko@example.org",
            "Subject": "Undelivered Mail Returned to Sender",
            "MIME-Version": "1.0",
            "Content-Type": 'multipart/report; report-type=delivery-status; boundary="B1"',
        },
        body,
    )


def _reason(address: str, remote: str, status: str, diagnostic: str) -> str:
    report = analyze(_report(address, remote, status, diagnostic), with_advice=False)
    assert len(report.recipients) == 1, report
    return report.recipients[0].reason


GMAIL = ("kijitora@gmail.com", "gmail-smtp-in.l.google.com")
# Google Workspace: the recipient's own domain, Google's MX
WORKSPACE = ("kijitora@example.jp", "aspmx.l.google.com")
OUTLOOK = ("kijitora@example.jp", "example-jp.mail.protection.outlook.com")
HOTMAIL = ("kijitora@hotmail.com", "hotmail-com.olc.protection.outlook.com")
YAHOO = ("kijitora@yahoo.com", "mta7.am0.yahoodns.net")
SINA = ("kijitora@sina.com", "mx.sina.com.cn")
QQ = ("kijitora@qq.com", "mx3.qq.com")
COX = ("kijitora@cox.net", "mx.east.cox.net")
MIMECAST = ("kijitora@example.co.uk", "eu-smtp-inbound-1.mimecast.com")

CASES = [
    # --- Google: detail codes its sender requirements give their own meaning ---------
    (
        "gmail-4.7.23-ptr",
        GMAIL,
        "4.7.23",
        "451-4.7.23 The sending IP address for this message doesn't have a PTR record,"
        " or the PTR record's forward DNS entry doesn't match the sending IP address."
        " To protect users from spam, your email has been temporarily rate limited. - gsmtp",
        "requireptr",
    ),
    (
        "gmail-4.7.27-spf",
        GMAIL,
        "4.7.27",
        "421-4.7.27 Your email has been rate limited because SPF authentication didn't pass"
        " for this message. Gmail requires all bulk email senders to authenticate their"
        " email with SPF. - gsmtp",
        "authfailure",
    ),
    (
        # X.7.27 is RFC 7505's null MX; at Gmail it is SPF (the status decides without words)
        "gmail-5.7.27-code-only",
        WORKSPACE,
        "5.7.27",
        "550 5.7.27 Authentication results: SPF with 192.0.2.1 = did not pass - gsmtp",
        "authfailure",
    ),
    (
        "gmail-5.7.28-unsolicited",
        GMAIL,
        "5.7.28",
        "550-5.7.28 There is an unusual rate of unsolicited email originating from your IP"
        " address. To protect our users from spam, email sent from your IP address has been"
        " blocked. - gsmtp",
        "blocked",
    ),
    (
        "gmail-4.7.28-dkim-domain",
        GMAIL,
        "4.7.28",
        "421-4.7.28 Gmail has detected an unusual rate of unsolicited email originating from"
        " your DKIM domain example.org. To protect our users from spam, email sent from your"
        " domain has been temporarily rate limited. - gsmtp",
        "blocked",
    ),
    (
        # X.7.29 is RFC 8617's ARC failure; at Gmail it is mail sent without TLS
        "gmail-5.7.29-tls",
        GMAIL,
        "5.7.29",
        "550-5.7.29 This message was blocked because it wasn't sent over a TLS connection."
        " Gmail requires all bulk email senders to use TLS/SSL for SMTP connections. - gsmtp",
        "failedstarttls",
    ),
    (
        # X.7.30 is RFC 8689's REQUIRETLS; at Gmail it is DKIM
        "gmail-5.7.30-dkim",
        WORKSPACE,
        "5.7.30",
        "550-5.7.30 This message was blocked because it didn't pass DKIM authentication."
        " Authentication results: DKIM = did not pass - gsmtp",
        "authfailure",
    ),
    (
        "gmail-4.7.32-alignment",
        GMAIL,
        "4.7.32",
        "421-4.7.32 Your email has been rate limited because the From: header (RFC5322) in"
        " this message isn't aligned with either the authenticated SPF or DKIM"
        " organizational domain. - gsmtp",
        "authfailure",
    ),
    (
        "gmail-5.7.40-dmarc",
        GMAIL,
        "5.7.40",
        "550-5.7.40 Your message was blocked because the sending domain doesn't have a DMARC"
        " record or the DMARC record doesn't specify a DMARC policy. - gsmtp",
        "authfailure",
    ),
    (
        "gmail-5.7.1-message-id",
        GMAIL,
        "5.7.1",
        "550-5.7.1 Messages missing a valid Message-ID: header are not accepted. For more"
        " information, go to Email sender guidelines and review RFC 5322 specifications."
        " - gsmtp",
        "notcompliantrfc",
    ),
    (
        "gmail-5.7.1-ipv6-ptr",
        GMAIL,
        "5.7.1",
        "550-5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records"
        " and authentication. - gsmtp",
        "requireptr",
    ),
    (
        # X.7.1 alone would be a security refusal; the taxonomy's Google module: norelaying
        "gmail-5.7.1-not-authorized-directly",
        GMAIL,
        "5.7.1",
        "550-5.7.1 The IP you're using to send mail is not authorized to send email directly"
        " to our servers. Please use the SMTP relay at your service provider instead. - gsmtp",
        "norelaying",
    ),
    (
        # the taxonomy's Google module lists "email quota exceeded" under mailboxfull
        "gmail-5.7.1-email-quota",
        GMAIL,
        "5.7.1",
        "550 5.7.1 Email quota exceeded. - gsmtp",
        "mailboxfull",
    ),
    (
        # the status decides: 5.2.3 exceedlimit (5.3.4 would be mesgtoobig), for-google.go
        "gmail-5.2.3-size-limit",
        GMAIL,
        "5.2.3",
        "552-5.2.3 Your message exceeded Google's message size limits. For more information,"
        " go to Send attachments with your Gmail message. - gsmtp",
        "exceedlimit",
    ),
    # --- Microsoft: Exchange Online's own detail numbers, Outlook.com's codes ----------
    (
        # 5.2.2 is decisive for a full mailbox; Exchange Online also uses it for the
        # sender's submission quota, and the words tell which
        "exchange-5.2.2-submission-quota",
        OUTLOOK,
        "5.2.2",
        "550 5.2.2 Submission quota exceeded",
        "speeding",
    ),
    (
        "exchange-5.2.2-mailbox-full",
        OUTLOOK,
        "5.2.2",
        "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException."
        "MapiExceptionShutoffQuotaExceeded",
        "mailboxfull",
    ),
    (
        "exchange-5.7.606-banned-ip",
        OUTLOOK,
        "5.7.606",
        "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from"
        " this list please visit https://sender.office.com/ and follow the directions.",
        "blocked",
    ),
    (
        "exchange-5.7.708",
        OUTLOOK,
        "5.7.708",
        "550 5.7.708 Access denied, traffic not accepted from this IP.",
        "blocked",
    ),
    (
        "exchange-5.7.509-dmarc",
        OUTLOOK,
        "5.7.509",
        "550 5.7.509 Access denied, sending domain [example.org] does not pass DMARC"
        " verification and has a DMARC policy of reject.",
        "authfailure",
    ),
    (
        "exchange-5.6.11-bare-lf",
        OUTLOOK,
        "5.6.11",
        "554 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds,"
        " which cannot be sent via DATA",
        "contenterror",
    ),
    (
        "exchange-5.7.321-starttls",
        OUTLOOK,
        "5.7.321",
        "550 5.7.321 starttls-not-supported: Destination mail server must support TLS to"
        " receive mail.",
        "failedstarttls",
    ),
    (
        "exchange-5.2.121-per-hour",
        OUTLOOK,
        "5.2.121",
        "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded.",
        "speeding",
    ),
    (
        "exchange-4.4.316-refused",
        OUTLOOK,
        "4.4.316",
        "451 4.4.316 Connection refused [Message=Socket error code 10061]",
        "networkerror",
    ),
    (
        "exchange-4.7.500-ip-throttling",
        OUTLOOK,
        "4.7.500",
        "451 4.7.500 Access denied, please try again later.",
        "speeding",
    ),
    (
        # in the 4.7.500-699 range, but it says its own cause
        "outlook-4.7.650-reputation",
        HOTMAIL,
        "4.7.650",
        "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP"
        " reputation.",
        "badreputation",
    ),
    (
        "outlook-5.7.515-auth-level",
        HOTMAIL,
        "5.7.515",
        "550 5.7.515 Access denied, sending domain [example.org] does not meet the required"
        " authentication level.",
        "authfailure",
    ),
    (
        "outlook-rp-003",
        HOTMAIL,
        "4.0.0",
        "421 RP-003 The mail server IP connecting to Outlook.com server has exceeded the"
        " connection limit allowed. Reason for limitation is related to IP/domain reputation.",
        "badreputation",
    ),
    (
        "outlook-rp-001",
        HOTMAIL,
        "4.0.0",
        "421 RP-001 The mail server IP connecting to Outlook.com server has exceeded the rate"
        " limit allowed. Reason for rate limitation is related to IP/domain reputation.",
        "badreputation",
    ),
    (
        "outlook-sc-004",
        HOTMAIL,
        "5.0.0",
        "550 SC-004 Mail rejected by Outlook.com for policy reasons. A block has been placed"
        " against your IP address because we have received complaints concerning mail coming"
        " from that IP address.",
        "blocked",
    ),
    (
        "outlook-dy-001",
        HOTMAIL,
        "5.0.0",
        "550 DY-001 Mail rejected by Outlook.com for policy reasons. We generally do not"
        " accept email from dynamic IP's.",
        "blocked",
    ),
    # --- Yahoo: code families and the page's phrases ---------------------------------
    (
        "yahoo-ts-family",
        YAHOO,
        "4.7.0",
        "421 4.7.0 [TS05] Messages from 192.0.2.1 temporarily deferred; see"
        " https://postmaster.yahooinc.com/error-codes",
        "badreputation",
    ),
    (
        "yahoo-ph-family",
        YAHOO,
        "5.7.9",
        "554 5.7.9 Message not accepted for policy reasons. [PH02] See"
        " https://postmaster.yahooinc.com/error-codes",
        "policyviolation",
    ),
    (
        "yahoo-unresolvable-from",
        YAHOO,
        "4.0.0",
        "451 Message temporarily deferred due to unresolvable RFC.5321 from domain; see"
        " https://postmaster.yahooinc.com/error-codes",
        "rejected",
    ),
    # --- Mimecast: its SMTP Error Codes article ----------------------------------------
    (
        # its own directory's answer, even where the bounce names no command
        "mimecast-invalid-recipient",
        MIMECAST,
        "5.0.0",
        "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550",
        "userunknown",
    ),
    (
        # "Administrative prohibition" alone is a policy; here it is a Blocked Senders entry
        "mimecast-envelope-blocked",
        MIMECAST,
        "5.0.0",
        "550 Administrative prohibition - envelope blocked -"
        " https://community.mimecast.com/docs/DOC-1369#550",
        "rejected",
    ),
    (
        "mimecast-header-blocked-senders",
        MIMECAST,
        "5.0.0",
        "550 Rejected by header based Blocked Senders: block policy for example.org -"
        " https://community.mimecast.com/docs/DOC-1369#550",
        "rejected",
    ),
    # --- Tencent and Sina: their reply lists -------------------------------------------
    (
        "qq-recipient-flooded",
        QQ,
        "5.0.0",
        "550 Mailbox unavailable or access denied",
        "speeding",
    ),
    # --- Cox: its postmaster's Error Codes page ---------------------------------------
    (
        "cox-cxbl",
        COX,
        "5.0.0",
        "554 cox.net blocked. Refer to Error Codes section for more information. AUP#CXBL",
        "blocked",
    ),
    (
        "cox-ipbl-family",
        COX,
        "4.0.0",
        "421 cox.net blocked. Refer to Error Codes section for more information. AUP#IPBL0100",
        "blocked",
    ),
    ("sina-stray-newline", SINA, "4.0.0", "451 stray newline", "notcompliantrfc"),
    ("sina-remote-ip-check", SINA, "5.0.0", "556 remote ip check error.", "authfailure"),
    ("sina-mailbox-unavailable", SINA, "5.0.0", "550 mailbox unavailable.", "userunknown"),
]


@pytest.mark.parametrize(
    ("where", "status", "diagnostic", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_published_reply(where: tuple[str, str], status: str, diagnostic: str, reason: str) -> None:
    address, remote = where
    assert _reason(address, remote, status, diagnostic) == reason


def test_another_servers_null_mx_keeps_its_registered_meaning() -> None:
    """X.7.27 without Gmail's "gsmtp" is RFC 7505's null MX, even for a gmail.com recipient."""
    diagnostic = "550 5.7.27 Sender address has null MX"
    assert _reason("kijitora@gmail.com", "mx.example.net", "5.7.27", diagnostic) == "notaccept"


def test_gmail_auth_codes_need_dmarc_words_for_5_7_40() -> None:
    """Gmail's "504 5.7.40 Unrecognized authentication type" is about SMTP AUTH, not DMARC."""
    from postdesk.bounce.rhost import google

    assert google.code_of("504 5.7.40 Unrecognized authentication type. - gsmtp") == []
    assert google.code_of("421 4.7.0 [10.4.7.27] Try again later - gsmtp") == []
    assert explain("504 5.7.40 Unrecognized authentication type. - gsmtp").reason != "authfailure"


def test_microsoft_ranges_are_keyed_by_range() -> None:
    from postdesk.bounce.rhost import microsoft

    assert microsoft.code_of("550 5.7.625 Access denied, banned sending IP") == [
        "5.7.625",
        "5.7.606-649",
    ]
    # The tail of an IPv4 address is not a status
    assert microsoft.code_of("550 5.7.1 Unable to relay [10.5.7.64]") == ["5.7.1"]
    # A 4.7.5xx-6xx reply that is not "Access denied" is left to its words
    assert microsoft.code_of("451 4.7.650 rate limited due to IP reputation") == ["4.7.650"]


def test_every_new_table_entry_has_a_key_and_a_registered_source() -> None:
    keys = rhost.keys()
    for key in ("google:5.7.27", "microsoft:5.7.606-649", "microsoft:RP-003", "yahoo:TS*"):
        assert key in keys
    assert any(key.startswith("sina:p") for key in keys)
