"""The smtp probe: banner, EHLO, STARTTLS, AUTH mechanisms and, given credentials, a login.

Uses aiosmtplib over a socket this module connects itself (so that ``--resolve``
overrides pick the address while TLS still checks the host name). The
password is sent only inside AUTH and is masked out of everything returned.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from typing import Any

from postdesk.diagnose import dns
from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.netio import ConnectFailed, open_socket
from postdesk.diagnose.redact import redact
from postdesk.diagnose.result import CheckResult, Status, Summary
from postdesk.diagnose.steps import make_result
from postdesk.diagnose.targets import parse_host

LOCAL_HOSTNAME = "postdesk.diagnose"


def _reply(response: Any) -> dict[str, object]:
    return {"code": response.code, "text": response.message}


async def check_smtp(
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int | None = None,
    credentials: Credentials | None = None,
) -> CheckResult:
    """Probe the SMTP service on ``target`` (default port: the profile's SMTP port)."""
    import aiosmtplib

    started = time.perf_counter()
    host = parse_host(target)
    port = port or ctx.profile.ports.smtp
    implicit_tls = port == ctx.profile.ports.smtp_ssl
    evidence: dict[str, Any] = {"host": host, "port": port, "implicit_tls": implicit_tls}

    def result(status: Status, verdict: str, zh: str, en: str) -> CheckResult:
        return make_result(
            "smtp",
            f"{host}:{port}",
            status,
            verdict,
            Summary(zh=redact(zh, credentials), en=redact(en, credentials)),
            redact(evidence, credentials),
            started,
        )

    found = await dns.addresses(ctx, host)
    if not found.addresses:
        evidence["resolved"] = found.evidence()
        return result(
            "fail",
            "not-resolved",
            f"无法解析 {host}，请检查SMTP服务器名称是否填写正确（0x800CCC0D）。",
            f"Cannot resolve {host}; check the SMTP server name (0x800CCC0D).",
        )
    address = found.addresses[0]
    evidence["address"] = address
    try:
        sock, connect_ms = await open_socket(address, port, ctx.timeout)
    except ConnectFailed as err:
        evidence["connect"] = {"state": err.state, "detail": err.detail}
        return result(
            "fail",
            f"connect-{err.state}",
            f"无法连接 {host}:{port}（{err.text.zh}）；"
            "可能是防火墙或杀毒软件屏蔽了该端口（4.0.9 J）。",
            f"Cannot connect to {host}:{port} ({err.text.en}); a firewall or anti-virus "
            "software may block the port (4.0.9 J).",
        )
    evidence["connect_ms"] = round(connect_ms, 1)
    client = aiosmtplib.SMTP(
        hostname=host,
        port=port,
        sock=sock,
        timeout=ctx.timeout,
        use_tls=implicit_tls,
        start_tls=False,
        tls_context=ctx.tls_context(),
        local_hostname=LOCAL_HOSTNAME,
    )
    try:
        return await _converse(client, evidence, credentials, result)
    except ssl.SSLError as err:
        evidence["tls_error"] = err.reason or str(err)
        return result(
            "fail",
            "tls-failed",
            f"与 {host}:{port} 建立加密连接失败：{err.reason or err}（请运行tls检查）。",
            f"The TLS handshake with {host}:{port} failed: {err.reason or err} (run the tls "
            "check).",
        )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as err:
        evidence["error"] = f"{type(err).__name__}: {err}"
        return result(
            "error",
            "protocol-error",
            f"与 {host}:{port} 的SMTP会话中断：{err}",
            f"The SMTP session with {host}:{port} broke off: {err}",
        )
    finally:
        client.close()
        sock.close()


async def _converse(client, evidence, credentials, result) -> CheckResult:  # type: ignore[no-untyped-def]
    import aiosmtplib

    host, port = evidence["host"], evidence["port"]
    banner = await client.connect()
    evidence["banner"] = _reply(banner)
    if banner.code != 220:
        return result(
            "fail",
            "bad-banner",
            f"{host}:{port} 没有以220欢迎：{banner.code} {banner.message}",
            f"{host}:{port} did not greet with 220: {banner.code} {banner.message}",
        )
    ehlo = await client.ehlo()
    evidence["ehlo"] = _reply(ehlo)
    evidence["extensions"] = sorted(client.esmtp_extensions)
    evidence["auth_mechanisms"] = sorted(client.server_auth_methods)
    if client.supports_extension("starttls") and not evidence["implicit_tls"]:
        await client.starttls()
        evidence["starttls"] = True
        await client.ehlo()
        evidence["extensions_after_tls"] = sorted(client.esmtp_extensions)
        evidence["auth_mechanisms"] = sorted(client.server_auth_methods)
    else:
        evidence["starttls"] = False
    ssl_object = client.transport.get_extra_info("ssl_object") if client.transport else None
    evidence["tls_version"] = ssl_object.version() if ssl_object else None
    if credentials is not None:
        evidence["login"] = {"username": credentials.username}
        if not client.supports_extension("auth"):
            evidence["login"]["result"] = "no-auth"
            return result(
                "fail",
                "auth-not-offered",
                f"{host}:{port} 不提供AUTH，无法用账号登录发信。",
                f"{host}:{port} does not offer AUTH; no login is possible.",
            )
        try:
            reply = await client.login(credentials.username, credentials.password.reveal())
        except aiosmtplib.SMTPAuthenticationError as err:
            evidence["login"].update(result="rejected", code=err.code, text=err.message)
            return result(
                "fail",
                "login-failed",
                f"用户名或密码错误，{host} 拒绝登录：{err.code} {err.message}"
                "（可请用户用WEBMAIL验证，4.0.9 B）。",
                f"{host} rejected the login: {err.code} {err.message} (have the customer "
                "verify the password in webmail, 4.0.9 B).",
            )
        evidence["login"].update(result="accepted", code=reply.code, text=reply.message)
    with contextlib.suppress(aiosmtplib.SMTPException):
        await client.quit()
    tls = "STARTTLS" if evidence["starttls"] else ("SSL" if evidence["implicit_tls"] else "")
    mechanisms = " ".join(evidence["auth_mechanisms"]) or "-"
    logged = "，登录成功" if credentials is not None else ""
    logged_en = "; login accepted" if credentials is not None else ""
    if not tls:
        return result(
            "warn",
            "no-tls",
            f"{host}:{port} SMTP服务正常（{banner.code}），但不支持STARTTLS；"
            f"AUTH：{mechanisms}{logged}。",
            f"SMTP on {host}:{port} answers ({banner.code}) but offers no STARTTLS; AUTH: "
            f"{mechanisms}{logged_en}.",
        )
    return result(
        "ok",
        "login-ok" if credentials is not None else "service-ok",
        f"{host}:{port} SMTP服务正常（{tls} {evidence['tls_version']}，"
        f"AUTH：{mechanisms}）{logged}。",
        f"SMTP on {host}:{port} works ({tls} {evidence['tls_version']}, AUTH: {mechanisms})"
        f"{logged_en}.",
    )
