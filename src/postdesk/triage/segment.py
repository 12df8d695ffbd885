"""Turn a complaint into weighted terms: character n-grams for Chinese, words for Latin text.

Why not a word segmenter: jieba needs about 0.5 s to load its dictionary even
from its cache, and splits typo'd words ("错吴请求") into pieces that match
nothing. Overlapping character bigrams (plus single characters, weighted low)
cost nothing to set up, and a typo spoils only the two bigrams that include
the wrong character. Trigrams were measured and added nothing.

Latin text (English complaints, pasted server replies, product names) is
split into words; a light suffix rule folds plural and tense endings so that
"bounces", "bounced" and "bounce" meet. Client error codes (0x800CCC0E) and
three-digit numbers (550, 100) stay whole words, since both are strong cues.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Common input-method slips that change the meaning of no other word here: the
# Chinese for "log in" typed with the homophone for "land", variant forms of
# "account", and "mailbox" typed as its homophone "fuel tank" (youxiang).
_VARIANTS = {"登陆": "登录", "帐号": "账号", "帐户": "账户", "帐戶": "账户", "油箱": "邮箱"}
_VARIANT_RE = re.compile("|".join(map(re.escape, _VARIANTS)))

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|0x[0-9a-f]+|[a-z0-9]+(?:[._'][a-z0-9]+)*")
_CJK_RUN = re.compile(rf"[{_CJK}]")

# English words that carry no topic; the rest is left to inverse document frequency.
_EN_STOP_TEXT = (
    "a an the and or but to of in on at for from by with as is are was were be been it its "
    "this that these those i we you he she they me my our your his her their us them do "
    "does did not no can could would should will shall have has had so if then than there "
    "here please hi hello thanks any some all just also only when what which who how why"
)
_EN_STOP = frozenset(_EN_STOP_TEXT.split())

# Weights by kind of term: single Chinese characters say little on their own.
UNIGRAM_WEIGHT = 0.25
BIGRAM_WEIGHT = 1.0
TRIGRAM_WEIGHT = 0.0  # measured: trigrams add nothing once bigrams are weighted well
WORD_WEIGHT = 1.2
WORD_PAIR_WEIGHT = 0.8


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, common typo variants folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _VARIANT_RE.sub(lambda m: _VARIANTS[m.group(0)], folded)


def _stem(word: str) -> str:
    """Fold the commonest English endings; leave codes, numbers and short words alone."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + keep
            break
    # "receive", "received", "receiving" all end up as "receiv".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def terms(text: str) -> Counter[str]:
    """Weighted terms of ``text`` (already normalised or not: normalising twice is harmless)."""
    bag: Counter[str] = Counter()
    previous_word: str | None = None
    for match in _RUN.finditer(normalise(text)):
        run = match.group(0)
        if _CJK_RUN.match(run):
            previous_word = None
            _add_cjk(bag, run)
            continue
        word = _stem(run)
        if word in _EN_STOP:
            previous_word = None
            continue
        bag["w:" + word] += WORD_WEIGHT
        if previous_word is not None:
            bag[f"p:{previous_word}_{word}"] += WORD_PAIR_WEIGHT
        previous_word = word
    return bag


def _add_cjk(bag: Counter[str], run: str) -> None:
    for index, char in enumerate(run):
        bag[char] += UNIGRAM_WEIGHT
        if index + 2 <= len(run):
            bag[run[index : index + 2]] += BIGRAM_WEIGHT
        if TRIGRAM_WEIGHT and index + 3 <= len(run):
            bag[run[index : index + 3]] += TRIGRAM_WEIGHT


def readable(term: str) -> str:
    """A term as an agent would read it in a reason line."""
    if term.startswith("w:"):
        return term[2:]
    if term.startswith("p:"):
        return term[2:].replace("_", " ")
    return term
