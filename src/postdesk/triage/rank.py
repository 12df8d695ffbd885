"""Rank playbooks for a complaint using only what the playbooks say about themselves.

Every playbook contributes its title, summary, ``symptoms`` (short phrases and
whole example complaints: how customers put the problem) and ``signals``
(server phrases and error codes). Nothing about a
particular playbook lives here, so a new playbook file is ranked as soon as it
is loaded.

The score of a playbook adds four pieces of evidence:

- **closest symptom**: the best match between the complaint and any one of the
  playbook's symptom phrases, example complaints or titles. The match is idf-weighted term overlap
  divided by a mix of both lengths, leaning on the phrase's length, so that a
  long complaint which contains a whole symptom still scores high;
- **coverage**: how much of the complaint's known vocabulary the playbook's
  texts explain as a whole (this rewards a complaint that mixes several
  wordings of one problem);
- **naive Bayes**: the posterior of the playbook given the complaint's terms,
  with each playbook's texts as its training data; it rewards words a
  playbook uses again and again over words that turn up once;
- **signals**: a server phrase or error code that one playbook explains is
  near-proof, so each matched signal adds a fixed bonus (half for a long
  Chinese signal typed with one wrong character).

Terms come from :mod:`postdesk.triage.segment`; inverse document frequency is
counted over playbooks, so words every playbook uses ("邮件", "mail") weigh
little and words only one uses weigh most; a term also weighs more the more
of one playbook's phrases use it, which tells topic words from chance n-grams.

The constants were chosen in an earlier round on complaints that are now
example complaints; re-checked when the examples were added with the
benchmark's leave-one-writing-round-out proxy (each constant moved up and
down: none gained), and left as they were. The held-out complaints were
never used to choose anything.

The reported score is a softmax over the raw scores, scaled down when little
of the complaint is vocabulary any playbook uses.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from postdesk.kb.load import Library
from postdesk.kb.signals import SignalIndex, SignalMatch
from postdesk.triage.roles import suffix_list
from postdesk.triage.segment import normalise, readable, says_nothing, surface_words, terms

# Chosen on tune complaints only (see the module docstring).
PHRASE_LENGTH_BIAS = 0.7  # 1.0: share of the phrase matched; 0.0: share of the complaint
SYMPTOM_WEIGHT = 1.0
COVERAGE_WEIGHT = 1.5
SECOND_PHRASE_WEIGHT = 0.6  # how much the second-closest symptom adds to the closest
SIGNAL_BONUS = 1.0
NEAR_SIGNAL_FACTOR = 0.5  # a Chinese signal phrase with one wrong character ("错吴请求")
NEAR_SIGNAL_MIN_CHARS = 4  # shorter phrases with one character changed are other words
SUMMARY_WEIGHT = 0.5  # summaries are long and generic: they count for coverage, at half weight
RECURRENCE_EXPONENT = 0.5  # weight grows as (phrases of one playbook using the term) ** this
WHY_PHRASE_CHARS = 60  # the closest phrase is quoted in a reason up to this length
CONFIDENCE_TEMPERATURE = 0.15  # softmax over raw scores: how sure among the playbooks
# When less than this share of a complaint's words is vocabulary any playbook uses
# (small talk, "我想问一下"), the evidence is thin and the confidence is scaled down
# even when one playbook is ahead of the rest.
FULL_EVIDENCE_SHARE = 0.5
NAIVE_BAYES_WEIGHT = 0.6  # weight of the naive Bayes posterior over all of a playbook's texts
NAIVE_BAYES_ALPHA = 0.2  # additive smoothing of term counts
NAIVE_BAYES_TEMPERATURE = 3.0


@dataclass(frozen=True)
class Scored:
    """One playbook's score for one complaint, with what made it."""

    playbook_id: str
    raw: float
    confidence: float
    phrase: str | None
    shared_terms: tuple[str, ...]
    signals: tuple[SignalMatch, ...]
    near_signals: tuple[str, ...] = ()

    def why(self, lang: str = "en") -> str:
        """A short reason an agent can check: signals, matched words, the closest symptom.

        In English (the JSON's ``why``) or Chinese (``why_zh``, what the pages show).
        """
        words = _WHY_WORDS["zh" if lang == "zh" else "en"]
        parts = [words["signal"].format(hit.matched) for hit in self.signals]
        parts += [words["near"].format(pattern) for pattern in self.near_signals]
        if self.shared_terms:
            parts.append(words["matched"].format(words["join"].join(self.shared_terms)))
        if self.phrase:
            # Example complaints can run to a paragraph; the start says which one it is.
            shown = self.phrase
            if len(shown) > WHY_PHRASE_CHARS:
                shown = shown[: WHY_PHRASE_CHARS - 1].rstrip() + "…"
            parts.append(words["like"].format(shown))
        return words["sep"].join(parts) or words["none"]


