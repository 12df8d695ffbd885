"""A probe's password never appears in a result, a repr, a log line or an exception message.

The logins go to Postfix (SMTP AUTH through Dovecot) and Dovecot; the echoing servers are
stand-ins.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging

import pytest
from servers import standins
from servers.loop import LoopThread
from zones import ACCOUNT_PASSWORD, ACCOUNT_USER

from postdesk.diagnose.context import Credentials, DiagnoseContext, Secret
from postdesk.diagnose.imap import check_imap
from postdesk.diagnose.pop3 import check_pop3
from postdesk.diagnose.smtp import check_smtp

WRONG = "Wr0ng-" + ACCOUNT_PASSWORD


def _forms(password: str) -> list[str]:
    return [
        password,
        base64.b64encode(password.encode()).decode(),
        base64.b64encode(f"\0{ACCOUNT_USER}\0{password}".encode()).decode(),
    ]


@pytest.fixture(scope="module")
def echo_ports(loop_thread: LoopThread) -> dict[str, int]:
    """Stand-ins: servers that echo the password back (Postfix and Dovecot never do)."""
    return {
        "pop3": loop_thread.serve_streams(standins.echo_pop3),
        "smtp": loop_thread.serve_streams(standins.echo_smtp),
    }


def test_secret_hides_itself() -> None:
    secret = Secret(ACCOUNT_PASSWORD)
    credentials = Credentials(ACCOUNT_USER, secret)
    for shown in (repr(secret), str(secret), f"{secret}", repr(credentials), str(credentials)):
        assert ACCOUNT_PASSWORD not in shown
    with pytest.raises(TypeError):
        __import__("pickle").dumps(secret)


@pytest.mark.parametrize("password", [ACCOUNT_PASSWORD, WRONG])
def test_password_absent_everywhere(
    ctx: DiagnoseContext,
    echo_ports: dict[str, int],
    caplog: pytest.LogCaptureFixture,
    password: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    credentials = Credentials(ACCOUNT_USER, Secret(password))
    runs = [
        check_smtp("smtp.provider.test", ctx, credentials=credentials),
        check_pop3("pop.provider.test", ctx, credentials=credentials),
        check_imap("imap.provider.test", ctx, credentials=credentials),
        check_pop3("127.0.0.1", ctx, port=echo_ports["pop3"], credentials=credentials),
        check_smtp("127.0.0.1", ctx, port=echo_ports["smtp"], credentials=credentials),
    ]
    results = [asyncio.run(run) for run in runs]
    # The probes did log in (or were refused), so the password really was used.
    assert {r.evidence["login"]["result"] for r in results[:3]} == {
        "accepted" if password == ACCOUNT_PASSWORD else "rejected"
    }
    echoed = results[3].evidence["login"]["reply"]
    assert "********" in echoed  # the hostile server did echo it; it was masked
    assert "********" in results[4].evidence["login"]["text"]
    shown = [json.dumps(r.to_dict(), ensure_ascii=False) for r in results]
    shown += [repr(r) for r in results] + [caplog.text]
    for text in shown:
        for form in _forms(password):
            assert form not in text


def test_password_absent_from_errors(ctx: DiagnoseContext, closed_port: int) -> None:
    credentials = Credentials(ACCOUNT_USER, Secret(ACCOUNT_PASSWORD))
    result = asyncio.run(check_pop3("127.0.0.1", ctx, port=closed_port, credentials=credentials))
    assert result.status == "fail"
    assert ACCOUNT_PASSWORD not in json.dumps(result.to_dict()) + repr(result)
