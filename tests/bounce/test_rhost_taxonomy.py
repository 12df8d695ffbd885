"""Provider tables completed from the providers' pages and the taxonomy's provider modules.

Every case is a reply as the provider's own page (or the taxonomy's module, which quotes
the page) prints it, put into a Postfix-style report that names the provider's server, and
analysed whole; none comes from a corpus sample. The same cases count as documented texts
in the leave-one-family-out measurement (``tests/bounce/holdout.py``).
"""

from __future__ import annotations

import pytest

from postdesk.bounce import rhost
from postdesk.bounce.result import Recipient
from postdesk.bounce.rhost import cox, nttdocomo, orange, spectrum
from tests.bounce.test_rhost_published import _reason

DOCOMO = ("kijitora@docomo.ne.jp", "mfsmax.docomo.ne.jp")
SPECTRUM = ("kijitora@charter.net", "mx.charter.net")
GODADDY = ("kijitora@example.com", "mx1.secureserver.net")
MESSAGELABS = ("kijitora@example.co.uk", "cluster1.eu.messagelabs.com")
ICLOUD = ("kijitora@icloud.com", "mx01.mail.icloud.com")
ZOHO = ("kijitora@zoho.com", "mx.zoho.com")
IUA = ("kijitora@i.ua", "mx.email.ua")
CLOUDFLARE = ("kijitora@example.net", "route1.mx.cloudflare.net")
AOL = ("kijitora@aol.com", "mx-aol.mail.gm0.yahoodns.net")
FACEBOOK = ("kijitora@facebook.com", "mx-ll-31-13-66-1.facebook.com")
ORANGE = ("kijitora@orange.fr", "smtp-in.orange.fr")
LAPOSTE = ("kijitora@laposte.net", "smtp-in.laposte.net")
COX = ("kijitora@cox.net", "mx.east.cox.net")
QQ = ("kijitora@qq.com", "mx3.qq.com")
YAHOO = ("kijitora@yahoo.com", "mta7.am0.yahoodns.net")
MIMECAST = ("kijitora@example.co.uk", "eu-smtp-inbound-1.mimecast.com")
OUTLOOK = ("kijitora@example.jp", "example-jp.mail.protection.outlook.com")
GMAIL = ("kijitora@gmail.com", "gmail-smtp-in.l.google.com")
COMCAST = ("kijitora@comcast.net", "mx1.comcast.net")

