"""Message reader (邮件解读): paste a line or upload originals; every finding and what to say.

Replaces the bounce reader: a bounce is one kind of finding. Uploaded files
(one or more, together within the upload limit) go through
:func:`postdesk.inspect.inspect_many`, the same engine as ``postdesk
inspect`` and ``POST /api/inspect``. A pasted whole message is read the same
way; a pasted line that is not a message (an SMTP reply, a status code, a
client error code) is explained as the bounce reader did. Files the engine
unpacked or built (winmail.dat contents, the ARF report, a virus sample's
encrypted archive) are offered as downloads inside the answer, so nothing of
a reader-page upload is stored. ``/bounce`` redirects here.
"""

from __future__ import annotations

import base64
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from postdesk.bounce import explain
from postdesk.bounce.reasons import REASONS, is_inferred_status
from postdesk.desk.deps import SessionRoute
from postdesk.desk.errors import BusyError
from postdesk.engine_pool import EngineTimeoutError, inspect_originals
from postdesk.inspect import InspectResult, texts
from postdesk.inspect.context import PURPOSES
from postdesk.inspect.tnef import tnef_parts, unpack
from postdesk.web.render import render
from postdesk.web.views.common import PageForm, PageUser, desk_of

router = APIRouter(include_in_schema=False, route_class=SessionRoute)
PASTE_LIMIT = 500_000
MAX_FILES = 20
# Files built or unpacked for a reader-page upload travel inside the answer as data
# URLs (nothing is stored); larger ones would make the page itself too heavy, so
# they are listed with a pointer to a case or the CLI instead.
MAX_OFFERED_BYTES = 8 * 1024 * 1024


def bounce_rows(recipients: list[Any], library: Any) -> list[dict[str, Any]]:
    """Rows of the bounce table: each recipient with its playbook signal's meaning."""
    rows = []
    for recipient in recipients:
        playbook = signal = None
        if recipient.playbook:
            try:
                playbook = library.get(recipient.playbook)
            except Exception:  # a playbook id the library does not have: show none
                playbook = None
        if playbook is not None and recipient.signal:
            signal = next((s for s in playbook.signals if s.id == recipient.signal), None)
        rows.append(
            {
                "r": recipient,
                "playbook": playbook,
                "meaning": signal.meaning if signal else None,
                "action": signal.action if signal else None,
                "reason_text": REASONS.get(recipient.reason, ""),
                # A pseudo code (5.0.9xx) no server sent: the page says it was inferred.
                "status_inferred": is_inferred_status(recipient.status or ""),
            }
        )
    return rows


def _data_url(data: bytes, media_type: str = "application/octet-stream") -> str:
    """A download link holding ``data``; "" when it is too large to carry in the page."""
    if len(data) > MAX_OFFERED_BYTES:
        return ""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def shown_result(result: InspectResult, library: Any) -> dict[str, Any]:
    """What the template shows of one result: findings, bounce rows, downloads, secrets."""
    from postdesk.bounce import Recipient

    downloads: list[dict[str, Any]] = []
    if result.original is not None:
        for part in tnef_parts(result.original):
            for item in unpack(result.original, part).files:
                downloads.append(
                    {
                        "name": item.name,
                        "size": len(item.data),
                        "kind": "tnef",
                        "url": _data_url(item.data),
                    }
                )
    findings = []
    for finding in result.findings:
        shown = finding.as_dict()
        shown["secrets"] = dict(finding.secrets)
        if finding.kind == "bounce":
            report = finding.details["report"]
            recipients = [Recipient(**item) for item in report["recipients"]]
            shown["rows"] = bounce_rows(recipients, library)
        for name, data in finding.artifacts.items():
            media = "message/rfc822" if name.endswith(".eml") else "application/zip"
            downloads.append(
                {
                    "name": name,
                    "size": len(data),
                    "kind": finding.kind,
                    "url": _data_url(data, media),
                }
            )
        findings.append(shown)
    return {"result": result, "findings": findings, "downloads": downloads}


def stored_views(case_id: int, rows: list[Any], library: Any) -> list[dict[str, Any]]:
    """The shown form of the inspections kept on a case's attachments (JSON, not objects).

    A row's own result comes first, then those of the messages attached to it;
    winmail.dat files are numbered across them, as originals.tnef_file counts.
    """
    views = []
    for row in rows:
        if not row.inspection:
            continue
        number = 0
        for result in [row.inspection, *row.inspection.get("attached", [])]:
            findings = []
            downloads = []
            for finding in result.get("findings", []):
                findings.append(_stored_finding(finding, library))
                for item in finding.get("attachments", []) if finding["kind"] == "tnef" else []:
                    number += 1
                    url = f"/cases/{case_id}/attachments/{row.id}/tnef/{number}"
                    downloads.append(
                        {"name": item["name"], "size": item["size"], "kind": "tnef", "url": url}
                    )
            views.append(
                {"result": result, "findings": findings, "downloads": downloads, "row": row}
            )
    return views


