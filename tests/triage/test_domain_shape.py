"""The names' shapes the roles gate reads (postdesk.triage.domain_shape)."""

from __future__ import annotations

import pytest

from postdesk.triage.domain_shape import pinyin_word, shape, suffix_class


@pytest.mark.parametrize(
    ("word", "reads"),
    [
        ("haixin", True),  # hai xin
        ("zhongguo", True),
        ("xian", True),  # one syllable or xi an: either way Pinyin
        ("lvyuan", True),  # "v" for ü, as typed
        ("jinshanqiche", True),
        ("klausen", False),
        ("trading", False),
        ("hydraulic", False),
        ("nordicsupply", False),
        ("", False),
    ],
)
def test_pinyin_words(word: str, reads: bool) -> None:
    assert pinyin_word(word) is reads


@pytest.mark.parametrize(
    ("domain", "suffix"),
    [
        ("a.cn", "cn"),
        ("a.com.cn", "cn"),
        ("xn--fiq228c.xn--fiqs8s", "cn"),  # .中国
        ("a.com.hk", "greater"),
        ("a.com", "generic"),
        ("a.io", "generic"),
        ("a.de", "abroad"),
        ("a.co.uk", "abroad"),
        ("a.photography", "other"),
    ],
)
def test_suffix_classes(domain: str, suffix: str) -> None:
    assert suffix_class(domain) == suffix


def test_shapes_of_whole_names() -> None:
    assert shape("sunhe-hydraulic.com") == ("sfx=generic", "py=some")
    assert shape("jinshan-qiche.com") == ("sfx=generic", "py=all")
    assert shape("autoteile-mueller.de") == ("sfx=abroad", "py=none")
    assert shape("xn--fiq228c.cn") == ("sfx=cn", "idn")
    assert shape("hw.com") == ("sfx=generic", "py=short")
    assert shape("SDJIAHE.COM") == shape("sdjiahe.com")


def test_a_name_longer_than_a_label_is_not_read() -> None:
    # The dynamic programme visits each of at most 63 positions (a DNS label, RFC 1035)
    # with at most six syllable lengths: a longer run of letters is no label at all.
    assert pinyin_word("a" * 63) is True
    assert pinyin_word("a" * 64) is False
    assert shape("zh" * 40 + ".com") == ("sfx=generic", "py=none")
