"""The bounce factory: real mail systems bounce real messages; postdesk.bounce reads their DSNs.

For each mail system (Postfix, Exim, OpenSMTPD, Sendmail, Courier) every situation of
``situations.py`` runs in one run of that mail system (``run.py``); all mail systems run at
once, so the whole factory takes about as long as its slowest mail system's queue lifetime.
Each situation asserts, for its recipient, the status, reply code, SMTP command and reason the
bounce must be read as; a remote's spam, virus or content refusal must get the 4.0.12 reply
(bounce-interpretation), never the provider-own 4.0.9 E/F one; a delay notice, where one is
expected, must be read as a delay with the underlying reason; a situation that ends in delivery
must produce no failure DSN.
"""

from __future__ import annotations

import email
from collections.abc import Iterator

import pytest

from tests.bounce.factory import mtas
from tests.bounce.factory.run import FactoryBind, FactoryRun, Outcome
from tests.bounce.factory.situations import DNS_RECORDS, DNS_ZONE, REPORT, SITUATIONS
from tests.realservers.fixtures import ServerPool

# The 4.0.9 E/F replies are about the provider's own servers; a remote's refusal of content
# gets 4.0.12's (issue 14, "Who rejected decides the reply").
OWN_SERVER_SIGNALS = frozenset({"content-reject", "subject-virus-keywords", "tap-keyword"})
CONTENT_REASONS = frozenset({"spamdetected", "virusdetected", "contenterror", "policyviolation"})

CASES = [
    pytest.param(mta, situation.name, id=f"{mta}-{situation.name}")
    for mta in mtas.OPTIONS
    for situation in SITUATIONS
    if situation.only is None or mta in situation.only
]


class Runs:
    """Every mail system's run, started together; a failure to start is kept per system."""

    def __init__(self, pool: ServerPool) -> None:
        self.pool = pool
        self.runs: dict[str, FactoryRun] = {}
        self.errors: dict[str, BaseException] = {}

    def start(self) -> None:
        bind = self.pool.start(FactoryBind({DNS_ZONE: DNS_RECORDS}))
        for name, options in mtas.OPTIONS.items():
            run = FactoryRun(self.pool, name, mtas.launcher(name), options)
            try:
                run.start(bind)
            except BaseException as error:  # a skip (not installed), a failure, a server error
                self.errors[name] = error
                continue
            self.runs[name] = run

    def outcome(self, mta: str, name: str) -> tuple[FactoryRun, Outcome]:
        if mta in self.errors:
            raise self.errors[mta]
        run = self.runs[mta]
        return run, run.collect()[name]

    def log_text(self, limit: int = 6000) -> str:
        return "\n".join(f"== {n}\n{r.log_text(limit // 4)}" for n, r in self.runs.items())

    name = "bounce-factory"


@pytest.fixture(scope="module")
def factory(module_real_servers: ServerPool) -> Iterator[Runs]:
    runs = Runs(module_real_servers)
    runs.start()
    yield runs


def _report_status(raw: bytes, recipient: str) -> str:
    """The Status field the DSN's report gives the recipient (RFC 3464 2.3.4)."""
    for part in email.message_from_bytes(raw).walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload():
            final = str(block.get("Final-Recipient", "")).lower()
            if final.split(";")[-1].strip().strip("<>") == recipient:
                return str(block.get("Status", "")).split()[0]
    return ""


def _describe(outcome: Outcome, run: FactoryRun) -> str:
    records = [
        (r.action, r.status, r.replycode, r.command, r.reason, r.diagnostic[:160])
        for r, _ in outcome.records()
    ]
    queue = run.mta.queue() if run.mta else ""
    return f"records {records}; {len(outcome.dsns)} DSN(s); queue:\n{queue}"


@pytest.mark.parametrize(("mta", "name"), CASES)
def test_situation(factory: Runs, mta: str, name: str) -> None:
    run, outcome = factory.outcome(mta, name)
    situation = outcome.situation
    expect = situation.expected(mta)
    if expect is None:
        assert run.remotes[name].messages, f"not delivered: {_describe(outcome, run)}"
        assert not outcome.failures(), f"a failure DSN for a delivery: {_describe(outcome, run)}"
        return
    failures = outcome.failures()
    assert failures, f"no failure DSN: {_describe(outcome, run)}"
    record, raw = failures[-1]
    assert record.address == situation.recipient
    status = _report_status(raw, situation.recipient) if expect.status == REPORT else expect.status
    got = (record.status, record.replycode, record.command, record.reason)
    want = (status, expect.replycode, expect.command, expect.reason)
    assert got == want, f"{_describe(outcome, run)}"
    if record.reason in CONTENT_REASONS:
        assert record.playbook == "bounce-interpretation"
        assert record.signal not in OWN_SERVER_SIGNALS
    if situation.delay_reason:
        delays = outcome.delays()
        assert delays, f"no delay notice: {_describe(outcome, run)}"
        assert {r.reason for r, _ in delays} == {situation.delay_reason}
