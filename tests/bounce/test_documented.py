"""Every documented text is really in its mail system, and is read as the reason it documents.

The texts are the mail systems' own strings (read from the installed binaries
here, byte for byte) and providers' published error texts
(:mod:`tests.bounce.documented`); the rules that read them stand on those
sources, not on a corpus sample.
"""

from __future__ import annotations

import pytest

from postdesk.bounce.citations import SOURCES
from postdesk.bounce.explain import explain
from postdesk.bounce.finish import finish
from postdesk.bounce.result import Recipient
from tests.bounce.documented import TEXTS, Documented
from tests.realservers.availability import require_path

CASES = [pytest.param(text, id=f"{text.source}-{text.reason}-{n}") for n, text in enumerate(TEXTS)]


@pytest.mark.parametrize("text", CASES)
def test_documented_text_is_read_as_its_reason(text: Documented) -> None:
    assert text.source in SOURCES
    sent = Recipient(
        address="a@example.org", diagnostic=text.example, command=text.command, rhost=text.rhost
    )
    record = finish(sent)
    assert record.reason == text.reason, (text.example, record.reason)
    # A line pasted on its own (postdesk explain) reads the same.
    assert explain(text.example).reason == text.reason


@pytest.mark.parametrize("text", [case for case in CASES if case.values[0].program])
def test_documented_text_is_the_programs_own(text: Documented) -> None:
    binary = text.binary()
    require_path(binary, text.program.partition(":")[0])
    assert text.template.encode() in binary.read_bytes(), (text.template, binary)
    # The example is the template with its conversions filled in, nothing else.
    first, *rest = text.template.replace("%.*s", "%s").split("%")
    # Each part after a "%" starts with the rest of its conversion ("s", ".32s").
    for literal in (first, *(part.lstrip(".0123456789").removeprefix("s") for part in rest)):
        assert literal in text.example, (literal, text.example)
