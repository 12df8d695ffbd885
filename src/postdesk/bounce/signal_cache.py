"""The playbook signals bounce advice matches, kept on disk between runs.

Advice needs, of the whole playbook library, only each signal's patterns,
regexes, meaning, action and scripted reply: the plain
:class:`postdesk.kb.signals.SignalRecord` rows, matched by the same
:class:`postdesk.kb.signals.SignalMatcher` that triage and the playbook
runner use. Loading the library (YAML, placeholders rendered
with the provider profile, validation) takes about 0.2 s: more than reading
300 bounces, so it dominated ``postdesk bounce DIR`` for a folder of a few
hundred. The signals are therefore written once to a small JSON file named
by a fingerprint of everything they derive from (playbook files, the
profile, the loader's code; see :mod:`postdesk.cachefiles`); any change to
those gives a new name and a fresh load. Where the cache folder cannot be
written, the library is loaded every time, as before.

Importing :mod:`postdesk.kb.signals` is cheap (it loads nothing of the library
until asked); only a cache miss loads the library.

The same file keeps the provider's own servers (:class:`OwnServers`, from the
profile): advice needs them to tell the provider's own refusals (4.0.9 E/F,
4.0.28) from a remote server's, and reading them here spares loading the profile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postdesk import cachefiles
from postdesk.kb.signals import SignalMatcher, SignalRecord, library_records

CACHE_ENV = cachefiles.CACHE_ENV
# Bumped when the cached file's shape changes.
_FORMAT = "signals-4"


@dataclass(frozen=True)
class OwnServers:
    """The provider's own mail hosts: their domains and addresses (from the profile)."""

    domains: tuple[str, ...] = ()  # "263xmail.com": the hosts' parent domains
    addresses: tuple[str, ...] = ()  # the A records the profile lists

    def owns(self, host: str) -> bool:
        """Whether ``host`` (a name or an IP address) is one of the provider's servers."""
        host = host.lower().strip("[]. ")
        if not host:
            return False
        if host in self.addresses:
            return True
        return any(host == d or host.endswith("." + d) for d in self.domains)


def own_servers_of(profile: Any) -> OwnServers:
    """The provider's servers named in ``profile`` (not the reference hosts of another provider)."""
    hosts = profile.hosts
    names = [hosts.pop, hosts.smtp, hosts.mx, hosts.mx_overseas, hosts.imap]
    domains = {name.lower().split(".", 1)[1] for name in names if name and name.count(".") >= 2}
    domains |= {name.lower() for name in names if name and name.count(".") == 1}
    addresses = {ip for values in profile.server_addresses.model_dump().values() for ip in values}
    return OwnServers(tuple(sorted(domains)), tuple(sorted(addresses)))


def fingerprint() -> str:
    """A digest of everything the signals derive from: playbooks, profile, loader code."""
    return cachefiles.digest(_FORMAT, cachefiles.library_sources())


def _from_library() -> tuple[list[SignalRecord], OwnServers]:
    from postdesk.kb.load import default_library
    from postdesk.profile.load import load_profile

    return library_records(default_library()), own_servers_of(load_profile())


def _read(path: Path) -> tuple[list[SignalRecord], OwnServers] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        rows: list[dict[str, Any]] = data["signals"]
        own = OwnServers(
            tuple(data["own_servers"]["domains"]), tuple(data["own_servers"]["addresses"])
        )
        records = [
            SignalRecord(
                playbook_id=row["playbook_id"],
                signal_id=row["signal_id"],
                patterns=tuple(row["patterns"]),
                regex=tuple(row["regex"]),
                meaning=row["meaning"],
                action=row["action"],
                reply=row["reply"],
                step=row["step"],
                scope=row["scope"],
            )
            for row in rows
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return records, own


def _write(path: Path, records: list[SignalRecord], own: OwnServers) -> None:
    rows = [
        {
            "playbook_id": r.playbook_id,
            "signal_id": r.signal_id,
            "patterns": list(r.patterns),
            "regex": list(r.regex),
            "meaning": r.meaning,
            "action": r.action,
            "reply": r.reply,
            "step": r.step,
            "scope": r.scope,
        }
        for r in records
    ]
    own_servers = {"domains": list(own.domains), "addresses": list(own.addresses)}
    payload = json.dumps({"signals": rows, "own_servers": own_servers}, ensure_ascii=False)
    cachefiles.write_atomically(path, payload.encode("utf-8"), stale="signals-*.json")


def load() -> tuple[list[SignalRecord], OwnServers]:
    """The signal records and own servers, from the cache when it matches, else from the sources.

    Raises what loading the library raises when there is no usable cache.
    """
    path = cachefiles.cache_dir() / f"signals-{fingerprint()}.json"
    cached = _read(path)
    if cached is None:
        cached = _from_library()
        _write(path, *cached)
    return cached


def load_records() -> list[SignalRecord]:
    """The signal records (see :func:`load`)."""
    return load()[0]


def load_matcher() -> SignalMatcher:
    """A matcher over :func:`load_records`."""
    return SignalMatcher(load_records())
