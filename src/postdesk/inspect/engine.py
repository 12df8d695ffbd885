"""Run every kind of finding over one or more originals.

:func:`inspect_many` reads each message once, runs the single-message kinds
on it, keeps the small summaries the comparing kinds (duplicates) need, and
then runs those over all messages read. One message that cannot be read
gets its error and the batch goes on; a finding module that fails on a
message is a bug, logged and reported on that message, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Finding, advise
from postdesk.inspect.original import MAX_BYTES, Original, read_original
from postdesk.inspect.registry import kinds
from postdesk.inspect.texts import InspectError, text

log = logging.getLogger("postdesk.inspect")


@dataclass
class InspectResult:
    """What was found in one original."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    error: dict[str, str] | None = None
    message: dict[str, Any] = field(default_factory=dict)  # subject, from, ... for display
    problems: list[dict[str, str]] = field(default_factory=list)  # finding modules that failed
    original: Original | None = None  # kept for extraction (TNEF files, the ARF, the archive)
    carried_in: str | None = None  # the file of the message this one was attached to

    def as_dict(self) -> dict[str, Any]:
        """``{"file", "findings", "error", "message", "problems"}`` for JSON, valid UTF-8."""
        return utf8_safe(
            {
                "file": self.file,
                "findings": [finding.as_dict() for finding in self.findings],
                "error": self.error,
                "message": self.message,
                "problems": self.problems,
                "carried_in": self.carried_in,
            }
        )

    def finding(self, kind: str) -> Finding | None:
        """The first finding of ``kind``, if any."""
        return next((item for item in self.findings if item.kind == kind), None)


def utf8_safe(value: Any) -> Any:
    """``value`` with lone surrogates (undecodable bytes kept by a parser) made U+FFFD.

    The bounce engine's report can carry them from raw 8-bit header bytes; JSON
    with them is not valid UTF-8, so they are replaced here, and only they.
    """
    if isinstance(value, str):
        if value.isascii():
            return value
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, dict):
        return {key: utf8_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [utf8_safe(item) for item in value]
    return value


def _facts(original: Original) -> dict[str, Any]:
    return {
        "subject": original.subject,
        "from": original.text("from"),
        "to": original.text("to"),
        "date": original.text("date"),
        "message_id": original.message_id,
        "size": original.size,
        "winmail_dat": original.tnef_file,
        "outlook_msg": original.outlook_msg,
    }


def _failed(result: InspectResult, kind: str, err: Exception) -> None:
    log.error("inspect: the %s finding failed on %s: %s", kind, result.file, type(err).__name__)
    log.debug("inspect failure", exc_info=True)
    result.problems.append({"kind": kind, **text("error_finding_failed", kind=kind)})


def _order(result: InspectResult) -> None:
    position = {module.KIND: index for index, module in enumerate(kinds())}
    result.findings.sort(key=lambda finding: position.get(finding.kind, len(position)))


# Messages attached to one original that are read as originals of their own.
MAX_ATTACHED = 10


def attached_originals(original: Original) -> list[tuple[str, bytes]]:
    """Messages attached whole (message/rfc822) to a message that is not a report.

    The document has customers send the original "as an attachment" (以附件形式):
    the message the agent holds then only carries it. A delivery report's
    returned message is the bounce engine's, not an original of its own.
    """
    if original.tnef_file or original.root.content_type == "multipart/report":
        return []
    found = []
    for part in original.root.walk():
        if part is original.root or part.content_type not in ("message/rfc822", "message/global"):
            continue
        if any(
            p.content_type == "multipart/report"
            for p in original.root.walk()
            if p.depth < part.depth
        ):
            continue
        name = part.filename or f"part {part.path}"
        found.append((f"{original.label} › {name}", part.decoded_body(original.data, MAX_BYTES)))
        if len(found) >= MAX_ATTACHED:
            break
    return found


def _queue(items: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes, str | None]]:
    """Each item when it is asked for (a folder or a case is not read into memory at once)."""
    for label, raw in items:
        yield label, raw, None


def inspect_many(
    items: Iterable[tuple[str, bytes]],
    context: InspectContext,
    *,
    keep_originals: bool = True,
) -> list[InspectResult]:
    """Inspect every ``(label, bytes)`` and the messages attached to them whole.

    The comparing kinds see all of them; an attached message's result follows
    the one of the message that carried it. Items are read one at a time;
    ``keep_originals=False`` lets each message go once its findings are made
    (a caller that extracts nothing from it), so memory holds one message.
    """
    results: list[InspectResult] = []
    summaries: dict[str, list[tuple[int, Any]]] = {}
    source = _queue(items)
    attached_first: list[tuple[str, bytes, str | None]] = []
    while True:
        if attached_first:
            label, raw, carrier = attached_first.pop()
        else:
            upcoming = next(source, None)
            if upcoming is None:
                break
            label, raw, carrier = upcoming
        result = InspectResult(file=label, carried_in=carrier)
        results.append(result)
        try:
            original = read_original(raw, label)
        except InspectError as err:
            result.error = err.as_dict()
            continue
        result.original = original
        result.message = _facts(original)
        for module in kinds():
            try:
                if hasattr(module, "find"):
                    result.findings.extend(module.find(original, context))
                else:
                    summary = module.summarise(original, context)
                    if summary is not None:
                        summaries.setdefault(module.KIND, []).append((len(results) - 1, summary))
            except Exception as err:  # one broken kind must not lose the others' findings
                _failed(result, module.KIND, err)
        # One level: what is attached inside an attached message is not read. A
        # bounce's returned message is the bounce engine's, also when the report
        # lost its multipart/report shape (an Outlook .msg keeps only the parts).
        if carrier is None and not result.finding("bounce"):
            attached = attached_originals(original)
            attached_first.extend((name, data, label) for name, data in reversed(attached))
        if not keep_originals:
            result.original = None
    for module in kinds():
        collected = summaries.get(module.KIND, [])
        if not hasattr(module, "find_among") or len(collected) < 2:
            continue
        try:
            found = module.find_among(collected, context)
        except Exception as err:
            for index, _ in collected:
                _failed(results[index], module.KIND, err)
            continue
        for index, findings in found.items():
            results[index].findings.extend(findings)
    for result in results:
        for finding in result.findings:
            advise(finding, context.library)
        _order(result)
    return results


def inspect(raw: bytes, label: str = "-", context: InspectContext | None = None) -> InspectResult:
    """Inspect one original (no duplicate comparison: that needs two)."""
    return inspect_many([(label, raw)], context or InspectContext.default())[0]
