"""Gmail and Google Workspace: enhanced status codes Google gives its own meaning.

Sample lines (Google's "Gmail SMTP errors and codes", citation "gmail")::

    421 4.7.27 Your email has been rate limited because SPF authentication didn't
        pass for this message. ... - gsmtp
    550 5.7.30 This message was blocked because it didn't pass DKIM authentication.
    421 4.7.23 The sending IP address for this message doesn't have a PTR record ...

Google's sender requirements (citation "gmail-senders") reuse detail codes
that the IANA registry gives other meanings: X.7.27 is RFC 7505's "sender
address has null MX", but at Gmail it is SPF that did not pass; X.7.30 is RFC
8689's "REQUIRETLS support required", at Gmail DKIM; X.7.29 (RFC 8617 ARC) is
mail that came without TLS; X.7.23 (RFC 7372 SPF) a missing PTR record;
X.7.32 and X.7.40 (unregistered) DMARC alignment and
a missing DMARC record. Read by the registry, each would name the wrong
cause, so this table reads them Google's way, and only in Google's own
replies: Gmail appends "gsmtp" to every error it gives (the same page), so
a status quoted without it is another server's and keeps its registered
meaning.
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "google"
SOURCE = "gmail-senders"
HOSTS = ("google.com", "gmail.com", "googlemail.com")
TEXT_HINTS = ("gsmtp",)

# A status, not the tail of an IPv4 address ("[10.5.7.27]" holds no 5.7.27).
_STATUS = re.compile(r"(?<![\w.])([45]\.7\.\d\d)(?!\d|\.\d)")
_GSMTP = re.compile(r"\bgsmtp\b", re.IGNORECASE)
# "504 5.7.40 Unrecognized authentication type" / "XOAUTH is no longer supported" are
# replies to SMTP AUTH (the same page): 5.7.40 means DMARC only where DMARC is named.
_DMARC = re.compile(r"dmarc", re.IGNORECASE)
CODES: dict[str, str] = {
    "4.7.23": "requireptr",  # no PTR record, or its forward entry does not match the IP
    "4.7.24": "authfailure",  # the sending domain's SPF record has suspicious entries
    "5.7.24": "authfailure",
    "4.7.27": "authfailure",  # SPF did not pass
    "5.7.27": "authfailure",
    "4.7.29": "failedstarttls",  # the message was not sent over a TLS connection
    "5.7.29": "failedstarttls",
    "4.7.30": "authfailure",  # DKIM did not pass
    "5.7.30": "authfailure",
    "4.7.31": "authfailure",  # no DMARC policy (the sender guidelines FAQ's older code)
    "4.7.32": "authfailure",  # From: not aligned with the authenticated SPF or DKIM domain
    "5.7.32": "authfailure",
    "4.7.40": "authfailure",  # no DMARC record, or one without a policy
    "5.7.40": "authfailure",
}

# Texts of the same page whose registry code would name another cause (citation "gmail"):
RULES = (
    # "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to
    # our servers. Please use the SMTP relay at your service provider instead." (the page's
    # NotAuthorizedError): the taxonomy's Google module lists it under norelaying (citation
    # "taxonomy-rhost", for-google.go); the reason names are the taxonomy's, so is this reading.
    (
        phrase("not authorized to send email directly to our servers", "taxonomy-rhost"),
        "norelaying",
    ),
    # "550 5.7.1 Email quota exceeded.": the taxonomy's Google module lists it under
    # mailboxfull, with "is over quota" and "out of storage space" (for-google.go).
    (phrase("email quota exceeded", "taxonomy-rhost"), "mailboxfull"),
    # "Your message exceeded Google's message size limits" is left to its status: the
    # taxonomy's Google module lists it as exceedlimit with 552 5.2.3 and as mesgtoobig with
    # 552 5.3.4 (for-google.go), which is what RFC 3463 X.2.3 ("Message length exceeds
    # administrative limit") and X.3.4 ("Message too big for system") decide (status.py).
    # X.7.28 is not read as a code: the taxonomy reads Gmail's X.7.28 by its words, "an
    # unusual rate of (unsolicited) mail" as blocked and "sending messages with the same
    # Message-ID" as policyviolation (for-google.go); a Gmail 5.7.28 without either keeps
    # the registry's reading (X.7.28 "mail flood", spamdetected).
    (phrase("an unusual rate of mail", "taxonomy-rhost"), "blocked"),
    # The senders page's own wording of the same refusal ("421-4.7.28 Gmail has detected an
    # unusual rate of unsolicited email originating from your DKIM domain", citation
    # "gmail-senders"): the taxonomy's reading of its "mail" form.
    (phrase("an unusual rate of unsolicited email", "gmail-senders"), "blocked"),
    # The rest of Google's "SMTP errors and codes" page, its sender guidelines and SMTP
    # relay error pages, each text as the reference taxonomy's Google and Google Workspace
    # modules read it (citation "taxonomy-rhost", for-google.go and for-gsuite.go). Texts
    # the page gives under two statuses with two meanings ("is not a valid RFC 5321
    # address": 5.1.3 the recipient, 5.1.7 the sender) and bare protocol replies ("syntax
    # error", "bad sequence of commands") are left to the general rules.
    (phrase("the spf record of the sending domain", "taxonomy-rhost"), "authfailure"),
    (phrase("senders to authenticate with either spf or dkim", "taxonomy-rhost"), "authfailure"),
    (
        phrase("fails to pass spf checks for an spf record with a hard fail", "taxonomy-rhost"),
        "authfailure",
    ),
    (phrase("has an spf record with a hard fail policy", "taxonomy-rhost"), "authfailure"),
    (phrase("is not accepted due to domain's dmarc policy", "taxonomy-rhost"), "authfailure"),
    (phrase("fails to pass authentication checks", "taxonomy-rhost"), "authfailure"),
    (phrase("senders to authenticate with spf", "taxonomy-rhost"), "authfailure"),
    (phrase("senders to authenticate their email with spf", "taxonomy-rhost"), "authfailure"),
    (phrase("senders to authenticate their email with dkim", "taxonomy-rhost"), "authfailure"),
    (phrase("senders to authenticate with dkim", "taxonomy-rhost"), "authfailure"),
    (phrase("aligned with either the authenticated spf or dkim", "taxonomy-rhost"), "authfailure"),
    (phrase("to add a dmarc record to", "taxonomy-rhost"), "authfailure"),
    (phrase("very low reputation of the sending ip address", "taxonomy-rhost"), "badreputation"),
    (phrase("very low reputation of the sending domain", "taxonomy-rhost"), "badreputation"),
    (phrase("ip not in whitelist for rcpt domain", "taxonomy-rhost"), "blocked"),
    (phrase("try again later, closing connection", "taxonomy-rhost"), "blocked"),
    (phrase("empty helo/ehlo argument not allowed", "taxonomy-rhost"), "blocked"),
    (phrase("helo/ehlo argument is invalid", "taxonomy-rhost"), "blocked"),
    (phrase("an unusual rate of unsolicited mail", "taxonomy-rhost"), "blocked"),
    (
        phrase("your message exceeded google's message header size limits", "taxonomy-rhost"),
        "exceedlimit",
    ),
    (phrase("bytes per individual header size", "taxonomy-rhost"), "exceedlimit"),
    (phrase("exceeds google's header name limit of", "taxonomy-rhost"), "exceedlimit"),
    (phrase("exceeds google's message header size limit", "taxonomy-rhost"), "exceedlimit"),
    (phrase("timeout - closing connection", "taxonomy-rhost"), "expired"),
    (phrase("starttls may not be repeated", "taxonomy-rhost"), "failedstarttls"),
    (phrase("tls required for rcpt domain", "taxonomy-rhost"), "failedstarttls"),
    (phrase("senders to use tls/ssl for smtp", "taxonomy-rhost"), "failedstarttls"),
    (phrase("inbox is out of storage space", "taxonomy-rhost"), "mailboxfull"),
    (phrase("exceeds google's message size limit of", "taxonomy-rhost"), "mesgtoobig"),
    (phrase("message exceeded 50 hops", "taxonomy-rhost"), "networkerror"),
    (phrase("mail relay denied", "taxonomy-rhost"), "norelaying"),
    (phrase("invalid credentials for relay", "taxonomy-rhost"), "norelaying"),
    (phrase("missing a valid address in the from: header", "taxonomy-rhost"), "notcompliantrfc"),
    (
        phrase("multiple addresses in from: header are not accepted", "taxonomy-rhost"),
        "notcompliantrfc",
    ),
    (phrase("is not rfc 5322 compliant", "taxonomy-rhost"), "notcompliantrfc"),
    (phrase("missing a valid message-id: header", "taxonomy-rhost"), "notcompliantrfc"),
    (
        phrase("contains a unicode character in a disallowed header", "taxonomy-rhost"),
        "notcompliantrfc",
    ),
    (phrase("encoded-word syntax is not permitted", "taxonomy-rhost"), "notcompliantrfc"),
    (phrase("mail message is malformed", "taxonomy-rhost"), "notcompliantrfc"),
    (phrase("illegal attachment on your message", "taxonomy-rhost"), "policyviolation"),
    (
        phrase("blocked because its content presents a potential security issue", "taxonomy-rhost"),
        "policyviolation",
    ),
    (
        phrase("has a policy that prohibited the mail that you sent", "taxonomy-rhost"),
        "policyviolation",
    ),
    (phrase("sending messages with the same message-id", "taxonomy-rhost"), "policyviolation"),
    (phrase("mail sending denied", "taxonomy-rhost"), "rejected"),
    (phrase("unauthenticated email is not accepted", "taxonomy-rhost"), "rejected"),
    (phrase("does not have a ptr record", "taxonomy-rhost"), "requireptr"),
    (phrase("have a ptr record, or the ptr record", "taxonomy-rhost"), "requireptr"),
    (
        phrase("does not meet ipv6 sending guidelines regarding ptr records", "taxonomy-rhost"),
        "requireptr",
    ),
    (phrase("does not match the ip address of the hostname", "taxonomy-rhost"), "requireptr"),
    (phrase("too many login attempts", "taxonomy-rhost"), "securityerror"),
    (phrase("no identity changes permitted", "taxonomy-rhost"), "securityerror"),
    (phrase("application-specific password required", "taxonomy-rhost"), "securityerror"),
    (phrase("please log in with your web browser", "taxonomy-rhost"), "securityerror"),
    (phrase("please log in through your web browser", "taxonomy-rhost"), "securityerror"),
    (phrase("username and password not accepted", "taxonomy-rhost"), "securityerror"),
    (
        phrase("due to the nature of the content or the links within", "taxonomy-rhost"),
        "spamdetected",
    ),
    (phrase("likely unsolicited mail", "taxonomy-rhost"), "spamdetected"),
    (phrase("is receiving mail too quickly", "taxonomy-rhost"), "speeding"),
    (phrase("peak smtp relay limit exceeded for customer", "taxonomy-rhost"), "speeding"),
    (
        phrase("rate that prevents additional messages from being delivered", "taxonomy-rhost"),
        "speeding",
    ),
    (phrase("daily sending quota exceeded", "taxonomy-rhost"), "speeding"),
    (phrase("daily user sending limit exceeded", "taxonomy-rhost"), "speeding"),
    (phrase("daily smtp relay limit exceeded for", "taxonomy-rhost"), "speeding"),
    (phrase("daily smtp relay sending limit exceeded for", "taxonomy-rhost"), "speeding"),
    (phrase("account that you tried to reach is disabled", "taxonomy-rhost"), "suspend"),
    (phrase("account that you tried to reach is inactive", "taxonomy-rhost"), "suspend"),
    (phrase("smtp protocol violation", "taxonomy-rhost"), "syntaxerror"),
    (phrase("optional argument not permitted", "taxonomy-rhost"), "syntaxerror"),
    (phrase("too many unrecognized commands, goodbye", "taxonomy-rhost"), "syntaxerror"),
    (phrase("no data after bdat", "taxonomy-rhost"), "syntaxerror"),
    (phrase("unrecognized authentication type", "taxonomy-rhost"), "syntaxerror"),
    (phrase("xoauth is no longer supported", "taxonomy-rhost"), "syntaxerror"),
    (phrase("too many unauthenticated commands", "taxonomy-rhost"), "syntaxerror"),
    (phrase("temporary system problem", "taxonomy-rhost"), "systemerror"),
    (
        phrase("multiple destination domains per transaction is unsupported", "taxonomy-rhost"),
        "systemerror",
    ),
    (phrase("mail server has temporarily rejected this message", "taxonomy-rhost"), "systemerror"),
    (phrase("mail server temporarily rejected message", "taxonomy-rhost"), "systemerror"),
    (phrase("domain policy size per transaction exceeded", "taxonomy-rhost"), "systemerror"),
    (phrase("your message has too many recipients", "taxonomy-rhost"), "toomanyconn"),
    (phrase("too many recipients for this sender", "taxonomy-rhost"), "toomanyconn"),
    (
        phrase("the email account that you tried to reach does not exist", "taxonomy-rhost"),
        "userunknown",
    ),
    (phrase("we weren't able to find the recipient domain", "taxonomy-rhost"), "userunknown"),
    (
        phrase("because the address couldn't be found. check for typos", "taxonomy-rhost"),
        "userunknown",
    ),
)


def code_of(text: str) -> list[str]:
    """The X.7.NN statuses of a reply Gmail itself gave (one ending in "gsmtp")."""
    if not _GSMTP.search(text):
        return []
    found = _STATUS.findall(text)
    if not _DMARC.search(text):
        found = [code for code in found if not code.endswith(".7.40")]
    return found
