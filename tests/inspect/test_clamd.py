"""ClamAV through clamd (4.0.16): Debian's clamav-daemon on a local socket, a signature made here.

No signature is downloaded: the fixture writes an MD5 signature (sigtool
--md5, ``.hdb``) for a harmless text file, starts clamd on it in a temporary
folder, and the tests attach that file to a message. clamd decodes the MIME
itself and names the signature. Without clamd the tests are skipped, except
under CI, which installs clamav-daemon (.ci/run).
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from postdesk.inspect import InspectContext, inspect_many
from postdesk.inspect.clamd import scan
from postdesk.profile.schema import Inspect

SAMPLE = b"postdesk harmless test sample: not a virus\n"
SIGNATURE = "Postdesk.Test.Sample"


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("clamd") is None or shutil.which("sigtool") is None:
        reason = "clamd is missing: apt-get install clamav-daemon (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    sample = folder / "sample.txt"
    sample.write_bytes(SAMPLE)
    line = subprocess.run(
        ["sigtool", "--md5", str(sample)], check=True, capture_output=True, text=True
    ).stdout.strip()
    digest, size, _ = line.split(":", 2)
    (folder / "db" / "postdesk.hdb").write_text(f"{digest}:{size}:{SIGNATURE}\n")
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 60M\n"
    )
    process = subprocess.Popen(["clamd", "-c", str(config)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            assert process.poll() is None, (folder / "clamd.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "clamd did not open its socket in 60 s"
            time.sleep(0.1)
        yield str(socket_path)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _message(attachment: bytes) -> bytes:
    return (
        b"From: a@sender.example\nTo: u@customer.example\nSubject: invoice\n"
        b"Message-ID: <v1@sender.example>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
        b'see attached\n--B\nContent-Type: application/octet-stream; name="invoice.txt"\n'
        b"Content-Transfer-Encoding: base64\n"
        b'Content-Disposition: attachment; filename="invoice.txt"\n\n'
        + base64.encodebytes(attachment)
        + b"--B--\n"
    )


def _context(socket_path: str) -> InspectContext:
    plain = InspectContext.default()
    settings = Inspect(**plain.profile.inspect.model_dump() | {"clamd_socket": socket_path})
    return InspectContext(plain.profile.model_copy(update={"inspect": settings}), plain.library)


def test_clamd_names_the_signature_in_an_attachment(clamd_socket: str) -> None:
    verdict = scan(_message(SAMPLE), clamd_socket, 20)
    assert verdict.status == "infected" and verdict.signature.startswith(SIGNATURE)
    assert scan(_message(b"an ordinary invoice\n"), clamd_socket, 20).status == "clean"


def test_a_detected_virus_makes_the_finding_without_being_told(clamd_socket: str) -> None:
    result = inspect_many([("v.eml", _message(SAMPLE))], _context(clamd_socket))[0]
    virus = result.finding("virus")
    assert virus is not None and virus.advice == "virus-detected"
    assert virus.details["scan"]["status"] == "infected"
    clean = inspect_many([("c.eml", _message(b"hello\n"))], _context(clamd_socket))[0]
    assert clean.finding("virus") is None


def test_an_unreachable_clamd_is_an_error_verdict_not_a_crash(tmp_path: Path) -> None:
    verdict = scan(b"x", str(tmp_path / "none.sock"), 2)
    assert verdict.status == "error" and "none.sock" in verdict.detail
    result = inspect_many([("v.eml", _message(SAMPLE))], _context(str(tmp_path / "none.sock")))
    assert result[0].finding("virus") is None and not result[0].problems
