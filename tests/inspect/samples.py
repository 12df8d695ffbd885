"""Originals the inspect tests build: real CJK text encoded each wrong way, chains, spam.

Every garbled sample starts from real sentences in Chinese (simplified and
traditional), Japanese and Korean and damages them the way the document and
the RFCs describe, so each test knows the right answer.
"""

from __future__ import annotations

import base64

TEXTS = {
    "zh": ("关于下周合同签署的安排", "您好，附件是合同的最终版本，请在周五之前确认并签字。谢谢！"),
    "zh-Hant": (
        "關於下週合約簽署的安排",
        "您好，附件是合約的最終版本，請在週五之前確認並簽字。謝謝！",
    ),
    "ja": (
        "来週の打ち合わせについて",
        "来週の打ち合わせの件でご連絡いたします。資料を添付しましたのでご確認ください。",
    ),
    "ko": (
        "다음 주 회의 일정 안내",
        "다음 주 회의 일정에 대해 연락드립니다. 자료를 첨부했으니 확인 부탁드립니다.",
    ),
}
# The charset each language's legacy mail is written in.
NATIVE = {"zh": "gb2312", "zh-Hant": "big5", "ja": "shift_jis", "ko": "euc-kr"}


def b64word(charset: str, data: bytes) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(data) + b"?="


def message(subject: bytes, body: bytes, content_type: bytes, extra: bytes = b"") -> bytes:
    return (
        b"From: sender@example.com\nTo: user@customer.example\nMessage-ID: <m1@example.com>\n"
        + b"Subject: "
        + subject
        + b"\nMIME-Version: 1.0\nContent-Type: "
        + content_type
        + b"\nContent-Transfer-Encoding: 8bit\n"
        + extra
        + b"\n"
        + body
        + b"\n"
    )


def sloppy_cp1252(data: bytes) -> str:
    """UTF-8 bytes read as Windows-1252; undefined bytes kept as C1 controls, as Windows does."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)
