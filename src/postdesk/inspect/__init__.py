"""Reading the original: what an e-mail an agent was handed shows, and what to do about it.

Nine sections of the work instruction ask the customer for the original
message (原件) and pass it on. ``inspect(raw)`` reads it on the call and
returns findings, each with its playbook, the document's reply and next
action (zh and en) and the evidence it stands on:

- ``delay`` (4.0.13): the Received chain in travel order, time per hop, the
  slowest hop and which side it sits on, clock skew;
- ``garbled`` (4.0.27): why text shows garbled, with subject, names and body
  repaired and how sure the repair is;
- ``tnef`` (4.0.25): the attachments and body inside a winmail.dat;
- ``duplicate`` (4.0.14): whether several originals are one message, and why
  several copies arrived (``inspect_many``);
- ``spam`` (4.0.15): the first untrusted relay, senders, authentication
  results, and an RFC 5965 report for the abuse mailbox;
- ``virus`` (4.0.16): the original in an AES-256 zip with a generated
  password, and a ClamAV verdict where clamd is configured;
- ``bounce`` (4.0.12): :func:`postdesk.bounce.analyze`, unchanged.

A plain library like :mod:`postdesk.bounce`: no database, no web. One module
per kind under :mod:`postdesk.inspect.findings`, found automatically.
"""

from __future__ import annotations

from postdesk.inspect.context import InspectContext
from postdesk.inspect.engine import InspectResult, inspect, inspect_many
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.texts import InspectError

__all__ = [
    "Evidence",
    "Finding",
    "InspectContext",
    "InspectError",
    "InspectResult",
    "inspect",
    "inspect_many",
]
