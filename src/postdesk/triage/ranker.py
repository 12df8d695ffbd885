"""A learned candidate ranker behind the role rules: the *gate* (issue 13).

The rules (:mod:`postdesk.triage.roles`) decide whose domain is whose. Unless the wording
names the rules' customer as hosted at the provider or as the domain it moves from
(``Analysis.settled``), a linear model over text features picks the customer instead
when it is at least :data:`THRESHOLD` sure, also over a first-person cue ("we are x.de"
may be a firm abroad writing about its Chinese supplier); its pick leaves the other side
and the rules' customer joins it. A counterpart model over the same features moves names
into or out of the other side where it is sure. Measured leave-one-writer-set-out on the
ten sets no rule round was tuned on (docs/triage.md, "The names' shapes"): the rules
90.1 / 87.7, the first gate (only where no cue names the customer) 94.6 / 91.1, this gate
96.4 / 92.5, counterparts with the counterpart model 93.3 (customer / counterpart set);
the threshold 0.8 is the first gate's.

Candidates are the registrable domains the rules read plus "none". Features of a
candidate, from the text only (never the rules' readings or choice): hashed character
1-3-grams of the characters before and after each mention (near and far windows,
clipped at the sentence end, other names masked), the kind of mention, a header or
field label before it, order and count of mention, free mail, a provider host, counts
of the ``roles.yaml`` cue words in its clause, the top playbook and its
``mail_direction``, and the shape of the name itself (:mod:`postdesk.triage.domain_shape`:
its suffix's country, whether it reads as Pinyin; crossed with the text's language and
the number of candidates). The customer model is a softmax over the candidates; its
weights (``roles_ranker.npy.gz``) are trained by ``benchmarks/roles_ranker_train.py`` on
every labelled set and loaded once. Pure numpy, no network, deterministic; the work is
linear in the text (windows are bounded and the mentions capped by the caller).

Off with ``POSTDESK_ROLES_RANKER=0`` or :func:`set_enabled` (``bench_roles --no-ranker``).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from postdesk.triage import domain_shape
from postdesk.yamlio import load_yaml

if TYPE_CHECKING:
    from postdesk.triage.roles import Analysis, Mention

DIM = 1 << 20  # hashed feature space
NEAR = 4  # characters of the near windows before and after a mention
FAR = 16  # characters of the far windows (clipped at the sentence end)
THRESHOLD = 0.8  # the ranker's probability at which the gate takes its pick
WEIGHTS = "roles_ranker.npy.gz"
COUNTERPART_WEIGHTS = "roles_counterparts.npy.gz"
# The counterpart model's confidences at which a candidate joins or leaves the other side
# (measured leave-one-set-out at .8/.2, .9/.1, .95/.05, .99/.01: .95/.05 never lost a
# point on a set; docs/triage.md, "The names' shapes").
COUNTERPART_JOIN = 0.95
COUNTERPART_LEAVE = 0.05
ENV = "POSTDESK_ROLES_RANKER"
_LINE_BACK = 40  # characters of a mention's line read for a field label
_CLAUSE_BACK = 40
_CLAUSE_AHEAD = 32
SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s)")
CLAUSE_END = re.compile(r"[。！？!?\n，,；;：:]|\.(?=\s)")
# Field labels of mail headers (RFC 5322 section 3.6: From, To, Cc, Bcc, Reply-To; RFC
# 5321 MAIL FROM / RCPT TO; trace fields, section 3.6.7 and RFC 5321 4.4) and of a
# delivery status notification (RFC 3464 section 2.3: Final-Recipient,
# Original-Recipient), with the Chinese labels mail clients show for them.
LABELS = {
    "from": re.compile(
        r"(?:^|\s)(?:from|sender|mail from|envelope-from|reply-to|发件人|发信人|寄件人)"
        r"\s*[:：]\s*<?$"
    ),
    "to": re.compile(r"(?:^|\s)(?:to|rcpt to|recipient|收件人|收信人)\s*[:：]\s*<?$"),
    "cc": re.compile(r"(?:^|\s)(?:cc|bcc|抄送|密送)\s*[:：]\s*<?$"),
    "trace": re.compile(r"(?:^|\s)(?:return-path|delivered-to|received|x-original-to)\s*[:：].*$"),
    "dsn": re.compile(r"(?:^|\s)(?:final-recipient|original-recipient)\s*[:：]\s*(?:rfc822;)?\s*$"),
    "domain": re.compile(r"(?:域名|domain|邮局|域)\s*(?:是|为|is|[:：])?\s*$"),
}
_WORD_LISTS = (
    "customer",
    "counterpart",
    "sender",
    "recipient",
    "neither",
    "owned_by_caller",
    "people_of_caller",
    "customer_in_agent_note",
    "pointing_flow_words",
)
_FIRST_PERSON = ("我们", "我司", "我方", "咱们", "我", "we", "our", "us", "i", "my")

_enabled = os.environ.get(ENV, "1").strip().lower() not in {"0", "off", "false", "no"}


def set_enabled(on: bool) -> None:
    """Turn the gate on or off (for comparison with the rules alone)."""
    global _enabled
    _enabled = on


def enabled() -> bool:
    return _enabled


@lru_cache(maxsize=1 << 16)
def _h(name: str) -> int:
    # Cached: the same n-grams and feature names recur in every complaint (bounded, so
    # hostile text full of new n-grams costs a hash each, as without the cache).
    return zlib.crc32(name.encode()) % DIM


_Words = list[tuple[str, re.Pattern[str] | None]]


def _compiled(words: list[str]) -> _Words:
    # An ASCII word counts only as a whole word; another script's, as a substring.
    return [
        (w, re.compile(rf"(?<![a-z]){re.escape(w)}(?![a-z])") if w.isascii() else None)
        for w in words
    ]


@lru_cache(maxsize=1)
def word_lists() -> dict[str, _Words]:
    """The cue words of ``roles.yaml``, casefolded, by list."""
    raw = load_yaml(
        resources.files("postdesk.triage").joinpath("roles.yaml").read_text(encoding="utf-8")
    )
    lists: dict[str, _Words] = {}
    for name in _WORD_LISTS:
        words = raw.get(name) or []
        folded = sorted({str(w).casefold() for w in words if str(w).strip()}, key=len)
        lists[name] = _compiled(folded)
    return lists


@lru_cache(maxsize=1)
def _first_person() -> _Words:
    return _compiled(list(_FIRST_PERSON))


def _count(window: str, words: _Words) -> int:
    n = 0
    for word, pattern in words:
        if word in window:  # the regex only where the word is there at all
            n += len(pattern.findall(window)) if pattern is not None else window.count(word)
    return n


def _masked(text: str, mentions: list[Any]) -> tuple[str, list[tuple[int, int]]]:
    """The text with each mention replaced by one placeholder character, and the new spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = length = 0
    for m in mentions:
        if m.start < at:
            spans.append((length, length))
            continue
        parts.append(text[at : m.start])
        length += m.start - at
        parts.append("@" if m.address else "#")
        spans.append((length, length + 1))
        length += 1
        at = m.end
    parts.append(text[at:])
    return "".join(parts), spans


