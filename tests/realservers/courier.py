"""Debian's Courier MTA 1.0, unpacked by scripts/install-test-servers.

Courier reads its configuration only from the compiled-in /etc/courier and keeps its queue in
/var/lib/courier: the namespace lays the unpacked package over /etc and /var, writable per
instance, and the instance writes its own control files there (courier(8)): ``me`` (its name),
``esmtproutes`` (``domain: [127.0.0.1],PORT``; an empty domain is the smarthost), the retry
schedule (``retryalpha``/``retrybeta``/``retrygamma``/``retrymaxdelta``, ``esmtpdelay``) and
``queuetime``. esmtpd's settings are the package's file with overrides appended (the last
assignment wins in the shell file it is): listen on 127.0.0.1:PORT, no DNS checks of clients or
senders. The start script does what the packages' maintainer scripts would have done (ownership
of the queue, the smtpaccess database), then ``courier start`` and ``esmtpd start``; both
daemonize inside the namespace and log through courierlogger to syslog (the sandbox log).
"""

from __future__ import annotations

from pathlib import Path

from tests.realservers.mta import MailSystem
from tests.realservers.sandbox import Sandbox

COURIER = "/usr/sbin/courier"
ESMTPD = "/usr/sbin/esmtpd"
# MTA-STS is on by default: every delivery would first look up _mta-sts TXT records in DNS,
# which no test server answers (testmxlookup(1): --sts-cache-disable turns it off).
START = f"""\
set -e
mkdir -p /var/lib/courier/sts
chown -R courier:courier /var/lib/courier
/usr/bin/testmxlookup --sts-cache-disable >/dev/null
mkdir -p /run/courier
chown courier:courier /run/courier
/usr/sbin/makesmtpaccess
{COURIER} start
{ESMTPD} start
"""


class Courier(MailSystem):
    """A Courier instance on 127.0.0.1:``port``; ``tls`` offers STARTTLS with that certificate
    (Courier wants key and certificate in one file: ``CertFiles.combined_file``)."""

    name = "courier"
    package = "courier"
    program = "/usr/lib/courier/courier/courierd"

    def esmtpd_overrides(self) -> str:
        settings = {
            "ADDRESS": "127.0.0.1",
            "PORT": str(self.port),
            "BOFHCHECKDNS": "0",
            "BLACKLISTS": '""',
            "TCPDOPTS": '"-stderrlogger=/usr/sbin/courierlogger -noidentlookup -nodnslookup"',
            "ESMTPDSTART": "YES",
            "TARPIT": "0",
        }
        if self.tls is not None:
            settings["TLS_CERTFILE"] = str(self.tls.combined_file)
            settings["TLS_DHPARAMS"] = '""'
        else:
            settings["COURIERTLS"] = '""'  # no STARTTLS offered without a certificate
        return "".join(f"{key}={value}\n" for key, value in settings.items())

    def esmtproutes(self) -> str:
        # "domain:" with no relay: the domain's MX records (esmtproutes in courier(8)).
        lines = [f"{domain}:\n" for domain in self.dns_domains]
        for domain, (host, port) in self.route_table():
            lines.append(f"{'' if domain == '*' else domain}: [{host}],{port}\n")
        return "".join(lines)

    def configure(self, workdir: Path) -> Sandbox:
        sandbox = Sandbox(
            self.name,
            workdir,
            ["sh", "-c", START],
            root=self.root,
            hostname=self.hostname,
            foreground=False,
            stop_command=["sh", "-c", f"{ESMTPD} stop; {COURIER} stop"],
        )
        package_esmtpd = (self.root / "etc/courier/esmtpd").read_text()
        retry = f"{self.retry_seconds}s"
        files = {
            "me": self.hostname,
            "defaultdomain": self.hostname,
            "esmtproutes": self.esmtproutes(),
            "esmtpd": package_esmtpd + "\n# postdesk test instance\n" + self.esmtpd_overrides(),
            "queuetime": f"{self.bounce_after}s",
            "retryalpha": retry,
            "retrybeta": "3",
            "retrygamma": retry,
            "retrymaxdelta": "1",
            "esmtpdelay": "0s",
        }
        for name, text in files.items():
            sandbox.etc(f"courier/{name}").write_text(text.rstrip("\n") + "\n")
        return sandbox

    def flush(self) -> None:
        if self.sandbox is not None and self.sandbox.alive():
            self.sandbox.run([COURIER, "flush"], check=False)

    def queue(self) -> str:
        assert self.sandbox is not None
        return self.sandbox.run(["/usr/bin/mailq"], check=False).stdout
