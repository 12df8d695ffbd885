"""A wrong command line is answered in the CLI's language, from the message catalogue.

Typer words these errors in English; ``postdesk.cli.usage`` says them again from
``messages.yaml`` (issue 13: every user-visible string from the catalogue).
Each case runs the real CLI in a subprocess, once with ``POSTDESK_LANG=zh-CN``
and once with ``en``.
"""

from __future__ import annotations

import re

import pytest
import typer

from postdesk.cli import usage
from postdesk.i18n import message
from tests.cli.run_cli import postdesk

# What a wrong command line may still show in ASCII on a Chinese screen: the program,
# the usage line's placeholders, and what the user typed (options, commands, values).
NOT_ENGLISH = {"python", "postdesk", "OPTIONS", "COMMAND", "ARGS"}
WORD = re.compile(r"[A-Za-z]{3,}")


def _english_words(text: str, typed: tuple[str, ...]) -> list[str]:
    """Words of three letters or more that are neither typed by the user nor names."""
    allowed = set(NOT_ENGLISH)
    for arg in typed:
        allowed.update(WORD.findall(arg))
    for name in re.findall(r"--?[A-Za-z][\w-]*|\{[^}]*\}|\b[A-Z][A-Z_]+\b", text):
        allowed.update(WORD.findall(name))
    # Command names the error lists (close matches, the commands of a group).
    for name in ("triage", "expiry", "tracking", "spam", "mailbox", "top", "quota"):
        allowed.add(name)
    return [word for word in WORD.findall(text) if word not in allowed]


def _run(lang: str, *args: str):
    return postdesk(*args, env={"POSTDESK_LANG": lang})


# (args, the catalogue key the message is worded by, its values)
CASES = [
    (("--frobnicate",), "cli_usage_no_option", {"name": "--frobnicate"}),
    (
        ("triage", "--tops", "3", "x"),
        "cli_usage_no_option_close",
        {"name": "--tops", "close": "--top"},
    ),
    (("nosuchthing",), "cli_usage_no_command", {"name": "nosuchthing"}),
    (("trage", "x"), "cli_usage_no_command_close", {"name": "trage", "close": "triage"}),
    (("users", "add"), "cli_usage_missing_argument", {"name": "USERNAME"}),
    (("playbooks", "show"), "cli_usage_missing_argument", {"name": "ID"}),
    (("rules", "mailbox", "G"), "cli_usage_missing_option", {"name": "--quota"}),
    (
        ("rules", "mailbox", "G", "--quota", "x"),
        "cli_usage_bad_value",
        {"param": "--quota", "value": "x", "problem_key": "invalid_int_parsing"},
    ),
    (
        ("cases", "list", "--page", "0"),
        "cli_usage_bad_value",
        {"param": "--page", "value": "0", "problem_key": "invalid_greater_than_equal", "ge": 1},
    ),
    (
        ("cases", "list", "--page-size", "500"),
        "cli_usage_bad_value",
        {
            "param": "--page-size",
            "value": "500",
            "problem_key": "invalid_less_than_equal",
            "le": 200,
        },
    ),
    (("cases", "list", "--page"), "cli_usage_option_needs_value", {"name": "--page"}),
    (("reminders", "list", "--due=yes"), "cli_usage_option_takes_no_value", {"name": "--due"}),
    (("triage", "mail", "bounces", "back"), "cli_usage_extra_arguments", {"args": "bounces back"}),
    (
        ("rules", "--help-me"),
        "cli_usage_no_option",
        {"name": "--help-me"},
    ),
    (("rules", "--lang=fr"), "cli_usage_no_option", {"name": "--lang"}),
    (
        ("rules",),
        "cli_usage_missing_command",
        {"commands": "expiry, tracking, spam, mailbox"},
    ),
]