def _stored_finding(finding: dict[str, Any], library: Any) -> dict[str, Any]:
    from postdesk.bounce import Recipient

    shown = dict(finding) | {"secrets": {}}  # secrets are never stored with a finding
    if finding["kind"] == "bounce":
        recipients = [Recipient(**item) for item in finding["report"]["recipients"]]
        shown["rows"] = bounce_rows(recipients, library)
    return shown


def _page(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    defaults: dict[str, Any] = {
        "text": "",
        "shown": [],
        "single_rows": [],
        "error": None,
        "error_detail": "",
        "error_values": {},
        "file_name": "",
        "purposes": PURPOSES,
        "chosen": [],
        "upload_limit": desk_of(request).settings.upload_limit_bytes,
        "itext": texts.text,
    }
    return render(request, "inspect.html", status_code=status_code, **(defaults | context))


async def _shown(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    """:func:`_page` for the async endpoints, in a request thread: the page's header reads
    the database (the reminder count), which the event loop must never wait for."""
    return await run_in_threadpool(_page, request, status_code, **context)


@router.get("/inspect")
def inspect_form(request: Request, _user: PageUser) -> HTMLResponse:
    return _page(request)


@router.get("/bounce")
def bounce_moved(_user: PageUser) -> RedirectResponse:
    """The bounce reader's old address: the message reader reads bounces too."""
    return RedirectResponse("/inspect", status_code=308)


@router.post("/bounce")
def bounce_moved_post(_user: PageUser) -> RedirectResponse:
    """308 keeps the method and body: a form still posting here is read by /inspect."""
    return RedirectResponse("/inspect", status_code=308)


def _uploads(form: Any) -> list[Any]:
    return [
        item
        for item in form.getlist("file")
        if item is not None and not isinstance(item, str) and item.filename
    ][:MAX_FILES]


@router.post("/inspect")
async def inspect_read(request: Request, form: PageForm, user: PageUser) -> HTMLResponse:
    """Read the uploaded originals or the pasted text; say clearly what could not be read.

    The reading runs in the engine pool (postdesk.engine_pool: worker processes with
    a time limit), never in a request thread: one slow upload holds no one else up.
    """
    text = str(form.get("text", ""))[:PASTE_LIMIT]
    chosen = [value for value in form.getlist("as") if value in PURPOSES]
    common = {"text": text, "chosen": chosen}
    try:
        return await _read(request, form, text, chosen, common, user.id)
    except (EngineTimeoutError, BusyError) as err:
        status = 503 if isinstance(err, BusyError) else 422
        return await _shown(
            request,
            status,
            error=err.key,
            error_values=err.values,
            **common,
        )


async def _read(
    request: Request,
    form: Any,
    text: str,
    chosen: list[str],
    common: dict[str, Any],
    owner: int,
) -> HTMLResponse:
    desk = desk_of(request)
    pool = request.app.state.engine_pool
    limit = desk.settings.upload_limit_bytes
    purposes = frozenset(chosen)
    uploads = _uploads(form)
    if uploads:
        items: list[tuple[str, bytes]] = []
        total = 0
        for upload in uploads:
            data = await upload.read(limit + 1)
            total += len(data)
            if total > limit:
                return await _shown(
                    request, 413, error="upload_too_large", file_name=upload.filename, **common
                )
            items.append((upload.filename, data))
        results = await pool.run(inspect_originals, items, purposes, owner=owner)
        failed = [r for r in results if r.error]
        if len(failed) == len(results):
            first = failed[0]
            detail = first.error[desk_lang(request)] if first.error else ""
            return await _shown(
                request,
                422,
                error="upload_not_email",
                file_name=first.file,
                error_detail=detail,
                **common,
            )
        shown = [shown_result(result, desk.library) for result in results]
        return await _shown(request, shown=shown, **common)
    if not text.strip():
        return await _shown(request, 422, error="paste_empty", **common)
    # "replace": a lone surrogate in the posted text cannot become UTF-8 bytes.
    pasted = [("paste", text.encode("utf-8", "replace"))]
    result = (await pool.run(inspect_originals, pasted, purposes, owner=owner))[0]
    if result.error is None:
        return await _shown(request, shown=[shown_result(result, desk.library)], **common)
    # A pasted line or paragraph without headers: explain it as one reply.
    single = await pool.run(explain, text.strip()[:5000], owner=owner)
    if not single.reason and not single.playbook:
        return await _shown(request, 422, error="paste_not_understood", **common)
    return await _shown(request, single_rows=bounce_rows([single], desk.library), **common)


def desk_lang(request: Request) -> str:
    from postdesk.web.i18n import lang_of

    return lang_of(request)
