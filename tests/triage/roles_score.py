"""Scoring entity roles on a labelled set: customer domain right, counterpart set exactly right.

Rows are JSON lines with ``text``, ``customer_domain`` (a domain or null) and
``counterpart_domains`` (a list); domains are compared in their ASCII form, so
"例子.公司" and "xn--fsqu00a.xn--55qx5d" are the same answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import idna

from postdesk.triage import triage


def ascii_form(domain: str | None) -> str | None:
    if domain is None:
        return None
    name = domain.strip().lower().rstrip(".")
    try:
        return str(idna.encode(name, uts46=True).decode("ascii"))
    except idna.IDNAError:
        return name


@dataclass
class RoleScore:
    rows: int = 0
    customer_right: int = 0
    counterparts_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def customer_share(self) -> float:
        return self.customer_right / self.rows if self.rows else 0.0

    @property
    def counterpart_share(self) -> float:
        return self.counterparts_right / self.rows if self.rows else 0.0


def load_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(rows: list[dict[str, Any]]) -> RoleScore:
    result = RoleScore()
    for row in rows:
        found = triage(row["text"]).entities
        customer_ok = ascii_form(found.customer_domain) == ascii_form(row["customer_domain"])
        wanted = {ascii_form(d) for d in row["counterpart_domains"]}
        counterparts_ok = {ascii_form(d) for d in found.counterpart_domains} == wanted
        result.rows += 1
        result.customer_right += customer_ok
        result.counterparts_right += counterparts_ok
        if not (customer_ok and counterparts_ok):
            result.misses.append(
                {
                    "text": row["text"],
                    "want": (row["customer_domain"], row["counterpart_domains"]),
                    "got": (found.customer_domain, found.counterpart_domains),
                }
            )
    return result
