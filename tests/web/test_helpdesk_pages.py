"""Issue 16 on the pages: my cases as home, the case's holder, status, notes and timeline,
reminders in the header and on their page, attachment previews that never run anything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from postdesk.desk.reminders import service as reminders
from tests.web.support import logged_in, new_case, open_page_desk

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_an_agents_day_on_the_pages(tmp_path: Path) -> None:
    desk = open_page_desk(tmp_path)
    try:
        agent = logged_in(desk, "agent")
        home = agent.get("/")
        assert home.status_code == 303 and home.headers["location"] == "/cases?agent=me"
        case_url = new_case(agent)
        case_id = int(case_url.rsplit("/", 1)[1])
        mine = agent.get("/cases?agent=me").text
        assert f'href="/cases/{case_id}"' in mine and "我的工单" in mine
        assert 'data-testid="case-age"' in mine
        page = agent.get(case_url).text
        assert 'data-testid="holder">agent<' in page
        # A note, a status change, a reminder due at once.
        assert (
            agent.post(f"{case_url}/notes", data={"body": "客户三点后方便 <b>x</b>"}).status_code
            == 303
        )
        assert (
            agent.post(f"{case_url}/status", data={"status": "waiting_customer"}).status_code == 303
        )
        when = (datetime.now(UTC) - timedelta(minutes=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
        made = agent.post(f"{case_url}/reminders", data={"due_at": when, "text": "回电客户"})
        assert made.status_code == 303, made.text[:300]
        page = agent.get(case_url).text
        assert "客户三点后方便 &lt;b&gt;x&lt;/b&gt;" in page
        assert "等待客户" in page and "回电客户" in page
        header = agent.get("/reminders").text
        assert 'data-testid="reminder-count"' in header and "回电客户" in header
        with desk.sessions() as db_session:
            items, _ = reminders.list_reminders(
                db_session=db_session, now=datetime.now(UTC) + timedelta(hours=10)
            )
        bad = agent.post(f"{case_url}/status", data={"status": "waiting_engineer"})
        assert bad.status_code == 409 and "升级" in bad.text
        done = agent.post(f"/reminders/{items[0].id}/done", data={"back": case_url})
        assert done.status_code == 303
        assert agent.post(f"{case_url}/status", data={"status": "resolved"}).status_code == 303
        assert "已解决" in agent.get(case_url).text
    finally:
        desk.close()


def test_previews_show_images_and_messages_as_text(tmp_path: Path) -> None:
    desk = open_page_desk(tmp_path)
    try:
        agent = logged_in(desk, "agent")
        case_url = new_case(agent)
        eml = (
            b"From: a@example.com\r\nSubject: hi\r\nContent-Type: text/html\r\n\r\n"
            b"<script>alert(1)</script><p>hello</p>\r\n"
        )
        for name, data in (
            ("shot.png", PNG),
            ("mail.eml", eml),
            ("x.svg", b"<svg onload=alert(1)>"),
        ):
            sent = agent.post(
                f"{case_url}/attachments", files={"file": (name, data)}, data={"kind": "other"}
            )
            assert sent.status_code == 303, sent.text[:300]
        page = agent.get(case_url).text
        links = [
            part.split('"')[0]
            for part in page.split('href="')[1:]
            if "/preview" in part.split('"')[0]
        ]
        png, mail, svg = links[:3]
        shown = agent.get(png).text
        assert 'data-testid="preview-image"' in shown
        image = agent.get(png.replace("/preview", "/image"))
        assert image.headers["content-type"] == "image/png"
        assert image.headers["content-disposition"].startswith("inline")
        assert "sandbox" in image.headers["content-security-policy"]
        text = agent.get(mail).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
        assert 'data-testid="preview-image"' not in agent.get(svg).text
        assert agent.get(svg.replace("/preview", "/image")).status_code == 404
        download = agent.get(svg.replace("/preview", ""))
        assert download.headers["content-type"] == "application/octet-stream"
        assert download.headers["x-content-type-options"] == "nosniff"
    finally:
        desk.close()


def test_link_and_merge_from_the_case_page(tmp_path: Path) -> None:
    desk = open_page_desk(tmp_path)
    try:
        agent = logged_in(desk, "agent")
        first, duplicate = new_case(agent), new_case(agent)
        first_id = first.rsplit("/", 1)[1]
        agent.post(f"{duplicate}/notes", data={"body": "重复来电"})
        bad = agent.post(f"{duplicate}/merge", data={"into_id": "abc"})
        assert bad.status_code == 409 and "工单编号" in bad.text
        merged = agent.post(
            f"{duplicate}/merge", data={"into_id": f"#{first_id}", "reason": "同一问题"}
        )
        assert merged.status_code == 303 and merged.headers["location"] == f"{first}#timeline"
        survivor = agent.get(first).text
        assert "重复来电" in survivor and 'data-testid="linked-case"' in survivor
        assert "已合并到" in agent.get(duplicate).text
    finally:
        desk.close()
