"""Commands about the records themselves: children, meetings, where the data is, checklists, rules."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from iepprep import children, meetings, paths, ui
from iepprep.cli.app import (
    RECORDS,
    ChildOption,
    OutputOption,
    app,
    checklists_app,
    child_app,
    complete_checklist,
    complete_child,
    complete_date,
    meeting_app,
    pick,
    rules_app,
    warn,
    warn_found,
)
from iepprep.errors import ChecklistInvalid, EndOfInput, IepprepError, LeftOut
from iepprep.words import _, ngettext


def complete_setting(incomplete: str) -> list[str]:
    from iepprep.rules import SETTINGS

    return [key for key in SETTINGS if key.startswith(incomplete)]


NameArgument = Annotated[
    str | None, typer.Argument(help="The child's name.", show_default=False, autocompletion=complete_child)
]
MeetingDay = Annotated[
    str,
    typer.Argument(metavar="DATE", help="The meeting's date, for example 12/8/2026.", autocompletion=complete_date),
]
TimeOption = Annotated[
    str | None, typer.Option("--time", metavar="TIME", help="When it starts, for example 3:30pm.", show_default=False)
]
PurposeOption = Annotated[
    str | None,
    typer.Option("--purpose", metavar="TEXT", help="What it is for, e.g. annual review.", show_default=False),
]
WhereOption = Annotated[
    str | None, typer.Option("--where", metavar="PLACE", help="Where it takes place.", show_default=False)
]


# -- children ------------------------------------------------------------------


@child_app.command("add")
def child_add(
    name: Annotated[str, typer.Argument(help="The child's name, as you call them.")],
    school: Annotated[str, typer.Option(metavar="SCHOOL", help="The child's school.")] = "",
    grade: Annotated[str, typer.Option(metavar="GRADE", help="The child's grade.")] = "",
) -> None:
    """Start a record for a child."""
    child = children.add(name, school=school, grade=grade)
    ui.show(_("Started a record for "), (child.name, "bold"), ".")
    ui.show(_("Add contacts and details with: iepprep child edit"))


@child_app.command("list")
def child_list() -> None:
    """List the children on record."""
    from iepprep.dates import today
    from iepprep.views import children_table

    found = children.find_all()
    warn_found(found)
    if not found.children:
        if found.problems or found.notices:
            raise IepprepError(_("No child's record could be read; see above."))
        ui.show(_(children.NO_CHILD_YET))
        return
    children_table(found.children, today())
    for child in found.children:
        warn(child)


@child_app.command("show")
def child_show(name: NameArgument = None, child_name: ChildOption = None) -> None:
    """Show a child's details, contacts and meetings."""
    from iepprep.dates import today
    from iepprep.views import show_child

    show_child(pick(name or child_name), today())


@child_app.command("edit")
def child_edit(name: NameArgument = None, child_name: ChildOption = None) -> None:
    """Walk through a child's details and district contacts, one question at a time."""
    from iepprep.conversations.records import edit_child

    child = pick(name or child_name, ask=True, again="iepprep child edit")
    ui.show(_("Details for "), (child.name, "bold"), ". " + _("Press Enter to keep what is shown; type - to clear it."))
    ui.show(_("Each change is saved as soon as you press Enter."))
    child.record.check_writable()
    changed = edit_child(child)
    if changed:
        ui.show(ngettext("Saved {count} change.", "Saved {count} changes.", len(changed)).format(count=len(changed)))
    else:
        ui.show(_("Nothing changed."))


