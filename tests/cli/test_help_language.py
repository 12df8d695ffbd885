"""``--help`` in the CLI's language, every word of it from the message catalogue (issue 13).

The command tree is walked (groups, commands, their options and arguments), so a
command added later is covered without touching this file. Each help screen is
rendered in-process through the entry point's runner (``usage.run_app``) in zh
and in en: in zh it may hold no English sentence (the checker of the zh-only page
test, ``tests/web/zh_only.py``; option names, metavars, product names and codes
aside) and none of Typer's own English words; in en no Chinese. A few screens are
also opened as a user would, in a subprocess with ``POSTDESK_LANG``, ``LANG`` or
``--lang`` choosing the language.
"""

from __future__ import annotations

import html
import re
import sys
from typing import Any

import pytest
import typer.main

from postdesk.cli import usage
from postdesk.cli.main import app
from postdesk.i18n import message, messages
from tests.cli.run_cli import postdesk
from tests.web.zh_only import english_sentences

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Typer's and Click's own words on a help screen, which must not reach a Chinese one.
TYPER_WORDS = (
    "Usage:",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "default:",
    "env var:",
    "required]",
    "deprecated",
)


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            found.extend(_paths(sub, (*path, name)))
    return found


TREE = typer.main.get_command(app)
PATHS = _paths(TREE)


def walk(command: Any) -> list[Any]:
    """``command`` and every command under it."""
    return [command] + [
        node for sub in getattr(command, "commands", {}).values() for node in walk(sub)
    ]


def _visible_params(command: Any) -> list[Any]:
    return [param for param in command.params if not getattr(param, "hidden", False)]


def test_the_walk_finds_the_groups_and_their_commands() -> None:
    assert ("cases", "list") in PATHS and ("rules", "tracking") in PATHS and ("triage",) in PATHS
    assert len(PATHS) == len({*PATHS})


def test_every_command_and_parameter_names_its_help_by_a_catalogue_key() -> None:
    """No help sentence in the code: each help is a key with zh and en (a docstring or an
    English ``help=`` would be shown as is, in English, on a Chinese screen)."""
    missing = []
    for command in walk(TREE):
        if command.hidden:
            continue
        named = [(command.name or "postdesk", command.help)]
        named += [
            (f"{command.name} {param.name}", param.help) for param in _visible_params(command)
        ]
        missing += [f"{where}: {key!r}" for where, key in named if key not in messages()]
    assert missing == []


def test_every_help_key_is_chinese_in_zh_and_has_no_chinese_in_en() -> None:
    keys = {command.help for command in walk(TREE)}
    keys |= {param.help for command in walk(TREE) for param in _visible_params(command)}
    keys |= {key for key in messages() if key.startswith("cli_help_")}
    assert [key for key in keys if not CJK.search(message(key, "zh"))] == []
    assert [key for key in keys if CJK.search(message(key, "en"))] == []


def _help_screen(
    path: tuple[str, ...], lang: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "argv", ["postdesk", *path, "--help"])
    assert usage.run_app(app, lang) == 0  # type: ignore[arg-type]
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "postdesk")
def test_a_help_screen_in_zh_holds_no_english_sentence(
    path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    out = _help_screen(path, "zh", monkeypatch, capsys)
    assert english_sentences(html.escape(out)) == []
    assert out.lstrip().startswith(message("cli_usage_line", "zh", usage=""))
    assert [word for word in TYPER_WORDS if word in out] == []
    assert message("cli_help_help_option", "zh") in out
    assert "…" not in out  # Chinese folds where Rich would cut it


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "postdesk")
def test_a_help_screen_in_en_holds_no_chinese(
    path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    out = _help_screen(path, "en", monkeypatch, capsys)
    assert out.lstrip().startswith("Usage: ")
    assert CJK.findall(out) == []
    assert "Show this message and exit." in out


def test_chinese_help_as_a_user_asks_for_it() -> None:
    """The language is the error line's: POSTDESK_LANG, the locale, --lang on the line."""
    by_env = postdesk("--help", env={"POSTDESK_LANG": "zh-CN"})
    assert by_env.code == 0, by_env.err
    assert "用法：" in by_env.out and "─ 命令 ─" in by_env.out and "处理流程" in by_env.out
    by_locale = postdesk(
        "cases", "list", "--help", env={"POSTDESK_LANG": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}
    )
    assert "─ 选项 ─" in by_locale.out and "[默认：50]" in by_locale.out
    assert "[环境变量：POSTDESK_USER]" in by_locale.out
    by_option = postdesk("playbooks", "list", "--lang", "en", "--help", env={"POSTDESK_LANG": "zh"})
    assert "Usage:" in by_option.out and "print JSON instead of a table" in by_option.out
    assert CJK.findall(by_option.out) == []


def test_a_group_without_its_command_shows_its_help_in_zh() -> None:
    """``postdesk cases`` (no_args_is_help) prints the group's help: Chinese too."""
    result = postdesk("cases", env={"POSTDESK_LANG": "zh"})
    assert "查看工作台的工单。" in result.out + result.err
    assert "Usage:" not in result.out + result.err


@pytest.mark.parametrize(
    ("args", "zh_heads", "en_heads"),
    [
        (("playbooks", "list"), ("章节", "编号", "标题"), ("section", "id", "title")),
        (
            ("profile", "show"),
            ("主机", "名称", "应有的地址", "升级渠道", "渠道", "限额", "端口："),
            ("hosts", "expected addresses", "escalation channels", "limits", "ports:"),
        ),
    ],
)
def test_table_heads_and_titles_follow_lang(
    args: tuple[str, ...], zh_heads: tuple[str, ...], en_heads: tuple[str, ...]
) -> None:
    """Table heads and titles are the catalogue's (the rows are data: ids, host names)."""
    zh = postdesk(*args, "--lang", "zh")
    en = postdesk(*args, "--lang", "en")
    assert zh.code == en.code == 0, zh.err + en.err
    assert [head for head in zh_heads if head not in zh.out] == []
    assert [head for head in en_heads if head not in en.out] == []
    english = {word for head in en_heads for word in re.findall(r"[a-z]{3,}", head)}
    assert english & set(re.findall(r"[a-z]+", zh.out)) == set()


def test_triage_table_is_in_the_clis_language() -> None:
    """triage has no --lang: its table follows POSTDESK_LANG / the locale, its reasons
    too (why_zh); the customer's domain is one name, not a list of letters."""
    complaint = "我们公司域名 boyuan-eng.com，收不到邮件"
    zh = postdesk("triage", complaint, env={"POSTDESK_LANG": "zh"})
    assert zh.code == 0, zh.err
    assert "处理流程" in zh.out and "得分" in zh.out and "依据" in zh.out
    assert "matched" not in zh.out and "playbook" not in zh.out
    assert "客户域名：boyuan-eng.com" in zh.out and "customer_domain" not in zh.out
    en = postdesk("triage", complaint, env={"POSTDESK_LANG": "en"})
    assert "customer_domain: boyuan-eng.com" in en.out
    assert "playbook" in en.out and "score" in en.out and "why" in en.out
