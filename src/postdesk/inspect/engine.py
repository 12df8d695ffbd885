"""Run every kind of finding over one or more originals.

:func:`inspect_many` reads each message once, runs the single-message kinds
on it, keeps the small summaries the comparing kinds (duplicates) need, and
then runs those over all messages read. One message that cannot be read
gets its error and the batch goes on; a finding module that fails on a
message is a bug, logged and reported on that message, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Finding, advise
from postdesk.inspect.original import Original, read_original
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

    def as_dict(self) -> dict[str, Any]:
        """``{"file", "findings", "error", "message", "problems"}`` for JSON, valid UTF-8."""
        return utf8_safe(
            {
                "file": self.file,
                "findings": [finding.as_dict() for finding in self.findings],
                "error": self.error,
                "message": self.message,
                "problems": self.problems,
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
    }


def _failed(result: InspectResult, kind: str, err: Exception) -> None:
    log.error("inspect: the %s finding failed on %s: %s", kind, result.file, type(err).__name__)
    log.debug("inspect failure", exc_info=True)
    result.problems.append({"kind": kind, **text("error_finding_failed", kind=kind)})


def _order(result: InspectResult) -> None:
    position = {module.KIND: index for index, module in enumerate(kinds())}
    result.findings.sort(key=lambda finding: position.get(finding.kind, len(position)))


def inspect_many(
    items: Iterable[tuple[str, bytes]], context: InspectContext
) -> list[InspectResult]:
    """Inspect every ``(label, bytes)``; the comparing kinds see all of them."""
    results: list[InspectResult] = []
    summaries: dict[str, list[tuple[int, Any]]] = {}
    for label, raw in items:
        result = InspectResult(file=label)
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
