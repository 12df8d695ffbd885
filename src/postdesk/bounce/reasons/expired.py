"""expired: delivery kept failing until the queue gave up (timeouts included).

Decided by the statuses X.4.7 (RFC 3463 "Delivery time expired") and 4.4.1
("No answer from host", the taxonomy's reading), by timeouts and refused
connection attempts the queue gave up on, and last of all by the queue's own
summary ("in the queue too long", "will be retried"): such wording is a
wrapper, used only when the bounce says nothing more specific (RFC 3463
X.4.7: "the code for the actual problem ... should be returned rather than
this code"). A delay notice (Action: delayed) with nothing else is expired.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="expired",
    label={"zh": "投递超时", "en": "Delivery timed out"},
    meaning={
        "zh": "多次投递失败，直到队列保留期用完",
        "en": "Delivery kept failing until the queue lifetime ran out",
    },
    pseudo="X.0.947",
    reply=Reply("mail-delay"),
    phrases=(
        # ETIMEDOUT: "Connection timed out"; Postfix: "conversation with ... timed out while
        # ..."; Sendmail: "Deferred: Connection timed out with ..."
        phrase("connection timed out", "errno"),
        phrase("timed out", "errno"),
        phrase("connection timeout", "errno"),
        # ECONNREFUSED, quoted by Postfix ("connect to mx.example[192.0.2.1]:25: Connection
        # refused", its DSN Status 4.4.1) and Sendmail ("Deferred: Connection refused by
        # mx.example."): RFC 3463 X.4.1 "No answer from host ... the remote system was busy,
        # or otherwise unable to take a call", a temporary condition, so a bounce that quotes
        # it is one the queue gave up on (the factory's connection_refused situation). The
        # words are strerror(ECONNREFUSED).
        phrase("connection refused", "errno"),
        # Gmail: "The recipient server did not accept our requests to connect."
        phrase("did not accept our requests to connect", "gmail"),
        # RFC 3463 X.4.7 / Exchange: "4.4.7 Message expired", "QUEUE.Expired; message expired"
        phrase("delivery time expired", "rfc3463"),
        phrase("queue.expired", "exchange"),
        phrase("message expired", "exchange"),
        # OpenSMTPD: "Envelope expired"
        phrase("envelope expired", "opensmtpd"),
        # The same with words in between: Exchange's "message expired", OpenSMTPD's
        # "Envelope expired"
        ordered("message", "expired", source="exchange", gap=20),
        ordered("envelope", "expired", source="opensmtpd", gap=20),
        # The queue's own summaries: wrappers, used only when nothing else is known.
        # qmail-send: "I'm not going to try again; this message has been in the queue too long."
        phrase("in the queue too long", "qmail", wrapper=True),
        # Sendmail: "Cannot send message for 5 days", "Message could not be delivered for
        # 5 days", "Warning: could not send message for past 4 hours"
        phrase("cannot send message for", "sendmail", wrapper=True),
        phrase("could not be delivered for", "sendmail", wrapper=True),
        phrase("could not send message for past", "sendmail", wrapper=True),
        # Exim: "retry timeout exceeded", "retry time not reached for any host after a long
        # failure period", "all hosts ... have been failing for a long time"
        phrase("retry timeout exceeded", "exim", wrapper=True),
        phrase("retry time not reached", "exim", wrapper=True),
        phrase("have been failing for a long time", "exim", wrapper=True),
        # Postfix delay notice: "Your message could not be delivered for more than 4
        # hour(s). It will be retried until it is 5 day(s) old."
        phrase("could not be delivered for more than", "postfix", wrapper=True),
        phrase("will be retried until", "postfix", wrapper=True),
        # Gmail: "Message will be retried for 2 more day(s)"
        phrase("will be retried for", "gmail", wrapper=True),
        # DragonFly Mail Agent: "Could not deliver for the last 432000 seconds. Giving up."
        phrase("could not deliver for the last", "dma", wrapper=True),
        phrase("giving up", "dma", wrapper=True),
        # Exchange delay notices: "Delivery to the following recipients has been delayed."
        phrase("has been delayed", "exchange", wrapper=True),
        phrase("delayed", "rfc3464", wrapper=True),
        # RFC 3463 X.4.7 "Delivery time expired"
        phrase("expired", "rfc3463", wrapper=True),
        # The taxonomy's own index (Sisimai v5 reason/why-expired.go): texts it lists
        # under expired, written as the literal wording
        phrase("could not find a gateway for", "taxonomy-index"),
        phrase("delivery attempts will continue to be", "taxonomy-index"),
        phrase("failed to deliver to domain", "taxonomy-index"),
        phrase("it has not been collected after", "taxonomy-index"),
        phrase("server did not respond", "taxonomy-index"),
        phrase("unable to deliver message after multiple retries", "taxonomy-index"),
        phrase("was not reachable within the allowed queue period", "taxonomy-index"),
        # The taxonomy's per-mail-system modules, second set (citation "taxonomy-lhost"; the
        # Exim, Mail.Ru and MXLogic modules): Exim's delay notice (deliver.c "No action is
        # required on your part. Delivery attempts will continue ...") and its frozen-message
        # notices (deliver.c "Message ... has been frozen", receive.c "... was frozen on
        # arrival by ...")
        phrase("no action is required on your part", "taxonomy-lhost"),
        phrase("has been frozen", "taxonomy-lhost"),
        phrase("was frozen on arrival by", "taxonomy-lhost"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # au (EZweb): not delivered within the queue's lifetime
        phrase("your message was not delivered within", "taxonomy-lhost"),
        # Exim (taxonomy-lhost, via-exim.go): a message frozen in the queue (deliver.c
        # "Message %s has been frozen", receive.c "... was frozen on arrival by %s") and
        # the delay warning's "Delay reason: " line and closing paragraph ("No action is
        # required on your part"): the queue's state, wrappers like the summaries above
        phrase("has been frozen", "taxonomy-lhost", wrapper=True),
        phrase("was frozen on arrival by", "taxonomy-lhost", wrapper=True),
        phrase("delay reason:", "taxonomy-lhost", wrapper=True),
        phrase("no action is required on your part", "taxonomy-lhost", wrapper=True),
    ),
)
