"""Debian's Dovecot 2.3 (POP3 and IMAP), its own configuration per instance.

``dovecot -F -c FILE`` runs in the foreground in the instance's namespace. Four listeners on
127.0.0.1, each on a free port: POP3 (STARTTLS offered: ``STLS``), POP3S (implicit TLS), IMAP
(``STARTTLS``) and IMAPS. Users and passwords come from a passwd-file (``users``); their
mailboxes are Maildirs in the workdir, optionally filled with ``messages`` before start. Mail
processes run as the ``dovecot`` system user (static userdb). Logs go to syslog (the sandbox
log). ``allow_plaintext_auth=False`` refuses logins before TLS, as a provider's server might.
``auth_socket=True`` adds Dovecot's SASL socket for Postfix (``auth_socket_path``, to give as
``smtpd_sasl_path`` with ``smtpd_sasl_type = dovecot``: SASL_README "Dovecot SASL"), so one user
table serves POP3, IMAP and SMTP AUTH.
"""

from __future__ import annotations

import poplib
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.realservers.launcher import Launcher
from tests.realservers.pki import CertFiles
from tests.realservers.sandbox import Sandbox, free_port, make_workdir

DOVECOT = "/usr/sbin/dovecot"
DH_PARAMS = Path("/usr/share/dovecot/dh.pem")


def _login_service(protocol: str, plain_port: int, tls_port: int) -> str:
    """A login service with a STARTTLS listener and an implicit-TLS one ("<protocol>s")."""
    return (
        f"service {protocol}-login {{\n"
        f"  inet_listener {protocol} {{\n    address = 127.0.0.1\n    port = {plain_port}\n  }}\n"
        f"  inet_listener {protocol}s {{\n    address = 127.0.0.1\n    port = {tls_port}\n"
        "    ssl = yes\n  }\n}"
    )


class Dovecot(Launcher):
    """POP3/POP3S/IMAP/IMAPS on 127.0.0.1: ``pop3_port``, ``pop3s_port``, ``imap_port``,
    ``imaps_port``. Context manager."""

    name = "dovecot"
    required = (DOVECOT,)
    readiness = "a POP3 greeting"

    def __init__(
        self,
        users: Mapping[str, str],
        tls: CertFiles,
        *,
        messages: Mapping[str, Sequence[bytes]] | None = None,
        allow_plaintext_auth: bool = True,
        hostname: str = "mail.test",
        auth_socket: bool = False,
    ) -> None:
        super().__init__()
        self.users = dict(users)
        self.tls = tls
        self.messages = {user: list(items) for user, items in (messages or {}).items()}
        self.allow_plaintext_auth = allow_plaintext_auth
        self.hostname = hostname
        self.auth_socket = auth_socket
        self.auth_socket_path: Path | None = None
        self.host = "127.0.0.1"
        self.pop3_port = self.pop3s_port = self.imap_port = self.imaps_port = 0

    def config(self, workdir: Path) -> str:
        plaintext = "no" if self.allow_plaintext_auth else "yes"
        dh = f"ssl_dh = <{DH_PARAMS}\n" if DH_PARAMS.exists() else ""
        return f"""\
protocols = pop3 imap
listen = 127.0.0.1
base_dir = /run/dovecot
state_dir = {workdir}/state
hostname = {self.hostname}
login_greeting = Dovecot ready.
log_path = syslog
syslog_facility = mail
auth_verbose = yes
auth_mechanisms = plain login
disable_plaintext_auth = {plaintext}
ssl = yes
ssl_cert = <{self.tls.cert_file}
ssl_key = <{self.tls.key_file}
{dh}first_valid_uid = 1
mail_location = maildir:{workdir}/mail/%u
default_internal_user = dovecot
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {workdir}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={workdir}/home/%u
}}
{_login_service("pop3", self.pop3_port, self.pop3s_port)}
{_login_service("imap", self.imap_port, self.imaps_port)}
protocol pop3 {{
  pop3_uidl_format = %08Xu%08Xv
}}
{self._auth_service()}"""

    def _auth_service(self) -> str:
        if self.auth_socket_path is None:
            return ""
        # Outside the namespace's private /run, so that another namespace (Postfix's) reaches it.
        return (
            f"service auth {{\n  unix_listener {self.auth_socket_path} {{\n"
            "    mode = 0666\n  }\n}\n"
        )

    def _write_mailboxes(self, workdir: Path) -> None:
        for user in self.users:
            maildir = workdir / "mail" / user
            for sub in ("cur", "new", "tmp"):
                (maildir / sub).mkdir(parents=True, exist_ok=True)
            for number, message in enumerate(self.messages.get(user, [])):
                (maildir / "new" / f"{int(time.time())}.{number}.{self.hostname}").write_bytes(
                    message
                )
            (workdir / "home" / user).mkdir(parents=True, exist_ok=True)
        for top in ("mail", "home"):
            for path in [workdir / top, *sorted((workdir / top).rglob("*"))]:
                shutil.chown(path, "dovecot", "dovecot")

    def before_start(self) -> None:
        self.pop3_port, self.pop3s_port = free_port(), free_port()
        self.imap_port, self.imaps_port = free_port(), free_port()

    def build(self) -> Sandbox:
        workdir = make_workdir(self.name)
        if self.auth_socket:
            self.auth_socket_path = workdir / "auth-client"
        for folder in ("state", "mail", "home"):
            (workdir / folder).mkdir()
        self._write_mailboxes(workdir)
        users = workdir / "users"
        users.write_text(
            "".join(f"{name}:{{PLAIN}}{password}::::::\n" for name, password in self.users.items())
        )
        shutil.chown(users, "root", "dovecot")
        users.chmod(0o640)
        config = workdir / "dovecot.conf"
        config.write_text(self.config(workdir))
        return Sandbox(
            self.name, workdir, [DOVECOT, "-F", "-c", str(config)], hostname=self.hostname
        )

    def ready(self) -> bool:
        pop = poplib.POP3(self.host, self.pop3_port, timeout=2)
        try:
            return pop.getwelcome().startswith(b"+OK")
        finally:
            pop.close()