# (id, where, status, diagnostic, reason)
CASES: list[tuple[str, tuple[str, str], str, str, str]] = [
    # --- Comcast: postmaster mail delivery error codes -------------------------------
    (
        "comcast-bl000010",
        COMCAST,
        "5.0.0",
        "550 5.0.0 Mail rejected: your address is listed on Cloudmark CSI. For explanation"
        " visit http://postmaster.comcast.net/smtp-error-codes.php#BL000010",
        "blocked",
    ),
    (
        "comcast-es000010",
        COMCAST,
        "5.0.0",
        "550 5.0.0 Mail from dynamic/residential IP space refused. ES000010",
        "blocked",
    ),
    ("comcast-sessions", COMCAST, "4.0.0", "421 Too many sessions opened", "toomanyconn"),
    # --- NTT docomo (the taxonomy's module): one text, read by the status ----------
    ("docomo-5.1.1", DOCOMO, "5.1.1", "550 Unknown user kijitora@docomo.ne.jp", "userunknown"),
    ("docomo-5.2.0", DOCOMO, "5.2.0", "550 Unknown user kijitora@docomo.ne.jp", "filtered"),
    ("docomo-5.0.0", DOCOMO, "5.0.0", "550 Unknown user kijitora@docomo.ne.jp", "userunknown"),
    ("docomo-too-much-data", DOCOMO, "5.0.0", "552 Too much mail data", "mailboxfull"),
    ("docomo-too-many-rcpt", DOCOMO, "5.0.0", "552 Too many recipients", "toomanyconn"),
    # --- Spectrum: "Understanding email error codes" --------------------------------
    (
        "spectrum-1000",
        SPECTRUM,
        "5.0.0",
        "554 Your IP address has been blocked due to suspicious activity. AUP#I-1000",
        "blocked",
    ),
    (
        "spectrum-1100-range",
        SPECTRUM,
        "5.0.0",
        "554 The IP address you're trying to connect from has an issue with the Domain Name"
        " System. AUP#I-1120",
        "requireptr",
    ),
    (
        "spectrum-1530",
        SPECTRUM,
        "5.0.0",
        "552 Your email was rejected because it's larger than the maximum size of 20MB. AUP#O-1530",
        "mesgtoobig",
    ),
    (
        "spectrum-1310",
        SPECTRUM,
        "4.0.0",
        "421 Spectrum limits the number of concurrent connections from a sender. AUP#I-1310",
        "toomanyconn",
    ),
    # --- GoDaddy: "Fix rejected email with a bounce error" ---------------------------
    (
        "godaddy-ib104",
        GODADDY,
        "5.0.0",
        "554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104",
        "blocked",
    ),
    (
        "godaddy-ib506",
        GODADDY,
        "5.0.0",
        "550 coolexample.com From: Domain is invalid. Provide a valid From: IB506",
        "rejected",
    ),
    (
        "godaddy-ib607",
        GODADDY,
        "5.0.0",
        "550 This IP has sent too many to too many recipients this hour. IB607",
        "speeding",
    ),
    ("godaddy-account-disabled", GODADDY, "5.0.0", "550 Account disabled", "suspend"),
    # --- Broadcom Email Security.cloud (MessageLabs): knowledge base articles --------
    (
        "messagelabs-invalid-recipient",
        MESSAGELABS,
        "5.0.0",
        "550-Invalid recipient <kijitora@example.co.uk> 550 (#5.1.1)",
        "userunknown",
    ),
    (
        "messagelabs-badmailfrom",
        MESSAGELABS,
        "5.7.1",
        "553 sorry, your envelope sender is in my badmailfrom list. Please visit"
        " www.symanteccloud.com/troubleshooting for more details about this error message"
        " and instructions to resolve this issue. (#5.7.1)",
        "rejected",
    ),
    (
        "messagelabs-tls",
        MESSAGELABS,
        "4.7.1",
        "451 TLS/SSLv3 Connection required. (#4.7.1)",
        "failedstarttls",
    ),
    # --- Apple iCloud Mail: postmaster information -----------------------------------
    (
        "icloud-cs01",
        ICLOUD,
        "5.7.1",
        "550 5.7.1 [CS01] Message rejected due to local policy. Please visit"
        " https://support.apple.com/en-us/HT204137",
        "policyviolation",
    ),
    (
        "icloud-excessive-volume",
        ICLOUD,
        "4.7.1",
        "421 4.7.1 Messages to kijitora@icloud.com deferred due to excessive volume. Try again"
        " later - https://support.apple.com/en-us/HT204137",
        "speeding",
    ),
    (
        "icloud-no-longer-on-server",
        ICLOUD,
        "5.1.6",
        "550 5.1.6 recipient no longer on server: kijitora@icloud.com",
        "hasmoved",
    ),
    (
        "icloud-inactive",
        ICLOUD,
        "5.1.1",
        "550 5.1.1 <kijitora@icloud.com>: inactive email address",
        "userunknown",
    ),
    (
        "icloud-dmarc",
        ICLOUD,
        "5.7.1",
        "554 5.7.1 Your message was rejected due to example.org's DMARC policy. See"
        " https://support.apple.com/en-us/HT204137 for",
        "authfailure",
    ),
    # --- Zoho Mail ---------------------------------------------------------------------
    (
        "zoho-user",
        ZOHO,
        "5.1.1",
        "550 5.1.1 User does not exist - <kijitora@zoho.com>",
        "userunknown",
    ),
    ("zoho-policy", ZOHO, "5.7.7", "554 5.7.7 Email policy violation detected", "policyviolation"),
    (
        "zoho-dmarc",
        ZOHO,
        "5.7.1",
        "550 5.7.1 Email rejected per DMARC policy for example.org",
        "authfailure",
    ),
    # --- I.UA: mail.i.ua/err/N/ ----------------------------------------------------------
    ("iua-2", IUA, "5.0.0", "550 User is not found. See http://mail.i.ua/err/2/", "userunknown"),
    ("iua-4", IUA, "5.0.0", "552 Mailbox is full. See http://mail.i.ua/err/4/", "mailboxfull"),
    # --- Cloudflare Email Routing --------------------------------------------------------
    (
        "cloudflare-dnsbl",
        CLOUDFLARE,
        "5.7.1",
        "554 5.7.1 192.0.2.1 found on one or more DNSBLs, see"
        " https://developers.cloudflare.com/email-routing/postmaster/",
        "blocked",
    ),
    ("cloudflare-upstream", CLOUDFLARE, "4.3.0", "451 4.3.0 Upstream error", "systemerror"),
    # --- AOL (the taxonomy's module) ----------------------------------------------------
    (
        "aol-host-not-found",
        AOL,
        "5.4.4",
        "Host or domain name not found. Name service error for name=aol.com type=A: Host not found",
        "hostunknown",
    ),
    (
        "aol-malformed-mx",
        AOL,
        "5.4.4",
        "Name service error for name=aol.com type=MX: Malformed or unexpected name server reply",
        "notaccept",
    ),
    # --- Facebook: postmaster response codes ---------------------------------------------
    (
        "facebook-rcp-p1",
        FACEBOOK,
        "5.1.1",
        "550 5.1.1 RCP-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp The"
        " attempted recipient address does not exist.",
        "userunknown",
    ),
    (
        "facebook-rcp-p2",
        FACEBOOK,
        "5.1.1",
        "550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp"
        " Refused due to recipient preferences",
        "filtered",
    ),
    (
        "facebook-rcp-t4",
        FACEBOOK,
        "4.0.0",
        "450 RCP-T4 The attempted recipient address is currently deactivated.",
        "suspend",
    ),
    (
        "facebook-dns-p1",
        FACEBOOK,
        "5.0.0",
        "550 DNS-P1 Your SMTP MAIL FROM domain does not exist.",
        "rejected",
    ),
    # --- Orange / La Poste ----------------------------------------------------------------
    (
        "orange-107",
        ORANGE,
        "4.0.0",
        "421 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please"
        " try later. OFR006_107 [107]",
        "blocked",
    ),
    (
        "orange-108",
        ORANGE,
        "4.0.0",
        "421 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. service refused, please"
        " try later. OFR_108 [108]",
        "blocked",
    ),
    (
        "orange-505",
        ORANGE,
        "4.2.0",
        "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try"
        " later. OFR005_505 [505]",
        "systemerror",
    ),
    (
        "orange-416",
        ORANGE,
        "5.1.1",
        "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]",
        "userunknown",
    ),
    (
        "laposte-420",
        LAPOSTE,
        "5.5.0",
        "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420",
        "suspend",
    ),
    (
        "laposte-416-no-underscore",
        LAPOSTE,
        "5.1.1",
        "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. LPN416",
        "userunknown",
    ),
    # --- Cox ------------------------------------------------------------------------------
    (
        "cox-cxdns",
        COX,
        "5.0.0",
        "554 cox.net rejected: the reverse DNS lookup for your IP address is failing. AUP#CXDNS",
        "requireptr",
    ),
    (
        "cox-urlbl",
        COX,
        "5.0.0",
        "554 cox.net rejected: a URL in the message is on a block list. AUP#URLBL011",
        "spamdetected",
    ),
    # --- Tencent (QQ Mail help, 122/*) -----------------------------------------------------
    (
        "qq-ip-frequency",
        QQ,
        "5.0.0",
        "550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022",
        "toomanyconn",
    ),
    (
        "qq-dmarc",
        QQ,
        "5.0.0",
        "550 DMARC check failed. https://service.mail.qq.com/detail/122/72",
        "authfailure",
    ),
    (
        "qq-rejected-by-recipients",
        QQ,
        "5.0.0",
        "550 Mail is rejected by recipients. https://service.mail.qq.com/detail/122/92",
        "rejected",
    ),
    (
        "qq-deactivated",
        QQ,
        "5.0.0",
        "550 The mailbox is a deactivated mailbox.",
        "suspend",
    ),
    # --- Yahoo ------------------------------------------------------------------------------
    (
        "yahoo-unauthenticated",
        YAHOO,
        "5.7.9",
        "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo"
        " requires all senders to authenticate with either SPF or DKIM.",
        "authfailure",
    ),
    (
        "yahoo-max-per-connection",
        YAHOO,
        "4.0.0",
        "421 Max message per connection reached, closing transmission channel",
        "toomanyconn",
    ),
    # --- Mimecast: SMTP error codes article -----------------------------------------------
    (
        "mimecast-spf",
        MIMECAST,
        "5.0.0",
        "550 SPF Sender Invalid - envelope rejected",
        "authfailure",
    ),
    (
        "mimecast-tls",
        MIMECAST,
        "5.0.0",
        "553 This route requires encryption (TLS)",
        "failedstarttls",
    ),
    (
        "mimecast-geo",
        MIMECAST,
        "5.0.0",
        "554 Host network not allowed",
        "policyviolation",
    ),
    # --- Microsoft: Exchange Online NDR table ----------------------------------------------
    (
        "exchange-5.7.750",
        OUTLOOK,
        "5.7.750",
        "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.",
        "rejected",
    ),
    (
        "exchange-mta-sts",
        OUTLOOK,
        "4.4.8",
        "451 4.4.8 MX hosts of example.jp failed MTA-STS validation.",
        "failedstarttls",
    ),
    (
        "exchange-content-filter",
        OUTLOOK,
        "5.2.1",
        "550 5.2.1 Content Filter agent quarantined this message",
        "spamdetected",
    ),
    # --- Google: SMTP errors and codes --------------------------------------------------------
    (
        "gmail-inactive",
        GMAIL,
        "5.2.1",
        "550-5.2.1 The email account that you tried to reach is inactive. For more information,"
        " go to https://support.google.com/mail/?p=DisabledUser - gsmtp",
        "suspend",
    ),
    (
        "gmail-low-reputation",
        GMAIL,
        "4.7.0",
        "421-4.7.0 This message is suspicious due to the very low reputation of the sending IP"
        " address. To protect our users from spam, mail sent from your IP address has been"
        " temporarily rate limited. - gsmtp",
        "badreputation",
    ),
    (
        "gmail-message-id",
        GMAIL,
        "5.7.1",
        "550-5.7.1 Messages missing a valid Message-ID: header are not accepted. - gsmtp",
        "notcompliantrfc",
    ),
    # --- Readings where postdesk's earlier choice contradicted the taxonomy's modules ----
    # (for-google.go, for-yahooinc.go, for-microsoft.go; docs/bounce-reasons.md, "Taxonomy
    # readings adopted"). Gmail's size-limit text is read by its status: 5.2.3 exceedlimit,
    # 5.3.4 mesgtoobig.
    (
        "gmail-5.3.4-size-limits",
        GMAIL,
        "5.3.4",
        "552-5.3.4 Your message exceeded Google's message size limits. To view our message"
        " size guidelines, go to Send attachments with your Gmail message. - gsmtp",
        "mesgtoobig",
    ),
    (
        "gmail-5.2.3-size-limits",
        GMAIL,
        "5.2.3",
        "552-5.2.3 Your message exceeded Google's message size limits. For more information,"
        " visit https://support.google.com/mail/answer/6584 - gsmtp",
        "exceedlimit",
    ),
    (
        "gmail-4.7.28-unusual-rate",
        GMAIL,
        "4.7.28",
        "421-4.7.28 Gmail has detected an unusual rate of mail originating from your SPF"
        " domain example.org. To protect our users from spam, mail has been temporarily rate"
        " limited. - gsmtp",
        "blocked",
    ),
    (
        "gmail-4.7.28-same-message-id",
        GMAIL,
        "4.7.28",
        "421-4.7.28 Gmail has detected this message exceeded its quota for sending messages"
        " with the same Message-ID:. To best protect our users, the message has been"
        " temporarily rejected. - gsmtp",
        "policyviolation",
    ),
    (
        "gmail-5.7.1-relay-not-authorized",
        GMAIL,
        "5.7.1",
        "550-5.7.1 The IP you're using to send mail is not authorized to send email directly"
        " to our servers. Use the SMTP relay at your service provider instead. - gsmtp",
        "norelaying",
    ),
    (
        "gmail-5.7.1-email-quota",
        GMAIL,
        "5.7.1",
        "550 5.7.1 Email quota exceeded. - gsmtp",
        "mailboxfull",
    ),
    (
        "yahoo-tss04",
        YAHOO,
        "4.7.0",
        "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected"
        " volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
        "rejected",
    ),
    (
        "yahoo-tss09",
        YAHOO,
        "5.7.2",
        "553 5.7.2 [TSS09] All messages from 192.0.2.25 will be permanently deferred;"
        " Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
        "rejected",
    ),
    (
        # the same text without its bracketed code: the module reads the words
        "yahoo-permanently-deferred-text",
        YAHOO,
        "5.7.2",
        "553 5.7.2 All messages from 192.0.2.25 will be permanently deferred; Retrying will"
        " NOT succeed.",
        "rejected",
    ),
    (
        "exchange-5.6.11-invalid-characters",
        OUTLOOK,
        "5.6.11",
        "550 5.6.11 Invalid characters: your email program added bare line feed characters"
        " into the message.",
        "contenterror",
    ),
    (
        "exchange-5.7.504",
        OUTLOOK,
        "5.7.504",
        "550 5.7.504 Recipient address rejected: Access denied",
        "suspend",
    ),
    (
        "exchange-5.7.505",
        OUTLOOK,
        "5.7.505",
        "550 5.7.505 Access denied, banned recipient",
        "suspend",
    ),
]


