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

Who does not receive the mail is the whole difference between "I get nothing"
and "they never got what I sent", yet both share every n-gram of 收不到. So a
"not received" phrase also yields a direction term, ``d:self`` or ``d:other``,
from the nearest person named before it in the same clause (我 / 对方, 客户 ...,
"I" / "they"). Which playbook a direction points to is not said here: the
playbooks' own symptoms carry these terms like any other.

Words right after 不是 ("不是垃圾邮件的问题，是...") say what the problem is
not; they keep a quarter of their weight, so they can still match but rarely win.
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
DIRECTION_WEIGHT = 1.5
# "邮件不是收不到，就是很慢", "这不是垃圾邮件": what follows 不是 (but not the question
# 是不是) names what the problem is not, up to the clause end or 而是 / 就是 / 只是.
NEGATED_SHARE = 0.25
_ZH_NOT = re.compile(r"(?<!是)不是(.*?)(?=[,.;!?，。；！？]|而是|就是|只是|$)")

# "Not received" in Chinese; 没到 but not 没到期 ("not yet expired").
# "石沉大海" (sank without a trace) and "邮箱里根本没有" (nothing in my mailbox) say the same.
_ZH_MISSED = re.compile(
    r"(?:收不到|收不进|收不了|没收到|没有收到|没能收到|没有到|没到(?!期)|石沉大海"
    r"|(?:邮箱|收件箱|信箱)里?(?:根本|都|也|就是|一直)?(?:没有|没看到|看不到|找不到)"
    # "没收到退信": no bounce came back, which says nothing about who lacks the mail.
    r")(?!退信|退回)"
)
# Mail we sent, named without a person: "发给张总的邮件", "发出去的信".
_ZH_SENT_BY_US = re.compile(r"发给|发出|寄给|寄出|发往")
# The person before it: another party, someone on our side sending (我发, not 给我发),
# or ourselves. The nearest one in the clause is the one who did not receive, unless
# the text makes that person the sender ("客户的信", "对方发来", "他给我"): then it is us.
_ZH_OTHERS = "对方|对放|客户|他们|人家|别人|收件人|收件方|收信人|对面|接收方|他|她"
_ZH_PERSON = re.compile(
    rf"(?P<sender>(?:{_ZH_OTHERS})(?=的信|的邮件|的来信|发|给我|寄))"
    rf"|(?P<other>{_ZH_OTHERS}|(?<!给)我们?发)"
    r"|(?P<self>我们|我|咱们|本人)"
)
_ZH_CLAUSE_BACK = 12  # characters looked back, within the clause
_SENT_CLAUSE_BACK = 60  # characters looked back for "mail we sent", within the clause
# A full stop inside an address or domain ("abc.com") does not end a clause.
_CLAUSE_END = re.compile(r"[,;!?，。；！？\n]|\.(?!\w)")
_EN_NOT = r"(?:never|not|no longer|can't|cannot|don't|doesn't|didn't|haven't|hasn't|won't)"
# "we haven't received", "they never got": the person before the negation.
_EN_MISSED = re.compile(
    r"\b(?P<who>i|we|they|people|recipients?|customers?|clients?|partners?|he|she)\b"
    rf"[^,.;!?]{{0,24}}?\b{_EN_NOT}\b[^,.;!?]{{0,16}}?\b(?:receiv|get|got|arriv|reach)"
)
# "... never reaches me", "my messages never arrive": the mail's owner or target.
_EN_NOT_TO_US = re.compile(rf"\b{_EN_NOT}\s+(?:\w+\s+)?(?:reach|get to|come to)\w*\s+(?:me|us)\b")
_EN_OURS_NOT = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:mails?|emails?|messages?|letters?)\b"
    rf"[^,.;!?]{{0,24}}?\b{_EN_NOT}\b[^,.;!?]{{0,12}}?\b(?:arriv|reach|get through|deliver)"
)