@child_app.command("forget")
def child_forget(
    name: Annotated[str, typer.Argument(help="The child's name.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to type the name.")] = False,
) -> None:
    """Remove a child's record and everything in it. This cannot be undone."""
    child = pick(name, full=False)
    if not yes:
        ui.show(
            _("This removes {child}'s record, with every answer and note in it. It cannot be undone.").format(
                child=child.name
            )
        )
        try:
            typed = ui.ask(_("To confirm, type the name {child}").format(child=child.name))
        except EndOfInput:
            raise IepprepError(_("The input ended before the name was typed, so nothing was removed.")) from None
        if not children.same_name(typed, child.name):
            raise IepprepError(_("The name did not match, so nothing was removed."))
    children.forget(child)
    ui.show(_("{child}'s record was removed.").format(child=child.name))


# -- meetings ------------------------------------------------------------------


@meeting_app.command("add")
def meeting_add(
    day: MeetingDay,
    time: TimeOption = None,
    purpose: PurposeOption = None,
    where: WhereOption = None,
    child_name: ChildOption = None,
) -> None:
    """Put an IEP meeting on record."""
    from iepprep.dates import parse_date, parse_time, today

    when = parse_date(day)
    start = parse_time(time) if time else ""
    child = pick(child_name, full=False)
    waiting = child.unscheduled_meeting()
    meeting = meetings.add(child, when, purpose=purpose or "", where=where or "", time=start)
    if meeting is waiting:
        said = _("The meeting you were getting ready for is now on {when} for {child}.")
    else:
        said = _("Added the meeting on {when} for {child}.")
    ui.show(said.format(when=meeting.when(today()), child=child.name))


@meeting_app.command("edit")
def meeting_edit(
    day: MeetingDay,
    new_day: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Its new date.", show_default=False)
    ] = None,
    time: TimeOption = None,
    purpose: PurposeOption = None,
    where: WhereOption = None,
    child_name: ChildOption = None,
) -> None:
    """Change a meeting's date, time, purpose or place; its answers and notes stay with it."""
    _change_meeting(child_name, day, new_day, time, purpose, where)


@meeting_app.command("move")
def meeting_move(
    day: MeetingDay,
    new_day: Annotated[str, typer.Argument(metavar="NEW_DATE", help="The date it moves to.")],
    time: TimeOption = None,
    child_name: ChildOption = None,
) -> None:
    """Move a meeting to another day (and time); its answers and notes move with it."""
    _change_meeting(child_name, day, new_day, time, None, None)


def _change_meeting(
    child_name: str | None, day: str, new_day: str | None, time: str | None, purpose: str | None, where: str | None
) -> None:
    from iepprep.dates import parse_date, parse_time, today

    when = parse_date(day)
    changes: dict[str, object] = {}
    if new_day is not None:
        changes["date"] = parse_date(new_day).isoformat()
    if time is not None:
        changes["time"] = parse_time(time) if time.strip() else ""
    changes.update({key: value for key, value in (("purpose", purpose), ("where", where)) if value is not None})
    if not changes:
        raise IepprepError(_("Say what to change: --date, --time, --purpose or --where."))
    child = pick(child_name, full=False)
    meeting = meetings.change(child, meetings.on(child, when), changes)
    ui.show(_("The meeting is now on {when} for {child}.").format(when=meeting.when(today()), child=child.name))
    for label, value in ((_("What for"), meeting.purpose), (_("Where"), meeting.where)):
        if value:
            ui.show(f"{label}: ", value)


@meeting_app.command("cancel")
def meeting_cancel(day: MeetingDay, child_name: ChildOption = None) -> None:
    """Mark a meeting as cancelled; its answers and notes are kept."""
    from iepprep.dates import parse_date

    child = pick(child_name, full=False)
    meeting = meetings.change(child, meetings.on(child, parse_date(day)), {"cancelled": True})
    ui.show(_("The meeting on {day} is marked as cancelled. Everything noted for it is kept.").format(day=meeting.day))


@meeting_app.command("list")
def meeting_list(child_name: ChildOption = None) -> None:
    """List a child's meetings."""
    from iepprep.dates import today
    from iepprep.views import meetings_table

    child = pick(child_name, full=False)
    if not child.meetings:
        ui.show(
            _("No meeting is on record for {child} yet. Add one with: iepprep meeting add DATE").format(
                child=child.name
            )
        )
        return
    meetings_table(child, today())


