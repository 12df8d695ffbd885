"""The original in an AES-256 encrypted zip, with a password made for it (4.0.16).

The document has the customer zip the virus mail with a password and send
archive and password to the hotline. Here the desk does it: WinZip AES
(AE-2, 256-bit key) through pyzipper, which 7-Zip, WinRAR, WinZip and
Windows 11's Explorer open. The password is generated (16 characters from an
alphabet without look-alikes such as 0/O and 1/l, about 80 bits), returned
to the caller to show the agent, and never written into the archive, its
comment or its file names.
"""

from __future__ import annotations

import io
import secrets

import pyzipper

# No 0/O, 1/l/I, 5/S: the password is read out over the phone or typed by hand.
ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2346789"
PASSWORD_LENGTH = 16
MEMBER_NAME = "original.eml"  # not the subject: a file name must not leak the content


def new_password() -> str:
    """A fresh password in groups of four (``abcd-efgh-ijkm-npqr``)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))
    return "-".join(chars[i : i + 4] for i in range(0, PASSWORD_LENGTH, 4))


def pack(original: bytes, password: str, member: str = MEMBER_NAME) -> bytes:
    """``original`` as the one member of an AES-256 zip locked with ``password``."""
    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("ascii"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(member, original)
    return out.getvalue()


def unpack(archive: bytes, password: str, member: str = MEMBER_NAME) -> bytes:
    """The member's bytes (tests, and an agent checking an archive)."""
    with pyzipper.AESZipFile(io.BytesIO(archive)) as opened:
        opened.setpassword(password.encode("ascii"))
        return opened.read(member)