def _grams(window: str, tag: str, out: dict[int, float]) -> None:
    for n in (1, 2, 3):
        for i in range(len(window) - n + 1):
            out[_h(f"{tag}{n}:{window[i : i + n]}")] = 1.0


_CJK = re.compile("[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script (CJK ideographs included)


def _language(text: str) -> str:
    """ "zh" when a fifth or more of the text's letters are CJK ideographs, else "en"."""
    letters = len(_LETTER.findall(text))
    return "zh" if letters and len(_CJK.findall(text)) * 5 >= letters else "en"


def features(
    text: str,
    mentions: list[Mention],
    analysis: Analysis,
    prior: str,
    top: str,
) -> tuple[list[str], list[dict[int, float]], dict[int, float]]:
    """The candidates (registrable domains, in the rules' order), each one's hashed
    features, and the features of "none". ``prior``: the ranked playbooks' usual
    direction of mail; ``top``: the playbook ranked first ("-" when none)."""
    from postdesk.triage import roles

    lists = word_lists()
    null: dict[int, float] = {
        _h("NULL"): 1.0,
        _h(f"NULL:prior={prior}"): 1.0,
        _h(f"NULL:top={top}"): 1.0,
    }
    cues = roles._cues()
    folded = text.casefold()
    keys = list(analysis.domains)
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    masked, spans = _masked(folded, ordered)
    span_of = {id(m): s for m, s in zip(ordered, spans, strict=True)}
    by_key: dict[str, list[Any]] = {k: [] for k in keys}
    for k, (m, _said) in zip(analysis.keys, analysis.read, strict=True):
        by_key[k].append(m)
    whole_first = _count(folded, _first_person())
    lang = _language(text)
    null[_h(f"NULL:n={min(len(keys), 3)}")] = 1.0
    null[_h(f"NULL:first={min(whole_first, 3)}")] = 1.0
    cand: list[dict[int, float]] = []
    first_at = {k: min(m.start for m in by_key[k]) for k in keys}
    order = {k: i for i, k in enumerate(sorted(keys, key=lambda k: first_at[k]))}
    for key in keys:
        f: dict[int, float] = {_h("BIAS"): 1.0}
        ms = by_key[key]
        o = min(order[key], 2)
        last = order[key] == len(keys) - 1
        dense = {
            f"order={o}": 1.0,
            f"last={last}": 1.0,
            f"n={min(len(keys), 3)}": 1.0,
            f"count={min(len(ms), 3)}": 1.0,
            "address": float(any(m.address for m in ms)),
            "bare": float(any(m.address is None and m.ascii == key for m in ms)),
            "host": float(any(m.address is None and m.ascii != key for m in ms)),
            "atdomain": float(
                any(m.address is None and m.start > 0 and folded[m.start - 1] == "@" for m in ms)
            ),
            "subdomain_address": float(
                any(m.address and not m.ascii.endswith("@" + key) and "@" in m.ascii for m in ms)
            ),
            "freemail": float(key in cues.freemail),
            "provider_host": float(key in analysis.hosts),
            "position": first_at[key] / max(1, len(folded)),
            f"prior={prior}": 1.0,
        }
        for name, value in dense.items():
            f[_h(name)] = value
            f[_h(f"{name}|prior={prior}")] = value
        for name in domain_shape.shape(key):
            f[_h(f"shape:{name}")] = 1.0
            f[_h(f"shape:{name}|lang={lang}")] = 1.0
            f[_h(f"shape:{name}|n={min(len(keys), 3)}")] = 1.0
        f[_h(f"top={top}|order={o}")] = 1.0
        labels: set[str] = set()
        for m in ms:
            s, e = span_of[id(m)]
            ends = [x.end() for x in SENTENCE_END.finditer(masked, max(0, s - FAR), s)]
            left = max(ends) if ends else max(0, s - FAR)
            stop = SENTENCE_END.search(masked, e, e + FAR)
            right = stop.start() if stop else min(len(masked), e + FAR)
            before, after = masked[left:s], masked[e:right]
            _grams(before[-NEAR:], "bn", f)
            _grams(after[:NEAR], "an", f)
            _grams(before, "bf", f)
            _grams(after, "af", f)
            back = max(0, m.start - _LINE_BACK)
            line = folded[max(folded.rfind("\n", back, m.start) + 1, back) : m.start]
            for label, pattern in LABELS.items():
                if pattern.search(line):
                    labels.add(label)
            cs = [x.end() for x in CLAUSE_END.finditer(folded, back, m.start)]
            clause_before = folded[max(cs) if cs else back : m.start]
            stop = CLAUSE_END.search(folded, m.end, m.end + _CLAUSE_AHEAD)
            clause_after = folded[
                m.end : stop.start() if stop else min(len(folded), m.end + _CLAUSE_AHEAD)
            ]
            for name, words in lists.items():
                for where, window in (("cb", clause_before), ("ca", clause_after)):
                    c = _count(window, words)
                    if c:
                        f[_h(f"{where}:{name}")] = f.get(_h(f"{where}:{name}"), 0.0) + min(c, 2) / 2
                        f[_h(f"{where}:{name}|prior={prior}")] = 1.0
        for label in labels:
            f[_h(f"label={label}")] = 1.0
            f[_h(f"label={label}|prior={prior}")] = 1.0
        cand.append(f)
    return keys, cand, null


def dump_weights(weights: np.ndarray) -> bytes:
    """The nonzero weights as a gzipped .npy of (index, weight) pairs, byte-stable."""
    index = np.flatnonzero(weights)
    table = np.zeros(len(index), dtype=[("index", "<u4"), ("weight", "<f8")])
    table["index"] = index
    table["weight"] = weights[index]
    buffer = io.BytesIO()
    np.save(buffer, table, allow_pickle=False)
    return gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0)