# The words of a reason line, in each language the desk speaks.
_WHY_WORDS = {
    "en": {
        "signal": 'signal "{}"',
        "near": 'signal ~"{}" (one character differs)',
        "matched": "matched {}",
        "like": 'like "{}"',
        "join": ", ",
        "sep": "; ",
        "none": "no specific match",
    },
    "zh": {
        "signal": "提示语“{}”",
        "near": "提示语近似“{}”（有一个字不同）",
        "matched": "相符的词：{}",
        "like": "类似“{}”",
        "join": "、",
        "sep": "；",
        "none": "没有具体的匹配",
    },
}


_NO_POSTINGS = np.zeros((0, 2), dtype=np.float64)
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")


def _near_signal_patterns(library: Library) -> tuple[re.Pattern[str] | None, list[tuple[str, str]]]:
    """One regex matching each long Chinese signal with one character off, and its groups' owners.

    Customers type with a pinyin input method and pick the wrong homophone
    ("错吴请求" for "错误请求"); the exact signal index misses those.
    """
    owners: list[tuple[str, str]] = []
    alternatives: list[str] = []
    for playbook in library:
        for signal in playbook.signals:
            for pattern in signal.patterns:
                if len(pattern) < NEAR_SIGNAL_MIN_CHARS or not _CJK_ONLY.match(pattern):
                    continue
                variants = [
                    re.escape(pattern[:i])
                    + "[^\\s"
                    + re.escape(pattern[i])
                    + "]"
                    + re.escape(pattern[i + 1 :])
                    for i in range(len(pattern))
                ]
                alternatives.append(f"(?P<n{len(owners)}>{'|'.join(variants)})")
                owners.append((playbook.id, pattern))
    return (re.compile("|".join(alternatives)) if alternatives else None), owners


@dataclass(frozen=True)
class Ranking:
    """All playbooks scored for one complaint, best first, and what was found on the way."""

    text: str
    scored: list[Scored]
    signal_hits: list[SignalMatch]
    query_terms: Counter[str]
    _phrase_terms: dict[str, frozenset[str]]

    @cached_property
    def _normalised(self) -> str:
        return normalise(self.text)

    @cached_property
    def _written(self) -> dict[str, str]:
        return surface_words(self.text)  # "address", not the stem "addres"

    def explain(self, scored: Scored, limit: int = 4) -> Scored:
        """``scored`` with the words of the complaint it shares with its closest symptom."""
        if scored.phrase is None:
            return scored
        phrase_terms = self._phrase_terms.get(scored.phrase, frozenset())
        shared = [term for term in self.query_terms if term in phrase_terms]
        spans = _merge_spans(self._normalised, [term for term in shared if ":" not in term])
        written = self._written
        words = [written.get(term) or readable(term) for term in shared if term.startswith("w:")]
        picked = sorted(spans + words, key=len, reverse=True)[:limit]
        return replace(scored, shared_terms=tuple(picked))


def _is_phrase_term(term: str) -> bool:
    """Single Chinese characters only count towards coverage, not symptom matches."""
    return len(term) > 1


