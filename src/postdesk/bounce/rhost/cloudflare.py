"""Cloudflare Email Routing (*.mx.cloudflare.net): its documented refusals.

Cloudflare's Email Routing postmaster page (citation "cloudflare") and the
reference taxonomy's module (citation "taxonomy-rhost", for-cloudflare.go):
the sending IP "found on one or more DNSBLs" is refused (blocked), an "Upstream
error" is the destination's failure (systemerror).
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "cloudflare"
SOURCE = "cloudflare"
HOSTS = ("mx.cloudflare.net",)

RULES = (
    (phrase("found on one or more dnsbls", "cloudflare"), "blocked"),
    (phrase("upstream error", "cloudflare"), "systemerror"),
)
