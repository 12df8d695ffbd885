"""Mail tracking (4.0.18, 4.0.19): configuration, delivery simulation, scenario files."""

from postdesk.rules.tracking.config import TrackingConfig, TrackingLimitError
from postdesk.rules.tracking.result import MessageOutcome, ScenarioOutcome
from postdesk.rules.tracking.scenario import (
    build_config,
    parse_scenario,
    read_scenario,
    run_scenario,
)
from postdesk.rules.tracking.simulate import simulate_message

__all__ = [
    "MessageOutcome",
    "ScenarioOutcome",
    "TrackingConfig",
    "TrackingLimitError",
    "build_config",
    "parse_scenario",
    "read_scenario",
    "run_scenario",
    "simulate_message",
]
