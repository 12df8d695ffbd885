"""Flows for the originals attached to a case: read as they arrive, suggest the next step.

An agent attaches what the customer sent (an .eml, a winmail.dat). Every
such original on the case is read by :mod:`postdesk.inspect` when one is
added: all of them together, so copies of one message are compared for
4.0.14, with the purposes the case's playbook implies (a virus-mail case
reads its originals as virus samples). Each result is kept on its
attachment row; the walk panel shows the steps they suggest, and the files
inside a winmail.dat are unpacked again from the stored blob when asked for.
A virus sample is packed for the hotline only when the agent asks: the
archive becomes an attachment, its password goes to the case's secret vault
(purged when the case closes) and is shown to the agent once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.attachments import service as attachments
from postdesk.desk.attachments.models import Attachment
from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import BusyError
from postdesk.errors import NotFoundError, PostdeskError

if TYPE_CHECKING:
    from postdesk.engine_pool import EnginePool

ORIGINAL_SUFFIXES = (".eml", ".msg")
ORIGINAL_TYPES = ("message/rfc822", "application/ms-tnef", "application/vnd.ms-tnef")
ARCHIVE_KIND = "virus-archive"


def is_original(name: str, media_type: str) -> bool:
    """Whether an attachment is an original the message reader reads."""
    lowered = name.strip().lower()
    return (
        lowered.endswith(ORIGINAL_SUFFIXES)
        or lowered == "winmail.dat"
        or media_type.split(";")[0].strip().lower() in ORIGINAL_TYPES
    )


def purposes_for(playbook_id: str) -> frozenset[str]:
    """What a case's originals are said to be: the purpose kinds whose playbook it is."""
    from postdesk.inspect.context import PURPOSES
    from postdesk.inspect.registry import kinds

    return frozenset(
        module.KIND
        for module in kinds()
        if module.KIND in PURPOSES and getattr(module, "PLAYBOOK", None) == playbook_id
    )


def _originals(db_session: Session, case_id: int) -> list[Attachment]:
    rows = attachments.for_case(db_session=db_session, case_id=case_id)
    return [
        row for row in rows if row.kind != ARCHIVE_KIND and is_original(row.name, row.media_type)
    ]


def _reading_list(desk: Desk, case_id: int) -> tuple[list[int], list[tuple[str, str]]]:
    """The ids of the case's originals and their (name, stored file) to read, oldest first.

    Through a look-up session: on SQLite a writing session's first read takes
    the write lock and the writer gate, and held them while the originals were
    read (seconds for a hostile megabyte: every write of the process waited).
    """
    with desk.reader() as db_session:
        rows = _originals(db_session, case_id)
        return [row.id for row in rows], [
            (row.name, str(attachments.blob_path(desk.settings.data_dir, row.sha256)))
            for row in rows
        ]


def _refused_reading(name: str, err: PostdeskError) -> dict[str, Any]:
    """What is kept on an original the engine pool refused or gave up on (an error result)."""
    from postdesk.i18n import message

    code = "too_slow" if err.key in {"engine_timeout", "complaint_timeout"} else "busy"
    texts = {lang: message(err.key or "busy_engine", lang, **err.values) for lang in ("zh", "en")}
    return {
        "file": name,
        "findings": [],
        "error": {"code": code, **texts},
        "message": {},
        "problems": [],
        "carried_in": None,
        "attached": [],
    }


def _keep_readings(
    *,
    db_session: Session,
    case: Case,
    row: Attachment,
    ids: list[int],
    readings: list[tuple[bool, dict[str, Any]]] | None,
    refusal: PostdeskError | None,
    actor_id: int,
) -> None:
    """Each result on its row (the ones attached to a message after it), audited; one commit."""
    by_id = {
        found.id: found
        for found in db_session.scalars(select(Attachment).where(Attachment.id.in_(ids)))
    }
    if readings is None:
        assert refusal is not None
        by_id[row.id].inspection = _refused_reading(row.name, refusal)
    else:
        current: dict[str, Any] = {}
        pending = iter(ids)
        for own, result in readings:
            if own:  # the next row's own result; what it carried follows
                current = result | {"attached": []}
                found = by_id.get(next(pending, -1))
                if found is not None:  # not deleted meanwhile
                    found.inspection = current
            else:
                current["attached"].append(result)
    kept = by_id[row.id]
    kinds = [item["kind"] for result in _results(kept) for item in result.get("findings", [])]
    audit.record(
        db_session=db_session,
        action="case.inspected",
        actor_id=actor_id,
        case_id=case.id,
        detail={"attachment_id": row.id, "kinds": kinds},
    )
    db_session.commit()


def _results(row: Attachment) -> list[dict[str, Any]]:
    """A row's stored result and those of the messages attached to it."""
    stored = row.inspection or {}
    return [stored, *stored.get("attached", [])] if stored else []


