"""Small bounce messages built in code for the tests, one per format family.

(Real-world ``.eml`` files live in the ``samples/`` folder beside this module.)

Addresses and hosts use the documentation ranges (example.jp, 192.0.2.x).
``build`` assembles a message from headers and a body so each sample shows
only what its format is about.
"""

from __future__ import annotations

import base64
import quopri


def build(headers: dict[str, str], body: str, newline: str = "\n") -> bytes:
    """A message from ``headers`` and ``body`` with the given line ending."""
    lines = [f"{name}: {value}" for name, value in headers.items()]
    text = "\n".join(lines) + "\n\n" + body.lstrip("\n")
    return text.replace("\n", newline).encode("utf-8")


def dsn(status: str, diagnostic: str, *, action: str = "failed", text: str = "") -> bytes:
    """A Postfix-style multipart/report with one recipient."""
    body = f"""
--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.
{text}
--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Arrival-Date: Thu, 29 Apr 2021 23:45:32 +0900

Final-Recipient: rfc822; kijitora@example.jp
Original-Recipient: rfc822; kijitora@example.jp
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.jp
Diagnostic-Code: smtp; {diagnostic}

--B1
Content-Type: text/rfc822-headers

From: shironeko@example.org
To: kijitora@example.jp
Subject: Nyaan
Message-ID: <original-1@example.org>

--B1--
"""
    return build(
        {
            "From": "MAILER-DAEMON@example.org (Mail Delivery System)",
            "To": "shironeko@example.org",
            "Subject": "Undelivered Mail Returned to Sender",
            "Date": "Thu, 29 Apr 2021 23:45:32 +0900",
            "MIME-Version": "1.0",
            "Content-Type": 'multipart/report; report-type=delivery-status; boundary="B1"',
        },
        body,
    )


QMAIL = build(
    {
        "From": "MAILER-DAEMON@mx.example.org",
        "To": "shironeko@example.org",
        "Subject": "failure notice",
    },
    """
Hi. This is the qmail-send program at mx.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<kijitora@example.jp>:
192.0.2.10 does not like recipient.
Remote host said: 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown
Giving up on 192.0.2.10.

<mikeneko@example.net>:
Sorry, I couldn't find any host named example.net. (#5.1.2)

--- Below this line is a copy of the message.

From: shironeko@example.org
Subject: Nyaan
""",
)

EXIM = build(
    {
        "From": "Mail Delivery System <Mailer-Daemon@mx.example.org>",
        "To": "shironeko@example.org",
        "Subject": "Mail delivery failed: returning message to sender",
        "X-Failed-Recipients": "kijitora@example.jp",
    },
    """
This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    host mx.example.jp [192.0.2.20]
    SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:
    552 5.2.2 <kijitora@example.jp>: Mailbox full

------ This is a copy of the message, including all the headers. ------

From: shironeko@example.org
Subject: Nyaan
""",
)

EXIM_SENDER_REFUSED = build(
    {
        "From": "Mail Delivery System <Mailer-Daemon@mx.example.org>",
        "Subject": "Mail delivery failed: returning message to sender",
    },
    """
A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    SMTP error from remote mail server after MAIL FROM:<shironeko@example.org>:
    550 5.1.7 No such domain at this location

------ This is a copy of the message, including all the headers. ------
""",
)

SENDMAIL_V5 = build(
    {
        "From": "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>",
        "Subject": "Returned mail: User unknown",
    },
    """
   ----- Transcript of session follows -----
While talking to mx.example.jp:
>>> RCPT To:<kijitora@example.jp>
<<< 550 <kijitora@example.jp>... User unknown
550 <kijitora@example.jp>... User unknown

   ----- Unsent message follows -----
From: shironeko@example.org
""",
)

GMAIL_TEXT = build(
    {
        "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "Subject": "Delivery Status Notification (Failure)",
    },
    """
Delivery to the following recipient failed permanently:

     kijitora@example.jp

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the server for the recipient
domain example.jp by mx.example.jp. [192.0.2.153].

The error that the other server returned was:
550 5.2.2 <kijitora@example.jp>... Mailbox Full

----- Original message -----
""",
)

GOOGLE_GROUPS = build(
    {
        "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "Subject": "Delivery Status Notification (Failure)",
        "X-Failed-Recipients": "nyaan@googlegroups.com",
    },
    """
Hello shironeko@example.org,

We're writing to let you know that the group you tried to contact (nyaan) may not exist,
or you may not have permission to post messages to the group.
A few more details on why you weren't able to post:

 * You might have spelled or formatted the group name incorrectly.
 * The owner of the group may have removed this group.
 * You may need to join the group before receiving permission to post.
 * This group may not be open to posting.

Google Groups

----- Original message -----
""",
)

SES_JSON = build(
    {"From": "SES <no-reply@sns.amazonaws.com>", "Subject": "AWS Notification Message"},
    '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":'
    '[{"emailAddress":"kijitora@example.jp","action":"failed","status":"5.1.1",'
    '"diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2021-04-29T14:45:32Z"}}\n',
)

SES_COMPLAINT = build(
    {"From": "SES <no-reply@sns.amazonaws.com>", "Subject": "AWS Notification Message"},
    '{"notificationType":"Complaint","complaint":{"complainedRecipients":'
    '[{"emailAddress":"kijitora@example.jp"}],"complaintFeedbackType":"abuse"}}\n',
)

