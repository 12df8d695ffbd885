"""Each bounce parser against its own samples, record by record.

``tests/data/bounces/parsers.json`` says which parser reads each corpus sample
(one table per parser, as Sisimai's per-parser expectation tables do), and
``truth.json`` what each recipient record must say. A regression in one parser
therefore fails that parser's own test ids (``postfix/lhost-postfix-75.eml``)
instead of moving a corpus-wide ratio a little.

The few published values postdesk does not reproduce are listed in
``KNOWN_DIFFERENCES`` with the reason (``docs/bounce-reasons.md``, "Known corpus
disagreements", says why for each); each is checked to still differ, so fixing one
fails here until it is taken off the list.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from postdesk.bounce import lhost
from postdesk.bounce.plugins import submodules
from postdesk.bounce.result import BounceReport
from tests.bounce.holdout import analyze_file

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces"
FIELDS = ("reason", "status", "replycode", "hardbounce", "feedbacktype")
# The generic readers that are not modules of postdesk.bounce.lhost.
GENERIC = ("arf", "rfc3464", "rfc3834", "plaintext")

_SAME_TEXT = "the published results expect other values for the same wording elsewhere"
_EXTRA_RECORD = "the published results count one recipient twice"
_NO_SOURCE = "the wording that would decide it is in no public source we can cite (no rule)"
_FOLLOWS = "follows the reason"
KNOWN_DIFFERENCES: dict[tuple[str, int, str], str] = {
    # --- Reasons where the published results and a cited rule disagree ---
    (
        "lhost-exim-46.eml",
        0,
        "reason",
    ): "'Missing reverse DNS' read as requireptr (RFC 7372 X.7.25)",
    (
        "lhost-x2-05.eml",
        0,
        "reason",
    ): "the resource error under the queue's wrapper decides (RFC 3463 X.4.7)",
    ("lhost-yahoo-13.eml", 0, "reason"): "'giving up after multiple retries' read as expired",
    ("lhost-yahoo-13.eml", 0, "status"): _FOLLOWS,
    ("lhost-amavis-03.eml", 0, "reason"): "amavis's UBE verdict line decides over a header detail",
    # --- Same wording, different published values ---
    # Yahoo's "[TSS04] ... temporarily deferred due to unexpected volume or user complaints":
    # the taxonomy's Yahoo module reads it as rejected (postfix-74 agrees), this one differs
    ("lhost-opensmtpd-13.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-powermta-01.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-x1-01.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-x1-01.eml", 0, "status"): _FOLLOWS,
    ("lhost-x1-01.eml", 0, "hardbounce"): _FOLLOWS,
    ("lhost-x2-06.eml", 0, "reason"): _SAME_TEXT,  # qmail's connection failure: networkerror
    ("rfc3464-01.eml", 0, "reason"): "an unrelated 'Not enough disk space' line decides it",
    ("rfc3464-01.eml", 0, "hardbounce"): _FOLLOWS,
    # --- Wording only these samples have: no rule without a public source ---
    # --- Records the published results count twice for one recipient ---
    **{("rfc3464-01.eml", 1, field): _EXTRA_RECORD for field in FIELDS},
    # --- Status and reply codes ---
    ("lhost-mailru-10.eml", 0, "status"): "temporary/permanent class of the pseudo status",
    # Class 4 only after a 4xx reply; this delay notice has none (other ones are class 5)
    ("lhost-gmail-17.eml", 0, "status"): "temporary/permanent class of the pseudo status",
    ("lhost-sendmail-56.eml", 0, "status"): "status from a later line",
    ("lhost-sendmail-56.eml", 0, "replycode"): "reply code from a later line",
    ("rhost-messagelabs-01.eml", 0, "status"): "pseudo status where 5.0.0 is expected",
    (
        "lhost-exchange2007-05.eml",
        0,
        "replycode",
    ): "the underlying reply's 441 where none is expected",
    ("lhost-postfix-38.eml", 0, "replycode"): "reply code where none is expected",
    ("lhost-sendmail-18.eml", 0, "replycode"): "an X-Unix exit status: no reply code is read",
    ("lhost-v5sendmail-07.eml", 0, "replycode"): "the remote reply's 501 taken over Sendmail's 554",
    ("rhost-messagelabs-03.eml", 0, "replycode"): "reply code where none is expected",
}


@cache
def _truth() -> dict[str, list[dict[str, object]]]:
    return json.loads((CORPUS / "truth.json").read_text("utf-8"))


@cache
def _parsers() -> dict[str, list[str]]:
    return json.loads((CORPUS / "parsers.json").read_text("utf-8"))


def _cases() -> list[tuple[str, str]]:
    return [(parser, name) for parser, names in _parsers().items() for name in names]


def test_every_parser_module_has_samples() -> None:
    modules = {
        module.__name__.rsplit(".", 1)[1] for module in submodules(lhost.__name__, lhost.__path__)
    }
    tabled = {parser for parser, names in _parsers().items() if names}
    assert modules - tabled == set()
    assert set(GENERIC) <= tabled
    assert tabled <= modules | set(GENERIC), "a table names a parser that does not exist"


def test_every_corpus_sample_is_in_one_table() -> None:
    tabled = [name for names in _parsers().values() for name in names]
    assert sorted(tabled) == sorted(_truth())
    assert {path.name for path in (CORPUS / "eml").iterdir()} == set(_truth())


def test_known_differences_name_real_records() -> None:
    for name, index, field in KNOWN_DIFFERENCES:
        assert field in FIELDS and index < len(_truth()[name]), (name, index, field)


def _got(report: BounceReport, index: int, field: str) -> object:
    record = report.recipients[index] if index < len(report.recipients) else None
    return getattr(record, field, None)


@pytest.mark.parametrize(("parser", "name"), _cases(), ids=[f"{p}/{n}" for p, n in _cases()])
def test_sample(parser: str, name: str) -> None:
    report = analyze_file((CORPUS / "eml" / name).read_bytes())
    assert report.origin == parser
    wrong, fixed = [], []
    for index, expected in enumerate(_truth()[name]):
        for field in FIELDS:
            got, want = _got(report, index, field), expected[field]
            known = (name, index, field) in KNOWN_DIFFERENCES
            if got != want and not known:
                wrong.append(f"#{index} {field}: {got!r}, expected {want!r}")
            elif got == want and known:
                fixed.append(f"#{index} {field} now agrees: take it off KNOWN_DIFFERENCES")
    assert not wrong and not fixed, "\n".join(wrong + fixed)
