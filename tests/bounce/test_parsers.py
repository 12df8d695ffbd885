"""Each bounce parser against its own samples, record by record.

``tests/data/bounces/parsers.json`` says which parser reads each corpus sample
(one table per parser, as Sisimai's per-parser expectation tables do), and
``truth.json`` what each recipient record must say. A regression in one parser
therefore fails that parser's own test ids (``postfix/lhost-postfix-75.eml``)
instead of moving a corpus-wide ratio a little.

The few published values postdesk does not reproduce are listed in
``KNOWN_DIFFERENCES`` with the reason; each is checked to still differ, so
fixing one fails here until it is taken off the list.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from postdesk.bounce import analyze, lhost
from postdesk.bounce.plugins import submodules
from postdesk.bounce.result import BounceReport

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces"
FIELDS = ("reason", "status", "replycode", "hardbounce", "feedbacktype")
# The generic readers that are not modules of postdesk.bounce.lhost.
GENERIC = ("arf", "rfc3464", "rfc3834", "plaintext")

_SAME_TEXT = "the published results expect other values for the same wording elsewhere"
_EXTRA_RECORD = "the published results count one recipient twice"
KNOWN_DIFFERENCES: dict[tuple[str, int, str], str] = {
    # Reasons: see tests/bounce/test_corpus.py for each case.
    ("lhost-dragonfly-18.eml", 0, "reason"): "'5.7.0 Policy violation' read as policyviolation",
    ("lhost-mfilter-04.eml", 0, "reason"): "'Access denied' after DATA expected as rejected",
    ("lhost-postfix-74.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-powermta-01.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-x1-01.eml", 0, "reason"): _SAME_TEXT,
    ("lhost-x1-01.eml", 0, "status"): "pseudo status follows the reason",
    ("lhost-x1-01.eml", 0, "hardbounce"): "hard/soft follows the reason",
    ("lhost-yahoo-13.eml", 0, "reason"): "'giving up after multiple retries' read as expired",
    ("lhost-yahoo-13.eml", 0, "status"): "pseudo status follows the reason",
    ("rfc3464-01.eml", 0, "reason"): "an unrelated 'Not enough disk space' line decides it",
    ("rfc3464-01.eml", 0, "hardbounce"): "hard/soft follows the reason",
    ("rhost-aol-06.eml", 0, "reason"): _SAME_TEXT,
    ("rhost-aol-06.eml", 0, "hardbounce"): "hard/soft follows the reason",
    # Records the published results count twice for one recipient.
    **{("rfc3464-01.eml", 1, field): _EXTRA_RECORD for field in FIELDS},
    **{("rhost-cox-01.eml", 1, field): _EXTRA_RECORD for field in FIELDS},
    # Status and reply codes: a code elsewhere in the text, or a wrapper's own
    # code, taken instead of the one the published results keep.
    ("lhost-amazonworkmail-05.eml", 0, "status"): "wrapper's 4.4.7 taken over 4.4.2",
    ("lhost-amazonworkmail-05.eml", 0, "replycode"): "wrapper's code taken",
    ("lhost-exchange2007-05.eml", 0, "status"): "wrapper's 4.4.7 taken over 4.4.1",
    ("lhost-exchange2007-05.eml", 0, "replycode"): "code from the notice's text",
    ("lhost-mailru-10.eml", 0, "status"): "temporary/permanent class of the pseudo status",
    ("lhost-sendmail-56.eml", 0, "status"): "status from a later line",
    ("lhost-sendmail-56.eml", 0, "replycode"): "reply code from a later line",
    ("rhost-messagelabs-01.eml", 0, "status"): "pseudo status where 5.0.0 is expected",
    ("lhost-gmail-11.eml", 0, "replycode"): "a greeting's 220 taken as the reply code",
    ("lhost-postfix-38.eml", 0, "replycode"): "reply code where none is expected",
    ("lhost-sendmail-18.eml", 0, "replycode"): "no reply code found",
    ("lhost-v5sendmail-02.eml", 0, "replycode"): "554 of the session taken over 550",
    ("lhost-v5sendmail-04.eml", 0, "replycode"): "554 of the session taken over 550",
    ("lhost-v5sendmail-04.eml", 1, "replycode"): "554 of the session taken over 550",
    ("lhost-v5sendmail-06.eml", 0, "replycode"): "554 of the session taken over 550",
    ("lhost-v5sendmail-07.eml", 1, "replycode"): "554 of the session taken over 550",
    ("rhost-franceptt-11.eml", 0, "replycode"): "a greeting's 220 taken as the reply code",
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
    report = analyze((CORPUS / "eml" / name).read_bytes(), with_advice=False)
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
