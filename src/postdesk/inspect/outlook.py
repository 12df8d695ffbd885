"""Outlook ``.msg`` originals, turned into the RFC 5322 message they stand for.

Customers who use Outlook save or forward a message as a ``.msg`` file: a
compound (OLE) file whose properties are laid out by [MS-OXMSG]. It is read
with python-oxmsg (over olefile) and written out again as an ordinary
message, so every finding reads it exactly as it reads an ``.eml``:

- the header fields are the ones the message arrived with
  (``PidTagTransportMessageHeaders``, 0x007D: Received, Date, Message-ID,
  Subject as written on the wire, so the delay and garbled-text findings see
  what the mail systems wrote); a message that never travelled (a draft, an
  item saved before sending) has none, and gets From, To, Subject and Date
  made from its properties instead;
- the body is the plain-text body (``PidTagBody``), with the HTML body
  beside it when there is one, and every attachment held by value;
- a message attached whole (attach method 5, ``afEmbeddedMessage``: what
  Outlook's "forward as attachment" makes) becomes a ``message/rfc822`` part,
  so the engine reads it as the original the customer meant to send.

The MIME structure the message had on the wire is not in the file (Outlook
keeps only the decoded parts), so the body part's Content-Type is the one
written here, not the original's: that is why the transport headers'
Content-* fields are left out.
"""

from __future__ import annotations

import email.policy
import email.utils
from email.message import EmailMessage
from typing import Any

from postdesk.inspect.texts import InspectError

# [MS-OXMSG] 2.4.1: the property stream of an embedded message has a 24-byte
# header (the top-level message's has 32); python-oxmsg reads only top-level ones.
EMBEDDED_HEADER_BYTES = 24
EMBEDDED_STORAGE = "__substg1.0_3701000D"  # PidTagAttachDataObject, [MS-OXMSG] 2.2.2.1
ATTACH_EMBEDDED_MESSAGE = 5  # PidTagAttachMethod afEmbeddedMessage, [MS-OXCMSG] 2.2.2.9
PID_TRANSPORT_MESSAGE_HEADERS = 0x007D
PID_INTERNET_MESSAGE_ID = 0x1035
PID_ATTACH_METHOD = 0x3705
# A message attached inside a message attached inside ...: three levels cover
# "forwarded as attachment" twice; deeper nesting is not an original anyone sends.
MAX_DEPTH = 3
MAX_ATTACHMENTS = 200
# Fields of the transport headers that describe the MIME body Outlook did not keep.
BODY_FIELDS = ("content-type", "content-transfer-encoding", "mime-version", "content-disposition")
POLICY = email.policy.SMTP.clone(max_line_length=998)


def is_outlook_msg(data: bytes) -> bool:
    """Whether ``data`` starts as a compound file does ([MS-CFB] 2.2 header signature)."""
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def as_rfc822(data: bytes, label: str) -> bytes:
    """The message a ``.msg`` file holds, as RFC 5322 bytes; :class:`InspectError` if unreadable.

    Any failure of the reader on a broken or hostile file (olefile and
    python-oxmsg raise many kinds) is the same answer to the agent: this file
    cannot be read, save the message again.
    """
    from oxmsg import Message

    try:
        message = Message.load(data)
        return _rfc822(message, depth=0)
    except RecursionError as err:
        raise InspectError("error_outlook_msg_unreadable", file=label) from err
    except Exception as err:  # a reader's own error on a broken file: one clear answer
        raise InspectError("error_outlook_msg_unreadable", file=label) from err


def _embedded(storage: Any) -> Any:
    """A python-oxmsg Message over an embedded message's storage (24-byte header)."""
    from oxmsg import Message
    from oxmsg.properties import Properties

    message = Message(storage)
    # python-oxmsg fixes the 32-byte header of a top-level message in a lazy
    # property; an embedded one is read with its own header size instead.
    message.__dict__["_properties"] = Properties(
        storage, properties_header_offset=EMBEDDED_HEADER_BYTES
    )
    return message


def _header_block(message: Any) -> bytes:
    """The header fields the message travelled with, minus its body's MIME fields."""
    headers = message.properties.str_prop_value(PID_TRANSPORT_MESSAGE_HEADERS) or ""
    kept: list[str] = []
    skipping = False
    for line in headers.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if line[0] in " \t":
            if not skipping and kept:
                kept.append(line)
            continue
        name = line.split(":", 1)[0].strip().lower()
        skipping = name in BODY_FIELDS or ":" not in line
        if not skipping:
            kept.append(line)
    # Transport headers are text: anything not ASCII is written as UTF-8 (RFC 6532).
    return "".join(f"{line}\r\n" for line in kept).encode("utf-8", "replace")


def _made_headers(message: Any, part: EmailMessage) -> None:
    """From, To, Subject, Date, Message-ID from the properties of a message that never travelled."""
    if message.sender:
        part["From"] = _one_line(message.sender)
    recipients = [
        email.utils.formataddr((_one_line(r.name), _one_line(r.email_address)))
        if r.name and r.name != r.email_address
        else _one_line(r.email_address)
        for r in message.recipients
        if r.email_address
    ]
    if recipients:
        part["To"] = ", ".join(recipients)
    part["Subject"] = _one_line(message.subject)
    if message.sent_date is not None:
        part["Date"] = email.utils.format_datetime(message.sent_date)
    message_id = message.properties.str_prop_value(PID_INTERNET_MESSAGE_ID)
    if message_id:
        part["Message-ID"] = _one_line(message_id)


def _one_line(value: str) -> str:
    """A property value fit for a header field: line breaks made spaces."""
    return " ".join(value.splitlines())


def _body(message: Any, depth: int) -> EmailMessage:
    """The message's body and attachments as one MIME entity (no travel headers)."""
    part = EmailMessage(policy=POLICY)
    part.set_content(message.body or "", charset="utf-8", cte="base64")
    html = message.html_body
    if html:
        part.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    for index, attachment in enumerate(message.attachments):
        if index >= MAX_ATTACHMENTS:
            break
        _attach(part, attachment, index, depth)
    return part


def _attach(part: EmailMessage, attachment: Any, index: int, depth: int) -> None:
    method = attachment.properties.int_prop_value(PID_ATTACH_METHOD)
    if method == ATTACH_EMBEDDED_MESSAGE:
        storage = next(
            (s for s in attachment._storage.storages if s.name == EMBEDDED_STORAGE), None
        )
        if storage is None or depth + 1 > MAX_DEPTH:
            return
        inner = email.message_from_bytes(_rfc822(_embedded(storage), depth + 1), policy=POLICY)
        part.add_attachment(inner, filename="attached.eml")
        return
    data = attachment.file_bytes
    if not data:  # by reference (a path or a link): no bytes in the file
        return
    maintype, _, subtype = (attachment.mime_type or "application/octet-stream").partition("/")
    if maintype in ("message", "multipart") or not subtype:
        maintype, subtype = "application", "octet-stream"
    part.add_attachment(
        data,
        maintype,
        subtype,
        filename=_one_line(attachment.file_name or f"attachment-{index + 1}"),
    )


def _rfc822(message: Any, depth: int) -> bytes:
    body = _body(message, depth)
    travelled = _header_block(message)
    if not travelled:
        _made_headers(message, body)
        return body.as_bytes(policy=POLICY)
    return travelled + body.as_bytes(policy=POLICY)
