"""AOL (aol.com, its MX *.mx.aol.com): the two resolver answers the taxonomy reads its own way.

The reference taxonomy's AOL module (citation "taxonomy-rhost", for-aol.go)
reads two texts a sending MTA gives for an aol.com recipient: "Host or domain
name not found" (the domain does not resolve: hostunknown), and Postfix's
"Name service error for name=aol.com type=MX: Malformed or unexpected name
server reply" (AOL's name servers gave no usable MX: the domain accepts no mail,
notaccept, where elsewhere it is a passing DNS failure). AOL's own reply codes
are Yahoo's now (:mod:`postdesk.bounce.rhost.yahoo`).
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "aol"
SOURCE = "taxonomy-rhost"
HOSTS = ("aol.com", "mx.aol.com", "mail.aol.com")

RULES = (
    (phrase("host or domain name not found", "taxonomy-rhost"), "hostunknown"),
    (phrase("type=mx: malformed or unexpected name server reply", "taxonomy-rhost"), "notaccept"),
)