# What callers say before they say anything: greetings, politeness, "I'd like to ask".
# A complaint made only of these names no problem (issue 13.11: "喂，你好，我想问一下"
# scored 99% for the expiry query whose examples start the same way).
_SMALL_TALK = re.compile(
    r"喂|你好|您好|请问一下|请问|我想问一下|想问一下|问一下|我想问|我想咨询一下|咨询一下|咨询|打扰了|"
    r"打扰一下|麻烦你|麻烦您|麻烦|谢谢|多谢|那个|就是|嗯|啊|呃|哦|哈|在吗|在不在|有人吗|"
    r"\b(?:hello|hi|hey|dear|good (?:morning|afternoon|evening)|excuse me|sorry|please|"
    r"thanks|thank you|i have a question|i(?:'d| would) like to ask|quick question|sir|madam)\b|"
    r"[\s\W_]+"
)


def says_nothing(text: str) -> bool:
    """Whether ``text`` is small talk only: no word left once greetings are taken out."""
    return not _SMALL_TALK.sub("", normalise(text))


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
    for direction in directions(text):
        bag["d:" + direction] += DIRECTION_WEIGHT
    return bag


def directions(text: str) -> set[str]:
    """Who did not receive mail, by the person named before each "not received": self, other."""
    folded = normalise(text).replace("\u2019", "'")  # typographic apostrophe in "didn’t"
    found: set[str] = set()
    for match in _ZH_MISSED.finditer(folded):
        people = list(_ZH_PERSON.finditer(_clause_before(folded, match.start(), _ZH_CLAUSE_BACK)))
        if people:
            found.add("other" if people[-1].group("other") else "self")  # sender: self
        elif _ZH_SENT_BY_US.search(_clause_before(folded, match.start(), _SENT_CLAUSE_BACK)):
            found.add("other")
        else:
            found.add("self")  # Chinese drops the subject "I": "收不到邮件"
    to_us = [match.start() for match in _EN_NOT_TO_US.finditer(folded)]
    if to_us:
        found.add("self")
    for match in _EN_MISSED.finditer(folded):
        # "one customer never reaches me": the customer is the sender, already counted.
        if not any(match.start() <= start < match.end() for start in to_us):
            found.add("self" if match.group("who") in ("i", "we") else "other")
    if _EN_OURS_NOT.search(folded):
        found.add("other")
    return found


def _clause_before(text: str, end: int, back: int) -> str:
    """The clause ``text[:end]`` ends in, at most ``back`` characters of it.

    Bounded, so a long text stays linear. "Mail we sent" looks further back
    than the person does, since an address may sit inside that clause ("发给
    zhang@abc-logistics.com 的邮件").
    """
    return _CLAUSE_END.split(text[max(0, end - back) : end])[-1]


def _add_cjk(bag: Counter[str], run: str) -> None:
    shares = [1.0] * len(run)
    if "不是" in run:
        for match in _ZH_NOT.finditer(run):
            for position in range(match.start(1), match.end(1)):
                shares[position] = NEGATED_SHARE
    for index, char in enumerate(run):
        bag[char] += UNIGRAM_WEIGHT * shares[index]
        if index + 2 <= len(run):
            bag[run[index : index + 2]] += BIGRAM_WEIGHT * min(shares[index], shares[index + 1])
        if TRIGRAM_WEIGHT and index + 3 <= len(run):
            bag[run[index : index + 3]] += TRIGRAM_WEIGHT


def surface_words(text: str) -> dict[str, str]:
    """Each word term of ``text`` ("w:addres") to the word as written there ("address")."""
    found: dict[str, str] = {}
    for match in _RUN.finditer(normalise(text)):
        run = match.group(0)
        if not _CJK_RUN.match(run):
            found.setdefault("w:" + _stem(run), run)
    return found


def readable(term: str) -> str:
    """A term as an agent would read it in a reason line."""
    if term.startswith("w:"):
        return term[2:]
    if term.startswith("p:"):
        return term[2:].replace("_", " ")
    return term
