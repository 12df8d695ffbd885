"""Debian's Exim 4 (exim4-daemon-light), unpacked by scripts/install-test-servers.

The namespace lays the unpacked package over /usr and /etc, and the instance writes its own
``/etc/exim4/exim4.conf``: the first file of Exim's compiled-in CONFIGURE_FILE list, so no ``-C``
is needed (Exim drops privilege for an alternate config given by a non-root caller, which its
delivery processes are). The spool is the instance's ``/var/spool/exim4``; the log goes to syslog,
which the sandbox writes to its log. ``exim -bdf`` runs the daemon in the foreground with a queue
runner every ``retry_seconds``.

Each route becomes a manualroute router with its own smtp transport (its port); ``self = send``
and ``allow_localhost`` let Exim deliver to 127.0.0.1, which it would otherwise treat as itself.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from tests.realservers.mta import MailSystem
from tests.realservers.sandbox import Sandbox

EXIM = "/usr/sbin/exim4"


FROZEN = re.compile(r"^\s*\S+\s+\S+\s+(\S+) <[^>]*> \*\*\* frozen \*\*\*", re.MULTILINE)


class Exim(MailSystem):
    """An Exim instance on 127.0.0.1:``port``; ``tls`` enables STARTTLS with that certificate;
    ``router_options`` go into every router (e.g. ``{"host_find_failed": "fail"}``: manualroute's
    default for a host that does not resolve is to freeze the message); ``hold=True`` freezes
    every accepted message (ACL ``control = freeze``) until ``release()``
    thaws them (``exim -Mt``); ``main_options`` adds main-section settings (they win over the
    defaults here)."""

    name = "exim"
    package = "exim4"
    program = EXIM

    def __init__(
        self,
        *,
        hold: bool = False,
        router_options: dict[str, str] | None = None,
        main_options: dict[str, Any] | None = None,
        transport_options: dict[str, dict[str, str]] | None = None,
        **common: Any,
    ) -> None:
        super().__init__(**common)
        self.hold = hold
        self.router_options = dict(router_options or {})
        self.main_options = dict(main_options or {})
        # Per route domain ("*" for every smtp transport), e.g. {"*": {"command_timeout": "3s"},
        # "tls.test": {"hosts_require_tls": "*"}}.
        self.transport_options = {k: dict(v) for k, v in (transport_options or {}).items()}

    def _transport_settings(self, domain: str) -> list[str]:
        settings = {**self.transport_options.get("*", {}), **self.transport_options.get(domain, {})}
        return [f"  {key} = {value}" for key, value in settings.items()]

    def config(self) -> str:
        main: dict[str, Any] = {
            "primary_hostname": self.hostname,
            "qualify_domain": self.hostname,
            "daemon_smtp_ports": self.port,
            "local_interfaces": "127.0.0.1",
            "exim_user": "Debian-exim",
            "exim_group": "Debian-exim",
            "never_users": "root",
            "host_lookup": "",
            "rfc1413_hosts": "",
            "log_file_path": "syslog",
            "syslog_timestamp": "false",
            "syslog_duplication": "false",
            "log_selector": "+smtp_protocol_error +smtp_syntax_error +received_recipients",
            "keep_environment": "",
            "acl_smtp_rcpt": "acl_check_rcpt",
            "tls_advertise_hosts": "*" if self.tls else "",
            "ignore_bounce_errors_after": "1h",
            "timeout_frozen_after": "1h",
        }
        if self.tls is not None:
            main["tls_certificate"] = self.tls.cert_file
            main["tls_privatekey"] = self.tls.key_file
        main.update(self.main_options)
        lines = ["hostlist relay_from_hosts = <; 127.0.0.0/8"]
        lines += [f"{key} = {value}" for key, value in main.items()]
        lines += ["", "begin acl", "acl_check_rcpt:"]
        if self.hold:
            lines += ["  warn control = freeze/no_tell"]
        lines += ["  accept hosts = +relay_from_hosts", "  deny"]
        lines += ["", "begin routers"]
        transports = ["", "begin transports"]
        if self.dns_domains:
            # The ordinary way: the domain's MX records (Exim spec, "The dnslookup router").
            lines += [
                "dns_route:",
                "  driver = dnslookup",
                f"  domains = {' : '.join(self.dns_domains)}",
                "  transport = smtp_dns",
                "  no_more",
            ]
            transports += ["smtp_dns:", "  driver = smtp", *self._transport_settings("*")]
        for number, (domain, (host, port)) in enumerate(self.route_table()):
            router = [f"route_{number}:", "  driver = manualroute"]
            if domain != "*":
                router.append(f"  domains = {domain}")
            router += [
                f"  route_list = * {host} byname",
                f"  transport = smtp_{number}",
                "  self = send",
                *(f"  {key} = {value}" for key, value in self.router_options.items()),
                "  no_more",
            ]
            lines += router
            transports += [
                f"smtp_{number}:",
                "  driver = smtp",
                f"  port = {port}",
                "  allow_localhost",
                "  hosts_try_chunking =",
                "  hosts_try_prdr =",
                *self._transport_settings(domain),
            ]
        retry = self.retry_seconds
        rules = ["", "begin retry", f"* * F,{self.bounce_after}s,{retry}s", "", "begin rewrite"]
        return "\n".join(lines + transports + rules) + "\n"

    def configure(self, workdir: Path) -> Sandbox:
        sandbox = Sandbox(
            self.name,
            workdir,
            [EXIM, "-bdf", f"-q{self.retry_seconds}s"],
            root=self.root,
            hostname=self.hostname,
        )
        sandbox.etc("exim4/exim4.conf").write_text(self.config())
        spool = sandbox.var("spool/exim4")
        spool.mkdir(parents=True)
        shutil.chown(spool, "Debian-exim", "Debian-exim")
        spool.chmod(0o750)
        return sandbox

    def exim(self, *args: str) -> str:
        """Run ``exim4 ARGS`` in the instance (e.g. ``"-bp"`` lists the queue)."""
        assert self.sandbox is not None
        return self.sandbox.run([EXIM, *args]).stdout

    def flush(self) -> None:
        # In the background: a queue run waits for every delivery, a stalled remote included.
        if self.sandbox is not None and self.sandbox.alive():
            self.sandbox.run(["sh", "-c", f"{EXIM} -qff >/dev/null 2>&1 &"])

    def release(self) -> None:
        """Thaw what ``hold=True`` froze and deliver it now."""
        frozen = FROZEN.findall(self.queue())
        if frozen:
            self.exim("-Mt", *frozen)
        self.flush()

    def queue(self) -> str:
        return self.exim("-bp")
