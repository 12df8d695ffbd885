"""Plain-text report of a tracking scenario's outcome, in zh or en."""

from __future__ import annotations

from postdesk.i18n import Lang, Text
from postdesk.rules.tracking.result import MessageOutcome, ScenarioOutcome

LABELS: dict[str, Text] = {
    "entries": Text(zh="跟踪设置条数", en="tracking entries"),
    "message": Text(zh="邮件", en="message"),
    "received": Text(zh="各信箱收到", en="received per mailbox"),
    "copies": Text(zh="跟踪副本", en="tracking copies"),
    "of_which_copies": Text(zh="其中跟踪副本", en="tracking copies:"),
    "duplicate": Text(zh="重复收信", en="duplicate"),
    "sender": Text(zh="发件方被跟踪", en="sender tracked"),
    "recipient": Text(zh="收件方被跟踪", en="recipients tracked"),
    "not_delivered": Text(zh="未送达（信箱已满）", en="not delivered (mailbox full)"),
    "bounces": Text(zh="退信", en="bounces"),
    "recipient_full": Text(zh="收件信箱已满", en="recipient mailbox is full"),
    "tracker_full": Text(
        zh="跟踪信箱已满，给发件方退信（规则E）", en="tracker mailbox is full (rule E)"
    ),
    "loops": Text(zh="转发循环", en="forwarding loop"),
    "repeat": Text(
        zh="转发只改收件人不改发件人，同一投递再次出现，系统中会无限重复（4.0.19 2）",
        en="forwarding keeps the sender, so the same delivery comes round again; "
        "the system repeats it without end (4.0.19 2))",
    ),
    "bound": Text(
        zh="投递次数达到模拟上限，已停止",
        en="the simulation reached its delivery bound and stopped",
    ),
    "untracked": Text(zh="未被跟踪", en="not tracked"),
    "alias": Text(zh="别名不适用跟踪规则（规则D）", en="aliases are not tracked (rule D)"),
    "inbound_from_outside": Text(
        zh="发件方不是本邮局的域，规则A、B未包括此情况",
        en="sender is outside the hosted domains; rules A and B do not cover this",
    ),
    "none": Text(zh="无", en="none"),
}


def _label(key: str, lang: Lang) -> str:
    return LABELS[key].get(lang)


def render_message(number: int, outcome: MessageOutcome, lang: Lang) -> list[str]:
    """The lines for one message."""
    lines = [
        f"{_label('message', lang)} {number}: {outcome.sender} -> {', '.join(outcome.recipients)}"
    ]
    lines.append(f"  {_label('received', lang)}:")
    width = max((len(m) for m in outcome.received_per_mailbox), default=0)
    for mailbox, count in outcome.received_per_mailbox.items():
        copies = outcome.copies_per_tracker.get(mailbox, 0)
        note = f"  ({_label('of_which_copies', lang)} {copies})" if copies else ""
        dup = f"  [{_label('duplicate', lang)}]" if mailbox in outcome.duplicates else ""
        lines.append(f"    {mailbox:<{width}}  {count}{note}{dup}")
    lines.append(f"  {_label('copies', lang)}:")
    if not outcome.tracking_copies:
        lines.append(f"    {_label('none', lang)}")
    for copy in outcome.tracking_copies:
        failed = "" if copy.delivered else f"  {_label('not_delivered', lang)}"
        lines.append(
            f"    {copy.tracker}  {_label(copy.side, lang)}: {', '.join(copy.tracked)}{failed}"
        )
    if outcome.bounces:
        lines.append(f"  {_label('bounces', lang)}:")
        for bounce in outcome.bounces:
            lines.append(f"    -> {bounce.to}: {bounce.mailbox}: {_label(bounce.reason, lang)}")
    for loop in outcome.loops:
        lines.append(f"  {_label('loops', lang)}: {_label(loop.reason, lang)}")
        lines.extend(f"    {n}. {hop.label()}" for n, hop in enumerate(loop.chain, 1))
    if outcome.untracked:
        lines.append(f"  {_label('untracked', lang)}:")
        for note in outcome.untracked:
            lines.append(f"    {note.address} ({note.mailbox}): {_label(note.reason, lang)}")
    return lines


def render_scenario(outcome: ScenarioOutcome, lang: Lang) -> str:
    """The whole report: the entry count, then each message."""
    lines = [
        f"{_label('entries', lang)}: {outcome.tracking_entries} / {outcome.tracking_max_entries}"
    ]
    for number, message in enumerate(outcome.messages, 1):
        lines.append("")
        lines.extend(render_message(number, message, lang))
    return "\n".join(lines) + "\n"
