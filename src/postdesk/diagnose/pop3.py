"""The pop3 probe: greeting, CAPA, STLS and, given credentials, USER/PASS (RFC 1939, 2449)."""

from __future__ import annotations

from typing import Any

from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.lineprobe import Conversation, ProtocolError, Verdict, run_line_probe
from postdesk.diagnose.result import CheckResult


async def _capa(talk: Conversation) -> list[str]:
    await talk.send("CAPA")
    first = await talk.read_line()
    if not first.startswith("+OK"):
        return []
    capabilities = []
    while (line := await talk.read_line()) != ".":
        capabilities.append(line)
    return capabilities


async def _dialog(
    talk: Conversation, evidence: dict[str, Any], credentials: Credentials | None
) -> Verdict:
    host, port = evidence["host"], evidence["port"]
    greeting = await talk.read_line()
    evidence["greeting"] = greeting
    if not greeting.startswith("+OK"):
        return Verdict(
            "fail",
            "bad-greeting",
            f"{host}:{port} 没有以 +OK 欢迎：{greeting}",
            f"{host}:{port} did not greet with +OK: {greeting}",
        )
    capabilities = await _capa(talk)
    evidence["capabilities"] = capabilities
    names = {cap.split()[0].upper() for cap in capabilities if cap}
    evidence["stls"] = "STLS" in names
    if "STLS" in names and not evidence["implicit_tls"]:
        await talk.send("STLS")
        reply = await talk.read_line()
        if not reply.startswith("+OK"):
            raise ProtocolError(f"STLS refused: {reply}")
        await talk.start_tls()
        evidence["capabilities_after_tls"] = capabilities = await _capa(talk)
    evidence["auth_mechanisms"] = sorted(
        {mech for cap in capabilities if cap.upper().startswith("SASL") for mech in cap.split()[1:]}
    )
    encrypted = evidence["implicit_tls"] or evidence["stls"]
    if credentials is not None:
        await talk.send(f"USER {credentials.username}")
        user_reply = await talk.read_line()
        pass_reply = user_reply
        if user_reply.startswith("+OK"):
            await talk.send(f"PASS {credentials.password.reveal()}")
            pass_reply = await talk.read_line()
        accepted = pass_reply.startswith("+OK")
        evidence["login"] = {
            "username": credentials.username,
            "result": "accepted" if accepted else "rejected",
            "reply": pass_reply,
        }
        if not accepted:
            await _quit(talk)
            return Verdict(
                "fail",
                "login-failed",
                f"{host} 拒绝登录：{pass_reply}。请用户通过WEBMAIL验证用户名和密码（4.0.9 B）。",
                f"{host} rejected the login: {pass_reply}. Have the customer check the user "
                "name and password in webmail (4.0.9 B).",
            )
    await _quit(talk)
    logged = ("，登录成功", "; login accepted") if credentials is not None else ("", "")
    if not encrypted:
        return Verdict(
            "warn",
            "no-tls",
            f"{host}:{port} POP3服务正常，但不支持STLS加密{logged[0]}。",
            f"POP3 on {host}:{port} answers but offers no STLS encryption{logged[1]}.",
        )
    return Verdict(
        "ok",
        "login-ok" if credentials is not None else "service-ok",
        f"{host}:{port} POP3服务正常（加密连接）{logged[0]}。",
        f"POP3 on {host}:{port} works (encrypted){logged[1]}.",
    )


async def _quit(talk: Conversation) -> None:
    await talk.send("QUIT")
    await talk.read_line()


async def check_pop3(
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int | None = None,
    credentials: Credentials | None = None,
) -> CheckResult:
    """Probe POP3 on ``target`` (default: the profile's POP3 port; the SSL ports use TLS)."""
    ports = ctx.profile.ports
    port = port or ports.pop3
    return await run_line_probe(
        "pop3",
        "POP3",
        target,
        ctx,
        port=port,
        implicit_tls=port in (ports.pop3_ssl, ports.pop3_ssl_documented),
        dialog=_dialog,
        credentials=credentials,
    )
