"""Debian's Sendmail 8.17, unpacked by scripts/install-test-servers.

The instance's sendmail.cf is built at start with m4 from the unpacked sendmail-cf macros
(``OSTYPE(linux)``, the documented way: cf/README), written to the namespace's ``/etc/mail``,
and the daemon runs in the foreground (``sendmail -bD``) with a queue run every
``retry_seconds``. Routing is a mailertable: each port routed to gets its own mailer (a copy of the
``esmtp`` mailer whose ``A=TCP $h PORT`` names the port, since a mailertable entry has no port)
and ``.`` is the catch-all (routes on one port share a mailer). Name look-ups use files only
(service.switch; the bounce factory adds dns for its MX situations) and the host's name is its
own (UTS namespace), so Sendmail never waits for DNS. Logs: syslog, into the sandbox log.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.realservers.mta import MailSystem
from tests.realservers.sandbox import Sandbox

SENDMAIL = "/usr/libexec/sendmail/sendmail"
MAKEMAP = "/usr/libexec/sendmail/makemap"
# The esmtp mailer's flags and rulesets as cf/mailer/smtp.m4 defines them.
ESMTP_MAILER = (
    "P=[IPC], F=mDFMuXa, S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\\r\\n, L=990,\n"
    "\t\tT=DNS/RFC822/SMTP,\n\t\tA=TCP $h {port}"
)


class Sendmail(MailSystem):
    """A Sendmail instance on 127.0.0.1:``port``; ``tls`` offers STARTTLS with that
    certificate."""

    name = "sendmail"
    package = "sendmail"
    program = SENDMAIL
    required = ("/usr/bin/m4",)

    def __init__(self, *, mc_defines: dict[str, str] | None = None, **common: object) -> None:
        super().__init__(**common)  # type: ignore[arg-type]
        # Further m4 defines (cf/README), e.g. {"confTO_DATAFINAL": "3s"}; they win.
        self.mc_defines = dict(mc_defines or {})

    def mc(self) -> str:
        cf = self.root / "usr/share/sendmail/cf"
        lines = [
            f"include(`{cf}/m4/cf.m4')dnl",
            "VERSIONID(`postdesk test instance')dnl",
            "OSTYPE(`linux')dnl",
            f"define(`confDOMAIN_NAME', `{self.hostname}')dnl",
            "define(`confDONT_PROBE_INTERFACES', `True')dnl",
            "define(`confSERVICE_SWITCH_FILE', `/etc/mail/service.switch')dnl",
            "define(`confHOSTS_FILE', `/etc/hosts')dnl",
            "define(`QUEUE_DIR', `/var/spool/mqueue')dnl",
            "define(`ALIAS_FILE', `')dnl",
            "define(`confCW_FILE', `-o /etc/mail/local-host-names')dnl",
            "define(`STATUS_FILE', `/var/spool/mqueue/statistics')dnl",
            "define(`confPID_FILE', `/run/sendmail.pid')dnl",
            # A busy test machine must not make Sendmail queue or refuse (load average rules).
            "define(`confQUEUE_LA', `999')dnl",
            "define(`confREFUSE_LA', `999')dnl",
            "define(`confDELAY_LA', `999')dnl",
            "define(`confMIN_QUEUE_AGE', `0')dnl",
            f"define(`confTO_QUEUERETURN', `{self.bounce_after}s')dnl",
            "define(`confTO_CONNECT', `5s')dnl",
            "define(`confTO_ICONNECT', `5s')dnl",
            "define(`confPRIVACY_FLAGS', `authwarnings')dnl",
            "FEATURE(`nocanonify')dnl",
            "FEATURE(`promiscuous_relay')dnl",
            "FEATURE(`accept_unresolvable_domains')dnl",
            "FEATURE(`accept_unqualified_senders')dnl",
            "FEATURE(`mailertable', `hash -o /etc/mail/mailertable')dnl",
            f"DAEMON_OPTIONS(`Port={self.port}, Addr=127.0.0.1, Name=MTA')dnl",
        ]
        lines += [f"define(`{key}', `{value}')dnl" for key, value in self.mc_defines.items()]
        if self.tls is not None:
            lines += [
                f"define(`confSERVER_CERT', `{self.tls.cert_file}')dnl",
                f"define(`confSERVER_KEY', `{self.tls.key_file}')dnl",
                f"define(`confCACERT', `{self.tls.cert_file}')dnl",
                f"define(`confCACERT_PATH', `{self.tls.cert_file.parent}')dnl",
            ]
        lines += ["MAILER(`local')dnl", "MAILER(`smtp')dnl", "MAILER_DEFINITIONS"]
        for port in self.route_ports():
            lines.append(f"Mport{port}, " + ESMTP_MAILER.format(port=port))
        return "\n".join(lines) + "\n"

    def route_ports(self) -> list[int]:
        """One mailer per port (sendmail.cf holds at most 25 mailers): routes to many hosts on
        one port share it."""
        return sorted({port for _, (_, port) in self.route_table()})

    def mailertable(self) -> str:
        # "esmtp:domain" without brackets: the domain's MX records (cf/README, mailertable).
        entries = [f"{domain}\tesmtp:{domain}\n" for domain in self.dns_domains]
        for domain, (host, port) in self.route_table():
            key = "." if domain == "*" else domain
            entries.append(f"{key}\tport{port}:[{host}]\n")
        return "".join(entries)

    def configure(self, workdir: Path) -> Sandbox:
        built = subprocess.run(["m4"], input=self.mc(), capture_output=True, text=True, check=False)
        if built.returncode != 0 or "ERROR" in built.stderr:
            raise self.fail(f"m4 could not build sendmail.cf: {built.stderr}")
        start = (
            f"{MAKEMAP} hash /etc/mail/mailertable < /etc/mail/mailertable && "
            f"exec {SENDMAIL} -bD -q{self.retry_seconds}s"
        )
        sandbox = Sandbox(
            self.name, workdir, ["sh", "-c", start], root=self.root, hostname=self.hostname
        )
        sandbox.etc("mail/sendmail.cf").write_text(built.stdout)
        sandbox.etc("mail/mailertable").write_text(self.mailertable())
        sandbox.etc("mail/local-host-names").write_text(f"{self.hostname}\n")
        sandbox.etc("mail/service.switch").write_text("hosts files\naliases files\n")
        return sandbox

    def flush(self) -> None:
        if self.sandbox is not None and self.sandbox.alive():
            self.sandbox.run(["sh", "-c", f"{SENDMAIL} -q >/dev/null 2>&1 &"])

    def queue(self) -> str:
        assert self.sandbox is not None
        return self.sandbox.run([SENDMAIL, "-bp"], check=False).stdout
