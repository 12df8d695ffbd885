"""Bounce reader: paste a bounce or upload the .eml; a table of recipients and what to say."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from postdesk.bounce import analyze, explain
from postdesk.bounce.message import MAX_HEADER_CHARS
from postdesk.bounce.reasons import REASONS, is_inferred_status
from postdesk.desk.errors import BusyError
from postdesk.engine_pool import EngineTimeoutError
from postdesk.web.render import render
from postdesk.web.views.common import PageForm, PageUser, desk_of

router = APIRouter(include_in_schema=False)
MEGABYTE = 1024 * 1024
# Page answers other than 422 for what went wrong.
_STATUS = {"upload_too_large": 413, "busy_engine": 503}


def _rows(recipients: list[Any], library: Any) -> list[dict[str, Any]]:
    rows = []
    for recipient in recipients:
        signal = None
        playbook = None
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


@router.get("/bounce")
def bounce_form(request: Request, _user: PageUser) -> HTMLResponse:
    return render(
        request,
        "bounce.html",
        text="",
        report=None,
        rows=[],
        error=None,
        upload_limit=desk_of(request).settings.upload_limit_bytes,
    )


@router.post("/bounce")
async def bounce_read(request: Request, form: PageForm, _user: PageUser) -> HTMLResponse:
    """Read the pasted text or the uploaded file; say clearly when it is not a bounce.

    The reading runs in the engine pool (postdesk.engine_pool), never in a request
    thread: one slow upload cannot hold up the other agents' pages.
    """
    desk = desk_of(request)
    pool = request.app.state.engine_pool
    # The configured upload limit (25 MB by default), as for attachments; the app lets
    # this path's body be that large (postdesk.api.BodyLimit).
    limit = desk.settings.upload_limit_bytes
    text = str(form.get("text", ""))[:500_000]
    upload = form.get("file")
    uploaded = upload is not None and not isinstance(upload, str) and bool(upload.filename)
    file_name = upload.filename if uploaded else ""  # type: ignore[union-attr]
    data = await upload.read(limit + 1) if uploaded else b""  # type: ignore[union-attr]
    error = None
    detail = ""
    values: dict[str, Any] = {}
    report = None
    single = None
    try:
        if uploaded:
            if len(data) > limit:
                error = "upload_too_large"
            else:
                report = await pool.run(analyze, data)
                if report.error or not report.is_bounce:
                    error = "upload_not_email" if report.error else "upload_not_bounce"
                    detail = report.error or ""
        elif text.strip():
            # "replace": a lone surrogate in the posted text cannot become UTF-8 bytes.
            report = await pool.run(analyze, text.encode("utf-8", "replace"))
            if report.error or not report.is_bounce:
                # A pasted line or paragraph without headers: explain it as one reply.
                single = await pool.run(explain, text.strip()[:5000])
                report = None
                if not single.reason and not single.playbook:
                    error = "paste_not_understood"
        else:
            error = "paste_empty"
    except (EngineTimeoutError, BusyError) as err:
        report = single = None
        error = err.message_key or "engine_timeout"
        values = err.message_values or {}
    rows = _rows(report.recipients if report else [single] if single else [], desk.library)
    return render(
        request,
        "bounce.html",
        status_code=_STATUS.get(error or "", 422 if error else 200),
        text=text,
        report=report,
        rows=rows if not error else [],
        error=error,
        error_detail=detail,
        error_values=values,
        header_limit=MAX_HEADER_CHARS,
        file_name=file_name,
        upload_limit=limit,
    )