# -- where, checklists, rules ------------------------------------------------------


@app.command(rich_help_panel=RECORDS)
def where() -> None:
    """Show where iepprep keeps your data: the folder, each child's record, your own checklists."""
    from iepprep.checklists import bundled_dir
    from iepprep.logs import device_id

    ui.show((_("Data folder: "), "bold"), str(paths.data_dir()))
    found = children.find_all()
    for child in found.children:
        ui.show("  ", child.name, ": ", str(child.record.path))
    if not found.children and not (found.problems or found.notices):
        ui.show("  " + _("No child is on record yet."))
    warn_found(found)
    for child in found.children:
        warn(child)
    ui.show((_("Your own checklists: "), "bold"), str(paths.user_checklists_dir()))
    ui.show((_("Bundled checklists: "), "bold"), str(bundled_dir()))
    ui.show((_("This computer's name in the records: "), "bold"), device_id())
    ui.show(_('To use two computers, see "Two computers, one record" in iepprep\'s README.'))


@app.command(rich_help_panel=RECORDS)
def repair() -> None:
    """Bring what a sync tool's copy of a record holds back into the record, and set the copy aside."""
    done = children.repair()
    for sentence in done:
        ui.show(sentence)
    if not done:
        ui.show(_("No copy of a record is waiting to be brought back; nothing to repair."))


@app.command(rich_help_panel=RECORDS)
def backup(
    output: OutputOption = None,
    unencrypted: Annotated[
        bool,
        typer.Option("--unencrypted", help="Write it without a passphrase: anyone who has the file can read it."),
    ] = False,
) -> None:
    """Write every child's record, your own checklists and settings to one file, locked with a passphrase."""
    from iepprep import backup as core
    from iepprep.dates import today
    from iepprep.files import create_file, create_new

    files = core.collect()  # what would stop a backup is said before a passphrase is asked for
    passphrase = None if unencrypted else _new_passphrase()
    data, count, own = core.make(files, passphrase)
    if output is None:
        path = create_new(Path.cwd(), core.default_name(today().isoformat()), data)
    else:
        path = create_file(output, data)
    said = ngettext(
        "Wrote {path}: the record of {count} child.",
        "Wrote {path}: the records of {count} children.",
        count,
    ).format(path=path, count=count)
    if own:
        said += " " + ngettext(
            "Also {count} file of your own (a checklist or a setting).",
            "Also {count} files of your own (checklists and settings).",
            own,
        ).format(count=own)
    ui.show(said)
    ui.show(_("Copy it off this computer (a USB stick, or a cloud folder), so it is safe if the computer is lost."))
    if passphrase is None:
        ui.warn(_("It is not encrypted: anyone who has the file can read it. Keep it somewhere only you can reach."))
    else:
        ui.show(
            _(
                "Keep the passphrase somewhere safe, apart from the file: without it nobody can open this backup, "
                "not even iepprep. To bring it back: iepprep restore {path}"
            ).format(path=path)
        )


def _secret(prompt: str) -> str:
    try:
        return ui.secret(prompt)
    except EndOfInput:
        raise IepprepError(_("No passphrase was given, so nothing was done.")) from None


def _new_passphrase(prompt: str = "") -> str:
    from iepprep.backup import check_passphrase

    while True:
        first = _secret(prompt or _("Choose a passphrase for the backup: "))
        try:
            check_passphrase(first)
        except IepprepError as problem:
            if not sys.stdin.isatty():
                raise
            ui.error(str(problem))
            continue
        if not sys.stdin.isatty() or _secret(_("The same passphrase again: ")) == first:
            return first
        ui.error(_("The two passphrases differ; please type it again."))


