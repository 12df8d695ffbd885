"""Two merges of one pair in opposite directions at once (issue 16.9, 16.5).

Each merge locks both rows. Taken in the order of the request (the duplicate,
then the survivor), A->B and B->A each held one row and waited for the other:
PostgreSQL broke the deadlock by failing one of them with a 500. Both merges
now lock in ascending id order, so one waits for the other and is refused with
a catalogue message; nothing is lost.

The "held" rounds make the race certain on PostgreSQL: a third transaction
holds both rows while the two merges start, so both are waiting for their
first lock when it lets go. The free rounds just race.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from postdesk.desk.context import Desk
from tests.desk.conftest import add_user, login, new_case

ROUNDS = 6
EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh"}


def _waiting_for_locks(desk: Desk) -> int:
    with desk.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        )


Post = tuple[str, dict[str, str], dict[str, Any]]


def _race(
    desk: Desk,
    client: TestClient,
    calls: list[Post],
    hold: tuple[str, int, int] | None,
) -> list[Any]:
    """POST ``calls`` (url, headers, body) in threads at once; with ``hold`` (table, id,
    id) both rows are held by another transaction until every call waits for a lock
    (PostgreSQL)."""
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        url, headers, body = calls[index]
        barrier.wait()
        results[index] = client.post(url, headers=headers, json=body)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    if hold is None:
        for thread in threads:
            thread.start()
    else:
        table, first, second = hold
        with desk.engine.connect() as holder:
            holder.execute(
                text(f"SELECT id FROM {table} WHERE id IN (:a, :b) FOR UPDATE"),
                {"a": first, "b": second},
            )
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 20
            while _waiting_for_locks(desk) < len(calls):
                assert time.monotonic() < deadline, "the merges never waited for the held rows"
                time.sleep(0.02)
            holder.commit()
    for thread in threads:
        thread.join(60)
    return results


def _rounds(desk: Desk) -> list[bool]:
    """Which rounds hold the rows first: half of them on PostgreSQL, none on SQLite."""
    postgres = desk.engine.dialect.name == "postgresql"
    return [postgres and number % 2 == 0 for number in range(ROUNDS)]


def test_opposite_case_merges_at_once_one_wins_one_is_told(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_user(desk, "boss", "supervisor")
    boss = login(client, "boss")
    for held in _rounds(desk):
        first = new_case(client, agent)["id"]
        second = new_case(client, agent)["id"]
        for case_id in (first, second):
            noted = client.post(
                f"/api/cases/{case_id}/notes", headers=agent, json={"body": f"note of {case_id}"}
            )
            assert noted.status_code == 201, noted.text
        answers = _race(
            desk,
            client,
            [
                (f"/api/cases/{first}/merge", {**agent, **EN}, {"into_id": second}),
                (f"/api/cases/{second}/merge", {**boss, **ZH}, {"into_id": first}),
            ],
            ("cases", first, second) if held else None,
        )
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200, 409], [answer.text for answer in answers]
        won = next(index for index, answer in enumerate(answers) if answer.status_code == 200)
        survivor, duplicate = (second, first) if won == 0 else (first, second)
        refusal = answers[1 - won].json()
        if won == 0:  # the supervisor (zh) was refused: case `survivor` was merged away
            assert refusal["message"] == (
                f"工单 {duplicate} 已合并到工单 {survivor}，不能作为保留的工单；"
                f"请合并到工单 {survivor}。"
            )
        else:
            assert refusal["message"] == (
                f"case {duplicate} was itself merged into case {survivor}; "
                f"merge into case {survivor} instead"
            )
        kept = client.get(f"/api/cases/{survivor}", headers=agent).json()
        gone = client.get(f"/api/cases/{duplicate}", headers=agent).json()
        assert kept["merged_into_id"] is None and kept["status"] != "closed"
        assert gone["merged_into_id"] == survivor and gone["status"] == "closed"
        entries = client.get(f"/api/cases/{survivor}/timeline?page_size=200", headers=agent).json()[
            "items"
        ]
        notes = sorted(entry["note"] for entry in entries if entry["kind"] == "case.note")
        assert notes == sorted([f"note of {first}", f"note of {second}"])
        merged_events = [entry for entry in entries if entry["kind"] == "case.merged"]
        assert len(merged_events) == 2  # one on each case, both shown on the survivor


def test_opposite_customer_merges_at_once_one_wins_one_is_told(
    desk: Desk, client: TestClient, agent: dict[str, str], admin: dict[str, str]
) -> None:
    add_user(desk, "boss", "supervisor")
    boss = login(client, "boss")
    for number, held in enumerate(_rounds(desk)):
        one = new_case(client, agent, customer={"domain": f"one{number}.test"}, contact=None)
        two = new_case(client, agent, customer={"domain": f"two{number}.test"}, contact=None)
        first, second = one["customer"]["id"], two["customer"]["id"]
        answers = _race(
            desk,
            client,
            [
                (f"/api/customers/{first}/merge", {**admin, **EN}, {"merged_id": second}),
                (f"/api/customers/{second}/merge", {**boss, **ZH}, {"merged_id": first}),
            ],
            ("customers", first, second) if held else None,
        )
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200, 409], [answer.text for answer in answers]
        won = next(index for index, answer in enumerate(answers) if answer.status_code == 200)
        survivor, merged = (first, second) if won == 0 else (second, first)
        merged_domain = f"two{number}.test" if won == 0 else f"one{number}.test"
        refusal = answers[1 - won].json()["message"]
        if won == 0:
            assert refusal == (
                f"{merged_domain} 的记录已经合并到客户 {survivor}；请对客户 {survivor} 操作"
            )
        else:
            assert refusal == (
                f"the record of {merged_domain} was already merged into customer {survivor}; "
                f"act on customer {survivor} instead"
            )
        kept = client.get(f"/api/customers/{survivor}", headers=agent).json()
        gone = client.get(f"/api/customers/{merged}", headers=agent).json()
        assert kept["merged_into_id"] is None and gone["merged_into_id"] == survivor
        assert sorted(row["id"] for row in kept["cases"]) == sorted([one["id"], two["id"]])
