"""What the CLI prints, not only its --help, is in the CLI's language (issue 13).

An agent's afternoon at the terminal on a fresh SQLite desk, through the real entry
point (``postdesk.cli.main.main``: in this process, and a listing and the walk in a
process of their own, as a user runs them): accounts, a case with a note and a status
change, the lists (cases, customers, users, reminders), a complaint triaged, ``diagnose
list`` and a check, short ``run`` walks with their answers fed on stdin (a refused value,
the escalation, a stop with ``--save``, a complaint's facts offered), a saved bounce
read, explained and inspected, a playbook and the profile shown.

In zh no English sentence (the zh-only page checker, ``tests/web/zh_only.py``) and no
English word either, once the data is set aside: what the test typed, the server's own
text, quoted text, and the names a user types back or configures (ids, codes, domains,
check, option, field and profile key names). In en no Chinese but the data (the
complaints and the pieces triage matched, Chinese names the test gave, quoted examples).
"""

from __future__ import annotations

import html
import io
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import get_args

import pytest

from postdesk.bounce import analyze
from postdesk.cli.main import main
from postdesk.config import Settings, get_settings
from postdesk.desk.cases import flows
from postdesk.desk.cases.schemas import CaseCreate
from postdesk.desk.cases.status import STATUSES
from postdesk.desk.context import Desk
from postdesk.desk.reminders import service as reminders
from postdesk.desk.reminders.schemas import ReminderState
from postdesk.desk.users import service as users
from postdesk.desk.users.roles import ROLES
from postdesk.diagnose.registry import TargetKind
from postdesk.i18n import message, messages
from postdesk.kb import default_library
from postdesk.kb.runner import WalkStatus
from postdesk.kb.schema import AnyStep, CollectStep, Note
from postdesk.profile.schema import Channel, FieldType
from postdesk.triage.entities import Entities
from tests.bounce import built_bounces
from tests.cli.run_cli import CliResult, postdesk
from tests.web.zh_only import english_sentences

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# A word with a joiner is a name a user types back: a playbook or step id (check-mx), a
# field or entity key (contact_phone), a domain, an address, a path, an option (--port).
_NAME = re.compile(r"(?:--?)?[A-Za-z0-9]+(?:[-_.@/:]+[A-Za-z0-9]+)+|--?[A-Za-z][A-Za-z-]*")
# A token with a digit is a code (0x800CCC0E, pop3, 5.1.1); a word is letters only.
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|《[^》]*》")
# Names, codes and product words a Chinese agent reads as they are: check names,
# protocols, units, the command's own name ("postdesk run --resume"), the database
# revision, reason codes, the document's product names.
NAMES = frozenset(
    (
        *("postdesk", "run", "resume", "cli", "sqlite", "head", "all", "watch", "once"),
        *("mx", "hosts", "ports", "smtp", "pop3", "imap", "tls", "dnsbl", "interval", "ms"),
        *("ip", "api", "openapi", "dns", "helo", "http", "https", "mime", "telnet", "pop"),
        *("userunknown", "mailboxfull", "outlook", "express", "foxmail", "webmail", "oe"),
    )
)
# A check's status marks, as written: [OK] [WARN] [FAIL] [ERROR].
MARKS = frozenset(("OK", "WARN", "FAIL", "ERROR"))


STEP_KINDS = tuple(
    kind for step in get_args(AnyStep) for kind in get_args(step.model_fields["kind"].annotation)
)


