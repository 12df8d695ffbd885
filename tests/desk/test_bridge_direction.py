"""A case reads whose domain is whose with its chosen playbook's direction of mail, as
``postdesk triage`` reads it with the ranking's (issue 13: one reading underneath)."""

from __future__ import annotations

from postdesk.desk.cases import triage_bridge
from postdesk.kb.load import load_library

# The wording names a sender and a recipient and says nothing of which is the caller's:
# the playbook's usual direction of mail settles it (postdesk.triage.roles).
FIELDS = "发件人 a@lianhe-bank.com，收件人 b@tianhe-print.com"


def test_the_chosen_playbook_direction_decides_silent_fields() -> None:
    library = load_library()
    directions = {p.id: p.mail_direction for p in library}
    inbound = next(pid for pid, way in sorted(directions.items()) if way == "inbound")
    outbound = next(pid for pid, way in sorted(directions.items()) if way == "outbound")
    _, got_in = triage_bridge.facts(library, FIELDS, inbound)
    _, got_out = triage_bridge.facts(library, FIELDS, outbound)
    assert got_in["customer_domain"] == "tianhe-print.com"
    assert got_out["customer_domain"] == "lianhe-bank.com"


def test_an_unknown_or_directionless_playbook_is_no_prior() -> None:
    library = load_library()
    assert triage_bridge._direction_of(library, "no-such-playbook") == "none"
    assert triage_bridge._direction_of(library, None) == "none"
