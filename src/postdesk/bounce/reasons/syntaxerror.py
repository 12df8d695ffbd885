"""syntaxerror: the SMTP dialogue broke the protocol (a bad command or argument).

Decided by the statuses 5.5.2 and 5.5.6 and RFC 5321's 500-504 and 555 replies
("Syntax error, command unrecognized", "... in parameters or arguments",
"Command not implemented", "Bad sequence of commands", "Command parameter
not implemented", "MAIL FROM/RCPT TO parameters not recognized or not
implemented") when the text says nothing more.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, phrase

REASON = Reason(
    name="syntaxerror",
    label={"zh": "SMTP 语法错误", "en": "SMTP syntax error"},
    meaning={
        "zh": "SMTP 会话中命令或参数有语法错误",
        "en": "The SMTP dialogue had a syntax error (bad command or argument)",
    },
    pseudo="X.0.902",
    reply=Reply("bounce-interpretation"),
    phrases=(
        phrase("syntax error", "rfc5321"),
        phrase("command unrecognized", "rfc5321"),
        phrase("command not implemented", "rfc5321"),
        phrase("bad sequence of commands", "rfc5321"),
        phrase("command parameter not implemented", "rfc5321"),
        phrase("line too long", "rfc5321"),
        # Postfix: "503 5.5.0 Error: improper use of SMTP command pipelining"
        phrase("improper use of smtp command pipelining", "postfix"),
        # Exim: "malformed address: <b@example.net> may not follow a@example.jp"
        phrase("malformed address", "exim"),
        # NetEase: "500 Error: bad syntax"; Coremail: "Bad address syntax"
        phrase("bad syntax", "netease"),
        phrase("bad address syntax", "coremail"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Exim parser.c: the address could not be parsed
        phrase("angle-brackets nested too deep", "taxonomy-lhost"),
        phrase('expected word or "<"', "taxonomy-lhost"),
        phrase("domain missing in source-routed address", "taxonomy-lhost"),
    ),
)
