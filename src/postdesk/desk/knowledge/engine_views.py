"""API over the bounce, inspect and diagnose engines: the same functions the CLI calls.

``POST /api/bounce`` reads one returned message (uploaded as a file, up to
the upload limit) and says per recipient what went wrong and which playbook
and reply fit; ``POST /api/bounce/explain`` does it for one line;
``POST /api/inspect`` reads one or more originals (together up to the upload
limit) as ``postdesk inspect --json`` does; ``POST /api/diagnose`` runs one
network check of :mod:`postdesk.diagnose`. A bounce upload is read in the
engine pool's worker processes with a time limit (:mod:`postdesk.engine_pool`);
inspecting originals goes there too, so one slow upload never holds a request
thread or the other requests back.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from postdesk.desk.deps import DeskDep, SessionRoute, require
from postdesk.desk.errors import TooLargeError
from postdesk.desk.users.models import User

router = APIRouter(tags=["engines"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("playbooks:read"))]


@router.post("/bounce")
async def analyze_bounce(
    request: Request,
    desk: DeskDep,
    user: Reader,
    file: Annotated[UploadFile, File(description="the returned message (.eml), as received")],
) -> dict[str, Any]:
    """Analyse one bounce: per recipient the status, reply code, reason and playbook.

    The reading runs in a worker process with a time limit (Settings.engine_timeout_seconds):
    422 ``too_slow`` past it, 503 ``busy`` with Retry-After when too many wait or the user
    already has their share of the pool (Settings.engine_jobs_per_user).
    """
    from postdesk.bounce import analyze

    limit = desk.settings.upload_limit_bytes
    raw = await file.read(limit + 1)
    if len(raw) > limit:
        raise TooLargeError(key="bounce_too_large", mb=limit // (1024 * 1024))
    report = await request.app.state.engine_pool.run(analyze, raw, owner=user.id)
    return dict(report.as_dict())


@router.post("/inspect")
async def inspect_originals(
    request: Request,
    desk: DeskDep,
    user: Reader,
    file: Annotated[
        list[UploadFile], File(description="one or more originals (.eml, winmail.dat), as received")
    ],
    purposes: Annotated[
        list[str],
        Form(alias="as", description="what the originals are: spam, virus, duplicate"),
    ] = [],  # noqa: B006 (FastAPI copies form defaults)
    with_files: Annotated[
        bool, Form(description="include the built files (ARF report, archive) in base64")
    ] = False,
) -> dict[str, Any]:
    """Read originals: delays, garbled text, winmail.dat, duplicates, spam, virus, bounces."""
    from postdesk.engine_pool import inspect_originals as inspect_job
    from postdesk.errors import InvalidInputError
    from postdesk.inspect.context import PURPOSES

    unknown = sorted(set(purposes) - set(PURPOSES))
    if unknown:
        raise InvalidInputError(
            key="inspect_purpose_unknown", unknown=", ".join(unknown), known=", ".join(PURPOSES)
        )
    if len(file) > 20:
        raise InvalidInputError(key="inspect_too_many", limit=20)
    limit = desk.settings.upload_limit_bytes
    items: list[tuple[str, bytes]] = []
    total = 0
    for upload in file:
        data = await upload.read(limit + 1 - total)
        total += len(data)
        if total > limit:
            raise TooLargeError(key="inspect_too_large", mb=limit // (1024 * 1024))
        items.append((upload.filename or "original", data))
    # Read in the engine pool: worker processes with a time limit (postdesk.engine_pool).
    results = []
    pool = request.app.state.engine_pool
    for result in await pool.run(inspect_job, items, frozenset(purposes), owner=user.id):
        shown = result.as_dict()
        for finding, data in zip(result.findings, shown["findings"], strict=True):
            data.update(finding.secrets)  # the archive password, for the agent who asked
            if with_files:
                data["files"] = [
                    {"name": name, "size": len(blob), "base64": base64.b64encode(blob).decode()}
                    for name, blob in finding.artifacts.items()
                ]
        results.append(shown)
    return {"results": results}


class ExplainRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=10_000,
        description="an SMTP reply, status code, bounce phrase or mail client error code",
    )


@router.post("/bounce/explain")
def explain_line(request: ExplainRequest, _user: Reader) -> dict[str, Any]:
    """Explain one line: reason, meaning, playbook and scripted reply."""
    from postdesk.bounce import explain

    return dict(explain(request.text).as_dict())


class DiagnoseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(max_length=32, description="mx, hosts, ports, smtp, pop3, imap, tls, ...")
    target: str = Field(min_length=1, max_length=253, description="a domain, host or IP")
    port: int | None = Field(default=None, ge=1, le=65535)
    tls: Literal["implicit", "starttls", "none"] | None = Field(
        default=None,
        description="smtp/pop3/imap: TLS from the first byte, STARTTLS, or none "
        "(default: implicit on the profile's SSL ports, else starttls)",
    )


@router.post("/diagnose")
async def diagnose(request: DiagnoseRequest, desk: DeskDep, user: Reader) -> dict[str, Any]:
    """Run one network check (as ``postdesk diagnose``) and return its results.

    Probes never connect to the ranges of POSTDESK_DIAGNOSE_FORBIDDEN_NETWORKS
    (loopback and private by default; 403 ``forbidden_target`` for such a target),
    and a user may start POSTDESK_DIAGNOSE_PER_MINUTE checks a minute (429).
    """
    from postdesk.diagnose import run_check

    desk.take_diagnose_turn(user.id)
    context = desk.diagnose_context()
    results, summary = await run_check(
        request.check, request.target, context, port=request.port, tls=request.tls
    )
    return {
        "results": [result.to_dict() for result in results],
        "summary": summary.to_dict() if hasattr(summary, "to_dict") else summary,
    }