async def attach(
    *,
    desk: Desk,
    pool: EnginePool,
    db_session: Session,
    case: Case,
    kind: str,
    name: str,
    media_type: str,
    source: BinaryIO,
    actor_id: int,
) -> Attachment:
    """Store a file for the case; an original is read at once, with the case's others.

    The reading is engine work on uploads: it runs in the engine pool (worker
    processes with a time limit, ``actor_id``'s share of it), never in a
    request thread. A pool that is full or past the user's share refuses
    before anything is stored (BusyError, 503). An original that meets a full
    pool after it was stored, or is too slow to read, is kept with that reason
    as its reading (the file is the customer's; the answer is 201).
    """
    from starlette.concurrency import run_in_threadpool

    from postdesk.desk.deps import in_request_thread
    from postdesk.engine_pool import EngineTimeoutError, read_stored_originals

    original = is_original(name, media_type)
    if original:
        refused = pool.refusal(actor_id)
        if refused is not None:
            raise refused
    row = await in_request_thread(
        attachments.upload,
        db_session=db_session,
        data_dir=desk.settings.data_dir,
        limit=desk.settings.upload_limit_bytes,
        case_id=case.id,
        kind=kind,
        name=name,
        media_type=media_type,
        source=source,
        actor_id=actor_id,
    )
    if not original:
        return row
    ids, items = await run_in_threadpool(_reading_list, desk, case.id)
    readings: list[tuple[bool, dict[str, Any]]] | None = None
    refusal: PostdeskError | None = None
    try:
        readings = await pool.run(
            read_stored_originals, items, purposes_for(case.playbook_id), owner=actor_id
        )
    except (BusyError, EngineTimeoutError) as err:
        refusal = err
    await in_request_thread(
        _keep_readings,
        db_session=db_session,
        case=case,
        row=row,
        ids=ids,
        readings=readings,
        refusal=refusal,
        actor_id=actor_id,
    )
    return row


def suggestions(*, db_session: Session, case: Case, playbook: Any) -> list[dict[str, Any]]:
    """The walk steps the case's originals suggest, once each, with the finding's words."""
    found: dict[str, dict[str, Any]] = {}
    steps = {step.id for step in playbook.steps}
    for row in _originals(db_session, case.id):
        for finding in (f for result in _results(row) for f in result.get("findings", [])):
            step = finding.get("step")
            if finding.get("playbook") != playbook.id or step not in steps or step in found:
                continue
            found[step] = {
                "step": step,
                "kind": finding["kind"],
                "meaning": finding.get("meaning"),
                "reply": finding.get("reply"),
                "file": row.name,
                "attachment_id": row.id,
            }
    return list(found.values())


def _original(db_session: Session, case: Case, attachment_id: int) -> Attachment:
    row = attachments.get(db_session=db_session, attachment_id=attachment_id)
    if row.case_id != case.id or not is_original(row.name, row.media_type):
        raise NotFoundError(key="original_not_found", case=case.id, attachment_id=attachment_id)
    return row


def tnef_file(
    *, desk: Desk, db_session: Session, case: Case, attachment_id: int, index: int
) -> tuple[str, bytes]:
    """``(name, bytes)`` of file ``index`` (from 1) among the original's winmail.dat files.

    Numbered as the stored inspection lists them: the original's own, then
    those of the messages attached to it.
    """
    from postdesk.inspect.engine import attached_originals
    from postdesk.inspect.original import read_original
    from postdesk.inspect.tnef import tnef_parts, unpack

    row = _original(db_session, case, attachment_id)
    data = attachments.blob_path(desk.settings.data_dir, row.sha256).read_bytes()
    original = read_original(data, row.name)
    carried = []
    for name, raw in attached_originals(original):
        try:
            carried.append(read_original(raw, name))
        except Exception:  # an attached part that is no message holds no winmail.dat
            continue
    files = [
        item
        for message in (original, *carried)
        for part in tnef_parts(message)
        for item in unpack(message, part).files
    ]
    if not 1 <= index <= len(files):
        raise NotFoundError(key="original_file_not_found", name=row.name, index=index)
    chosen = files[index - 1]
    return chosen.name, chosen.data


def package_virus(
    *, desk: Desk, db_session: Session, case: Case, attachment_id: int, actor_id: int
) -> tuple[Attachment, str]:
    """The original in an AES-256 zip, stored on the case; its password, kept in the vault."""
    import io

    from postdesk.desk.secrets import service as secrets
    from postdesk.inspect import archive

    row = _original(db_session, case, attachment_id)
    data = attachments.blob_path(desk.settings.data_dir, row.sha256).read_bytes()
    password = archive.new_password()
    packed = archive.pack(data, password)
    stored = attachments.upload(
        db_session=db_session,
        data_dir=desk.settings.data_dir,
        limit=max(desk.settings.upload_limit_bytes, len(packed)),
        case_id=case.id,
        kind=ARCHIVE_KIND,
        name=f"virus-sample-{row.sha256[:12]}.zip",
        media_type="application/zip",
        source=io.BytesIO(packed),
        actor_id=actor_id,
    )
    secrets.store(
        db_session=db_session,
        keys=desk.keys,
        case_id=case.id,
        field="archive_password",
        value=password,
        ttl_hours=desk.settings.secret_ttl_hours,
        actor_id=actor_id,
    )
    db_session.commit()
    return stored, password
