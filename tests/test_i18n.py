"""Errors of the hardening work speak both languages (keys in postdesk/locale/messages.yaml).

tests/test_locale.py checks every ``key="..."`` the code raises; these keys are
also passed another way (a quota's key as an argument) or need their values.
"""

from __future__ import annotations

from postdesk.desk.errors import PermissionDeniedError, RateLimitedError
from postdesk.i18n import message, messages


def test_an_error_with_a_key_speaks_both_languages() -> None:
    err = PermissionDeniedError(key="case_held_by_other", case_id=3, holder="mei")
    assert str(err).startswith("case 3 is held by mei")
    assert err.localised("zh").startswith("工单 3 正由 mei 处理")


def test_the_quota_and_batch_keys_exist() -> None:
    for key in ("diagnose_rate_limited", "triage_batch_too_deep", "busy_server"):
        assert key in messages()
    limited = RateLimitedError(key="diagnose_rate_limited", per_minute=3, seconds=20).after(20)
    assert limited.retry_after == 20
    assert "at most 3 a minute" in str(limited)
    assert message("triage_batch_too_deep", "zh", number=7).startswith("第 7 行")