@app.command(rich_help_panel=RECORDS)
def encrypt() -> None:
    """Encrypt the children's records with a passphrase; notes can still be added without it."""
    from iepprep import atrest

    found = children.find_all()  # every record must read before any is changed
    if found.problems:
        raise IepprepError(found.problems[0] + " " + _("Nothing was encrypted."))
    key = atrest.key()
    if key is None:
        passphrase = _new_passphrase(_("Choose a passphrase for the records: "))
        made, code = atrest.make_key(passphrase)
        ui.show(_("Your recovery code (write it down and keep it apart from this computer):"))
        ui.show("  " + code)
        ui.warn(
            _(
                "Without your passphrase or this recovery code, nobody - not you, not iepprep - can read the "
                "records again. It will not be shown again."
            )
        )
        atrest.write_key(made)  # only once the code was shown: a stop before leaves the records as they were
    elif not key.sealing:
        atrest.identity()  # the passphrase of the key this folder keeps
        atrest.write_key(replace(key, sealing=True))
    count = atrest.seal_this_computer()
    ui.show(
        ngettext(
            "Encrypted {count} entry on this computer. From now on every entry is encrypted as it is saved.",
            "Encrypted {count} entries on this computer. From now on every entry is encrypted as it is saved.",
            count,
        ).format(count=count)
    )
    ui.show(
        _(
            "Reading the records asks for the passphrase; iepprep notes add does not. If the data folder is shared "
            "with another computer, run iepprep encrypt there too: until then, that computer's copy of the whole "
            "record stays unencrypted in the shared folder."
        )
    )


@app.command(rich_help_panel=RECORDS)
def decrypt() -> None:
    """Stop encrypting the records, and keep them unencrypted again (asks for the passphrase)."""
    from iepprep import atrest

    key = atrest.key()
    if key is None:
        ui.show(_("The records are not encrypted; nothing was changed."))
        return
    atrest.identity()
    found = children.find_all()  # notes waiting for their meeting are filed first
    if found.problems:
        raise IepprepError(found.problems[0] + " " + _("Nothing was decrypted."))
    if key.sealing:
        atrest.write_key(replace(key, sealing=False))
    count = atrest.open_this_computer()
    ui.show(
        ngettext(
            "Decrypted {count} entry on this computer; new entries are saved unencrypted.",
            "Decrypted {count} entries on this computer; new entries are saved unencrypted.",
            count,
        ).format(count=count)
    )
    if atrest.other_computers():
        ui.show(
            _(
                "The encryption key stays in {path}, so what another computer encrypted can still be read with the "
                "passphrase; run iepprep decrypt on that computer too."
            ).format(path=atrest.key_path())
        )


@app.command(rich_help_panel=RECORDS)
def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file, as iepprep backup wrote it.")],
) -> None:
    """Bring back the records in a backup: what is here already is kept, nothing is doubled."""
    from iepprep import backup as core
    from iepprep.encryption import WrongPassphrase, is_encrypted

    data = core.read(file)
    for attempt in range(1, 4):
        passphrase = _secret(_("Passphrase of the backup: ")) if is_encrypted(data) else None
        try:
            files = core.unpack(file, data, passphrase)
            break
        except WrongPassphrase as problem:
            if attempt == 3 or not sys.stdin.isatty():
                raise
            ui.error(str(problem))
    for sentence in core.restore(files):
        ui.show(sentence)


@checklists_app.command("list")
def checklists_list() -> None:
    """List the checklists: the bundled ones and your own."""
    from iepprep.checklists import load_all
    from iepprep.views import checklists_table

    catalog = load_all()
    for problem in catalog.problems:
        ui.warn(problem)
    checklists_table(catalog)