ARF = build(
    {
        "From": "Feedback Loop <fbl@example.net>",
        "Subject": "Abuse Report",
        "MIME-Version": "1.0",
        "Content-Type": 'multipart/report; report-type=feedback-report; boundary="F1"',
    },
    """
--F1
Content-Type: text/plain

This is an abuse report for a message received from 192.0.2.1.
--F1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Example-FBL/1.0
Version: 1
Original-Rcpt-To: kijitora@example.net
Source-IP: 192.0.2.1
Arrival-Date: Thu, 29 Apr 2021 23:45:32 +0900

--F1
Content-Type: message/rfc822

From: shironeko@example.org
To: kijitora@example.net
Subject: Sale

Buy now.
--F1--
""",
)

VACATION = build(
    {
        "From": "Kijitora <kijitora@example.jp>",
        "To": "shironeko@example.org",
        "Subject": "自动回复: Nyaan",
        "Auto-Submitted": "auto-replied",
    },
    "I am out of the office until Monday.\n",
)

NOT_A_BOUNCE = build(
    {"From": "Shironeko <shironeko@example.org>", "To": "kijitora@example.jp", "Subject": "Hi"},
    "Lunch on Friday?\n",
)

DRAGONFLY = build(
    {"From": "MAILER-DAEMON <>", "Subject": "Mail delivery failed"},
    """
This is the DragonFly Mail Agent v0.13 at df.example.org.

There was an error delivering your mail to <kijitora@example.jp>.

mx.example.jp [192.0.2.25] did not like our RCPT TO:
550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown

Original message follows.
""",
)

EXCHANGE2003 = build(
    {"From": "postmaster@example.jp", "Subject": "Undeliverable: Nyaan"},
    """
Your message

  To:      kijitora@example.jp
  Subject: Nyaan

did not reach the following recipient(s):

kijitora@example.jp on Thu, 29 Apr 2021 16:51:51 -0500
    The recipient name is not recognized
    MSEXCH:IMS:EXAMPLE 0 (000C05A6) Unknown Recipient
""",
)


def gb2312_bounce() -> bytes:
    """A Chinese-language plain-text bounce in GB2312, base64 encoded."""
    text = (
        "您发送的邮件无法投递到以下地址：\n\n<kijitora@example.cn>: 550 Mailbox exceed\n\n"
        "原始邮件如下：\n"
    ).encode("gb2312")
    return build(
        {
            "From": "=?gb2312?B?" + base64.b64encode("系统退信".encode("gb2312")).decode() + "?=",
            "Subject": "=?gb2312?B?"
            + base64.b64encode("退信通知".encode("gb2312")).decode()
            + "?=",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=gb2312",
            "Content-Transfer-Encoding": "base64",
        },
        base64.encodebytes(text).decode(),
    )


def big5_qp_bounce() -> bytes:
    """A Traditional Chinese bounce in Big5, quoted-printable, CRLF line endings."""
    text = (
        "無法傳遞郵件給下列收件人:\n\n<kijitora@example.tw>: 550 5.1.1 User unknown\n\n"
        "原始郵件如下:\n"
    ).encode("big5")
    return build(
        {
            "From": "MAILER-DAEMON@example.tw",
            "Subject": "Undeliverable",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=big5",
            "Content-Transfer-Encoding": "quoted-printable",
        },
        quopri.encodestring(text).decode("ascii"),
        newline="\r\n",
    )


def iso2022jp_bounce() -> bytes:
    """A Japanese notice in ISO-2022-JP with CR-only line endings."""
    body = (
        "送信先のメールボックスが一杯のため、送信できませんでした。\n"
        "     Could not be delivered to: <kijitora@example.ezweb.ne.jp>\n"
        "     As their mailbox is full.\n"
    )
    raw = build(
        {
            "From": "no-reply@example.ezweb.ne.jp",
            "Subject": "Mail System Error - Returned Mail",
            "MIME-Version": "1.0",
            "Content-Type": 'text/plain; charset="ISO-2022-JP"',
        },
        "",
        newline="\r",
    )
    return raw + body.replace("\n", "\r").encode("iso-2022-jp")


def forwarded_bounce() -> bytes:
    """A bounce forwarded as a message/rfc822 attachment."""
    inner = dsn("5.1.1", "550 5.1.1 <kijitora@example.jp>... User Unknown").decode()
    return build(
        {
            "From": "helpdesk@example.org",
            "Subject": "Fwd: Undelivered Mail Returned to Sender",
            "MIME-Version": "1.0",
            "Content-Type": 'multipart/mixed; boundary="OUTER"',
        },
        f"--OUTER\nContent-Type: text/plain\n\nSee below.\n--OUTER\n"
        f"Content-Type: message/rfc822\n\n{inner}\n--OUTER--\n",
    )


EXCHANGE_TEXT = build(
    {"From": "postmaster@example.edu", "Subject": "Undeliverable: Nyaan"},
    """
Delivery has failed to these recipients or groups:

kijitora@example.edu<mailto:kijitora@example.edu>
The recipient's mailbox is full and can't accept messages now.

________________________________
Sent by Microsoft Exchange Server 2016

Diagnostic information for administrators:

Generating server: mx.example.edu

kijitora@example.edu
#550 5.2.2 STOREDRV.Deliver: mailbox full. ##rfc822;kijitora@example.edu

Original message headers:
""",
)

YAHOO = build(
    {"From": "MAILER-DAEMON@yahoo.com", "Subject": "Failure Notice"},
    """
Sorry, we were unable to deliver your message to the following address.

<kijitora@example.org>:
Remote host said: 550 5.1.1 <kijitora@example.org>... User Unknown [RCPT_TO]

--- Below this line is a copy of the message.
""",
)

NOTES = build(
    {"From": "postmaster@example.co.jp", "Subject": "Undeliverable message"},
    """
------- Failure Reasons  --------

User not listed in public Name & Address Book
kijitora@example.co.jp

------- Returned Message --------
""",
)
