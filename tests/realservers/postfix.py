"""Debian's Postfix (apt-installed), one instance per test configuration directory.

``postfix -c DIR start-fg`` runs the master in the foreground in the instance's namespace; the
instance has its own main.cf, master.cf, queue and data directory under its workdir, listens on
127.0.0.1 only, relays by a ``texthash`` transport map (no postmap step), and logs through syslog
into the sandbox log. Options cover what the diagnostics and the bounce factory need:

* ``postscreen=True``: postscreen in front of smtpd with its pregreet test, so the greeting is a
  ``220-`` line and the final ``220`` follows ``greet_wait`` seconds later (postscreen's
  documented behaviour: postscreen(8), POSTSCREEN_README "Pregreet test").
* ``sender_access``: a ``check_sender_access`` table (pattern -> action), e.g.
  ``{"example.test": "REJECT"}`` answers ``554 5.7.1 <a@example.test>: Sender address rejected:
  Access denied`` at RCPT (smtpd_delay_reject defers sender restrictions to RCPT time).
* ``tls``: a certificate for STARTTLS; ``implicit_tls=True`` adds an smtps listener
  (``smtps_port``) in wrapper mode.
* ``hold=True``: every accepted message goes to the hold queue (access(5) ``HOLD``) until
  ``release()`` (``postsuper -H ALL``): a hop held back on purpose, so the next hop's Received
  header is later by as long as the test waits.
* ``main_cf``: any further main.cf parameters (they win over the defaults here).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.realservers.mta import MailSystem
from tests.realservers.sandbox import Sandbox, free_port

POSTFIX = "/usr/sbin/postfix"

# Postfix's internal services (master.cf), none chrooted: the queue lives in the workdir.
# (pickup is needed by "postqueue -f" even though nothing is submitted locally.)
INTERNAL_SERVICES = """\
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
"""


class Postfix(MailSystem):
    """A Postfix instance on 127.0.0.1:``port`` (see the module doc for the options)."""

    name = "postfix"
    required = (POSTFIX, "/usr/lib/postfix/sbin/master")

    def __init__(
        self,
        *,
        postscreen: bool = False,
        greet_wait: int = 6,
        sender_access: Mapping[str, str] | None = None,
        implicit_tls: bool = False,
        hold: bool = False,
        main_cf: Mapping[str, Any] | None = None,
        **common: Any,
    ) -> None:
        super().__init__(**common)
        self.postscreen = postscreen
        self.greet_wait = greet_wait
        self.sender_access = dict(sender_access or {})
        self.implicit_tls = implicit_tls
        self.hold = hold
        self.extra_main_cf = dict(main_cf or {})
        self.smtps_port: int | None = None
        self.config_dir: Path | None = None

    def main_cf(self, workdir: Path) -> dict[str, Any]:
        conf = workdir / "conf"
        retry = self.retry_seconds
        settings: dict[str, Any] = {
            "compatibility_level": "3.6",
            "queue_directory": workdir / "spool",
            "data_directory": workdir / "data",
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "myhostname": self.hostname,
            "mydomain": self.hostname,
            "myorigin": "$myhostname",
            "mydestination": "",
            "local_recipient_maps": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "smtpd_banner": "$myhostname ESMTP Postfix",
            "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
            "transport_maps": f"texthash:{conf}/transport",
            "alias_maps": "",
            "alias_database": "",
            "biff": "no",
            "queue_run_delay": f"{retry}s",
            "minimal_backoff_time": f"{retry}s",
            "maximal_backoff_time": f"{retry * 2}s",
            "maximal_queue_lifetime": f"{self.bounce_after}s",
            "bounce_queue_lifetime": f"{self.bounce_after}s",
            "smtp_connect_timeout": "5s",
            "smtp_helo_timeout": "10s",
            "smtp_tls_security_level": "may",
            "smtp_tls_loglevel": "1",
        }
        if self.sender_access:
            settings["smtpd_sender_restrictions"] = (
                f"check_sender_access texthash:{conf}/sender_access"
            )
        if self.hold:
            settings["smtpd_recipient_restrictions"] = "check_client_access static:HOLD"
        if self.tls is not None:
            settings.update(
                {
                    "smtpd_tls_cert_file": self.tls.cert_file,
                    "smtpd_tls_key_file": self.tls.key_file,
                    "smtpd_tls_security_level": "may",
                    "smtpd_tls_loglevel": "1",
                }
            )
        if self.postscreen:
            settings.update(
                {
                    # Loopback is in mynetworks, and postscreen's default access list would let
                    # it skip every test; the cache would skip them after the first pass.
                    "postscreen_access_list": "",
                    "postscreen_greet_wait": f"{self.greet_wait}s",
                    "postscreen_greet_action": "enforce",
                    "postscreen_greet_ttl": "1s",
                    "postscreen_cache_map": f"btree:{workdir}/data/postscreen_cache",
                }
            )
        settings.update(self.extra_main_cf)
        return settings

    def master_cf(self) -> str:
        listen = f"127.0.0.1:{self.port}"
        if self.postscreen:
            services = (
                f"{listen} inet n - n - 1 postscreen\n"
                "smtpd     pass  -       -       n       -       -       smtpd\n"
                "dnsblog   unix  -       -       n       -       0       dnsblog\n"
                "tlsproxy  unix  -       -       n       -       0       tlsproxy\n"
            )
        else:
            services = f"{listen} inet n - n - - smtpd\n"
        if self.smtps_port is not None:
            services += (
                f"127.0.0.1:{self.smtps_port} inet n - n - - smtpd\n"
                "  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_security_level=encrypt\n"
            )
        return services + INTERNAL_SERVICES

    def configure(self, workdir: Path) -> Sandbox:
        if self.implicit_tls:
            if self.tls is None:
                raise self.fail("implicit_tls=True needs tls=CertFiles")
            self.smtps_port = free_port()
        conf = workdir / "conf"
        conf.mkdir()
        (workdir / "data").mkdir()
        shutil.chown(workdir / "data", "postfix", "postfix")
        (workdir / "spool").mkdir()
        lines = [f"{key} = {value}" for key, value in self.main_cf(workdir).items()]
        (conf / "main.cf").write_text("\n".join(lines) + "\n")
        (conf / "master.cf").write_text(self.master_cf())
        # "smtp:" with no next hop: the recipient domain's MX records (transport(5)).
        (conf / "transport").write_text(
            "".join(f"{domain}\tsmtp:\n" for domain in self.dns_domains)
            + "".join(
                f"{domain}\tsmtp:[{host}]:{port}\n" for domain, (host, port) in self.route_table()
            )
        )
        (conf / "sender_access").write_text(
            "".join(f"{pattern}\t{action}\n" for pattern, action in self.sender_access.items())
        )
        self.config_dir = conf
        return Sandbox(
            self.name,
            workdir,
            [POSTFIX, "-c", str(conf), "start-fg"],
            grace=10,
            hostname=self.hostname,
        )

    def ready(self) -> bool:
        # With postscreen the first line is "220-..." and the rest comes greet_wait later.
        banner = super().ready()
        return banner

    def postfix(self, *args: str) -> str:
        """Run ``postfix -c <this instance> ARGS`` (or postqueue/postsuper: give the program as
        the first argument, e.g. ``postfix("postqueue", "-p")``) in the instance's namespace."""
        assert self.sandbox is not None and self.config_dir is not None
        if args and args[0] in ("postqueue", "postsuper", "postconf", "postcat"):
            argv = [f"/usr/sbin/{args[0]}", "-c", str(self.config_dir), *args[1:]]
        else:
            argv = [POSTFIX, "-c", str(self.config_dir), *args]
        return self.sandbox.run(argv).stdout

    def flush(self) -> None:
        if self.sandbox is not None and self.sandbox.alive():
            self.postfix("postqueue", "-f")

    def release(self) -> None:
        """Deliver what ``hold=True`` kept in the hold queue, now."""
        self.postfix("postsuper", "-H", "ALL")
        self.flush()

    def queue(self) -> str:
        """``postqueue -p`` of this instance (what is deferred, and why)."""
        return self.postfix("postqueue", "-p")
