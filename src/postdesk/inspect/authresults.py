"""What a message says about its own authentication: the headers receivers add.

- ``Authentication-Results`` (RFC 8601): ``authserv-id; method=result ...``,
  one field per receiving host; the top one is the last receiver's.
- ``Received-SPF`` (RFC 7208 section 9.1): the result is the first word.
- ``DKIM-Signature`` (RFC 6376 section 3.5): the signing domain ``d=`` and
  selector ``s=``; a signature is a claim, not a pass.
- ``List-Unsubscribe`` (RFC 2369, RFC 8058 for one-click).
"""

from __future__ import annotations

from typing import Any

from postdesk.inspect.original import Original

METHODS = ("spf", "dkim", "dmarc", "arc")


def _results(value: str) -> dict[str, str]:
    """``{"spf": "pass", ...}`` from one Authentication-Results value (first per method)."""
    found: dict[str, str] = {}
    for clause in value.split(";")[1:]:
        words = clause.strip().split()
        if not words or "=" not in words[0]:
            continue
        method, _, result = words[0].partition("=")
        method = method.strip().lower().split("/", 1)[0]
        if method in METHODS and method not in found:
            found[method] = result.strip().lower()
    return found


def _tags(value: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in value.split(";"):
        name, sep, tag_value = item.partition("=")
        if sep:
            tags.setdefault(name.strip().lower(), "".join(tag_value.split()))
    return tags


def authentication(original: Original) -> dict[str, Any]:
    """The authentication facts a spam report carries."""
    results = [
        _results(" ".join(v.decode("latin-1").split())[:4096])
        for v in original.root.fields_named("authentication-results")
    ]
    spf = [
        v.decode("latin-1").split(None, 1)[0].lower()
        for v in original.root.fields_named("received-spf")
        if v.strip()
    ]
    signatures = []
    for value in original.root.fields_named("dkim-signature")[:10]:
        tags = _tags(value.decode("latin-1")[:4096])
        signatures.append({"domain": tags.get("d", ""), "selector": tags.get("s", "")})
    return {
        "authentication_results": results[0] if results else {},
        "received_spf": spf[0] if spf else "",
        "dkim_signatures": signatures,
        "list_unsubscribe": original.text("list-unsubscribe")[:500],
        "list_unsubscribe_post": original.text("list-unsubscribe-post")[:200],
    }