@checklists_app.command("show")
def checklists_show(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="The checklist's id, e.g. before.", autocompletion=complete_checklist, show_default=False
        ),
    ] = None,
    child: Annotated[
        str | None, typer.Option("--child", "-c", metavar="NAME", help="Fill in your child's name.")
    ] = None,
) -> None:
    """Show a checklist's items, each with why it matters."""
    from iepprep.checklists import load_all
    from iepprep.views import show_checklist

    catalog = load_all()
    if child is None:  # with one child on record, the checklist speaks of them by name
        found = children.find_all().children
        child = found[0].name if len(found) == 1 else None
    if name is None:
        raise LeftOut(
            _("Say which checklist to show: {ids}. For example: iepprep checklists show before").format(
                ids=", ".join(catalog.checklists)
            )
        )
    show_checklist(catalog.get(name), child)


@checklists_app.command("validate")
def checklists_validate(
    files: Annotated[list[Path], typer.Argument(help="Checklist files to check.", metavar="PATH...")],
) -> None:
    """Check checklist files; every problem is listed as FILE:LINE: what is wrong. A translation
    (checklists/es/before.yaml) must also match its original item for item."""
    from iepprep.checklists import load_checked

    problems: list[str] = []
    for path in files:
        try:
            checklist = load_checked(path)
        except ChecklistInvalid as invalid:
            problems += invalid.problems
            continue
        count = len(checklist.items)
        ui.show(str(path), ": " + ngettext("valid ({count} item)", "valid ({count} items)", count).format(count=count))
    if problems:
        raise ChecklistInvalid(problems)


@rules_app.callback()
def rules_list(ctx: typer.Context) -> None:
    """Every rule iepprep uses, with its value, where it is written, and your state settings."""
    if ctx.invoked_subcommand is not None:
        return
    from iepprep.views import show_rules

    show_rules()


@rules_app.command("set")
def rules_set(
    key: Annotated[
        str | None,
        typer.Argument(
            metavar="KEY",
            help="The setting, e.g. due-process-limit or state.",
            autocompletion=complete_setting,
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="VALUE",
            help="Its value: a length of time, or a few words (see: iepprep rules).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Set one of your state's values, from your state's procedural safeguards notice."""
    from iepprep import rules

    if key is None or value is None:
        raise LeftOut(
            _("Say which setting and its value, one of: {keys}. For example: iepprep rules set state Ohio").format(
                keys=", ".join(rules.SETTINGS)
            )
        )
    rules.save_setting(key, value)
    ui.show(
        _("Saved: {key} = {value}. Every screen that uses it says it is your setting.").format(
            key=key, value=rules.settings()[key]
        )
    )


@rules_app.command("unset")
def rules_unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The setting to remove.", autocompletion=complete_setting)],
) -> None:
    """Remove one of your settings; iepprep goes back to the federal rule."""
    from iepprep import rules

    rules.save_setting(rules.check_key(key), None)
    ui.show(_("Removed your setting for {key}.").format(key=key))


@app.command(rich_help_panel=RECORDS)
def config(
    key: Annotated[str | None, typer.Argument(metavar="KEY", help="lang, the language iepprep speaks.")] = None,
    value: Annotated[str | None, typer.Argument(metavar="VALUE", help="en (English) or es (Español).")] = None,
) -> None:
    """Show or keep your settings, e.g. the language: iepprep config lang es."""
    from iepprep import language

    if key is None:
        ui.show(
            _("Language: {language} ({code})").format(
                language=language.LANGUAGES[language.current()], code=language.current()
            )
        )
        ui.show(_("To change it for good: iepprep config lang es (or en)."))
        return
    if key.strip().casefold() not in ("lang", "language", "idioma"):
        raise LeftOut(_("'{key}' is not a setting; the one setting is: lang.").format(key=key))
    if value is None:
        raise LeftOut(_("Say which language: iepprep config lang es (Español) or iepprep config lang en (English)."))
    code = language.checked(value)
    path = language.save(paths.data_dir(), code)
    language.use(code)
    ui.show(
        _("From now on iepprep speaks {language}. Kept in {path}.").format(language=language.LANGUAGES[code], path=path)
    )
