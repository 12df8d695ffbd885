"""Debian's OpenSMTPD 6.8, unpacked by scripts/install-test-servers.

OpenSMTPD's spool (/var/spool/smtpd) and control socket (/var/run/smtpd.sock) are compiled in;
the namespace gives each instance its own writable /var and an empty /run, so instances never
share them. ``smtpd -d`` keeps the daemon in the foreground and logs to stderr (the sandbox log).
Routes become ``relay host smtp://127.0.0.1:PORT`` actions, matched per domain (smtpd.conf(5)).
OpenSMTPD backs off by its own schedule; ``flush()`` (``smtpctl schedule all``) retries now.
"""

from __future__ import annotations

from pathlib import Path

from tests.realservers.mta import MailSystem
from tests.realservers.sandbox import Sandbox

SMTPD = "/usr/sbin/smtpd"
SMTPCTL = "/usr/sbin/smtpctl"


class OpenSMTPD(MailSystem):
    """An OpenSMTPD instance on 127.0.0.1:``port``; ``tls`` offers STARTTLS with that
    certificate."""

    name = "opensmtpd"
    package = "opensmtpd"
    program = SMTPD

    def __init__(self, *, tls_domains: tuple[str, ...] = (), **common: object) -> None:
        super().__init__(**common)  # type: ignore[arg-type]
        # Route domains relayed only over TLS (smtp+tls://: STARTTLS required, smtpd.conf(5)).
        self.tls_domains = tuple(tls_domains)

    def config(self) -> str:
        lines = [f"queue ttl {self.bounce_after}s", ""]
        listen = f"listen on 127.0.0.1 port {self.port} hostname {self.hostname}"
        if self.tls is not None:
            lines.append(f'pki {self.hostname} cert "{self.tls.cert_file}"')
            lines.append(f'pki {self.hostname} key "{self.tls.key_file}"')
            listen += f" tls pki {self.hostname}"
        lines += [listen, ""]
        if self.dns_domains:
            # "relay" with no host: the domain's MX records (smtpd.conf(5)).
            lines.append(f'action "dns" relay helo {self.hostname}')
            for domain in self.dns_domains:
                lines.append(f'match from any for domain "{domain}" action "dns"')
        for number, (domain, (host, port)) in enumerate(self.route_table()):
            scheme = "smtp+tls" if domain in self.tls_domains else "smtp+notls"
            lines.append(
                f'action "route_{number}" relay host {scheme}://{host}:{port} helo {self.hostname}'
            )
            target = "for any" if domain == "*" else f'for domain "{domain}"'
            lines.append(f'match from any {target} action "route_{number}"')
        return "\n".join(lines) + "\n"

    def configure(self, workdir: Path) -> Sandbox:
        sandbox = Sandbox(
            self.name,
            workdir,
            [SMTPD, "-d", "-f", "/etc/smtpd.conf"],
            root=self.root,
            hostname=self.hostname,
        )
        config = sandbox.etc("smtpd.conf")
        config.write_text(self.config())
        config.chmod(0o644)
        return sandbox

    def flush(self) -> None:
        if self.sandbox is not None and self.sandbox.alive():
            self.sandbox.run([SMTPCTL, "schedule", "all"], check=False)

    def queue(self) -> str:
        assert self.sandbox is not None
        return self.sandbox.run([SMTPCTL, "show", "queue"], check=False).stdout
