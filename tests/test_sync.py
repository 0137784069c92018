"""Two computers sharing one data folder through a sync tool: each writes only its own files, and
every note written on either is on both afterwards, once."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest

from iepprep import children, logs
from iepprep.record import Record

from helpers import Run, kept_as_one_file

COMPUTERS = ("laptop", "desktop")


class Sync:
    """Two data folders standing for two computers, and a sync tool between them that copies each
    file from the computer that changed it to the other, whole or (caught mid-write) only in part."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, run: Run, seed: int) -> None:
        self.homes = {name: root / name for name in COMPUTERS}
        self.monkeypatch, self.run = monkeypatch, run
        self.random = random.Random(seed)  # noqa: S311 - when the sync tool copies, not a secret

    def on(self, computer: str, *args: str, input: str | None = None) -> int:
        """Run one command on one computer; check it changed only files of its own."""
        self.monkeypatch.setenv("IEPPREP_HOME", str(self.homes[computer]))
        self.monkeypatch.setenv("IEPPREP_DEVICE", computer)
        before = self.files(computer)
        code = self.run(*args, input=input).exit_code
        after = self.files(computer)
        changed = [name for name in after if after[name] != before.get(name)]
        others = [name for name in changed if "/" in name and not Path(name).name.startswith(f"{computer}.")]
        assert not others, f"{computer} wrote to files of another computer: {others}"
        return code

    def files(self, computer: str) -> dict[str, str]:
        home = self.homes[computer]
        return {
            path.relative_to(home).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in (home / "children").rglob("*")
            if path.is_file()
        }

    def copy(self, source: str, target: str, whole: bool) -> None:
        """The sync tool's pass from one computer to the other: each record file of the source's own
        that changed is copied over, now and then only its first part (a copy caught mid-write), and
        now and then not yet at all."""
        for path in sorted((self.homes[source] / "children").rglob(f"{source}.*")):
            data = path.read_bytes()
            if not whole:
                if self.random.random() < 0.3:
                    continue
                if self.random.random() < 0.3:
                    data = data[: self.random.randrange(len(data) + 1)]
            name = path.relative_to(self.homes[source]).as_posix()
            destination = self.homes[target] / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)


def _notes(sync: Sync, computer: str) -> list[str]:
    sync.on(computer, "where")
    found = children.find_all(full=True).children
    return sorted(note.text for child in found for meeting in child.meetings for note in meeting.notes)


def test_two_computers_synced_at_random_moments_keep_every_note_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run, today: str
) -> None:
    sync = Sync(tmp_path, monkeypatch, run, seed=18)
    assert sync.on("laptop", "child", "add", "Sam") == 0
    saved: list[str] = []
    for round_number in range(200):
        computer = sync.random.choice(COMPUTERS)
        text = f"note {round_number} from the {computer}"
        code = sync.on(computer, "notes", "add", text)
        if code == 0:
            saved.append(text)
        else:  # only before the desktop has received Sam's record
            assert computer == "desktop" and not (sync.homes["desktop"] / "children").exists() or not saved
        if round_number % 7 == 3:
            school = f"\n\nSchool {round_number}\n" + "\n" * 20  # the name and birth date kept, then the school
            sync.on(sync.random.choice(COMPUTERS), "child", "edit", input=school)
        source = sync.random.choice(COMPUTERS)
        sync.copy(source, COMPUTERS[1 - COMPUTERS.index(source)], whole=False)
    assert len(saved) > 150
    for _ in range(2):  # the sync tool catches up, and each computer reads what the other wrote
        sync.copy("laptop", "desktop", whole=True)
        sync.copy("desktop", "laptop", whole=True)
        sync.on("laptop", "where")
        sync.on("desktop", "where")
    for computer in COMPUTERS:
        assert _notes(sync, computer) == sorted(saved), computer
    schools = []
    for computer in COMPUTERS:
        sync.on(computer, "where")
        schools.append(children.find_all().children[0].profile.get("school"))
    assert schools[0] == schools[1] and schools[0]


