"""Upload limits of the pages: bounce and attachment uploads up to the configured limit.

The desk here allows 3 MB uploads, above the app's 2 MB for every other body,
so each test tells the two limits apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from postdesk.desk.attachments.models import Attachment
from postdesk.desk.context import Desk
from tests.web.support import logged_in, new_case, open_page_desk
from tests.web.test_e2e import BOUNCE

MB = 1024 * 1024
UPLOAD_LIMIT = 3 * MB
LINE = "quotation line of the returned message, kept for the record\n"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    opened = open_page_desk(tmp_path, upload_limit_bytes=UPLOAD_LIMIT)
    yield opened
    opened.close()


def bounce_of_size(size: int) -> bytes:
    """The e2e delivery report with the returned message padded to ``size`` bytes."""
    report = BOUNCE.replace("Content-Type: text/rfc822-headers", "Content-Type: message/rfc822")
    head = report.split("--b1--")[0]
    padding = LINE * ((size - len(BOUNCE)) // len(LINE) + 1)
    data = (head + "\n" + padding + "--b1--\n").encode()
    return data[: size - 8] + b"\n--b1--\n" if len(data) > size else data


def test_bounce_upload_takes_files_up_to_the_upload_limit(desk: Desk) -> None:
    client = logged_in(desk)
    big = bounce_of_size(int(2.5 * MB))
    read = client.post("/inspect", files={"file": ("big.eml", big, "message/rfc822")})
    assert read.status_code == 200, read.text[-500:]
    assert "wang@partner.example.org" in read.text and "收件人不存在" in read.text

    # Just over the limit: the page itself says so, in the agent's language.
    over = bounce_of_size(UPLOAD_LIMIT + 1024)
    refused = client.post("/inspect", files={"file": ("over.eml", over, "message/rfc822")})
    assert refused.status_code == 413
    assert "文件超过上传上限 3 MB" in refused.text
    # Far over: refused before the body is read, with a page, not JSON.
    huge = bounce_of_size(UPLOAD_LIMIT + 200 * 1024)
    early = client.post("/inspect", files={"file": ("huge.eml", huge, "message/rfc822")})
    assert early.status_code == 413 and early.headers["content-type"].startswith("text/html")
    assert "超过 3 MB" in early.text and 'data-testid="too-large"' in early.text


def test_attachment_upload_takes_files_up_to_the_upload_limit(desk: Desk) -> None:
    client = logged_in(desk)
    case_url = new_case(client)
    screenshot = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (int(2.5 * MB) // 256)
    stored = client.post(
        f"{case_url}/attachments",
        files={"file": ("screen.png", screenshot, "image/png")},
        data={"kind": "screenshot"},
    )
    assert stored.status_code == 303, stored.text[-500:]
    huge = bytes(UPLOAD_LIMIT + 200 * 1024)
    refused = client.post(f"{case_url}/attachments", files={"file": ("huge.bin", huge)})
    assert refused.status_code == 413 and "超过 3 MB" in refused.text
    client.cookies.set("postdesk_lang", "en")
    english = client.post(f"{case_url}/attachments", files={"file": ("huge.bin", huge)})
    assert "larger than 3 MB" in english.text
    with desk.sessions() as db_session:
        sizes = db_session.scalars(select(Attachment.size)).all()
    assert sizes == [len(screenshot)]


def test_other_posts_keep_the_small_limit(desk: Desk) -> None:
    client = logged_in(desk)
    long_text = "收不到邮件" * (int(2.5 * MB) // 15)
    page = client.post("/cases/new", data={"complaint": long_text, "action": "triage"})
    assert page.status_code == 413 and "超过 2 MB" in page.text
    api = client.post(
        "/api/bounce/explain",
        content=b'{"text": "' + b"x" * (int(2.5 * MB)) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert api.status_code == 413 and api.json()["error"] == "too_large"
    with desk.sessions() as db_session:
        assert db_session.scalar(select(func.count(Attachment.id))) == 0


def test_message_reader_takes_originals_up_to_the_limit_together(desk: Desk) -> None:
    from tests.web.support import PASSWORD

    client = logged_in(desk)
    token = client.post("/api/auth/token", json={"username": "admin", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    half = bounce_of_size(int(1.51 * MB))
    both = [("file", ("a.eml", half, "message/rfc822")), ("file", ("b.eml", half, ""))]
    refused = client.post("/api/inspect", headers=headers, files=both)
    assert refused.status_code == 413 and "together" in refused.json()["message"]
    one = client.post("/api/inspect", headers=headers, files=both[:1])
    assert one.status_code == 200 and one.json()["results"][0]["findings"][0]["kind"] == "bounce"
    page = client.post("/inspect", files=both)
    assert page.status_code == 413 and "超过上传上限 3 MB" in page.text
    early = client.post("/inspect", files={"file": ("huge.eml", bytes(UPLOAD_LIMIT + 200 * 1024))})
    assert early.status_code == 413 and 'data-testid="too-large"' in early.text


def test_message_reader_with_an_undecodable_byte_says_so(desk: Desk) -> None:
    """A lone 0xC2 in a Diagnostic-Code line made the bounce page answer 500 (issue 12.3)."""
    client = logged_in(desk)
    raw = BOUNCE.encode().replace(b"Diagnostic-Code: smtp; 550", b"Diagnostic-Code: smtp; 550 \xc2")
    read = client.post("/inspect", files={"file": ("bad.eml", raw, "message/rfc822")})
    assert read.status_code == 200, read.text[:500]
    assert 'data-testid="bounce-undecodable"' in read.text
    assert "\ufffd" in read.text


def test_message_reader_refuses_an_upload_that_reads_too_long(tmp_path: Path) -> None:
    """Past engine_timeout_seconds the worker is killed and the agent told why (422)."""
    slow = open_page_desk(tmp_path, engine_timeout_seconds=0.05, engine_workers=1)
    try:
        client = logged_in(slow)
        # A megabyte of parts: linear, but far more than 50 ms of reading.
        raw = b"Content-Type: multipart/report; boundary=X\n\n" + b"--X\n\n" * (MB // 5)
        read = client.post("/inspect", files={"file": ("slow.eml", raw, "message/rfc822")})
        assert read.status_code == 422
        assert "0.05 秒内没有读完" in read.text  # zh by default
        assert client.get("/inspect").status_code == 200  # the page goes on
    finally:
        slow.close()