Features = tuple[list[str], list[dict[int, float]], dict[int, float]]


@lru_cache(maxsize=2)
def _dense(name: str) -> np.ndarray:
    """The weights of ``name`` (loaded once) as one array over the hashed feature space
    (8 MB), so a complaint's rows are scored with one gather."""
    raw = resources.files("postdesk.triage").joinpath(name).read_bytes()
    table = np.load(io.BytesIO(gzip.decompress(raw)), allow_pickle=False)
    w = np.zeros(DIM)
    w[table["index"]] = table["weight"]
    return w


def _scores(rows: list[dict[int, float]], name: str) -> np.ndarray:
    """Each row's score under the weights of ``name``."""
    index = [i for r in rows for i in r]
    value = [v for r in rows for v in r.values()]
    row = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    return np.bincount(row, weights=_dense(name)[index] * np.array(value), minlength=len(rows))


def customer_pick(computed: Features) -> tuple[str | None, float]:
    """The ranker's customer (a registrable domain, or None) and its probability, from a
    complaint's :func:`features`."""
    keys, cand, null = computed
    if not keys:
        return None, 1.0
    s = _scores([null, *cand], WEIGHTS)
    p = np.exp(s - s.max())
    p /= p.sum()
    best = int(np.argmax(p))
    return (keys[best - 1] if best else None), float(p[best])


def counterpart_probabilities(computed: Features) -> dict[str, float]:
    """Each candidate's probability of being the other side (a logistic model over the
    same features, trained on the same sets): the gate moves a candidate into the other
    side at :data:`COUNTERPART_JOIN` or above and out of it at :data:`COUNTERPART_LEAVE`
    or below."""
    keys, cand, _null = computed
    if not keys:
        return {}
    q = 1 / (1 + np.exp(-_scores(cand, COUNTERPART_WEIGHTS)))
    return {k: float(p) for k, p in zip(keys, q, strict=True)}
