"""The catalogue of verdicts (messages.yaml), the checks that register themselves, and the docs.

Every verdict has a status and both languages with the same placeholders; every check's
verdicts are explained in docs/diagnose.md under its own heading; the registry finds every
check module by itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.diagnose import texts
from postdesk.diagnose.registry import check_names, checks, members_of_all
from postdesk.diagnose.result import STATUSES
from postdesk.kb.checks import known_checks

DOCS = Path(__file__).resolve().parents[2] / "docs" / "diagnose.md"
ENTRIES = sorted(texts.catalogue().items())


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=[key for key, _ in ENTRIES])
def test_every_entry_has_both_languages_alike(key: str, entry: dict[str, str]) -> None:
    assert set(entry) <= {"zh", "en", "status"}, key
    assert texts.placeholders(entry["zh"]) == texts.placeholders(entry["en"]), key
    if "status" in entry:
        assert entry["status"] in STATUSES
        assert entry["zh"].strip() and entry["en"].strip()


def _documented_verdicts() -> dict[str, set[str]]:
    """The ``### <check>`` headings of docs/diagnose.md and the `` `verdict` `` rows under each."""
    found: dict[str, set[str]] = {}
    section = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `?([a-z0-9-]+)`?", line)
        if heading:
            section = heading.group(1)
            found[section] = set()
        elif section and line.startswith("|"):
            first = line.split("|")[1].strip()
            if first.startswith("`") and first.endswith("`"):
                found[section].add(first.strip("`"))
    return found


def test_every_verdict_is_explained_in_the_docs() -> None:
    documented = _documented_verdicts()
    for key, entry in texts.catalogue().items():
        if "status" not in entry:
            continue
        section, verdict = key.split(".", 1)
        assert verdict in documented.get(section, set()), f"{key} is not in docs/diagnose.md"
    for section, verdicts in documented.items():
        for verdict in verdicts:
            assert texts.has(f"{section}.{verdict}"), f"docs name {section}.{verdict}: no verdict"


def test_the_docs_give_each_verdict_its_status() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for key, entry in texts.catalogue().items():
        if "status" in entry:
            section, verdict = key.split(".", 1)
            row = re.search(
                rf"^\| `{re.escape(verdict)}` \| (\w+) \|", _section(text, section), re.M
            )
            assert row and row.group(1) == entry["status"], key


def _section(text: str, name: str) -> str:
    start = re.search(rf"^### `?{re.escape(name)}`?", text, re.M)
    assert start, f"docs/diagnose.md has no section {name}"
    rest = text[start.end() :]
    end = re.search(r"^##", rest, re.M)
    return rest[: end.start()] if end else rest


def test_checks_find_themselves() -> None:
    names = list(checks())
    assert names == [
        "mx", "hosts", "ports", "smtp", "pop3", "imap", "tls", "same-domain-auth", "dnsbl",
        "auth-records",
    ]  # fmt: skip
    assert check_names()[-1] == "all"
    assert [spec.name for spec in members_of_all()] == [
        "mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records",
    ]  # fmt: skip


def test_every_runnable_check_of_the_playbooks_is_a_diagnose_check() -> None:
    """kb/checks.yaml's auto checks (but the bounce reader) are the checks the registry finds."""
    auto = {name for name, info in known_checks().items() if info.mode == "auto"}
    assert auto - {"bounce-analysis"} == set(checks())


def test_check_names_reach_the_package() -> None:
    import postdesk.diagnose as diagnose

    assert check_names() == diagnose.CHECK_NAMES
