"""What a domain's own name says about where its owner is: the roles gate's shape features.

The provider is a Chinese hosted-mail service (the work instruction's 263): its customers
are firms in China, who register under ``.cn`` / ``.com.cn`` / the Chinese IDN suffixes or
under a generic suffix with a name spelt in Hanyu Pinyin; the other side of their mail is
often abroad, under another country's code (4.0.29 is about mail to and from overseas).
So the shape of a candidate domain is evidence of whose it is, next to the wording around
it, never instead of it: a firm abroad can be hosted (a subsidiary) and two Chinese firms
mail each other all day. The gate learns how much each shape counts.

Shapes (all computed in time linear in the name, on the ASCII form):

* the suffix's class: ``cn`` (``.cn`` and its second levels, the IDN suffixes ``.中国``,
  ``.公司``, ``.网络``), ``greater`` (``.hk``, ``.tw``, ``.mo``), ``generic`` (the original
  generic top-level domains of RFC 1591 and common new ones), ``abroad`` (any other
  country code), ``other``;
* whether the first label is an IDN with Chinese characters;
* how the first label's hyphen- and digit-separated words read as Pinyin: every word of
  three or more letters a run of syllables (``all``), some (``some``) or none (``none``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The syllables of Hanyu Pinyin without tones (the standard syllable table; "v" for ü as
# typed on keyboards, and the "ue" spelling after n/l).
_SYLLABLES = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei
fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui
gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji
jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng
kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
liang liao lie lin ling liu lo long lou lu lv luan lue lve lun luo ma mai man mang mao me
mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
nian niang niao nie nin ning niu nong nou nu nv nuan nue nve nuo o ou pa pai pan pang pao
pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai
shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo
yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe
zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu
zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLES.split())
_LONGEST = max(map(len, SYLLABLES))
# Suffixes of the Chinese registry: .cn and the IDN top-level domains .中国 / .中國, .公司,
# .网络 (their ASCII forms), and the domestic second levels under .cn.
_CN_TLDS = frozenset({"cn", "xn--fiqs8s", "xn--fiqz9s", "xn--55qx5d", "xn--io0a7i"})
_GREATER = frozenset({"hk", "tw", "mo", "xn--j6w193g", "xn--kprw13d", "xn--kpry57d"})
# RFC 1591's generic domains and new generic ones common in company mail.
_GENERIC = frozenset(
    {
        "com", "net", "org", "edu", "gov", "int", "biz", "info", "name", "pro", "mobi",
        "asia", "top", "xyz", "site", "online", "shop", "store", "tech", "group", "ltd",
        "club", "vip", "work", "link", "email", "company", "cc", "tv", "co", "io", "me",
    }
)  # fmt: skip
_WORDS = re.compile(r"[a-z]+")


def pinyin_word(word: str) -> bool:
    """Whether ``word`` (lower-case letters) is a run of Pinyin syllables: a dynamic
    programme over its positions, at most six syllable lengths tried at each."""
    n = len(word)
    if n == 0 or n > 63:
        return False
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        for size in range(1, min(_LONGEST, n - i) + 1):
            if word[i : i + size] in SYLLABLES:
                reach[i + size] = True
    return reach[n]


def suffix_class(domain: str) -> str:
    labels = domain.rstrip(".").split(".")
    tld = labels[-1]
    if tld in _CN_TLDS:
        return "cn"
    if tld in _GREATER:
        return "greater"
    if tld in _GENERIC:
        return "generic"
    if len(tld) == 2 and tld.isalpha():
        return "abroad"
    return "other"


@lru_cache(maxsize=4096)
def shape(domain: str) -> tuple[str, ...]:
    """The shape names of ``domain`` (ASCII form, lower-case; its registrable part)."""
    domain = domain.lower()
    names = [f"sfx={suffix_class(domain)}"]
    first = domain.split(".")[0]
    if first.startswith("xn--"):
        names.append("idn")
        return tuple(names)
    words = [w for w in _WORDS.findall(first) if len(w) >= 3]
    if not words:
        names.append("py=short")
        return tuple(names)
    read = sum(pinyin_word(w) for w in words)
    names.append("py=all" if read == len(words) else "py=some" if read else "py=none")
    return tuple(names)
