"""A broken playbook file is reported in the CLI's language, every detail kept.

``postdesk playbooks validate FILE...`` runs the real CLI with ``POSTDESK_LANG``
zh-CN and en on files broken in the ways an author breaks them: not YAML, not
a mapping, a schema problem, a graph problem, a wrong file name, a missing file.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from postdesk.i18n import message
from postdesk.kb.validate import problem
from tests.cli.run_cli import postdesk
from tests.kb.test_validate import minimal


def _files(folder: Path) -> list[str]:
    schema = minimal()
    schema["section"] = "5.1"
    schema["steps"][3]["text"] = {"zh": "只有中文"}
    schema["steps"][0]["options"] = schema["steps"][0]["options"][:1]
    schema["steps"][3]["kind"] = "dance"
    graph = copy.deepcopy(minimal())
    graph["steps"][0]["options"][0]["next"] = "nowhere"
    graph["steps"][2]["channel"] = "pigeon"
    (folder / "sample-playbook.yaml").write_text(
        yaml.safe_dump(graph, allow_unicode=True), encoding="utf-8"
    )
    (folder / "schema.yaml").write_text(yaml.safe_dump(schema, allow_unicode=True), "utf-8")
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (folder / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    names = ["sample-playbook.yaml", "schema.yaml", "broken.yaml", "list.yaml", "missing.yaml"]
    return [str(folder / name) for name in names]


# Problems every run must list, as the catalogue words them (where, key, values).
EXPECTED = [
    ("sample-playbook: ask-1: next", "kb_no_step", {"step": "nowhere"}),
    ("sample-playbook: collect-1", "kb_unreachable", {"start": "ask-1"}),
    ("sample-playbook: escalate-1: channel", "kb_channel_unknown", {"channel": "pigeon"}),
    ("{folder}/list.yaml", "kb_not_mapping", {}),
    ("{folder}/missing.yaml", "kb_unreadable", {}),
]
# The English wording, which a Chinese screen must not show.
ENGLISH = [
    "no step 'nowhere'",
    "not reachable from start",
    "is not in the profile",
    "a playbook is a YAML mapping",
    "cannot read",
    "not valid YAML",
    "should have at least 2 items",
    "is not of the form",
    "is not a known 'kind'",
    "no such file",
]


def test_a_broken_playbook_is_reported_in_the_clis_language(tmp_path: Path) -> None:
    files = _files(tmp_path)
    runs = {
        lang: postdesk("playbooks", "validate", *files, env={"POSTDESK_LANG": env})
        for lang, env in (("zh", "zh-CN"), ("en", "en"))
    }
    for lang, result in runs.items():
        assert result.code == 2, result.err
        assert "Traceback" not in result.err
        assert result.err.startswith(message("cli_error_line", lang, message=""))
        for where, key, values in EXPECTED:
            place = where.format(folder=tmp_path)
            if key in ("kb_channel_unknown", "kb_unreadable"):  # the known channels, the reason
                head = problem(place, key, **values, known="", reason="").localised(lang)
                head = head.split("（" if lang == "zh" else " (")[0].rstrip("：: ")
                assert head in result.err, (lang, head, result.err)
                continue
            assert problem(place, key, **values).localised(lang) in result.err, (lang, key)
        # the schema's problems, with the step's id and the field's path
        assert f"{tmp_path}/schema.yaml: step ask-1.options: " in result.err
        assert f"{tmp_path}/schema.yaml: step reply-1: " in result.err
        assert f"{tmp_path}/schema.yaml: section: " in result.err
        assert f"{tmp_path}/broken.yaml: " in result.err
    zh, en = runs["zh"].err, runs["en"].err
    for phrase in ENGLISH:
        assert phrase in en, phrase
        assert phrase not in zh, phrase
    assert "至少需要 2 项，现有 1 项" in zh
    assert "章节“5.1”的格式应为 4.0.N" in zh
    assert "不是有效的 YAML：第 2 行第 1 列" in zh  # where the YAML breaks
    assert "not valid YAML at line 2, column 1" in en
    assert "文件不存在" in zh


def test_a_good_playbook_file_passes_in_either_language(tmp_path: Path) -> None:
    path = tmp_path / "sample-playbook.yaml"
    path.write_text(yaml.safe_dump(minimal(), allow_unicode=True), encoding="utf-8")
    zh = postdesk("playbooks", "validate", str(path), env={"POSTDESK_LANG": "zh-CN"})
    assert zh.code == 0, zh.err
    assert zh.out == message("kb_file_valid", "zh", file=str(path)) + "\n"
    en = postdesk("playbooks", "validate", str(path), "--lang", "en")
    assert en.out == f"ok: {path}\n"
    whole = postdesk("playbooks", "validate", env={"POSTDESK_LANG": "zh-CN"})
    assert whole.code == 0 and whole.out.startswith("通过：")