@pytest.mark.parametrize(
    ("where", "status", "diagnostic", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_published_reply(where: tuple[str, str], status: str, diagnostic: str, reason: str) -> None:
    address, remote = where
    assert _reason(address, remote, status, diagnostic) == reason


def test_every_new_provider_has_a_case() -> None:
    """Each provider module added from the taxonomy's modules is exercised above."""
    named = {module.NAME for module in rhost.modules()}
    exercised = {case[1][1] for case in CASES}
    for name in (
        "nttdocomo",
        "spectrum",
        "godaddy",
        "messagelabs",
        "apple",
        "zoho",
        "iua",
        "comcast",
    ):
        assert name in named
    assert len(exercised) >= 15


def test_the_reporter_names_the_provider_when_the_remote_host_does_not() -> None:
    """A gateway's own report (lhost) applies its table when rhost and domain name none."""
    record = Recipient(
        address="kijitora@example.org",
        diagnostic="550 kijitora@example.org... No such user",
        lhost="server-1.bemta-2.messagelabs.com",
        rhost="mail.example.org",
    )
    assert rhost.reason_for(record) == "userunknown"
    # a provider named by the remote host wins over the reporter's
    record.rhost = "mx.east.cox.net"
    assert rhost.reason_for(record) != "userunknown"


def test_spectrum_numbers_and_ranges() -> None:
    assert spectrum.code_of("... AUP#I-1120") == ["1120", "1100-1150"]
    assert spectrum.code_of("AUP#1550") == ["1550"]
    # Cox's lettered codes are not Spectrum's numbers
    assert spectrum.code_of("AUP#IPBL0001") == []


def test_orange_code_forms() -> None:
    assert orange.code_of("Invalid recipient. LPN416") == ["416"]
    assert orange.code_of("LPNAAA_101 (in reply to RCPT TO command)") == ["101"]
    assert orange.code_of("Mail rejete. OUK_513") == ["513"]
    assert orange.code_of("OFR005_505 [505]") == ["505"]


def test_cox_families() -> None:
    assert cox.code_of("AUP#URLBL1001") == ["URLBL1001", "URLBL*"]
    assert cox.code_of("AUP#IPBL00001") == ["IPBL00001", "IPBL*"]


def test_docomo_reads_the_status_before_the_text() -> None:
    record = Recipient(
        address="kijitora@docomo.ne.jp", status="5.2.0", diagnostic="550 Unknown user"
    )
    assert nttdocomo.code_of_record(record)[0] == "status:5.2.0"
    record.status, record.command = "5.0.0", "DATA"
    record.diagnostic = "550 Service unavailable"
    assert nttdocomo.code_of_record(record) == ["5.0.0:DATA"]
