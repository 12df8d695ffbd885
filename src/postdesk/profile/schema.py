"""The provider profile: every provider-specific value postdesk uses.

Host names, ports, server addresses, escalation channels and the limits the
work instruction states live here, never in Python, so that another provider
(or a test network on loopback) is a different YAML file.
"""

from __future__ import annotations

import ipaddress
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from postdesk.i18n import Text

ChannelKind = Literal["mail", "fax", "ticket", "internal"]
FieldType = Literal[
    "text",
    "longtext",
    "domain",
    "email",
    "phone",
    "datetime",
    "date",
    "ip",
    "integer",
    "choice",
    "file",
    "secret",
    "url",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Hosts(_Strict):
    """Public host names of the provider's mail service."""

    pop: str = Field(description="POP3 server customers configure in their client")
    smtp: str = Field(description="SMTP submission server")
    imap: str | None = Field(default=None, description="IMAP server, if the provider offers one")
    mx: str = Field(description="main (domestic) inbound MX every hosted domain must point to")
    mx_overseas: str | None = Field(default=None, description="overseas relay MX (4.0.29)")
    webmail: str | None = Field(default=None, description="webmail URL")
    reference_pop: str | None = Field(
        default=None, description="another provider's POP host used to tell a local block (4.0.9)"
    )
    reference_smtp: str | None = Field(
        default=None, description="another provider's SMTP host used the same way (4.0.9)"
    )


class Ports(_Strict):
    """TCP ports; the SSL ports are the ones the work instruction tells customers to use."""

    smtp: int = 25
    submission: int = 587
    smtp_ssl: int = 465
    pop3: int = 110
    pop3_ssl: int = 995
    pop3_ssl_documented: int = Field(
        default=995, description="POP over SSL port as the document writes it (1995 in 4.0.28)"
    )
    imap: int = 143
    imap_ssl: int = 993

    @field_validator("*")
    @classmethod
    def _port_range(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise PydanticCustomError(
                "port_range", "port {port} is out of range 1-65535", {"port": value}
            )
        return value


class ChannelField(_Strict):
    """A piece of information an escalation channel requires."""

    name: str
    type: FieldType = "text"
    label: Text


class Channel(_Strict):
    """Where an agent escalates: a mailbox, a fax line, the work-order system."""

    kind: ChannelKind
    name: Text
    address: str | None = Field(
        default=None,
        description="mailbox for mail channels; None where the provider has not given one yet "
        "(escalations are then kept queued with a message saying so)",
    )
    number: str | None = Field(default=None, description="fax number")
    extension: str | None = Field(default=None, description="fax extension")
    requires: list[ChannelField] = Field(default_factory=list)
    attachments_allowed: bool = True
    needs_seal: bool = Field(default=False, description="fax must carry the company seal")
    description: Text | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Channel:
        if self.kind == "fax" and not self.number:
            raise PydanticCustomError("fax_needs_number", "a fax channel needs a number")
        return self


class Limits(_Strict):
    """Numbers the work instruction states; rules and diagnostics read them here."""

    tracking_max_entries: int = 100
    mailbox_max_messages_g_edition: int = 20000
    unknown_folder_retention_days: int = 7
    provisioning_recheck_minutes: int = 20
    provisioning_escalate_after_working_days: int = 1
    outage_reports: int = 3
    outage_window_minutes: int = 10
    sender_in_prison_min_minutes: int = 15
    sender_in_prison_max_minutes: int = 20
    overseas_mx_preference: int = 10
    main_mx_preference_with_overseas: int = 50
    outlook_express_folder_limit_gb: int = 2


class ServerAddresses(_Strict):
    """Expected A records of the provider's hosts (4.0.31)."""

    pop: list[str] = Field(default_factory=list)
    smtp: list[str] = Field(default_factory=list)
    mx: list[str] = Field(default_factory=list)
    mx_overseas: list[str] = Field(default_factory=list)
    imap: list[str] = Field(default_factory=list)

    @field_validator("*")
    @classmethod
    def _ips(cls, values: list[str]) -> list[str]:
        for value in values:
            ipaddress.ip_address(value)
        return values


class Inspect(_Strict):
    """How originals are read (postdesk.inspect): whose hosts are ours, when a hop is slow."""

    own_domains: list[str] = Field(
        default_factory=list,
        description="domains of the provider's own mail hosts as Received headers name them; "
        "empty: the parent domains of hosts.*",
    )
    own_networks: list[str] = Field(
        default_factory=list,
        description="CIDR networks of the provider's relays, besides server_addresses",
    )
    delay_threshold_seconds: int = Field(
        default=300,
        ge=1,
        description="a hop slower than this held the message in a queue (Postfix's "
        "minimal_backoff_time is 300 s: at least one retry)",
    )
    clock_skew_seconds: int = Field(
        default=60,
        ge=0,
        description="a hop stamped this much before the one before it means a wrong clock",
    )
    clamd_socket: str | None = Field(
        default=None,
        description="clamd's local socket (clamd.conf LocalSocket); none: no virus scan",
    )
    clamd_timeout_seconds: float = Field(default=20.0, gt=0, le=300)

    @field_validator("own_networks")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        for value in values:
            ipaddress.ip_network(value, strict=False)
        return values


class Edition(_Strict):
    name: Text
    max_messages_per_mailbox: int | None = None


class BusinessTime(_Strict):
    """When the desk counts time: working hours, working days, holidays (profile.timezone).

    Case age, time in a status and delays of "N working days" are counted in this
    time only. Public holidays and the weekend days worked in their place (China's
    调休) change every year, so they are listed by date.
    """

    opens: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    closes: str = Field(default="18:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    working_days: list[int] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5],
        description="ISO weekdays worked: 1 Monday ... 7 Sunday",
    )
    holidays: list[date] = Field(default_factory=list, description="days off that are weekdays")
    extra_working_days: list[date] = Field(
        default_factory=list, description="weekend days worked in place of a holiday"
    )

    @field_validator("working_days")
    @classmethod
    def _weekdays(cls, values: list[int]) -> list[int]:
        if not values or any(not 1 <= value <= 7 for value in values):
            raise PydanticCustomError(
                "working_days",
                "working_days lists ISO weekdays 1 (Monday) to 7 (Sunday), at least one",
            )
        return sorted(set(values))

    @model_validator(mode="after")
    def _opens_before_closes(self) -> BusinessTime:
        if self.opens >= self.closes:
            raise PydanticCustomError(
                "opens_before_closes",
                "opens ({opens}) must be before closes ({closes})",
                {"opens": str(self.opens), "closes": str(self.closes)},
            )
        return self


class Follow(_Strict):
    """When the desk reminds on its own: an escalation nobody answered, a reminder nobody did."""

    escalation_unanswered_working_hours: int = Field(
        default=4,
        ge=1,
        description="an escalation still unanswered after this much working time gets a "
        "reminder for the case's assignee",
    )
    escalation_answered_minutes: int = Field(
        default=30,
        ge=0,
        description="an engineer's answer must reach the customer within this (a reminder), "
        "unless the escalate step declares its own reminder for the answer",
    )
    overdue_minutes: int = Field(
        default=60,
        ge=1,
        description="a due reminder not done after this long is shown to the supervisors",
    )


class Profile(_Strict):
    """Everything provider-specific; the default is the source document's provider."""

    id: str
    name: Text
    system_name: str = Field(description="the mail system's product name (XMAIL)")
    hosts: Hosts
    ports: Ports = Ports()
    server_addresses: ServerAddresses = ServerAddresses()
    channels: dict[str, Channel]
    limits: Limits = Limits()
    # Where a suspected outage (limits.outage_reports customers within
    # limits.outage_window_minutes) is reported; one of ``channels``.
    outage_channel: str = "agent-interface"
    editions: dict[str, Edition] = Field(default_factory=dict)
    urls: dict[str, str] = Field(default_factory=dict)
    dnsbl_zones: list[str] = Field(default_factory=list)
    timezone: str = "Asia/Shanghai"
    business: BusinessTime = BusinessTime()
    follow: Follow = Follow()
    inspect: Inspect = Inspect()

    @field_validator("channels")
    @classmethod
    def _channel_ids(cls, channels: dict[str, Channel]) -> dict[str, Channel]:
        if not channels:
            raise PydanticCustomError(
                "no_channel", "a profile needs at least one escalation channel"
            )
        return channels

    @model_validator(mode="after")
    def _outage_channel_known(self) -> Profile:
        if self.outage_channel not in self.channels:
            known = ", ".join(sorted(self.channels))
            raise PydanticCustomError(
                "outage_channel_unknown",
                "outage_channel '{channel}' is not among the channels; use one of: {known}",
                {"channel": self.outage_channel, "known": known},
            )
        return self

    def channel(self, channel_id: str) -> Channel:
        """The channel ``channel_id``; raises KeyError naming the known ids."""
        try:
            return self.channels[channel_id]
        except KeyError:
            known = ", ".join(sorted(self.channels))
            raise KeyError(f"unknown channel {channel_id!r}; the profile has: {known}") from None

    def own_domains(self) -> list[str]:
        """Names of the provider's own hosts, mailboxes and pages (never a customer's).

        The reference hosts are another provider's, named only for telnet tests
        (4.0.9 4)); they are left out, since customers write to that provider's users.
        """
        from urllib.parse import urlsplit

        names = [
            urlsplit(str(value)).hostname or "" if "://" in str(value) else str(value)
            for key, value in self.hosts.model_dump().items()
            if value and not key.startswith("reference_")
        ]
        names += [
            channel.address.rpartition("@")[2]
            for channel in self.channels.values()
            if channel.address
        ]
        names += [urlsplit(url).hostname or "" for url in self.urls.values()]
        return sorted({name.lower() for name in names if name})

    def template_context(self) -> dict[str, object]:
        """Values playbook texts may name as ``{{ hosts.mx }}``, ``{{ channels.fax.number }}``."""
        return self.model_dump(mode="python")
