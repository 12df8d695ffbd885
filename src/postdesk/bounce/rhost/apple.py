"""Apple iCloud Mail (icloud.com, me.com, mac.com): its documented replies.

Sample lines::

    550 5.7.1 [CS01] Message rejected due to local policy. Please visit
        https://support.apple.com/en-us/HT204137
    421 4.7.1 Messages to kijitora@icloud.com deferred due to excessive volume.
    550 5.1.6 recipient no longer on server: kijitora@icloud.com

Apple's "iCloud Mail: information for postmasters" (citation "apple") and the
reference taxonomy's Apple module (citation "taxonomy-rhost", for-apple.go)
give the meaning of each. "recipient no longer on server" is an address that
existed and moved away (hasmoved), "inactive email address" one that no longer
takes mail (userunknown in the taxonomy).
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "apple"
SOURCE = "apple"
HOSTS = ("icloud.com", "me.com", "mac.com", "apple.com")
TEXT_HINTS = ("support.apple.com/en-us/ht204137", "support.apple.com/en-us/102322")

RULES = (
    # "554 5.7.1 Your message was rejected due to example.jp's DMARC policy."
    (phrase("'s dmarc policy", "apple"), "authfailure"),
    (phrase("blocked for failing both spf and dkim", "apple"), "authfailure"),
    (phrase("rejected due to having a domain present in the spamhaus", "apple"), "blocked"),
    (phrase("rejected due to listing in spamhaus", "apple"), "blocked"),
    (phrase("esmtp not accepting connections", "apple"), "blocked"),
    (phrase("recipient no longer on server", "apple"), "hasmoved"),
    (phrase("user is over quota", "apple"), "mailboxfull"),
    (phrase("relay access denied", "apple"), "norelaying"),
    (phrase("due to local policy", "apple"), "policyviolation"),
    (phrase("due to excessive volume", "apple"), "speeding"),
    (phrase("inactive email address", "apple"), "userunknown"),
    (phrase("user does not exist", "apple"), "userunknown"),
    (phrase("unknown or illegal alias", "apple"), "userunknown"),
)
