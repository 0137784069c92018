"""The notes session: one line, one note, saved with its time before the next prompt; slash commands;
and the wrap-up (who, what, where, when, why) when the parent is done."""

from __future__ import annotations

from collections.abc import Callable

from iepprep import children, notes, ui
from iepprep.checklists import Catalog, fill
from iepprep.conversations import stopping
from iepprep.errors import EndOfInput, IepprepError, Quit
from iepprep.state import Child, Meeting, role_label
from iepprep.words import N_, _, ngettext

HINT = N_(
    "Type a note and press Enter. Start with ? question, ! concern, = decision, > action, "
    "or disagree: / later:. Type /help for more."
)
CALM = N_(
    "Take a slow breath. A break is a normal part of a long meeting; when you go back in, "
    "start from what you and the team agree on."
)
WRAP_UP_QUESTIONS = {
    "who": N_("Who was there, and who will do what"),
    "what": N_("What was decided"),
    "where": N_("Where the services or changes will happen"),
    "when": N_("When they start, and when you will meet again"),
    "why": N_("Why these decisions were made"),
}
HELP = [
    N_("Each line you type is saved as a note, with the time, before the next prompt."),
    N_("Kinds: ? question   ! concern   = decision   > action   disagree: ...   later: ..."),
    N_("       (or the words question:, concern:, decision:, action:, note:)"),
    N_("An action can name who and by when:  > send the OT report @Ms. Lee by 12/15/2026"),
    N_("/who NAME, ROLE   note who is in the room (/who alone: the people you listed)"),
    N_("/questions        your prepared questions; mark the ones you asked"),
    N_("/tips             the habits that keep the meeting working together"),
    N_("/break            note a break, and a word on staying calm"),
    N_("/undo             take back your last note (it stays in the record, marked)"),
    N_("/done             wrap up: who, what, where, when, why - then a summary"),
    N_("/quit             stop now, without the wrap-up; every note is already saved"),
]
PROMPT = N_("note")


class Session:
    """A live note-taking session on one meeting; every change is saved at once."""

    def __init__(self, child: Child, meeting: Meeting, catalog: Catalog) -> None:
        self.child = child
        self.meeting = meeting
        self.catalog = catalog
        self.saved = 0

    def note(self, line: str) -> None:
        parsed = notes.parse_note(line)
        note = notes.add_note(self.child, self.meeting, parsed)
        self.saved += 1
        said = f" - {notes.understood(note)}" if note.kind == "action" else ""
        ui.show(
            (
                "  "
                + _("saved {time} {kind}").format(time=notes.clock(note.at), kind=notes.kind_name(note.kind))
                + said,
                "dim",
            )
        )
        if parsed.warning:
            ui.warn(parsed.warning)
        hint = notes.written_notice_hint(note.kind, note.text)
        if hint:
            ui.show(("  " + hint, "dim"))

    def undo(self, rest: str = "") -> None:
        taken = notes.take_back_last(self.child, self.meeting)
        if taken is None:
            ui.show(_("There is no note to take back."))
            return
        ui.show(
            _("Took back the note: "), taken.text, ("  " + _("(it stays in the record, marked as taken back)"), "dim")
        )

    def who(self, text: str) -> None:
        """Note who is in the room: as typed, or picked from the people listed while getting ready."""
        if text.strip():
            attendee = notes.note_attendee(self.child, self.meeting, text)
            ui.show(("  " + _("noted: "), "dim"), attendee.name, f" ({attendee.role})" if attendee.role else "")
            offer_contact(self.child, text)
            return
        listed = notes.expected_attendees(self.child, self.meeting)
        if not listed:
            ui.error(_("Type a name after /who, for example: /who Ms. Lee, case manager"))
            return
        for number, entry in enumerate(listed, 1):
            ui.show(f"  {number}. ", entry)
        picked = ui.ask(_("Numbers of those in the room, for example 1 3 (Enter to go back)"), "")
        for word in picked.replace(",", " ").split():
            if word.isdigit() and 1 <= int(word) <= len(listed):
                self.who(listed[int(word) - 1])
            else:
                ui.error(
                    _("{word} is not a number from 1 to {count}; it was left out.").format(word=word, count=len(listed))
                )

    def take_break(self, rest: str = "") -> None:
        at = notes.note_break(self.child, self.meeting)
        ui.show(("  " + _("break noted at {time}.").format(time=at) + " ", "dim"), _(CALM))

    def tips(self, rest: str = "") -> None:
        for name in ("during", "conflict"):
            if name in self.catalog.checklists:
                checklist = self.catalog.checklists[name]
                ui.show((fill(checklist.title, self.child.name), "bold"))
                for item in checklist.items:
                    ui.show("  - ", fill(item.text, self.child.name))

    def questions(self, rest: str = "") -> None:
        prepared = self.child.prepared_questions(self.meeting)
        if not prepared:
            ui.show(
                _("You have no prepared questions for this meeting. Add a question as a note with: ? your question")
            )
            return
        while True:
            for number, question in enumerate(prepared, 1):
                mark = _("[asked]") if question in self.meeting.asked else _("[not asked]")
                ui.show(f"  {number}. {mark} ", question)
            choice = ui.ask(_("Number of a question you have asked (Enter to go back)"), "")
            if not choice.strip():
                return
            if not choice.strip().isdigit() or not 1 <= int(choice) <= len(prepared):
                ui.error(_("Please type a number from 1 to {count}, or press Enter.").format(count=len(prepared)))
                continue
            notes.mark_asked(self.child, self.meeting, prepared[int(choice) - 1])

    def wrap_up(self) -> None:
        """Who, what, where, when, why, and what to come back to; each saved as it is given."""
        ui.blank()
        ui.show(
            (_("Wrapping up."), "bold"),
            " "
            + _(
                "A few words each, so you could explain the meeting to someone who was not there. "
                "Enter skips a question."
            ),
        )
        try:
            people = notes.people_in_the_room(self.meeting)
            for part, question in WRAP_UP_QUESTIONS.items():
                offered = self.meeting.wrap_up.get(part) or (people if part == "who" else "")
                notes.save_wrap_up(self.child, self.meeting, part, ui.ask(_(question), offered or None))
            ui.show(_("Issues to come back to another time, one per line (an empty line when done):"))
            while True:
                line = ui.read_line("  - ")
                if not line.strip():
                    break
                notes.add_note(self.child, self.meeting, notes.Parsed("later", line))
                self.saved += 1
        except EndOfInput:
            ui.blank()


