"""Finding English sentences in a page shown in Chinese (issue 13.6).

A page in zh may carry English that is not ours to translate: product and
protocol names (Outlook, SMTP), codes and addresses, what the customer wrote
(the complaint), what a server said (quoted, or in ``<code>``/``<pre>``), and
what the agent typed (form values). Everything else a page says is ours, from
the catalogue, and must be Chinese. A run of four or more English words in the
visible text outside those places is an English sentence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose text is data, not the desk's words.
_DATA_TAGS = frozenset({"code", "pre", "textarea", "script", "style", "kbd", "option", "title"})
# Classes and test ids of elements that show what someone else wrote.
_DATA_CLASSES = frozenset(
    {"complaint", "evidence", "mail-body", "transcript-data", "offered-value"}
)
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
)
ENGLISH_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t,;:/()]+[A-Za-z][A-Za-z'’-]*){3,}")
# Quoted server text and names the document itself writes in English.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|「[^」]*」|'[^']*'")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside data?
        self.parts: list[str] = []

    def _inside_data(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        is_data = tag in _DATA_TAGS or bool(classes & _DATA_CLASSES) or "hidden" in dict(attrs)
        if tag not in _VOID:
            self.stack.append(is_data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._inside_data():
            self.parts.append(data)


def english_sentences(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """English sentences in the visible, non-data text of ``html`` (see the module docstring).

    ``allowed`` are texts the page may show as they are (what the test itself typed or
    what the case holds from a customer: the complaint, collected values).
    """
    parser = _Visible()
    parser.feed(html)
    text = "\n".join(parser.parts)  # a sentence is looked for within one text node
    for value in sorted(allowed, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    text = _QUOTED.sub(" ", text)
    return [match.group(0) for match in ENGLISH_SENTENCE.finditer(text)]
