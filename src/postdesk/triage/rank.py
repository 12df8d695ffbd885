"""Rank playbooks for a complaint using only what the playbooks say about themselves.

Every playbook contributes its title, summary, ``symptoms`` (how customers put
the problem) and ``signals`` (server phrases and error codes). Nothing about a
particular playbook lives here, so a new playbook file is ranked as soon as it
is loaded.

The score of a playbook adds four pieces of evidence:

- **closest symptom**: the best match between the complaint and any one of the
  playbook's symptom phrases or titles. The match is idf-weighted term overlap
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

The constants below were chosen on the "tune" part of the evaluation set,
scored against the playbooks without the phrases added from its misses (a
fairer stand-in for complaints nobody has seen); the held-out part was not used.
The reported score is a softmax over the raw scores, scaled down when little
of the complaint is vocabulary any playbook uses.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from postdesk.kb.load import Library
from postdesk.kb.signals import SignalIndex, SignalMatch
from postdesk.triage.segment import normalise, readable, terms

# Tuned on the "tune" split of tests/triage/data/complaints.jsonl only.
PHRASE_LENGTH_BIAS = 0.7  # 1.0: share of the phrase matched; 0.0: share of the complaint
SYMPTOM_WEIGHT = 1.0
COVERAGE_WEIGHT = 1.5
SECOND_PHRASE_WEIGHT = 0.6  # how much the second-closest symptom adds to the closest
SIGNAL_BONUS = 1.0
NEAR_SIGNAL_FACTOR = 0.5  # a Chinese signal phrase with one wrong character ("错吴请求")
NEAR_SIGNAL_MIN_CHARS = 4  # shorter phrases with one character changed are other words
SUMMARY_WEIGHT = 0.5  # summaries are long and generic: they count for coverage, at half weight
RECURRENCE_EXPONENT = 0.5  # weight grows as (phrases of one playbook using the term) ** this
CONFIDENCE_TEMPERATURE = 0.15  # softmax over raw scores: how sure among the playbooks
# When less than this share of a complaint's words is vocabulary any playbook uses
# (small talk, "我想问一下"), the evidence is thin and the confidence is scaled down
# even when one playbook is ahead of the rest.
FULL_EVIDENCE_SHARE = 0.5
NAIVE_BAYES_WEIGHT = 0.6  # weight of the naive Bayes posterior over all of a playbook's texts
NAIVE_BAYES_ALPHA = 0.2  # additive smoothing of term counts
NAIVE_BAYES_TEMPERATURE = 3.0


@dataclass(frozen=True)
class _Phrase:
    playbook: int
    text: str
    norm: float  # idf-weighted length of the phrase
    terms: frozenset[str]


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

    def why(self) -> str:
        """A short reason an agent can check: signals, matched words, the closest symptom."""
        parts = [f'signal "{hit.matched}"' for hit in self.signals]
        parts += [f'signal ~"{pattern}" (one character differs)' for pattern in self.near_signals]
        if self.shared_terms:
            parts.append("matched " + ", ".join(self.shared_terms))
        if self.phrase:
            parts.append(f'like "{self.phrase}"')
        return "; ".join(parts) or "no specific match"


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

    scored: list[Scored]
    signal_hits: list[SignalMatch]
    query_terms: Counter[str]
    _phrase_terms: dict[str, frozenset[str]]

    def explain(self, text: str, scored: Scored, limit: int = 4) -> Scored:
        """``scored`` with the words of ``text`` it shares with its closest symptom."""
        if scored.phrase is None:
            return scored
        phrase_terms = self._phrase_terms.get(scored.phrase, frozenset())
        shared = [term for term in self.query_terms if term in phrase_terms]
        spans = _merge_spans(normalise(text), [term for term in shared if ":" not in term])
        words = [readable(term) for term in shared if term.startswith("w:")]
        picked = sorted(spans + words, key=len, reverse=True)[:limit]
        return replace(scored, shared_terms=tuple(picked))


def _is_phrase_term(term: str) -> bool:
    """Single Chinese characters only count towards coverage, not symptom matches."""
    return len(term) > 1


class TriageIndex:
    """Term statistics and inverted lists over one library's playbooks, built once."""

    def __init__(self, library: Library, signals: SignalIndex | None = None) -> None:
        self.playbook_ids = [playbook.id for playbook in library]
        self.signals = signals if signals is not None else SignalIndex(library)
        self._near_regex, self._near_owners = _near_signal_patterns(library)
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
        self._naive_bayes_setup(documents)
        self._document_terms: dict[str, list[int]] = defaultdict(list)
        for position, document in enumerate(documents):
            for term in document:
                self._document_terms[term].append(position)
        self._phrases: list[_Phrase] = []
        self._phrase_owner: list[int] = []
        self._phrase_terms_by_text: dict[str, frozenset[str]] = {}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, text, bag in phrase_bags:
            weighted = {
                term: weight * self.idf[term]
                for term, weight in bag.items()
                if _is_phrase_term(term)
            }
            norm = sum(weighted.values())
            if norm <= 0:
                continue
            index = len(self._phrases)
            self._phrases.append(_Phrase(position, text, norm, frozenset(weighted)))
            self._phrase_owner.append(position)
            self._phrase_terms_by_text[text] = frozenset(weighted)
            # Divide by the phrase's share of the length mix once, here, not per query.
            scale = norm**PHRASE_LENGTH_BIAS
            for term, weight in weighted.items():
                self._postings[term].append((index, weight / scale))

    def _naive_bayes_setup(self, documents: list[Counter[str]]) -> None:
        """Sparse naive Bayes tables: per-playbook base log-probability and per-term gains.

        log P(t|c) = log(alpha / (total_c + alpha V)) + log(1 + count(t, c) / alpha): the
        first part is the same for every term of a playbook, the second is non-zero
        only where the playbook uses the term, so scoring touches only those.
        """
        vocabulary = len(self.idf)
        alpha = NAIVE_BAYES_ALPHA
        self._nb_base = [
            math.log(alpha / (sum(document.values()) + alpha * vocabulary))
            for document in documents
        ]
        self._nb_gain: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, document in enumerate(documents):
            for term, weight in document.items():
                self._nb_gain[term].append((position, math.log(1.0 + weight / alpha)))

    def _naive_bayes(self, known: dict[str, float]) -> list[float]:
        """Posterior over playbooks for the query's known terms (uniform prior)."""
        total = sum(known.values())
        scores = [total * base for base in self._nb_base]
        for term, weight in known.items():
            for position, gain in self._nb_gain.get(term, ()):
                scores[position] += weight * gain
        return _softmax(scores, NAIVE_BAYES_TEMPERATURE)

    def rank(self, text: str) -> Ranking:
        """Every playbook scored for ``text``, best first, with the signals found on the way."""
        query = terms(text)
        idf = self.idf
        known = {term: weight for term, weight in query.items() if term in idf}
        query_norm = sum(weight * idf[term] for term, weight in known.items())
        phrase_query_norm = sum(
            weight * idf[term] for term, weight in known.items() if _is_phrase_term(term)
        )
        count = len(self.playbook_ids)
        coverage = [0.0] * count
        for term, weight in known.items():
            gain = weight * idf[term]
            for position in self._document_terms[term]:
                coverage[position] += gain
        # Postings already carry each phrase's length scaling (see __init__).
        overlap: dict[int, float] = defaultdict(float)
        for term in known:
            for index, weight in self._postings.get(term, ()):
                overlap[index] += weight
        query_scale = max(phrase_query_norm, 1e-9) ** (1.0 - PHRASE_LENGTH_BIAS)
        owners = self._phrase_owner
        best = [0.0] * count
        best_index = [-1] * count
        second = [0.0] * count
        for index, shared in overlap.items():
            similarity = shared / query_scale
            owner = owners[index]
            if similarity > best[owner]:
                second[owner] = best[owner]
                best[owner] = similarity
                best_index[owner] = index
            elif similarity > second[owner]:
                second[owner] = similarity
        signal_hits = self.signals.match(text)
        hits_by_playbook: dict[str, list[SignalMatch]] = defaultdict(list)
        for hit in signal_hits:
            hits_by_playbook[hit.playbook_id].append(hit)
        near_by_playbook: dict[str, list[str]] = defaultdict(list)
        if self._near_regex is not None:
            for match in self._near_regex.finditer(text):
                playbook_id, pattern = self._near_owners[int(str(match.lastgroup)[1:])]
                if (
                    playbook_id not in hits_by_playbook
                    and pattern not in near_by_playbook[playbook_id]
                ):
                    near_by_playbook[playbook_id].append(pattern)
        posterior = self._naive_bayes(known) if NAIVE_BAYES_WEIGHT else [0.0] * count
        raw_scores = []
        for position, playbook_id in enumerate(self.playbook_ids):
            raw = SYMPTOM_WEIGHT * (
                min(best[position], 1.0) + SECOND_PHRASE_WEIGHT * min(second[position], 1.0)
            )
            if query_norm > 0:
                raw += COVERAGE_WEIGHT * coverage[position] / query_norm
            raw += NAIVE_BAYES_WEIGHT * posterior[position]
            raw += SIGNAL_BONUS * len(hits_by_playbook.get(playbook_id, ()))
            raw += SIGNAL_BONUS * NEAR_SIGNAL_FACTOR * len(near_by_playbook.get(playbook_id, ()))
            raw_scores.append(raw)
        phrase_terms_weight = sum(weight for term, weight in query.items() if _is_phrase_term(term))
        known_share = (
            sum(weight for term, weight in known.items() if _is_phrase_term(term))
            / phrase_terms_weight
            if phrase_terms_weight
            else 0.0
        )
        evidence = min(1.0, known_share / FULL_EVIDENCE_SHARE)
        confidences = [share * evidence for share in _softmax(raw_scores, CONFIDENCE_TEMPERATURE)]
        order = sorted(range(count), key=lambda position: -raw_scores[position])
        scored = [
            Scored(
                playbook_id=self.playbook_ids[position],
                raw=raw_scores[position],
                confidence=confidences[position],
                phrase=self._phrases[best_index[position]].text
                if best_index[position] >= 0
                else None,
                shared_terms=(),
                signals=tuple(hits_by_playbook.get(self.playbook_ids[position], ())),
                near_signals=tuple(near_by_playbook.get(self.playbook_ids[position], ())),
            )
            for position in order
        ]
        return Ranking(scored, signal_hits, query, self._phrase_terms_by_text)


def _merge_spans(text: str, grams: list[str]) -> list[str]:
    """Overlapping Chinese n-grams found in ``text`` joined back into the words they cover."""
    covered = [False] * len(text)
    for gram in grams:
        start = text.find(gram)
        while start >= 0:
            for position in range(start, start + len(gram)):
                covered[position] = True
            start = text.find(gram, start + 1)
    spans: list[str] = []
    start = None
    for position, flag in enumerate([*covered, False]):
        if flag and start is None:
            start = position
        elif not flag and start is not None:
            spans.append(text[start:position])
            start = None
    return list(dict.fromkeys(spans))


def _softmax(values: list[float], temperature: float) -> list[float]:
    if not values:
        return []
    top = max(values)
    exps = [math.exp((value - top) / temperature) for value in values]
    total = sum(exps)
    return [value / total for value in exps]