def _expected(lang: str, key: str, values: dict[str, object]) -> str:
    values = dict(values)
    problem_key = values.pop("problem_key", None)
    if problem_key is not None:
        limits = {name: values.pop(name) for name in ("ge", "le") if name in values}
        values["problem"] = message(str(problem_key), lang, **limits)  # type: ignore[arg-type]
    return message(key, lang, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("args", "key", "values"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_usage_error_speaks_the_clis_language(
    args: tuple[str, ...], key: str, values: dict[str, object]
) -> None:
    for lang in ("zh", "en"):
        result = _run("zh-CN" if lang == "zh" else "en", *args)
        assert result.code == 2, (lang, result.err)
        assert "Traceback" not in result.err
        assert result.out == ""
        assert _expected(lang, key, values) in result.err, (lang, result.err)
        assert message("cli_usage_error_title", lang) in result.err  # the rich panel's title
        command = "python -m postdesk"
        assert (
            message("cli_usage_try_help", lang, command=command, option="--help").split(command)[0]
            in result.err
        )
        if lang == "zh":
            assert "用法：python -m postdesk" in result.err
            assert _english_words(result.err, args) == [], result.err
        else:
            assert "Usage: python -m postdesk" in result.err


def test_a_group_without_arguments_shows_its_help() -> None:
    for env in ("zh-CN", "en"):
        result = postdesk("cases", env={"POSTDESK_LANG": env})  # no_args_is_help
        assert result.code == 2
        assert "Traceback" not in result.err + result.out
        assert "list" in result.out + result.err


def test_the_language_comes_from_lang_then_env_then_locale() -> None:
    by_option = postdesk(
        "playbooks", "list", "--lang", "en", "--bogus", env={"POSTDESK_LANG": "zh-CN"}
    )
    assert "no such option: --bogus" in by_option.err
    by_locale = postdesk(
        "playbooks",
        "list",
        "--bogus",
        env={"POSTDESK_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"},
    )
    assert "没有选项 --bogus" in by_locale.err
    assert by_locale.code == 2


def test_good_commands_still_work_and_exit_codes_pass_through() -> None:
    listed = _run("zh-CN", "playbooks", "list", "--json")
    assert listed.code == 0, listed.err
    assert listed.out.startswith("[")
    helped = _run("zh-CN", "triage", "--help")
    assert helped.code == 0 and "--top" in helped.out
    # A command's own user error is still one catalogue line and code 2.
    unknown = _run("zh-CN", "playbooks", "show", "no-such-playbook")
    assert unknown.code == 2
    assert unknown.err.startswith("postdesk: 错误：没有处理流程")


def test_plain_mode_and_abort_are_worded_too(capsys: pytest.CaptureFixture[str]) -> None:
    """Without rich (Typer's plain mode) the lines are Click's shape, in the language;
    an abort at a prompt (Ctrl-C) is one catalogue line and exit code 1."""
    small = typer.Typer(rich_markup_mode=None)
    small.info.cls = usage.PostdeskGroup

    @small.command("go")
    def go(count: int) -> None:
        raise typer.Abort

    @small.command("other")
    def other() -> None:
        return None

    usage.use_localised_classes(small)
    import sys

    argv = sys.argv
    try:
        sys.argv = ["postdesk", "go", "many"]
        assert usage.run_app(small, "zh") == 2
        err = capsys.readouterr().err
        assert "用法：postdesk go" in err
        assert "错误：COUNT 的值“many”无效：应为整数" in err
        assert "Usage" not in err and "Error" not in err
        sys.argv = ["postdesk", "go", "3"]
        assert usage.run_app(small, "zh") == 1
        assert capsys.readouterr().err == message("cli_usage_aborted", "zh") + "\n"
        sys.argv = ["postdesk", "other", "extra"]
        assert usage.run_app(small, "en") == 2
        assert "Error: unexpected extra arguments: extra" in capsys.readouterr().err
    finally:
        sys.argv = argv


def test_what_the_user_typed_cannot_drive_the_terminal() -> None:
    """Control characters in an unknown option, command or value are shown escaped."""
    for args, shown in (
        (("--\x1b[31mred",), "--\\x1b[31mred"),
        (("no\x07such",), "no\\x07such"),
        (("cases", "list", "--page", "1\x1b[2J"), "1\\x1b[2J"),
        (("triage", "a", "b\x1b]0;x\x07"), "b\\x1b]0;x\\x07"),
    ):
        result = _run("zh-CN", *args)
        assert result.code == 2
        assert "\x1b" not in result.err and "\x07" not in result.err, result.err
        assert shown in result.err, result.err


def test_a_huge_typed_value_is_echoed_cut() -> None:
    """A 100,000-character unknown option: the error names its start, not all of it."""
    result = _run("zh-CN", "cases", "list", "--" + "pa" * 50_000)
    assert result.code == 2
    assert "--" + "pa" * 20 in result.err
    assert "…" in result.err
    assert len(result.err) < 2_000, len(result.err)
