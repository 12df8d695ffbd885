"""YAML reading with YAML 1.2 booleans.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are
booleans; in playbooks they are option ids ("yes"/"no" answers), so only
``true`` and ``false`` are booleans here.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# libyaml's C parser is about 10x faster than the pure-Python one; loading the
# playbook library dominates start-up, so use it where PyYAML was built with it.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]


class _Loader(_Base):  # type: ignore[valid-type,misc]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

YAMLError = yaml.YAMLError


def load_yaml(text: str) -> Any:
    """Parse YAML text with YAML 1.2 booleans."""
    return yaml.load(text, Loader=_Loader)
