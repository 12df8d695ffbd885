"""The checks a playbook step may name (``checks.yaml``).

``auto`` checks are run by :mod:`postdesk.diagnose` once it is available;
``manual`` ones are done by the agent (e.g. logging in to webmail with the
customer's password), who records the outcome.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from postdesk.i18n import Text


class CheckInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    mode: Literal["auto", "manual"]
    title: Text


@lru_cache(maxsize=1)
def known_checks() -> dict[str, CheckInfo]:
    """Every check id a playbook may name."""
    text = resources.files("postdesk.kb").joinpath("checks.yaml").read_text(encoding="utf-8")
    return {entry["id"]: CheckInfo.model_validate(entry) for entry in yaml.safe_load(text)}
