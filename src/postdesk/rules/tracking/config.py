"""A tracking configuration: who tracks whom, aliases, forwards, full mailboxes.

"邮件跟踪" (mail tracking, 4.0.18, 4.0.19) lets a mailbox (the *tracker*, the
document's "跟踪的目标信箱") receive a copy of the mail other mailboxes send
and receive. One mailbox may be tracked by several trackers (rules A and B,
"多对一"). The number of entries is capped by the provider's system
(``limits.tracking_max_entries``, 100 in 4.0.18); the cap is counted per
enterprise domain, the domain of the tracker, because the tracking function
belongs to one customer's enterprise post office.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from postdesk.errors import InvalidInputError, PostdeskError
from postdesk.i18n import Lang, Text
from postdesk.profile import Profile, load_profile


class TrackingLimitError(PostdeskError):
    """A tracking entry beyond the provider's cap; carries the document's standard reply."""

    def __init__(self, *, tracker: str, tracked: str, domain: str, limit: int) -> None:
        self.tracker = tracker
        self.tracked = tracked
        self.domain = domain
        self.limit = limit
        # The reply 4.0.18 tells agents to give, word for word in spirit.
        self.reply = Text(
            zh=(
                f"{domain} 的邮件业务跟踪已有 {limit} 条，不能再添加（{tracker} 跟踪 {tracked}）："
                f"现在企业邮箱的业务跟踪功能最高只能设置 {limit} 个，这不是系统BUG，"
                "只是现在系统只提供这样的功能；如用户对此表示异议，"
                "我们会将该问题作为产品建议反馈给产品部门，请用户谅解。"
            ),
            en=(
                f"cannot add tracking entry {tracker} -> {tracked}: {domain} already has "
                f"{limit} tracking entries, the most the enterprise mail tracking function "
                f"allows. This is not a system bug, it is what the system offers; if the "
                "customer disagrees, pass it on as a product suggestion to the product "
                "department (4.0.18)."
            ),
        )
        super().__init__(self.reply.en)

    def message(self, lang: Lang) -> str:
        """The explanation in ``lang``."""
        return self.reply.get(lang)

    def localised(self, lang: Lang) -> str:
        return self.message(lang)


# The roles an address plays in a refusal (``_hosted``), as the agents say them.
_ROLE_ZH = {
    "alias": "别名",
    "alias target": "别名指向的邮箱",
    "forwarding mailbox": "设置转发的邮箱",
    "full mailbox": "已满的邮箱",
    "tracker": "跟踪邮箱",
    "tracked mailbox": "被跟踪的邮箱",
}


def normalize_address(address: str) -> str:
    """``address`` in lower case without surrounding blanks; one ``@`` with text either side."""
    cleaned = address.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not at or not local or not domain or "@" in domain or " " in cleaned:
        raise InvalidInputError(key="tracking_not_address", address=address)
    return cleaned


def domain_of(address: str) -> str:
    """The domain part of a normalised address."""
    return address.rpartition("@")[2]


@dataclass
class TrackingConfig:
    """The mail-routing facts tracking depends on; build it with the ``add_*`` methods."""

    hosted_domains: frozenset[str]
    max_entries: int
    track_inbound_from_outside: bool = False
    aliases: dict[str, str] = field(default_factory=dict)  # alias address -> real mailbox
    forwards: dict[str, str] = field(default_factory=dict)  # mailbox -> forward target
    full_mailboxes: set[str] = field(default_factory=set)
    _tracked_by: dict[str, list[str]] = field(default_factory=dict)  # tracked -> trackers
    _entries: list[tuple[str, str]] = field(default_factory=list)  # (tracker, tracked)

    @classmethod
    def for_profile(
        cls,
        hosted_domains: Iterable[str],
        profile: Profile | None = None,
        *,
        track_inbound_from_outside: bool = False,
    ) -> TrackingConfig:
        """An empty configuration whose entry cap comes from ``profile`` (default profile)."""
        chosen = profile or load_profile()
        domains = frozenset(d.strip().lower() for d in hosted_domains if d.strip())
        if not domains:
            raise InvalidInputError(key="tracking_no_hosted_domain")
        return cls(
            hosted_domains=domains,
            max_entries=chosen.limits.tracking_max_entries,
            track_inbound_from_outside=track_inbound_from_outside,
        )

    # -- queries ---------------------------------------------------------------

    def is_hosted(self, address: str) -> bool:
        """Whether ``address`` is at one of the provider's domains ("ours")."""
        return domain_of(address) in self.hosted_domains

    def is_alias(self, address: str) -> bool:
        return address in self.aliases

    def resolve(self, address: str) -> tuple[str, str | None]:
        """The real mailbox mail to ``address`` lands in, and the alias used (or None)."""
        if address in self.aliases:
            return self.aliases[address], address
        return address, None

    def trackers_of(self, mailbox: str) -> list[str]:
        """The trackers of ``mailbox``, in the order they were added."""
        return list(self._tracked_by.get(mailbox, ()))

    def entries(self) -> list[tuple[str, str]]:
        """Every (tracker, tracked) entry, in the order added."""
        return list(self._entries)

    def entries_for_domain(self, domain: str) -> int:
        return sum(1 for tracker, _ in self._entries if domain_of(tracker) == domain)

    # -- building --------------------------------------------------------------

    def _hosted(self, address: str, role: str) -> str:
        normalized = normalize_address(address)
        if not self.is_hosted(normalized):
            hosted = ", ".join(sorted(self.hosted_domains))
            raise InvalidInputError(
                key="tracking_not_hosted",
                role_zh=_ROLE_ZH.get(role, role),
                role_en=role,
                address=normalized,
                hosted=hosted,
            )
        return normalized

    def add_alias(self, alias: str, mailbox: str) -> None:
        """Mail to ``alias`` lands in ``mailbox`` (both hosted; no alias of an alias)."""
        alias_address = self._hosted(alias, "alias")
        real = self._hosted(mailbox, "alias target")
        if real in self.aliases or alias_address == real:
            raise InvalidInputError(key="tracking_alias_of_alias", alias=alias_address, real=real)
        if alias_address in self._tracked_by or any(t == alias_address for t, _ in self._entries):
            raise InvalidInputError(key="tracking_tracked_alias", address=alias_address)
        self.aliases[alias_address] = real

    def add_forward(self, mailbox: str, target: str) -> None:
        """``mailbox`` forwards what it receives to ``target`` (anywhere)."""
        source = self._hosted(mailbox, "forwarding mailbox")
        if source in self.aliases:
            raise InvalidInputError(
                key="tracking_forward_alias", address=source, mailbox=self.aliases[source]
            )
        self.forwards[source] = normalize_address(target)

    def mark_full(self, mailbox: str) -> None:
        """``mailbox`` has no room left: mail to it bounces to the sender."""
        self.full_mailboxes.add(self._hosted(mailbox, "full mailbox"))

    def add_tracking(self, tracker: str, tracked: str) -> None:
        """``tracker`` receives copies of ``tracked``'s mail; refuses entries over the cap."""
        tracker_address = self._hosted(tracker, "tracker")
        tracked_address = self._hosted(tracked, "tracked mailbox")
        for address in (tracker_address, tracked_address):
            if address in self.aliases:
                raise InvalidInputError(
                    key="tracking_alias_entry", address=address, mailbox=self.aliases[address]
                )
        if tracker_address == tracked_address:
            raise InvalidInputError(key="tracking_self", address=tracker_address)
        if (tracker_address, tracked_address) in self._entries:
            raise InvalidInputError(
                key="tracking_duplicate", tracker=tracker_address, tracked=tracked_address
            )
        domain = domain_of(tracker_address)
        if self.entries_for_domain(domain) >= self.max_entries:
            raise TrackingLimitError(
                tracker=tracker_address,
                tracked=tracked_address,
                domain=domain,
                limit=self.max_entries,
            )
        self._entries.append((tracker_address, tracked_address))
        self._tracked_by.setdefault(tracked_address, []).append(tracker_address)
