"""Every word the engine shows has zh and en; every finding it names has its playbook entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.inspect import texts
from postdesk.inspect.findings import delay, garbled
from postdesk.inspect.registry import kinds
from postdesk.kb.load import default_library

SOURCE = Path(__file__).resolve().parents[2] / "src" / "postdesk" / "inspect"
LIBRARY = default_library()


def test_catalogue_entries_have_both_languages() -> None:
    for key, entry in texts.catalogue().items():
        assert set(entry) == {"zh", "en"} and entry["zh"].strip() and entry["en"].strip(), key


def test_every_kind_cause_side_and_case_is_named() -> None:
    names = [f"kind_{module.KIND}" for module in kinds()]
    names += [f"cause_{cause}" for cause in garbled.ADVICE]
    names += [f"side_{side}" for side in ("sender", "provider", "recipient", "unknown")]
    names += [f"case_{case}" for case in ("inbound", "outbound", "unknown")]
    missing = [name for name in names if name not in texts.catalogue()]
    assert not missing


def test_every_catalogue_key_the_code_uses_exists() -> None:
    used: set[str] = set()
    for path in [*SOURCE.rglob("*.py"), *(SOURCE.parents[0] / "cli").glob("inspect_cmd.py")]:
        code = path.read_text("utf-8")
        used |= set(re.findall(r'Evidence\(\s*"([a-z_]+)"', code))
        used |= set(
            re.findall(r'(?<![.\w])(?:text|InspectError|_label)\(\s*"([a-z_]*[a-z])"', code)
        )
    assert used and not sorted(used - set(texts.catalogue()))


def _advice_ids() -> set[tuple[str, str]]:
    """(playbook, finding id) the engine can name, read from its modules and source."""
    named: set[tuple[str, str]] = set()
    for module in kinds():
        code = Path(module.__file__ or "").read_text("utf-8")
        playbook = getattr(module, "PLAYBOOK", None)
        if playbook is None:
            continue
        found = re.findall(r'"((?:delay|garbled|tnef|duplicate|spam|virus)-[a-z0-9-]+)"', code)
        named |= {(playbook, advice) for advice in found if advice not in LIBRARY.ids()}
    named |= {(delay.PLAYBOOK, advice) for advice in delay.ADVICE.values()}
    named |= {(garbled.PLAYBOOK, advice) for advice in garbled.ADVICE.values()}
    return named


@pytest.mark.parametrize(("playbook", "advice"), sorted(_advice_ids()))
def test_every_finding_the_engine_names_is_in_its_playbook(playbook: str, advice: str) -> None:
    entries = {entry.id for entry in LIBRARY.get(playbook).findings}
    assert advice in entries


def test_every_playbook_finding_is_reachable_from_the_engine() -> None:
    named = _advice_ids()
    written = {(p.id, f.id) for p in LIBRARY for f in p.findings}
    assert written <= named, sorted(written - named)
