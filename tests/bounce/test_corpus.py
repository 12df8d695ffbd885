"""The corpus of real bounces (tests/data/bounces) against its published per-recipient results.

Reason, status and recipients-found are asserted at the issue's targets
(97 %, 97 %, 99 %). The remaining reason misses (10 of 351 records) are
left on purpose, because no rule that does not key on one sample fixes them:

- Same text, different expected reasons:
  lhost-powermta-01 expects suspend for "550 5.2.1 <a>... User Unknown" with no
  command, where lhost-amazonworkmail-02 and lhost-sendmail-02#1 expect filtered;
  lhost-x1-01 expects filtered for a bare "[User unknown]" (no code, no command),
  where lhost-imailserver-01 and lhost-verizon-01 expect userunknown;
  rhost-aol-06 expects notaccept for "5.4.4 ... Name service error ... Malformed or
  unexpected name server reply", where lhost-postfix-17 expects networkerror;
  lhost-postfix-74 expects rejected for Yahoo's "[TSS04] ... user complaints"
  deferral, where lhost-opensmtpd-13 expects badreputation (only the command differs,
  and rhost-microsoft-05 shows a reputation refusal at MAIL FROM is badreputation).
- Text that says otherwise: lhost-dragonfly-18 expects securityerror for "5.7.0
  ... Policy violation"; lhost-yahoo-13 expects systemerror for "Unable to deliver
  message after multiple retries, giving up"; lhost-mfilter-04 expects rejected for
  "All recipient addresses rejected : Access denied" after DATA.
- Records the published results count twice for one recipient (rfc3464-01#1,
  rhost-cox-01#1); rfc3464-01#0 expects mailboxfull for "550 5.1.1 ... User Unknown"
  because of an unrelated "Not enough disk space" line in the notice.

The misses are printed on failure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postdesk.bounce import analyze

TARGET_REASON = 0.97
TARGET_STATUS = 0.97
TARGET_FOUND = 0.99


@pytest.fixture(scope="module")
def corpus(bounce_corpus: Path) -> dict[str, tuple[list[dict[str, object]], object]]:
    folder = bounce_corpus
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    return {
        name: (expected, analyze((folder / "eml" / name).read_bytes(), with_advice=False))
        for name, expected in truth.items()
    }


def _agreement(corpus, field: str) -> tuple[float, list[str]]:
    total = agreed = 0
    misses = []
    for name, (expected, report) in corpus.items():
        for index, record in enumerate(expected):
            total += 1
            got = report.recipients[index] if index < len(report.recipients) else None
            if got is not None and getattr(got, field) == record[field]:
                agreed += 1
            else:
                misses.append(f"{name}#{index}: {record[field]!r} != {getattr(got, field, None)!r}")
    return agreed / total, misses


def test_reason_agreement(corpus) -> None:
    ratio, misses = _agreement(corpus, "reason")
    assert ratio >= TARGET_REASON, f"reason agreement {ratio:.3f}:\n" + "\n".join(misses)


def test_status_agreement(corpus) -> None:
    ratio, misses = _agreement(corpus, "status")
    assert ratio >= TARGET_STATUS, f"status agreement {ratio:.3f}:\n" + "\n".join(misses)


def test_recipients_found(corpus) -> None:
    found = [name for name, (_, report) in corpus.items() if report.recipients]
    ratio = len(found) / len(corpus)
    missing = sorted(set(corpus) - set(found))
    assert ratio >= TARGET_FOUND, f"recipients found for {ratio:.3f}; none in {missing}"


def test_every_corpus_message_is_a_bounce(corpus) -> None:
    not_bounces = [name for name, (_, report) in corpus.items() if not report.is_bounce]
    assert len(not_bounces) <= len(corpus) * (1 - TARGET_FOUND), not_bounces


def test_hardbounce_agrees_where_reason_agrees(corpus) -> None:
    wrong = []
    for name, (expected, report) in corpus.items():
        for index, record in enumerate(expected):
            got = report.recipients[index] if index < len(report.recipients) else None
            same = got and got.reason == record["reason"] and got.status == record["status"]
            if same and got.hardbounce != record["hardbounce"]:
                wrong.append(f"{name}#{index}")
    assert not wrong
