"""Originals attached to a case: read on arrival, findings on the case, the next step suggested."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.desk.conftest import new_case
from tests.inspect.test_delay import INBOUND
from tests.inspect.test_samples_spam_virus_duplicate import SPAM


def _attach(client: TestClient, headers: dict[str, str], case_id: int, name: str, data: bytes):
    return client.post(
        f"/api/cases/{case_id}/attachments",
        headers=headers,
        files={"file": (name, data, "application/octet-stream")},
        data={"kind": "original"},
    )


def test_a_delayed_original_is_read_and_suggests_the_inbound_collect_step(
    client: TestClient, agent: dict[str, str]
) -> None:
    case = new_case(client, agent, complaint="收到的邮件总是晚好几个小时", playbook_id="mail-delay")
    answer = _attach(client, agent, case["id"], "late.eml", INBOUND)
    assert answer.status_code == 201, answer.text
    findings = answer.json()["inspection"]["findings"]
    assert [f["kind"] for f in findings] == ["delay"]
    assert findings[0]["step"] == "collect-inbound"
    listed = client.get(f"/api/cases/{case['id']}/attachments", headers=agent).json()
    assert listed[0]["inspection"]["findings"][0]["finding"] == "delay-inbound-sender"
    screenshot = _attach(client, agent, case["id"], "screen.png", b"\x89PNG\r\n")
    assert screenshot.json()["inspection"] is None


def test_copies_on_one_case_are_compared(client: TestClient, agent: dict[str, str]) -> None:
    case = new_case(client, agent, complaint="同一封邮件收到了好几遍", playbook_id="duplicate-mail")
    _attach(client, agent, case["id"], "one.eml", SPAM)
    second = _attach(client, agent, case["id"], "two.eml", SPAM).json()
    kinds = {f["kind"]: f for f in second["inspection"]["findings"]}
    assert kinds["duplicate"]["finding"] == "duplicate-client-download"
    first = client.get(f"/api/cases/{case['id']}/attachments", headers=agent).json()[0]
    assert any(f["kind"] == "duplicate" for f in first["inspection"]["findings"])


def test_a_virus_case_reads_its_original_as_a_virus_sample(
    client: TestClient, agent: dict[str, str]
) -> None:
    case = new_case(client, agent, complaint="收到病毒邮件", playbook_id="virus-mail")
    found = _attach(client, agent, case["id"], "virus.eml", SPAM).json()["inspection"]
    virus = next(f for f in found["findings"] if f["kind"] == "virus")
    assert virus["step"] == "collect-sender-mailbox" and "archive_password" not in virus


def test_an_original_forwarded_as_attachment_is_read_on_the_case(
    client: TestClient, agent: dict[str, str]
) -> None:
    from tests.inspect.test_samples_spam_virus_duplicate import forwarded

    case = new_case(client, agent, complaint="每天收到一大堆垃圾邮件", playbook_id="spam-complaint")
    stored = _attach(client, agent, case["id"], "fw.eml", forwarded(SPAM)).json()["inspection"]
    attached = stored["attached"]
    assert [item["file"] for item in attached] == ["fw.eml › spam.eml"]
    spam = next(f for f in attached[0]["findings"] if f["kind"] == "spam")
    assert spam["relay"]["ip"] == "198.51.100.23" and spam["step"] == "collect-spam-case"


def test_an_outlook_msg_attached_to_a_case_is_read(
    client: TestClient, agent: dict[str, str]
) -> None:
    from tests.conftest import DATA

    case = new_case(
        client, agent, complaint="发出去的邮件被退回来了", playbook_id="bounce-interpretation"
    )
    report = (DATA / "msg" / "other.msg").read_bytes()
    stored = _attach(client, agent, case["id"], "退信.msg", report).json()["inspection"]
    assert stored["error"] is None
    assert [f["kind"] for f in stored["findings"]] == ["bounce"]
