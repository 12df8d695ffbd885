"""CSRF protection of the pages (postdesk.web.csrf), in process: refused, harmless, recoverable."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.api import create_app
from postdesk.db.base import Base
from postdesk.desk.context import Desk
from postdesk.web.csrf import CSRF_COOKIE, UNSAFE_METHODS
from tests.web.support import (
    COMPLAINT,
    PASSWORD,
    logged_in,
    login_as,
    new_case,
    page_token,
)

EVIL = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
POST_FORM = re.compile(r'<form method="post"[^>]*>(.*?)</form>', re.S)


def database_rows(desk: Desk) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what "nothing changed" is compared against."""
    with desk.sessions() as db_session:
        return {
            table.name: sorted(map(tuple, db_session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


def _forged(case_id: str) -> list[tuple[str, dict[str, str]]]:
    """Posts another site could make a logged-in agent's browser send, one per page form."""
    return [
        ("/cases/new", {"complaint": COMPLAINT, "action": "start:webmail-system-busy"}),
        ("/settings/users", {"username": "mallory", "role": "admin"}),
        (f"/cases/{case_id}/walk", {"step": "ask-outage", "choice": "2"}),
        (f"/cases/{case_id}/close", {"resolution": "closed by someone else"}),
        (f"/cases/{case_id}/check", {"target": "example.com"}),
        ("/inspect", {"text": "552 5.2.2 Mailbox full"}),
        ("/logout", {}),
        ("/lang", {"lang": "en", "back": "/cases"}),
    ]


def test_cross_site_post_without_the_token_is_refused_and_changes_nothing(desk: Desk) -> None:
    client = logged_in(desk)
    case_id = new_case(client).rsplit("/", 1)[1]
    token = client.headers.pop("X-CSRF-Token")  # the forging site cannot read it
    before = database_rows(desk)
    for path, form in _forged(case_id):
        answer = client.post(path, data=form, headers=EVIL)
        assert answer.status_code == 403, path
        assert "表单已过期，请重新加载页面后再试" in answer.text, path
        assert "postdesk_lang" not in answer.headers.get("set-cookie", ""), path
    wrong = client.post("/cases/new", data={**_forged(case_id)[0][1], "_csrf": "x" * 43})
    assert wrong.status_code == 403  # a made-up token is no better than none
    assert database_rows(desk) == before
    assert client.get("/cases/new").status_code == 200  # the logout was refused too

    made = client.post("/cases/new", data={**_forged(case_id)[0][1], "_csrf": token})
    assert made.status_code == 303  # the desk's own form, with its token, works
    closed = client.post(f"/cases/{case_id}/close", headers={"X-CSRF-Token": token}, data={})
    assert closed.status_code == 303
    assert database_rows(desk) != before


def test_every_state_changing_page_route_checks_the_token(desk: Desk) -> None:
    """Not only the forms above: any page route that takes a post, now or added later."""
    client = logged_in(desk)
    new_case(client)
    client.headers.pop("X-CSRF-Token")
    checked = []
    for route in iter_route_contexts(create_app(desk).routes):
        if route.methods is None or route.path.startswith("/api/"):
            continue
        for method in sorted(route.methods & UNSAFE_METHODS):
            path = re.sub(r"\{[a-z_]+(:int)?\}", "1", route.path)
            answer = client.request(method, path, data={"_page": "/"})
            assert answer.status_code == 403, f"{method} {route.path}: {answer.status_code}"
            assert "表单已过期" in answer.text, route.path
            checked.append(route.path)
    assert {"/login", "/logout", "/lang", "/cases/new", "/cases/{case_id:int}/walk"} <= set(checked)


def test_the_token_is_bound_to_the_browser_and_the_login(desk: Desk) -> None:
    before_login = TestClient(create_app(desk), follow_redirects=False)
    early = page_token(before_login.get("/login").text)
    client = logged_in(desk)
    other = logged_in(desk)  # the same user in another browser
    own = client.headers.pop("X-CSRF-Token")
    theirs = other.headers["X-CSRF-Token"]
    assert own != theirs
    form = {"complaint": COMPLAINT, "action": "triage"}
    assert client.post("/cases/new", data={**form, "_csrf": own}).status_code == 200
    assert client.post("/cases/new", data={**form, "_csrf": theirs}).status_code == 403
    assert client.post("/cases/new", data={**form, "_csrf": early}).status_code == 403
    # A new login in this browser makes the pages shown before it stale.
    assert login_as(client).status_code == 303
    assert client.post("/cases/new", data={**form, "_csrf": own}).status_code == 403
    fresh = page_token(client.get("/cases/new").text)
    assert client.post("/cases/new", data={**form, "_csrf": fresh}).status_code == 200


def test_login_form_needs_its_token(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    page = client.get("/login")
    assert CSRF_COOKIE in page.cookies  # the first page gives the browser its value
    refused = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert refused.status_code == 403 and "postdesk_session" not in refused.cookies
    assert login_as(client).status_code == 303


def test_json_api_with_a_bearer_token_needs_no_page_token(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    issued = client.post("/api/auth/token", json={"username": "admin", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    made = client.post("/api/cases", json={"complaint": COMPLAINT}, headers=bearer)
    assert made.status_code == 201, made.text
    # Why it is exempt: the API ignores the page cookie, so a forged post gets nowhere.
    browser = logged_in(desk)
    before = database_rows(desk)
    no_bearer = browser.post("/api/cases", json={"complaint": COMPLAINT})
    assert no_bearer.status_code == 401
    assert database_rows(desk) == before  # the refused post stored nothing


def test_every_post_form_of_a_page_carries_its_token(desk: Desk) -> None:
    client = logged_in(desk)
    case_url = new_case(client)
    pages = {"/cases/new", "/inspect", "/settings", "/cases", "/incidents", case_url}
    for path in sorted(pages):
        html = client.get(path).text
        token = page_token(html)
        forms = POST_FORM.findall(html)
        assert forms, path
        for body in forms:
            assert f'<input type="hidden" name="_csrf" value="{token}">' in body, (path, body)
    logged_out = TestClient(create_app(desk))
    login_page = logged_out.get("/login").text
    for body in POST_FORM.findall(login_page):
        assert f'name="_csrf" value="{page_token(login_page)}"' in body


def _kept(html: str) -> dict[str, Any] | None:
    found = re.search(r'<script type="application/json" id="keep-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def test_an_expired_form_keeps_what_the_agent_typed_but_no_secret(desk: Desk) -> None:
    client = logged_in(desk)
    case_url = new_case(client)
    case_id = case_url.rsplit("/", 1)[1]
    assert client.post(f"/cases/{case_id}/walk", data={"choice": "2"}).status_code == 303
    typed = {
        "_page": case_url,
        "step": "collect-credentials",
        "field:email": "li@pages-example.cn",
        "secret:password": "customer-secret",
        "_csrf": "stale" * 8,
    }
    same_site = {"Origin": "http://testserver", "X-CSRF-Token": ""}
    answer = client.post(f"/cases/{case_id}/walk", data=typed, headers=same_site)
    assert answer.status_code == 403
    kept = _kept(answer.text)
    assert kept is not None and kept["page"] == case_url
    assert ["field:email", "li@pages-example.cn"] in kept["values"]
    assert "customer-secret" not in answer.text and "stale" not in json.dumps(kept)
    assert f'href="{case_url}"' in answer.text  # the reload link goes back to the form's page
    page = client.get(case_url)
    assert 'data-step="collect-credentials"' in page.text  # the walk did not move

    # A forged post must not plant its text in the agent's form.
    forged = client.post(f"/cases/{case_id}/walk", data=typed, headers={**EVIL, "X-CSRF-Token": ""})
    assert forged.status_code == 403 and _kept(forged.text) is None


def test_a_background_post_without_the_token_gets_a_short_message(desk: Desk) -> None:
    client = logged_in(desk)
    case_id = new_case(client).rsplit("/", 1)[1]
    answer = client.post(
        f"/cases/{case_id}/check",
        data={"target": ""},
        headers={"X-Fragment": "1", "X-CSRF-Token": ""},
    )
    assert answer.status_code == 403
    assert answer.text.startswith('<p class="notice warn"') and "表单已过期" in answer.text
