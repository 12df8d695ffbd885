"""In a browser: an original attached to a case shows findings, the next step and its files."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from tests.conftest import DATA
from tests.web.conftest import Server, login, shot

COMPLAINT = "客户说对方发来的邮件附件全是winmail.dat，打不开"


def _original_with_winmail_dat() -> bytes:
    tnef = (DATA / "tnef" / "two-files.tnef").read_bytes()
    return (
        b"From: sender@partner.example\nTo: li@example-e2e.cn\nSubject: files\n"
        b"Message-ID: <e2e-t1@partner.example>\nDate: Mon, 1 Jan 2024 10:00:00 +0800\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="XX"\n\n--XX\n'
        b"Content-Type: text/plain\n\nsee attached\n--XX\n"
        b'Content-Type: application/ms-tnef; name="winmail.dat"\n'
        b"Content-Transfer-Encoding: base64\n"
        b'Content-Disposition: attachment; filename="winmail.dat"\n\n'
        + base64.encodebytes(tnef)
        + b"--XX--\n"
    )


def test_original_on_a_case_shows_findings_next_step_and_downloads(
    page: Any, server: Server, tmp_path: Path
) -> None:
    login(page, server)
    page.fill("#complaint", COMPLAINT)
    page.click("[data-testid=triage]")
    page.wait_for_selector("[data-testid=suggestions]")
    page.keyboard.press("1")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert "4.0.25" in page.inner_text("h1")

    original = tmp_path / "from-customer.eml"
    original.write_bytes(_original_with_winmail_dat())
    page.set_input_files("#attachments input[type=file][name=file]", str(original))
    page.select_option("#attachments select[name=kind]", "original")
    page.click("[data-testid=attach]")
    page.wait_for_selector("[data-testid=case-originals]")

    finding = page.locator("[data-testid=finding-tnef]")
    assert "WINMAIL.DAT" in finding.inner_text() and "README" in finding.inner_text()
    assert "Outlook" in finding.locator("[data-testid=finding-reply]").inner_text()
    hint = page.locator("[data-testid=walk-suggestion]").first.inner_text()
    assert "用户用什么方式收取" in hint or "如何还原附件" in hint, hint
    shot(page, "40-case-original-findings")

    with page.expect_download() as waiting:
        page.click("[data-testid=inspect-downloads] a:has-text('README')")
    download = waiting.value
    assert download.suggested_filename == "README"
    saved = tmp_path / "README"
    download.save_as(saved)
    from tnefparse.tnef import TNEF

    expected = TNEF((DATA / "tnef" / "two-files.tnef").read_bytes()).attachments[1].data
    assert saved.read_bytes() == expected


def test_message_reader_page_offers_winmail_dat_files_and_the_virus_archive(
    page: Any, server: Server, tmp_path: Path
) -> None:
    login(page, server)
    page.goto("/inspect")
    original = tmp_path / "from-customer.eml"
    original.write_bytes(_original_with_winmail_dat())
    page.set_input_files("input[type=file][name=file]", str(original))
    page.check("input[name=as][value=virus]")
    page.click("[data-testid=read-original]")
    page.wait_for_selector("[data-testid=finding-tnef]")
    password = page.inner_text("[data-testid=virus-password] code")
    shot(page, "41-message-reader-findings")
    with page.expect_download() as waiting:
        page.click("[data-testid=inspect-downloads] a:has-text('README')")
    saved = tmp_path / "README"
    waiting.value.save_as(saved)
    from tnefparse.tnef import TNEF

    expected = TNEF((DATA / "tnef" / "two-files.tnef").read_bytes()).attachments[1].data
    assert saved.read_bytes() == expected
    with page.expect_download() as waiting:
        page.click("[data-testid=inspect-downloads] a[data-kind=virus]")
    archive_path = tmp_path / "sample.zip"
    waiting.value.save_as(archive_path)
    from postdesk.inspect import archive

    assert archive.unpack(archive_path.read_bytes(), password) == original.read_bytes()