def _two_computers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> Sync:
    """Sam's record made on the laptop and synced whole to the desktop, which has read it."""
    sync = Sync(tmp_path, monkeypatch, run, seed=0)
    assert sync.on("laptop", "child", "add", "Sam", "--school", "Lincoln Elementary") == 0
    sync.copy("laptop", "desktop", whole=True)
    assert sync.on("desktop", "where") == 0
    return sync


def _school(sync: Sync, computer: str) -> str:
    sync.on(computer, "where")
    return str(children.find_all().children[0].profile.get("school"))


def _edit_school(sync: Sync, computer: str, school: str, at: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("iepprep.record.now", lambda: at)
    assert sync.on(computer, "child", "edit", input=f"\n\n{school}\n" + "\n" * 20) == 0
    monkeypatch.undo()


@pytest.mark.parametrize("first_to_sync", COMPUTERS)
def test_the_change_made_later_wins_on_both_computers_whichever_syncs_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run, first_to_sync: str
) -> None:
    sync = _two_computers(tmp_path, monkeypatch, run)
    _edit_school(sync, "desktop", "Oak Middle", "2030-01-02T10:00:05-05:00", monkeypatch)
    _edit_school(sync, "laptop", "Roosevelt Middle", "2030-01-02T09:00:07-06:00", monkeypatch)  # 10:00:07 in Ohio
    second = COMPUTERS[1 - COMPUTERS.index(first_to_sync)]
    sync.copy(first_to_sync, second, whole=True)
    sync.on(second, "where")
    sync.copy(second, first_to_sync, whole=True)
    sync.on(first_to_sync, "where")
    sync.copy(first_to_sync, second, whole=True)
    assert _school(sync, "laptop") == _school(sync, "desktop") == "Roosevelt Middle"


def test_two_changes_made_in_the_same_second_end_the_same_on_both_computers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    sync = _two_computers(tmp_path, monkeypatch, run)
    _edit_school(sync, "desktop", "Oak Middle", "2030-01-02T10:00:05-05:00", monkeypatch)
    _edit_school(sync, "laptop", "Roosevelt Middle", "2030-01-02T10:00:05-05:00", monkeypatch)
    for _ in range(2):
        sync.copy("laptop", "desktop", whole=True)
        sync.on("desktop", "where")
        sync.copy("desktop", "laptop", whole=True)
        sync.on("laptop", "where")
    assert _school(sync, "laptop") == _school(sync, "desktop")


def test_a_new_computer_starts_its_own_log_from_the_other_and_writes_only_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run, today: str
) -> None:
    sync = _two_computers(tmp_path, monkeypatch, run)
    folder = next((sync.homes["desktop"] / "children").iterdir())
    laptop_log = (folder / "laptop.yaml").read_bytes()
    assert (folder / "desktop.yaml").read_bytes() == laptop_log  # the whole record, as the laptop wrote it
    assert sync.on("desktop", "notes", "add", "typed on the desktop") == 0
    assert (folder / "laptop.yaml").read_bytes() == laptop_log  # never written by the desktop
    where = run("where").stdout
    assert "This computer's name in the records: desktop" in where and str(folder / "desktop.yaml") in where
    assert 'To use two computers, see "Two computers, one record"' in where


def _sam_with_a_note(run: Run, text: str) -> Path:
    """Sam on record with one note; this computer's log of Sam."""
    children.add("Sam")
    assert run("notes", "add", text).exit_code == 0
    return children.record_paths()[0]


def _texts() -> list[str]:
    return [note.text for child in children.find_all(full=True).children for m in child.meetings for note in m.notes]


def test_a_record_kept_as_one_file_moves_into_its_folder_once(run: Run, data_home: Path, today: str) -> None:
    log = _sam_with_a_note(run, "before the move")
    before = log.read_bytes()
    one_file = kept_as_one_file(log)
    one_file.with_name(one_file.stem + ".head").write_text("an old cache")

    shown = run("notes", "show")
    assert shown.exit_code == 0 and "before the move" in shown.stdout and shown.stderr == ""
    assert log.read_bytes() == before  # every entry, as it was written
    assert sorted(p.name for p in (data_home / "children").iterdir()) == [log.parent.name]  # the old file is gone
    assert run("notes", "add", "after the move").exit_code == 0
    assert _texts() == ["before the move", "after the move"]