class TriageIndex:
    """Term statistics and inverted lists over one library's playbooks, built once.

    The per-query work is array arithmetic (numpy): a complaint touches a few
    hundred phrase postings, and with hundreds of example complaints per
    playbook a Python loop over them would cost more than everything else.
    Terms are numbered; ``_uses`` and ``_nb_gain`` are term x playbook tables,
    the phrase postings a compressed sparse row layout, and the phrases are
    stored playbook by playbook so a padded (playbook x phrase) view gives
    each playbook's closest and second-closest phrase in one step.
    """

    def __init__(self, library: Library, signals: SignalIndex | None = None) -> None:
        self.playbook_ids = [playbook.id for playbook in library]
        # Each playbook's usual direction of mail (its YAML's ``mail_direction``): a prior
        # for entity roles when the complaint's wording leaves the way open.
        self.mail_directions = {playbook.id: playbook.mail_direction for playbook in library}
        # The provider's own names: entity roles never call them a customer's. The public
        # suffix list is parsed here, so that the start-up cache holds it parsed.
        self.own_domains = library.profile.own_domains()
        self.suffixes = suffix_list()
        self.signals = signals if signals is not None else SignalIndex(library)
        self._near_regex, self._near_owners = _near_signal_patterns(library)
        # A pattern with one character changed keeps its first two characters or its
        # last two (patterns have at least NEAR_SIGNAL_MIN_CHARS = 4): a text with
        # none of these anchors cannot match, and most complaints have none.
        self._near_anchors = tuple(
            {anchor for _, pattern in self._near_owners for anchor in (pattern[:2], pattern[-2:])}
        )
        documents: list[Counter[str]] = []
        phrase_bags: list[tuple[int, str, Counter[str]]] = []
        for position, playbook in enumerate(library):
            texts = [playbook.title.zh, playbook.title.en, *playbook.symptoms.zh]
            texts += [*playbook.symptoms.en, *playbook.symptoms.examples]
            document: Counter[str] = Counter()
            for text in texts:
                bag = terms(text)
                phrase_bags.append((position, text, bag))
                document.update(bag)
            for text in (playbook.summary.zh, playbook.summary.en):
                for term, weight in terms(text).items():
                    document[term] += weight * SUMMARY_WEIGHT
            documents.append(document)
        count = len(documents)
        frequency: Counter[str] = Counter(term for document in documents for term in document)
        # How many phrases of one playbook use the term, at most: a topic word recurs
        # across a playbook's symptoms, a filler ("里写着") turns up once by chance.
        recurrence: Counter[tuple[str, int]] = Counter(
            (term, position) for position, _, bag in phrase_bags for term in bag
        )
        most_phrases: dict[str, int] = {}
        for (term, _), phrases in recurrence.items():
            most_phrases[term] = max(most_phrases.get(term, 1), phrases)
        # BM25's idf: a term in every playbook weighs ~0, a term in one weighs most;
        # scaled up for terms that recur within a playbook.
        self.idf = {
            term: math.log(1.0 + (count - seen + 0.5) / (seen + 0.5))
            * most_phrases.get(term, 1) ** RECURRENCE_EXPONENT
            for term, seen in frequency.items()
        }
        self._term_ids = {term: number for number, term in enumerate(self.idf)}
        self._idf = np.fromiter(self.idf.values(), dtype=np.float64, count=len(self.idf))
        self._is_phrase = np.fromiter(
            (_is_phrase_term(term) for term in self.idf), dtype=bool, count=len(self.idf)
        )
        self._uses = np.zeros((len(self.idf), count))
        for position, document in enumerate(documents):
            self._uses[[self._term_ids[term] for term in document], position] = 1.0
        self._naive_bayes_setup(documents)
        self._phrase_setup(phrase_bags, count)

    def _phrase_setup(self, phrase_bags: list[tuple[int, str, Counter[str]]], count: int) -> None:
        """Phrase postings (CSR by term) with each phrase's length scaling folded in."""
        texts: list[str] = []
        owners: list[int] = []
        self._phrase_terms_by_text: dict[str, frozenset[str]] = {}
        postings: list[list[tuple[int, float]]] = [[] for _ in self.idf]
        for position, text, bag in phrase_bags:
            weighted = {
                term: weight * self.idf[term]
                for term, weight in bag.items()
                if _is_phrase_term(term)
            }
            norm = sum(weighted.values())
            if norm <= 0:
                continue
            index = len(texts)
            texts.append(text)
            owners.append(position)
            self._phrase_terms_by_text[text] = frozenset(weighted)
            # Divide by the phrase's share of the length mix once, here, not per query.
            scale = norm**PHRASE_LENGTH_BIAS
            for term, weight in weighted.items():
                postings[self._term_ids[term]].append((index, weight / scale))
        self._phrase_texts = texts
        # One (phrase number, weight) array per term: a query concatenates its terms'
        # arrays, cheaper than slicing one long array by computed ranges.
        # Phrase numbers are stored as floats beside their weights (exact below 2**53),
        # so a query joins one array per term instead of two.
        self._postings = [np.array(items, dtype=np.float64).reshape(-1, 2) for items in postings]
        # (playbook x slot) -> phrase number; empty slots point at one extra phrase
        # number, whose similarity is set below any real one.
        per_playbook = Counter(owners)
        width = max(per_playbook.values(), default=1)
        self._grid = np.full((count, width), len(texts), dtype=np.int64)
        filled = [0] * count
        for index, owner in enumerate(owners):
            self._grid[owner, filled[owner]] = index
            filled[owner] += 1

    def _naive_bayes_setup(self, documents: list[Counter[str]]) -> None:
        """Naive Bayes tables: per-playbook base log-probability and per-term gains.

        log P(t|c) = log(alpha / (total_c + alpha V)) + log(1 + count(t, c) / alpha): the
        first part is the same for every term of a playbook, the second is non-zero
        only where the playbook uses the term.
        """
        vocabulary = len(self.idf)
        alpha = NAIVE_BAYES_ALPHA
        self._nb_base = np.array(
            [
                math.log(alpha / (sum(document.values()) + alpha * vocabulary))
                for document in documents
            ]
        )
        self._nb_gain = np.zeros((vocabulary, len(documents)))
        for position, document in enumerate(documents):
            for term, weight in document.items():
                self._nb_gain[self._term_ids[term], position] = math.log(1.0 + weight / alpha)

    def _closest_phrases(
        self, ids: np.ndarray, phrase_query_norm: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per playbook: closest phrase similarity, second closest, closest phrase number (-1)."""
        postings = self._postings
        joined = np.concatenate([postings[number] for number in ids.tolist()] or [_NO_POSTINGS])
        overlap = np.bincount(
            joined[:, 0].astype(np.int64),
            weights=joined[:, 1],
            minlength=len(self._phrase_texts) + 1,
        )
        similarity = overlap / max(phrase_query_norm, 1e-9) ** (1.0 - PHRASE_LENGTH_BIAS)
        similarity[-1] = -1.0  # the padding slot never wins
        grid = similarity[self._grid]
        rows = np.arange(grid.shape[0])
        best_slot = grid.argmax(axis=1)
        best = grid[rows, best_slot]
        best_index = np.where(best > 0, self._grid[rows, best_slot], -1)
        grid[rows, best_slot] = -1.0
        second = grid.max(axis=1)
        return np.clip(best, 0.0, 1.0), np.clip(second, 0.0, 1.0), best_index

    def rank(self, text: str, limit: int | None = None) -> Ranking:
        """The playbooks scored for ``text``, best first (the best ``limit``, default all),
        with the signals found on the way."""
        query = terms(text)
        term_ids = self._term_ids
        known_ids: list[int] = []
        known_weights: list[float] = []
        phrase_terms_weight = 0.0  # of all the complaint's terms, known or not
        for term, weight in query.items():
            number = term_ids.get(term)
            if number is not None:
                known_ids.append(number)
                known_weights.append(weight)
            if _is_phrase_term(term):
                phrase_terms_weight += weight
        count = len(self.playbook_ids)
        ids = np.array(known_ids, dtype=np.int64)
        weights = np.array(known_weights, dtype=np.float64)
        gains = weights * self._idf[ids]
        query_norm = float(gains.sum())
        phrase_query_norm = float(gains[self._is_phrase[ids]].sum())
        best, second, best_index = self._closest_phrases(ids, phrase_query_norm)
        raw_array = SYMPTOM_WEIGHT * (best + SECOND_PHRASE_WEIGHT * second)
        if query_norm > 0:
            raw_array += COVERAGE_WEIGHT * (gains @ self._uses[ids]) / query_norm
        if NAIVE_BAYES_WEIGHT:
            log_odds = float(weights.sum()) * self._nb_base + weights @ self._nb_gain[ids]
            raw_array += NAIVE_BAYES_WEIGHT * _softmax_array(log_odds, NAIVE_BAYES_TEMPERATURE)
        signal_hits = self.signals.match(text)
        hits_by_playbook: dict[str, list[SignalMatch]] = defaultdict(list)
        for hit in signal_hits:
            hits_by_playbook[hit.playbook_id].append(hit)
        near_by_playbook: dict[str, list[str]] = defaultdict(list)
        if self._near_regex is not None and any(a in text for a in self._near_anchors):
            for match in self._near_regex.finditer(text):
                playbook_id, pattern = self._near_owners[int(str(match.lastgroup)[1:])]
                if (
                    playbook_id not in hits_by_playbook
                    and pattern not in near_by_playbook[playbook_id]
                ):
                    near_by_playbook[playbook_id].append(pattern)
        raw_scores = raw_array.tolist()
        for position, playbook_id in enumerate(self.playbook_ids):
            raw_scores[position] += SIGNAL_BONUS * len(hits_by_playbook.get(playbook_id, ()))
            raw_scores[position] += (
                SIGNAL_BONUS * NEAR_SIGNAL_FACTOR * len(near_by_playbook.get(playbook_id, ()))
            )
        known_share = (
            float(weights[self._is_phrase[ids]].sum()) / phrase_terms_weight
            if phrase_terms_weight
            else 0.0
        )
        evidence = min(1.0, known_share / FULL_EVIDENCE_SHARE)
        if says_nothing(text):
            evidence = 0.0  # a greeting with no problem in it: the agent asks, then chooses
        confidences = [share * evidence for share in _softmax(raw_scores, CONFIDENCE_TEMPERATURE)]
        order = sorted(range(count), key=lambda position: -raw_scores[position])[:limit]
        closest = best_index.tolist()
        scored = [
            Scored(
                playbook_id=self.playbook_ids[position],
                raw=raw_scores[position],
                confidence=confidences[position],
                phrase=self._phrase_texts[closest[position]] if closest[position] >= 0 else None,
                shared_terms=(),
                signals=tuple(hits_by_playbook.get(self.playbook_ids[position], ())),
                near_signals=tuple(near_by_playbook.get(self.playbook_ids[position], ())),
            )
            for position in order
        ]
        return Ranking(text, scored, signal_hits, query, self._phrase_terms_by_text)


def _merge_spans(text: str, grams: list[str]) -> list[str]:
    """Overlapping Chinese n-grams found in ``text`` joined back into the words they cover."""
    covers: list[tuple[int, int]] = []
    for gram in grams:
        start = text.find(gram)
        while start >= 0:
            covers.append((start, start + len(gram)))
            start = text.find(gram, start + 1)
    spans: list[str] = []
    merged_start, merged_end = -1, -1
    for start, end in sorted(covers):
        if start > merged_end:  # a gap: the span so far is a word
            if merged_end > merged_start:
                spans.append(text[merged_start:merged_end])
            merged_start = start
        merged_end = max(merged_end, end)
    if merged_end > merged_start:
        spans.append(text[merged_start:merged_end])
    return list(dict.fromkeys(spans))


def _softmax_array(values: np.ndarray, temperature: float) -> np.ndarray:
    exps = np.exp((values - values.max()) / temperature)
    return exps / exps.sum()


def _softmax(values: list[float], temperature: float) -> list[float]:
    if not values:
        return []
    top = max(values)
    exps = [math.exp((value - top) / temperature) for value in values]
    total = sum(exps)
    return [value / total for value in exps]