def english_words(
    text: str, data: tuple[str, ...] = (), names: frozenset[str] = frozenset()
) -> list[str]:
    """Ordinary English words in ``text`` once the data and the names are set aside."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    text = _QUOTED.sub(" ", text)
    text = _NAME.sub(" ", text)
    return [
        token
        for token in _TOKEN.findall(text)
        if token.isalpha()
        and len(token) > 1
        and token not in MARKS
        and token.lower() not in NAMES | names
    ]


def chinese(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """Chinese in ``text`` but the data and pieces of it (triage's "matched" words)."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    runs = CJK.findall(_QUOTED.sub(" ", text))
    return [run for run in runs if not any(run in value for value in data)]


CLIENT_COMPLAINT = "Outlook 收信报错 0x800CCC0E，邮箱 zhao@gaoke-elec.com"
SHORT_COMPLAINT = "收不到邮件"
COMPLAINT = "我们公司域名 boyuan-eng.com，给合作伙伴 m.schmidt@kraus-technik.de 发邮件被退回"
WALK_ANSWERS = "found\n1\n\n示例公司\n例子.中国\n更改密码\n张三\ncall me\n010-12345678\n\n\n"
USERS = ("lin", "mei", "zhou")  # the accounts the test adds: names, as words
# What the test typed or the desk's records hold from a customer, shown back as data.
TYPED = (
    COMPLAINT,
    SHORT_COMPLAINT,
    "示例公司",
    "例子.中国",
    "更改密码",
    "张三",
    "call me",
    "已回电客户",
    "回电客户",
    "call back",
    CLIENT_COMPLAINT,
    "550 Mailbox exceed",
)
# What a server or a mail client says, as the document quotes it in 4.0.9's choices.
SERVER_TEXT = ("Error:Message content reject", "mail rejected by keyword", "sender in prison")
# A one-time password the desk printed: random letters.
_PASSWORD = re.compile(r"(?:一次性密码：|one-time password: )(\S+?)(?:（|\s)")


def _server_lines(raw: bytes) -> tuple[str, ...]:
    """The remote server's own lines in a bounce (and the prefixes the CLI cuts them to)."""
    recipients = analyze(raw).recipients
    lines = [recipient.diagnostic for recipient in recipients if recipient.diagnostic]
    local_parts = [recipient.address.partition("@")[0] for recipient in recipients]
    return (*(cut for line in lines for cut in (line, line[:110])), *local_parts)


def _profile_names() -> tuple[str, ...]:
    """The names the operator's profile gives (``profile show``): its channels' ids and its
    hosts', ports' and limits' keys, as the profile's YAML spells them."""
    profile = default_library().profile
    channels = profile.channels.items()
    keys = (
        *profile.hosts.model_dump(),
        *profile.ports.model_dump(),
        *profile.limits.model_dump(),
    )
    return (*keys, *(channel_id for channel_id, _ in channels))


def _field_names(playbook_id: str) -> tuple[str, ...]:
    """The names of a playbook's fields, which an answers file uses (``playbooks show``)."""
    playbook = default_library().get(playbook_id)
    return tuple(
        spec.name
        for step in playbook.steps
        if isinstance(step, CollectStep)
        for spec in step.fields
    )


@dataclass
class Screens:
    """Every command's output (stdout and stderr) in one language, by what was run."""

    lang: str
    folder: Path
    shown: dict[str, CliResult] = field(default_factory=dict)

    def data(self) -> tuple[str, ...]:
        """What the screens show that is not the desk's words: typed, quoted, generated."""
        printed = tuple(
            password
            for result in self.shown.values()
            for password in _PASSWORD.findall(result.out + result.err)
        )
        server = _server_lines(built_bounces.EXIM)
        channels = tuple(channel.name.zh for channel in default_library().profile.channels.values())
        return TYPED + SERVER_TEXT + server + printed + channels + (str(self.folder),)

    def names(self) -> frozenset[str]:
        """The identifiers the screens show that a user types back or configures."""
        return frozenset(USERS + _field_names("admin-password-reset") + _profile_names())


def _desk_with_a_case(data_dir: Path, cli) -> int:  # type: ignore[no-untyped-def]
    for name, role in (("lin", "agent"), ("mei", "supervisor")):
        added = cli("users", "add", name, "--role", role, "--password-stdin", stdin="pw-12345678\n")
        assert added.code == 0, added.err
    desk = Desk.open(Settings(data_dir=data_dir), migrate=True)
    try:
        with desk.sessions() as db_session:
            lin = users.get_by_username(db_session=db_session, username="lin")
            assert lin is not None
            created = flows.create_case(
                desk=desk,
                db_session=db_session,
                case_in=CaseCreate(complaint=COMPLAINT, playbook_id="same-domain-auth"),
                actor=lin,
            )
            reminders.add_reminder(
                db_session=db_session,
                case_id=created.case.id,
                due_at=datetime.now(UTC) - timedelta(minutes=5),
                text_zh="回电客户",
                text_en="call back",
                actor_id=lin.id,
            )
            db_session.commit()
            return created.case.id
    finally:
        desk.close()


def _in_process(env: dict[str, str]):  # type: ignore[no-untyped-def]
    """A runner of the real entry point (``postdesk.cli.main.main``) in this process:
    the same path as the console script, without a Python start per command."""

    def run(*args: str, stdin: str = "") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {**env, "COLUMNS": "200", "NO_COLOR": "1"}.items():
                patch.setenv(name, value)
            patch.setattr(sys, "argv", ["postdesk", *args])
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            patch.setattr(sys, "stdout", out)
            patch.setattr(sys, "stderr", err)
            get_settings.cache_clear()  # the data folder of this run's environment
            try:
                main()
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 0
            finally:
                get_settings.cache_clear()
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def _afternoon(tmp: Path, lang: str) -> Screens:
    """The agent's commands in ``lang`` (POSTDESK_LANG, as the agent's shell sets it)."""
    env = {"POSTDESK_DATA_DIR": str(tmp / "data"), "POSTDESK_LANG": lang}
    cli = _in_process(env)
    screens = Screens(lang, tmp)
    shown = screens.shown
    shown["db upgrade"] = cli("db", "upgrade")
    case_id = str(_desk_with_a_case(tmp / "data", cli))
    shown["users add"] = cli("users", "add", "zhou")  # one-time password on stderr
    # As a user runs it: a process of its own (the console script's module).
    shown["cases list"] = postdesk("cases", "list", env=env)
    shown["cases note"] = cli("cases", "note", case_id, "已回电客户", "--as", "lin")
    shown["cases status"] = cli("cases", "status", case_id, "waiting_customer")
    shown["cases list again"] = cli("cases", "list")
    shown["customers list"] = cli("customers", "list")
    shown["users list"] = cli("users", "list")
    shown["users role"] = cli("users", "role", "zhou", "supervisor")
    shown["users disable"] = cli("users", "disable", "zhou")
    shown["users enable"] = cli("users", "enable", "zhou")
    shown["users reset-password"] = cli("users", "reset-password", "zhou")
    shown["reminders list"] = cli("reminders", "list")
    shown["reminders done"] = cli("reminders", "done", "1")
    shown["triage"] = cli("triage", COMPLAINT)
    # 20,005 characters: triage reads the first 20,000 and says so.
    shown["triage long"] = cli("triage", SHORT_COMPLAINT + "。" * 20_000)
    shown["diagnose list"] = cli("diagnose", "list", "--lang", lang)
    # Port 9 on loopback answers nothing: the check errs and names the playbook step.
    shown["diagnose mx"] = cli(
        "diagnose", "mx", "example.test", "--nameserver", "127.0.0.1:9", "--timeout", "0.5",
        "--lang", lang,
    )  # fmt: skip
    walk = ("run", "admin-password-reset", "--lang", lang)
    shown["run"] = postdesk(*walk, stdin=WALK_ANSWERS, env=env)
    saved = str(tmp / "walk.json")
    shown["run stopped"] = cli(*walk, "--save", saved, stdin="found\nq\n")
    shown["run complaint"] = cli(
        "run", "client-send-receive", "--lang", lang, "--complaint", CLIENT_COMPLAINT, stdin="\nq\n"
    )
    (tmp / "bounce.eml").write_bytes(built_bounces.EXIM)
    (tmp / "empty.eml").write_bytes(b"")
    shown["bounce"] = cli("bounce", str(tmp / "bounce.eml"), str(tmp / "empty.eml"))
    shown["explain"] = cli("explain", "550 Mailbox exceed")
    shown["inspect"] = cli("inspect", str(tmp / "bounce.eml"), "--lang", lang)
    shown["playbooks show"] = cli("playbooks", "show", "admin-password-reset", "--lang", lang)
    shown["rules spam"] = cli("rules", "spam", "high", "--spam-like", "--lang", lang)
    shown["profile show"] = cli("profile", "show", "--lang", lang)
    return screens


@pytest.fixture(scope="module")
def afternoons(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Screens]:
    return {
        lang: _afternoon(tmp_path_factory.mktemp(f"desk-{lang}"), lang) for lang in ("zh", "en")
    }


STOPPED = ("run stopped", "run complaint", "diagnose mx")


def test_every_command_ran(afternoons: dict[str, Screens]) -> None:
    for screens in afternoons.values():
        failed = {
            name: result.err
            for name, result in screens.shown.items()
            if result.code != 0 and name not in STOPPED
        }
        assert failed == {}
        # q stops a walk, an erring check exits 1: each said so, in the fixture's language
        assert [screens.shown[name].code for name in STOPPED] == [1] * len(STOPPED)


def test_in_zh_no_english_sentence_and_no_english_word(afternoons: dict[str, Screens]) -> None:
    screens = afternoons["zh"]
    found = {}
    for name, result in screens.shown.items():
        text = result.out + result.err
        sentences = english_sentences(html.escape(text), screens.data())
        words = english_words(text, screens.data(), screens.names())
        if sentences or words:
            found[name] = (sentences, sorted(set(words)))
    assert found == {}


def test_in_en_no_chinese(afternoons: dict[str, Screens]) -> None:
    screens = afternoons["en"]
    found = {}
    for name, result in screens.shown.items():
        left = chinese(result.out + result.err, screens.data())
        if left:
            found[name] = left
    assert found == {}


def test_zh_screens_say_what_happened_in_chinese(afternoons: dict[str, Screens]) -> None:
    """The lines themselves, from the catalogue (not only the absence of English)."""
    shown = afternoons["zh"].shown
    assert "第 1 页：显示 1 个，共 1 个工单" in shown["cases list"].out
    assert "等待客户" in shown["cases list again"].out
    assert "已给工单 1 添加备注 1（lin）" in shown["cases note"].out
    assert "一次性密码：" in shown["users add"].err
    assert "客户域名：boyuan-eng.com" in shown["triage"].out
    assert "对方域名：kraus-technik.de" in shown["triage"].out
    assert "注意：投诉内容过长：共 20005 个字符，只读取了前 20000 个" in shown["triage long"].out
    assert "（包含在 all 中）" in shown["diagnose list"].out
    assert "处理流程 setup-report-missing / " in shown["diagnose mx"].out
    walk = shown["run"].out
    assert "联系电话：“call me”不是电话号码" in walk
    assert "完成后按回车：" in walk and "按回车升级：" in walk
    assert "已升级至：传真" in walk and "联系电话 " in walk
    assert "已停止；继续请运行：postdesk run --resume" in shown["run stopped"].out
    assert "回车即用：Outlook" in shown["run complaint"].out
    assert "← 符合“0x800ccc0e”" in shown["run complaint"].out.lower()
    assert (
        "回复口径：" in shown["bounce"].out
        and "empty.eml：无法读取：邮件为空" in shown["bounce"].out
    )
    assert "状态码：5.0.922（推断）" in shown["explain"].out


def test_en_screens_keep_their_english_lines(afternoons: dict[str, Screens]) -> None:
    """Scripts that read the English lines still find them."""
    shown = afternoons["en"].shown
    assert "1 of 1 case(s), page 1" in shown["cases list"].out
    assert "one-time password: " in shown["users add"].err
    assert "customer_domain: boyuan-eng.com" in shown["triage"].out
    assert "note: input truncated: only the first 20000" in shown["triage long"].out
    assert "escalated to: " in shown["run"].out
    # A field's type in brackets was taken by Rich for a style tag and dropped in en.
    assert "contact phone [phone]: " in shown["run"].out
    assert "status: 5.0.922 (inferred)" in shown["explain"].out
    assert "empty.eml: error: empty message" in shown["bounce"].out


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("cli_case_status_", STATUSES),
        ("cli_reminder_state_", get_args(ReminderState)),
        ("cli_role_", ROLES),
        ("cli_walk_status_", get_args(WalkStatus)),
        ("cli_entity_", tuple(Entities().as_dict())),
        ("cli_field_type_", get_args(FieldType)),
        ("cli_target_", get_args(TargetKind)),
        ("cli_channel_kind_", get_args(Channel.model_fields["kind"].annotation)),
        ("cli_step_kind_", STEP_KINDS),
        ("cli_note_kind_", get_args(Note.model_fields["kind"].annotation)),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_every_word_the_cli_looks_up_by_name_is_in_the_catalogue(
    prefix: str, names: tuple[str, ...]
) -> None:
    """Keys built from a value (a status, a role, an entity) exist in both languages."""
    missing = [name for name in names if f"{prefix}{name}" not in messages()]
    assert missing == []
    assert all(CJK.search(message(f"{prefix}{name}", "zh")) for name in names)
