"""Each user's fair share of the engine pool (issue 12).

The pool (uploads and long complaints, every user of the process) holds
``engine_workers * 5`` jobs. Without a share one agent's burst of hostile
uploads took all of it and every other agent's long complaint got 503. Now a
user may have ``engine_jobs_per_user`` jobs in it at once: past that, that
user alone is refused (503 ``busy`` with Retry-After), before the body of an
upload is read; the others go on.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.engine_pool import EnginePool
from tests.desk import support
from tests.desk.conftest import add_user, login
from tests.desk.test_engine_api import DSN as BOUNCE
from tests.desk.test_long_complaints import LONG

BOUNCE_FILE = {"file": ("bounce.eml", BOUNCE, "message/rfc822")}


def test_one_user_past_their_share_is_refused_and_another_user_is_served(desk: Desk) -> None:
    app = create_app(desk)
    app.state.engine_pool.close()
    # Room for five jobs, one per user: the pool is never full here, only a share.
    pool = EnginePool(
        workers=1,
        timeout_seconds=60,
        queue_per_worker=4,
        per_owner=1,
        knowledge=(desk.profile, desk.library),
    )
    app.state.engine_pool = pool
    client = TestClient(app, raise_server_exceptions=False)
    hostile = add_user(desk, "hostile", "agent")
    add_user(desk, "other", "agent")
    hostile_headers = {**login(client, "hostile"), "Accept-Language": "zh-CN"}
    other_headers = login(client, "other")
    first: list[Any] = []
    # The hostile user's first long complaint: a fresh worker builds its triage index
    # first, so it stays in the pool for seconds.
    holder = threading.Thread(
        target=lambda: first.append(
            client.post("/api/triage", json={"text": LONG}, headers=hostile_headers)
        )
    )
    try:
        holder.start()
        deadline = time.monotonic() + 30
        while not pool.owner_full(hostile.id):
            assert time.monotonic() < deadline, "the first job never reached the pool"
            time.sleep(0.01)
        again = client.post("/api/triage", json={"text": LONG}, headers=hostile_headers)
        upload = client.post("/api/bounce", files=BOUNCE_FILE, headers=hostile_headers)
        served = client.post("/api/triage", json={"text": LONG}, headers=other_headers)
        served_upload = client.post("/api/bounce", files=BOUNCE_FILE, headers=other_headers)
        holder.join(timeout=120)
    finally:
        pool.close()
    for refused in (again, upload):
        assert refused.status_code == 503, refused.text
        assert refused.json()["error"] == "busy"
        assert refused.headers["Retry-After"].isdigit()
        assert refused.json()["message"].startswith("您已有 1 项内容")
    assert served.status_code == 200, served.text
    assert served_upload.status_code == 200, served_upload.text
    assert first[0].status_code == 200, first[0].text
    assert not pool.any_owner_full  # the share is given back when the job ends


def test_an_upload_past_its_user_s_share_is_refused_before_its_body_is_read(desk: Desk) -> None:
    """As a full pool's refusal (test_long_complaints): the share's refusal costs no body read."""
    app = create_app(desk)
    app.state.engine_pool.close()
    pool = EnginePool(workers=1, timeout_seconds=30, queue_per_worker=4, per_owner=1)
    app.state.engine_pool = pool
    uploader = add_user(desk, "uploader", "agent")
    headers = login(TestClient(app), "uploader")
    start, body, asked_for_body = support.upload_while_pool_busy(
        app, pool, headers["Authorization"], b"en", owner=uploader.id
    )
    assert start["status"] == 503
    assert "the most one user may have in it at once" in body.decode()
    assert not asked_for_body