def test_a_move_cut_short_before_the_old_file_was_removed_doubles_nothing(
    run: Run, data_home: Path, today: str
) -> None:
    log = _sam_with_a_note(run, "one")
    one_file = log.parent.with_name(log.parent.name + ".yaml")
    shutil.copy(log, one_file)  # as a move killed after the log was written, before the old file went
    assert run("notes", "add", "two").exit_code == 0
    assert _texts() == ["one", "two"] and not one_file.exists()


def test_a_record_kept_as_one_file_with_a_torn_last_entry_keeps_the_torn_part_aside(
    run: Run, data_home: Path, today: str
) -> None:
    log = _sam_with_a_note(run, "whole")
    one_file = kept_as_one_file(log)
    with one_file.open("ab") as handle:
        handle.write(b"--- # 80 0123abcd\nevent: note\nid: e0000000abc\ntext: cut sho")
    shown = run("notes", "show")
    assert shown.exit_code == 0 and "whole" in shown.stdout
    torn = list(log.parent.glob("*.torn-*.yaml"))
    assert [p.read_bytes() for p in torn] == [b"--- # 80 0123abcd\nevent: note\nid: e0000000abc\ntext: cut sho"]
    assert not one_file.exists()


def test_a_sync_tools_copy_in_a_childs_folder_is_brought_in_and_never_written_to(
    run: Run, data_home: Path, today: str
) -> None:
    log = _sam_with_a_note(run, "before the conflict")
    copy = log.with_name(f"{log.stem} (Sam's conflicted copy 2026-11-28).yaml")
    copy.write_bytes(log.read_bytes())
    meeting = children.load(log).meetings[0].id
    Record(copy).append("note", meeting=meeting, kind="decision", text="typed on the laptop")
    copy_bytes = copy.read_bytes()
    for _ in range(2):
        assert run("notes", "add", "on this computer").exit_code == 0
    assert _texts() == ["before the conflict", "typed on the laptop", "on this computer", "on this computer"]
    assert copy.read_bytes() == copy_bytes


def test_another_childs_record_in_a_childs_folder_is_left_alone_with_a_sentence(
    run: Run, data_home: Path, today: str
) -> None:
    sam = children.add("Sam").record.path
    ana = children.add("Ana").record.path
    stray = sam.with_name("laptop.yaml")
    shutil.copy(ana, stray)
    shown = run("child", "list")
    assert shown.exit_code == 0 and "Sam" in shown.stdout and "Ana" in shown.stdout
    assert f"{stray} is not a record of the child whose folder it is in" in shown.stderr
    assert _texts() == [] and stray.read_bytes() == ana.read_bytes()


def test_this_computers_id_is_made_once_and_kept_outside_the_data_folder(
    run: Run, data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "this-computers-own-folder"
    monkeypatch.setattr(logs, "local_dir", lambda: local)
    monkeypatch.delenv("IEPPREP_DEVICE")
    monkeypatch.setattr(logs, "_known", {})
    assert run("child", "add", "Sam").exit_code == 0
    made = logs.device_id()
    monkeypatch.setattr(logs, "_known", {})  # the next command, in a new process
    assert logs.device_id() == made and len(made) == 12
    assert [p.name for p in children.record_paths()] == [f"{made}.yaml"]
    assert (local / logs.DEVICE_FILE).exists() and not list(data_home.rglob(logs.DEVICE_FILE))


@pytest.mark.parametrize("name", ["../up", "a b", "x" * 41, "laptop.torn-1"])
def test_a_device_name_that_cannot_name_a_file_is_one_sentence(
    run: Run, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("IEPPREP_DEVICE", name)
    result = run("child", "add", "Sam")
    assert result.exit_code == 1 and result.stderr.startswith("IEPPREP_DEVICE must be a short name")
    assert len(result.stderr.strip().splitlines()) == 1