def offer_contact(child: Child, text: str) -> None:
    """A person named with a district role who is not on record: offer to keep them, so letters fill in."""
    offer = children.contact_to_offer(child, text)
    if offer is None:
        return
    role, name = offer
    question = _("Save {name} as {child}'s {role}, for letters?").format(
        name=name, child=child.name, role=_(role_label(role)).lower()
    )
    if ui.confirm(question):
        children.save_contact(child, role, name)
        ui.show(("  " + _("saved to the contacts"), "dim"))


def take_notes(session: Session, resume: str) -> None:
    """Read lines until /done or the end of input, then wrap up. Ctrl-C stops at once: every note is saved."""
    commands: dict[str, Callable[[str], None]] = {
        "/help": lambda rest: show_help(),
        "/who": session.who,
        "/break": session.take_break,
        "/tips": session.tips,
        "/questions": session.questions,
        "/undo": session.undo,
    }

    def saved() -> str:
        if not session.saved:
            return _("No note was typed this time.")
        return ngettext("The note you typed is saved.", "All {count} notes you typed are saved.", session.saved).format(
            count=session.saved
        )

    with stopping(saved, lambda: _("To go on, run: {command}").format(command=resume)):
        while True:
            try:
                line = ui.read_line(ui.prompt_mark(_(PROMPT)))
            except EndOfInput:
                break
            word, _space, rest = line.strip().partition(" ")
            if word.lower() == "/done":
                break
            if word.lower() == "/quit":
                raise Quit
            if word.lower() in commands:
                _run(commands[word.lower()], rest)
                continue
            if line.startswith("/"):
                ui.error(_("{word} is not a command here; type /help to see them.").format(word=word))
                continue
            if line.strip():
                _run(session.note, line)
        session.wrap_up()


def _run(command: Callable[[str], None], text: str) -> None:
    try:
        command(text)
    except IepprepError as problem:
        ui.error(str(problem))


def show_help() -> None:
    for line in HELP:
        ui.show(_(line))
