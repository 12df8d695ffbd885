"""``postdesk playbooks``, ``postdesk profile`` and ``postdesk run`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.run_cli import postdesk
from tests.kb.test_library import CATALOGUE


def test_playbooks_list_json() -> None:
    result = postdesk("playbooks", "list", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert len(rows) == len(CATALOGUE)
    assert {row["id"]: row["section"] for row in rows} == CATALOGUE
    for row in rows:
        assert row["title"]["zh"] and row["title"]["en"]


def test_playbooks_list_table_in_both_languages() -> None:
    zh = postdesk("playbooks", "list", "--lang", "zh")
    en = postdesk("playbooks", "list", "--lang", "en")
    assert zh.code == en.code == 0
    assert "企业邮局管理员密码丢失" in zh.out
    assert "administrator password" in en.out


def test_without_lang_the_output_follows_postdesk_lang_else_chinese() -> None:
    """A command's --lang defaults to POSTDESK_LANG (as its error lines do), else zh."""
    unset = {key: "" for key in ("POSTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    as_en = postdesk("playbooks", "list", env={**unset, "POSTDESK_LANG": "en"})
    as_zh = postdesk("playbooks", "list", env={**unset, "POSTDESK_LANG": "zh-CN"})
    neither = postdesk("playbooks", "list", env=unset)
    assert "administrator password" in as_en.out and "企业邮局管理员密码丢失" not in as_en.out
    assert "企业邮局管理员密码丢失" in as_zh.out
    assert "企业邮局管理员密码丢失" in neither.out


def test_playbooks_show() -> None:
    result = postdesk("playbooks", "show", "admin-password-reset", "--lang", "en")
    assert result.code == 0, result.err
    assert "010-64240295" in result.out and "escalate" in result.out
    as_json = json.loads(postdesk("playbooks", "show", "client-send-receive", "--json").out)
    assert as_json["section"] == "4.0.9"
    assert any("0x800CCC92" in p for s in as_json["signals"] for p in s["patterns"])


def test_unknown_playbook_suggests_the_closest() -> None:
    result = postdesk("playbooks", "show", "webmail-busy")
    assert result.code == 2
    assert "unknown playbook 'webmail-busy'" in result.err
    assert "webmail-system-busy" in result.err
    assert "Traceback" not in result.err


def test_bad_language() -> None:
    result = postdesk("playbooks", "list", "--lang", "fr")
    assert result.code == 2 and "--lang must be zh or en" in result.err


def test_playbooks_validate_whole_library_and_a_broken_file(tmp_path: Path) -> None:
    assert postdesk("playbooks", "validate").code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nsection: '4.0.1'\n", encoding="utf-8")
    result = postdesk("playbooks", "validate", str(broken))
    assert result.code == 2
    assert "broken.yaml" in result.err and "steps" in result.err


def test_profile_show_json_and_table() -> None:
    data = json.loads(postdesk("profile", "show", "--json").out)
    assert data["hosts"]["mx"] == "mx01.263xmail.com"
    assert data["channels"]["fax"]["extension"] == "5"
    assert data["limits"]["tracking_max_entries"] == 100
    table = postdesk("profile", "show", "--lang", "en")
    assert table.code == 0 and "agent-interface" in table.out


def test_profile_from_env_and_bad_profile(tmp_path: Path) -> None:
    default = Path(__file__).resolve().parents[2] / "src/postdesk/profile/default.yaml"
    other = tmp_path / "p.yaml"
    other.write_text(
        default.read_text(encoding="utf-8").replace("mx01.263xmail.com", "mx.test.example"),
        encoding="utf-8",
    )
    data = json.loads(
        postdesk("profile", "show", "--json", env={"POSTDESK_PROFILE": str(other)}).out
    )
    assert data["hosts"]["mx"] == "mx.test.example"
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: {zh: a, en: b}\nhosts: {pop: p}\nchannels: {}\n", encoding="utf-8")
    result = postdesk("profile", "show", "--file", str(bad))
    assert result.code == 2
    assert "bad.yaml: hosts.smtp: a value is required" in result.err
    missing = postdesk("profile", "show", env={"POSTDESK_PROFILE": str(tmp_path / "nope.yaml")})
    assert missing.code == 2 and "cannot read profile" in missing.err


def test_run_with_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "- found\n- yes\n- null\n"
        "- {company_name: 示例公司, domain: example.com, matter: 更改超级域管理员密码,"
        " contact_name: 张三, contact_phone: 010-64240295}\n- null\n",
        encoding="utf-8",
    )
    result = postdesk("run", "admin-password-reset", "--answers", str(answers), "--json")
    assert result.code == 0, result.err
    state = json.loads(result.out)
    assert state["status"] == "escalated"
    assert state["escalation"]["channel"] == "fax"


def test_run_with_bad_answer_names_the_step(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('["found", "perhaps"]', encoding="utf-8")
    result = postdesk("run", "admin-password-reset", "--answers", str(answers))
    assert result.code == 2
    assert "answer 2 at step tell-applicant" in result.err and "perhaps" in result.err


def test_run_interactive_with_typed_input_and_resume(tmp_path: Path) -> None:
    save = tmp_path / "walk.json"
    # choose by number, then stop at the instruction with q
    first = postdesk(
        "run", "admin-password-reset", "--save", str(save), "--lang", "zh", stdin="1\n1\nq\n"
    )
    assert first.code == 1
    assert "继续请运行：postdesk run --resume" in first.out  # the walk's language: zh
    saved = json.loads(save.read_text(encoding="utf-8"))
    assert saved["current"] == "instruct-form"
    typed = "\n示例公司\nexample.com\n改密码\n张三\nnot-a-phone\n010-64240295\n\n"
    second = postdesk("run", "--resume", str(save), "--lang", "en", stdin=typed)
    assert second.code == 0, second.err
    assert "not a phone number" in second.out  # re-asked, not a crash
    assert "escalated" in second.out


def test_run_marks_the_choice_a_pasted_error_code_points_to() -> None:
    result = postdesk(
        "run", "client-send-receive", "--lang", "zh", stdin="0x800CCC92 账号密码错误\nq\n"
    )
    marked = [line for line in result.out.splitlines() if "← 符合" in line]
    assert marked, result.out
    assert any("0x800CCC92" in line for line in marked)
    unmarked = postdesk("run", "client-send-receive", "--lang", "zh", stdin="no error shown\nq\n")
    assert "← 符合" not in unmarked.out
