"""Bounce reader: paste a bounce or upload the .eml; a table of recipients and what to say."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from postdesk.bounce import analyze, explain
from postdesk.bounce.reasons import REASONS, is_inferred_status
from postdesk.web.render import render
from postdesk.web.views.common import PageForm, PageUser, desk_of

router = APIRouter(include_in_schema=False)
MEGABYTE = 1024 * 1024


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
def bounce_read(request: Request, form: PageForm, _user: PageUser) -> HTMLResponse:
    """Read the pasted text or the uploaded file; say clearly when it is not a bounce."""
    desk = desk_of(request)
    # The configured upload limit (25 MB by default), as for attachments; the app lets
    # this path's body be that large (postdesk.api.BodyLimit).
    limit = desk.settings.upload_limit_bytes
    text = str(form.get("text", ""))[:500_000]
    upload = form.get("file")
    uploaded = upload is not None and not isinstance(upload, str) and bool(upload.filename)
    file_name = upload.filename if uploaded else ""  # type: ignore[union-attr]
    data = upload.file.read(limit + 1) if uploaded else b""  # type: ignore[union-attr]
    error = None
    detail = ""
    report = None
    single = None
    if uploaded:
        if len(data) > limit:
            error = "upload_too_large"
        else:
            report = analyze(data)
            if report.error or not report.is_bounce:
                error = "upload_not_email" if report.error else "upload_not_bounce"
                detail = report.error or ""
    elif text.strip():
        report = analyze(text.encode("utf-8"))
        if report.error or not report.is_bounce:
            # A pasted line or paragraph without headers: explain it as one reply.
            single = explain(text.strip()[:5000])
            report = None
            if not single.reason and not single.playbook:
                error = "paste_not_understood"
    else:
        error = "paste_empty"
    rows = _rows(report.recipients if report else [single] if single else [], desk.library)
    return render(
        request,
        "bounce.html",
        status_code=413 if error == "upload_too_large" else 422 if error else 200,
        text=text,
        report=report,
        rows=rows if not error else [],
        error=error,
        error_detail=detail,
        file_name=file_name,
        upload_limit=limit,
    )
