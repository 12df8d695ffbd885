"""Pydantic's validation problems in words a person reads, in zh-CN and en (issue 13.6).

Pydantic words its problems in English ("String should match pattern ...").
The forms of the pages and the API's 422 bodies say them again from the
message catalogue (``postdesk/locale/messages.yaml``, keys ``invalid_<type>``)
with the problem's limits filled in; a type without an entry keeps pydantic's
text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from postdesk.i18n import Lang, message, messages


def problem_text(problem: Mapping[str, Any], lang: Lang) -> str:
    """One problem of ``ValidationError.errors()`` in ``lang``."""
    key = f"invalid_{problem.get('type', '')}"
    if key not in messages():
        return str(problem.get("msg", "invalid"))
    context = {name: value for name, value in (problem.get("ctx") or {}).items()}
    return message(key, lang, **context)
