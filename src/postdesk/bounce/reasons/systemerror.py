"""systemerror: the receiving system failed (configuration, resources, local error).

Decided by the statuses X.3.3, X.3.5, X.4.3, X.5.4, X.5.5, X.1.9 and 4.5.3,
the 5.3.0 fallback, RFC 5321's 451 "local error in processing", and wording
of a server's own failure. "Try again later" and "temporarily unavailable"
are generic.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="systemerror",
    label={"zh": "对方系统错误", "en": "Receiving system error"},
    meaning={
        "zh": "对方系统出错（配置错误、循环、读写故障）",
        "en": "The receiving system failed (configuration error, loop, I/O problem)",
    },
    pseudo="X.0.930",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 5321 4.2.3: "451 Requested action aborted: local error in processing" (its 421
        # "Service not available" is any refusal of service: it says nothing of the cause)
        phrase("local error in processing", "rfc5321"),
        ordered("service", "unavailable", source="rfc5321", gap=14, generic=True),
        ordered("service", "not available", source="rfc5321", gap=14, generic=True),
        # RFC 3463 X.3.5 "System incorrectly configured", X.3.3 "System not capable of
        # selected features", X.4.3 "Directory server failure"
        phrase("system incorrectly configured", "rfc3463"),
        phrase("not capable of selected features", "rfc3463"),
        phrase("directory server failure", "rfc3463"),
        # Postfix: "451 4.3.0 Error: queue file write error"; "451 4.3.5 Server configuration
        # error"; "4.3.0 ... Temporary lookup failure"
        phrase("queue file write error", "postfix"),
        phrase("server configuration error", "postfix"),
        phrase("temporary lookup failure", "postfix"),
        # Exim: "451 Temporary local problem - please try later"
        phrase("temporary local problem", "exim"),
        # Sendmail: "451 4.3.0 ... Local configuration error"
        phrase("local configuration error", "sendmail"),
        phrase("configuration error", "sendmail", generic=True),
        # qmail-smtpd: "451 qq temporary problem (#4.3.0)"
        phrase("qq temporary problem", "qmail"),
        # Resource errors (EAGAIN "Resource temporarily unavailable", EIO "Input/output error")
        phrase("resource temporarily unavailable", "errno"),
        phrase("input/output error", "errno"),
        phrase("i/o error", "errno"),
        ordered("write", "error", source="errno", gap=12, generic=True),
        ordered("read", "error", source="errno", gap=12, generic=True),
        # Mail systems' own words for their own failure (strings of the installed binaries):
        # Postfix "421 4.3.0 Mail system error"; Courier "Internal error - ...", "Service
        # temporarily unavailable."; OpenSMTPD "421 Internal server error", "451 Temporary
        # failure"
        phrase("system error", "postfix", generic=True),
        phrase("internal error", "courier", generic=True),
        phrase("server error", "opensmtpd", generic=True),
        phrase("local error", "rfc5321", generic=True),
        phrase("temporarily unavailable", "courier", generic=True),
        phrase("temporary failure", "opensmtpd", generic=True),
        ordered("try", "later", source="rfc5321", gap=12, generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-systemerror.go): texts it lists
        # under systemerror, written as the literal wording
        phrase("aliasing/forwarding loop broken", "taxonomy-index"),
        # Postfix's "mail for example.jp loops back to myself" (its own status 5.4.6, which the
        # taxonomy's status table does not read): the taxonomy's index lists it here, not under
        # networkerror, and tries systemerror before networkerror
        phrase("loops back to myself", "taxonomy-index"),
        phrase("can't create user output file", "taxonomy-index"),
        phrase("could not load drd for domain", "taxonomy-index"),
        phrase("interrupted system call", "taxonomy-index"),
        phrase("it encountered an error while being processed", "taxonomy-index"),
        phrase("it would create a mail loop", "taxonomy-index"),
        phrase("loop was found in the mail exchanger", "taxonomy-index"),
        phrase("recipient deferred because there is no mdb", "taxonomy-index"),
        phrase("remote server is misconfigured", "taxonomy-index"),
        phrase("system config error", "taxonomy-index"),
        phrase("timeout waiting for input", "taxonomy-index"),
        ordered("unable to connect", "daemon", source="taxonomy-index", gap=60),
        # The taxonomy's per-mail-system modules, second set (citation "taxonomy-lhost"; the
        # Exim-based Mail.Ru and MXLogic modules, and the v5 Exim module, list these)
        # Exim transports/pipe.c: a local delivery program failed
        phrase("local delivery failed", "taxonomy-lhost"),
        # Exim: the LMTP server refused ("LMTP error after end of data: ...")
        phrase("lmtp error after", "taxonomy-lhost"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Exim deliver.c: the router's file or pipe delivery is not allowed
        phrase("delivery to file forbidden", "taxonomy-lhost"),
        phrase("delivery to pipe forbidden", "taxonomy-lhost"),
        # qmail-ldap: the directory or the local delivery helper failed
        phrase("automatic homedir creator crashed", "taxonomy-lhost"),
        phrase("temporary error in automatic homedir creation", "taxonomy-lhost"),
        phrase("illegal value in ldap attribute", "taxonomy-lhost"),
        phrase("ldap attribute is not given but mandatory", "taxonomy-lhost"),
        phrase("timeout while performing search on ldap server", "taxonomy-lhost"),
        phrase("too many results returned but needs to be unique", "taxonomy-lhost"),
        phrase("error while executing qmail-forward", "taxonomy-lhost"),
        phrase("unable to contact ldap server", "taxonomy-lhost"),
        phrase("unable to login into ldap server", "taxonomy-lhost"),
        # qmail: the local delivery program's interpreter is missing
        phrase("bad interpreter: no such file or directory", "taxonomy-lhost"),
        # Courier esmtpclient.c: the domain's DNS is broken
        phrase("this domain's dns violates rfc 1035", "taxonomy-lhost"),
        # Domino: the address matches several directory entries
        phrase("several matches found in domino directory", "taxonomy-lhost"),
        # Exim transports/pipe.c: the local delivery program failed (taxonomy-lhost,
        # via-exim.go); Exim adds the program's own words after it when there are any
        phrase("local delivery failed", "taxonomy-lhost"),
    ),
)
