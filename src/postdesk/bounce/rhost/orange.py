"""Orange / Wanadoo / La Poste (France): reply codes "OFR_nnn [nnn]" and "LPNnnn_nnn".

Sample lines::

    550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]
    421 4.2.0 Service refuse. Veuillez essayer plus tard. ... OFR005_505 [505]

The number after the last underscore is Orange's reason code; its
postmaster page lists them (citation "orange").
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "orange"
SOURCE = "orange"
HOSTS = ("orange.fr", "wanadoo.fr", "laposte.net", "orange.com")
TEXT_HINTS = ("ofr_", "ofr0", "lpn0", "lpn1", "lpnaaa_", "ouk_")

# "OFR005_505", "ofr_506", "LPN007_420", "LPNAAA_101", "OUK_513" and "LPN416" (no underscore)
_CODE = re.compile(r"\b(?:ofr|lpn|ouk)(?:aaa|\d{3})?_?(\d{3})\b", re.IGNORECASE)
CODES: dict[str, str] = {
    "101": "blocked",  # the IP is on Orange's block list
    "102": "blocked",
    "103": "blocked",
    "104": "toomanyconn",  # too many connections from the IP
    "105": "blocked",
    "106": "requireptr",  # no reverse DNS for the IP
    "107": "blocked",  # the IP's reputation: service refused
    "108": "blocked",
    "109": "blocked",
    "201": "toomanyconn",
    "202": "toomanyconn",
    "203": "toomanyconn",
    "501": "suspend",  # the recipient's account is closed or blocked
    "502": "speeding",
    "503": "speeding",
    "504": "mesgtoobig",
    "505": "systemerror",  # a temporary failure at Orange: try later
    "506": "spamdetected",  # the message is judged to be spam
    "507": "authfailure",
    "508": "mailboxfull",
    "509": "userunknown",
    "510": "blocked",
    # Codes the reference taxonomy's Orange / La Poste module lists (citation
    # "taxonomy-rhost", for-franceptt.go, from postmastery.com's and smtpfieldmanual.com's
    # copies of Orange's list), each with its reply text:
    "305": "securityerror",  # "Code d'authentification invalide"
    "401": "authfailure",  # "SPF: ... is not allowed to send mail"
    "402": "securityerror",  # "Authentification requise. Authentication Required."
    "403": "rejected",  # "Emetteur invalide. Invalid Sender."
    "405": "rejected",
    "415": "rejected",
    "416": "userunknown",  # "Adresse d au moins un destinataire invalide. Invalid recipient."
    "417": "mailboxfull",  # "Boite du destinataire pleine. Recipient overquota."
    "420": "suspend",  # "Boite du destinataire archivee. Archived recipient."
    "421": "rejected",  # "Mail from not owned by user."
    "426": "suspend",  # "Le compte du destinataire est bloque. The recipient account is blocked."
    "514": "mesgtoobig",  # "Taille limite du message atteinte"
    "517": "authfailure",  # "Message refused, DMARC verification Failed."
    "630": "policyviolation",  # "Client host rejected"
    "999": "blocked",  # "Service refuse. Veuillez essayer plus tard."
}

RULES = (
    # "421 ... Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de
    # domaine. Invalid Sender. SPF check failed" (the taxonomy's module, as above)
    (phrase("spf/dns de votre nom de domaine", "taxonomy-rhost"), "authfailure"),
)


def code_of(text: str) -> list[str]:
    """Orange's codes in a reply, the last first (it is the one that decided)."""
    return list(reversed(_CODE.findall(text)))
