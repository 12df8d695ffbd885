"""A tracking scenario file: the configuration plus messages to run through it.

YAML or JSON (JSON is read as YAML)::

    hosted_domains: [abc.com]            # the provider's domains: these addresses are "ours"
    trackers:                            # tracker mailbox -> the mailboxes it tracks
      boss@abc.com: [sales@abc.com]
    aliases: {info@abc.com: sales@abc.com}   # alias address -> real mailbox
    forwards: {boss@abc.com: boss@home.example}  # mailbox -> forward target
    full_mailboxes: [audit@abc.com]      # mailboxes with no room left
    track_inbound_from_outside: false    # optional, see simulate.py
    max_deliveries: 200                  # optional bound per message
    messages:
      - {sender: sales@abc.com, recipients: [client@other.example]}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from postdesk.errors import InvalidInputError
from postdesk.profile import Profile
from postdesk.profile.load import validation_problems
from postdesk.rules.tracking.config import TrackingConfig
from postdesk.rules.tracking.result import ScenarioOutcome
from postdesk.rules.tracking.simulate import DEFAULT_MAX_DELIVERIES, simulate_message
from postdesk.yamlio import YAMLError, load_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioMessage(_Strict):
    sender: str
    recipients: list[str] = Field(min_length=1)


class Scenario(_Strict):
    """The scenario file's shape; every key but hosted_domains and messages is optional."""

    hosted_domains: list[str] = Field(min_length=1)
    trackers: dict[str, list[str]] = Field(default_factory=dict)
    aliases: dict[str, str] = Field(default_factory=dict)
    forwards: dict[str, str] = Field(default_factory=dict)
    full_mailboxes: list[str] = Field(default_factory=list)
    track_inbound_from_outside: bool = False
    max_deliveries: int = Field(default=DEFAULT_MAX_DELIVERIES, ge=1, le=100_000)
    messages: list[ScenarioMessage] = Field(min_length=1)


def parse_scenario(text: str, source: str) -> Scenario:
    """Validate scenario text; errors name ``source`` and the field."""
    try:
        data = load_yaml(text)
    except YAMLError as err:
        raise InvalidInputError(key="scenario_not_yaml", source=source, reason=str(err)) from None
    if not isinstance(data, dict):
        raise InvalidInputError(key="scenario_not_mapping", source=source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise InvalidInputError(
            key="scenario_invalid", problems=validation_problems(source, err, "; ")
        ) from None


def read_scenario(path: str | Path) -> Scenario:
    """The scenario in the file at ``path``."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInputError(
            key="scenario_unreadable", path=str(file), reason=err.strerror
        ) from None
    return parse_scenario(text, str(file))


def build_config(scenario: Scenario, profile: Profile | None = None) -> TrackingConfig:
    """The tracking configuration a scenario describes; entries over the cap raise."""
    config = TrackingConfig.for_profile(
        scenario.hosted_domains,
        profile,
        track_inbound_from_outside=scenario.track_inbound_from_outside,
    )
    # Aliases first: a tracking entry naming an alias is refused (rule D).
    for alias, mailbox in scenario.aliases.items():
        config.add_alias(alias, mailbox)
    for tracker, tracked_list in scenario.trackers.items():
        for tracked in tracked_list:
            config.add_tracking(tracker, tracked)
    for mailbox, target in scenario.forwards.items():
        config.add_forward(mailbox, target)
    for mailbox in scenario.full_mailboxes:
        config.mark_full(mailbox)
    return config


def run_scenario(scenario: Scenario, profile: Profile | None = None) -> ScenarioOutcome:
    """Every message of ``scenario`` through its configuration."""
    config = build_config(scenario, profile)
    return ScenarioOutcome(
        tracking_entries=len(config.entries()),
        tracking_max_entries=config.max_entries,
        messages=[
            simulate_message(config, m.sender, m.recipients, max_deliveries=scenario.max_deliveries)
            for m in scenario.messages
        ],
    )
