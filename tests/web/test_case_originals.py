"""Originals on the case page: findings shown, next step suggested, winmail.dat files, packing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from postdesk.desk.context import Desk
from postdesk.inspect import archive
from tests.conftest import DATA
from tests.inspect.test_samples_spam_virus_duplicate import SPAM
from tests.web.support import logged_in


def _case(client: TestClient, playbook: str, complaint: str) -> str:
    answer = client.post(
        "/cases/new",
        data={"complaint": complaint, "domain": "pages-example.cn", "action": f"start:{playbook}"},
    )
    assert answer.status_code == 303, answer.text[:300]
    return str(answer.headers["location"])


def _attach(client: TestClient, case_url: str, name: str, data: bytes) -> None:
    answer = client.post(
        f"{case_url}/attachments",
        files={"file": (name, data, "application/octet-stream")},
        data={"kind": "original"},
    )
    assert answer.status_code == 303, answer.text[:300]


def test_winmail_dat_on_a_case_shows_its_files_and_suggests_the_step(desk: Desk) -> None:
    client = logged_in(desk)
    case_url = _case(client, "rtf-winmail-dat", "对方发来的附件是winmail.dat，打不开")
    _attach(client, case_url, "winmail.dat", (DATA / "tnef" / "two-files.tnef").read_bytes())
    shown = client.get(case_url).text
    assert 'data-testid="case-originals"' in shown and "README" in shown
    assert 'data-testid="walk-suggestion"' in shown
    attachment_id = desk_attachment_id(desk)
    download = client.get(f"{case_url}/attachments/{attachment_id}/tnef/2")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith('attachment; filename="README"')
    from tnefparse.tnef import TNEF

    expected = TNEF((DATA / "tnef" / "two-files.tnef").read_bytes()).attachments[1].data
    assert download.content == expected
    assert client.get(f"{case_url}/attachments/{attachment_id}/tnef/9").status_code == 404


def desk_attachment_id(desk: Desk) -> int:
    from sqlalchemy import select

    from postdesk.desk.attachments.models import Attachment

    with desk.sessions() as session:
        return int(session.scalars(select(Attachment.id).order_by(Attachment.id.desc())).first())


def test_packing_a_virus_sample_shows_the_password_once_and_keeps_it_apart(desk: Desk) -> None:
    client = logged_in(desk)
    case_url = _case(client, "virus-mail", "收到病毒邮件了")
    _attach(client, case_url, "virus.eml", SPAM)
    shown = client.get(case_url).text
    assert 'data-testid="package-virus"' in shown
    packed = client.post(f"{case_url}/attachments/{desk_attachment_id(desk)}/package")
    assert packed.status_code == 200
    password = packed.text.split('data-testid="packaged-password">', 1)[1].split("<", 1)[0]
    assert password not in client.get(case_url).text  # shown once, then only in the vault
    from sqlalchemy import select

    from postdesk.desk.attachments.models import Attachment
    from postdesk.desk.secrets.models import CaseSecret

    with desk.sessions() as session:
        row = session.scalars(select(Attachment).where(Attachment.kind == "virus-archive")).one()
        secret = session.scalars(select(CaseSecret)).one()
        assert secret.field == "archive_password"
        assert password.encode() not in secret.ciphertext
    blob = (desk.settings.data_dir / "blobs" / row.sha256[:2] / row.sha256).read_bytes()
    assert archive.unpack(blob, password) == SPAM and password.encode() not in blob


def test_message_reader_page_reads_several_originals(desk: Desk) -> None:
    client = logged_in(desk)
    tnef = (DATA / "tnef" / "two-files.tnef").read_bytes()
    answer = client.post(
        "/inspect",
        files=[
            ("file", ("winmail.dat", tnef, "application/ms-tnef")),
            ("file", ("virus.eml", SPAM, "message/rfc822")),
        ],
        data={"as": "virus"},
    )
    assert answer.status_code == 200, answer.text[-400:]
    page = answer.text
    for testid in ("finding-tnef", "finding-virus", "virus-password", "inspect-downloads"):
        assert f'data-testid="{testid}"' in page
    assert 'download="README"' in page and 'download="virus-sample-' in page
    assert "data:application/zip;base64," in page
    english = logged_in(desk)
    english.cookies.set("postdesk_lang", "en")
    shown = english.post("/inspect", files={"file": ("winmail.dat", tnef, "application/ms-tnef")})
    assert "WINMAIL.DAT (RTF mail)" in shown.text


def test_message_reader_refuses_what_is_not_a_message(desk: Desk) -> None:
    client = logged_in(desk)
    answer = client.post("/inspect", files={"file": ("notes.txt", b"just words\nno headers\n")})
    assert answer.status_code == 422 and "notes.txt" in answer.text
    assert "不是邮件原件" in answer.text


def test_message_reader_does_not_carry_big_files_in_the_page(desk: Desk) -> None:
    from postdesk.web.views import inspect_pages

    client = logged_in(desk)
    tnef = (DATA / "tnef" / "two-files.tnef").read_bytes()
    original = inspect_pages.MAX_OFFERED_BYTES
    inspect_pages.MAX_OFFERED_BYTES = 500  # AUTHORS (244 B) fits, README (893 B) does not
    try:
        answer = client.post("/inspect", files={"file": ("winmail.dat", tnef, "")})
    finally:
        inspect_pages.MAX_OFFERED_BYTES = original
    assert 'download="AUTHORS"' in answer.text and 'download="README"' not in answer.text
    assert "postdesk inspect --extract" in answer.text


def test_message_reader_page_shows_every_kind(desk: Desk) -> None:
    from tests.inspect.samples import NATIVE, TEXTS, message
    from tests.inspect.test_delay import INBOUND
    from tests.web.test_e2e import BOUNCE

    subject, body = TEXTS["zh"]
    garbled = message(subject.encode(NATIVE["zh"]), body.encode(NATIVE["zh"]), b"text/plain")
    files = [
        ("file", ("late.eml", INBOUND, "")),
        ("file", ("late-copy.eml", INBOUND, "")),
        ("file", ("garbled.eml", garbled, "")),
        ("file", ("bounce.eml", BOUNCE.encode(), "")),
        ("file", ("spam.eml", SPAM, "")),
    ]
    for lang in ("zh", "en"):
        client = logged_in(desk)
        client.cookies.set("postdesk_lang", lang)
        page = client.post("/inspect", files=files, data={"as": ["spam"]}).text
        for testid in (
            "delay-hops",
            "delay-slowest",
            "garbled-cause",
            "garbled-subject",
            "bounce-table",
            "spam-relay",
            "duplicate-cause",
        ):
            assert f'data-testid="{testid}"' in page, (lang, testid)
        assert subject in page and "198.51.100.23" in page
