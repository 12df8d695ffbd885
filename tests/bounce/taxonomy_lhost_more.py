"""More of the taxonomy's per-mail-system modules' own texts (citation ``taxonomy-lhost``).

The second set after :data:`tests.bounce.taxonomy.LHOST`: texts of the modules for
the Exim-based notices of Mail.Ru and McAfee SaaS (MXLogic), the qmail clone "X4",
au by KDDI, Verizon, Zoho Mail, McAfee's gateway, Outlook.com, iMail, m-FILTER and
Google Workspace (go-sisimai ``lhost/via-*.go``, commit 02714b77, 2025; for the
systems the Go port no longer carries, rb-sisimai ``lib/sisimai/lhost/*.rb``, v4).
Each is the literal wording the system writes and the reason its module reads it
as; a text with a variable part is its fixed fragments in order, as in
:mod:`tests.bounce.taxonomy`.

The reference is Sisimai v5: a text only a v4 module lists (X4, Outlook.com, McAfee)
is here because postdesk already reads it the same way, not because a v4 table decides
anything. The Exim texts are also in the v5 Exim module (via-exim.go).

Only lib/ code is read, never a test directory, a sample set or a table of results.
:func:`tests.bounce.holdout.measure` counts these texts as documented support, the
same family as the taxonomy's index.
"""

from __future__ import annotations

# (reason, fragment, ...): one fragment is a literal text; two or more are in that order.
LHOST_MORE: tuple[tuple[str, ...], ...] = (
    # Exim's own texts, as the Mail.Ru and MXLogic modules (mailru.rb, mxlogic.rb) and the
    # v5 Exim module (via-exim.go) list them: transports/pipe.c, deliver.c, retry.c, smtp.c
    ("userunknown", "user not found"),
    ("mailboxfull", "error: quota exceed"),
    ("systemerror", "local delivery failed"),
    ("systemerror", "lmtp error after ", "end of data"),
    ("expired", "no action is required on your part"),
    ("expired", "retry time not reached for any host after a long failure period"),
    ("expired", "all hosts have been failing for a long time and were last tried"),
    ("expired", "message ", " has been frozen"),
    ("expired", "message ", " was frozen on arrival by "),
    # X4 (x4.rb, a qmail clone): qmail-send.c and qmail-qmtpd.c wording
    ("expired", "i'm not going to try again; this message has been in the queue too long."),
    ("mesgtoobig", "message size exceeds fixed maximum message size:"),
    ("systemerror", "temporary failure in ldap lookup"),
    # au by KDDI (via-kddi.go)
    ("mailboxfull", "as their mailbox is full."),
    ("norelaying", "due to the following smtp relay error"),
    ("hostunknown", "as the remote domain doesnt exist."),
    # Verizon (via-verizon.go)
    ("userunknown", "no valid recipients"),
    # iMail (via-imailserver.go)
    ("hostunknown", "unknown host: ", ""),
    # Google Workspace (via-googleworkspace.go)
    (
        "userunknown",
        "because the address couldn't be found. check for typos or unnecessary spaces"
        " and try again.",
    ),
    # Outlook.com (outlook.rb)
    (
        "hostunknown",
        "the mail could not be delivered to the recipient because the domain is not reachable",
    ),
    # McAfee Email Appliance (mcafee.rb)
    ("userunknown", "user (", ") unknown. "),
    ("userunknown", "no such user"),
)
