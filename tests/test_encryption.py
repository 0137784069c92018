"""Encryption at rest: no plaintext of any note, name or answer on disk, notes added without the
passphrase, one sentence for a wrong one, and a record that survives kill -9 while it is encrypted."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pexpect
import pytest

from iepprep import children, meetings
from iepprep.export import to_dict
from iepprep.record import Record

from helpers import Run, reload

PASSPHRASE = "correct horse battery staple"  # noqa: S105 - a test's passphrase
# Words of Sam Rivera's record (tests/fixtures/rich-record.yaml): a name, notes, answers, a contact.
PRIVATE = [
    b"Sam Rivera",
    b"Jo Rivera",
    b"Ms. Lee",
    b"Reading is two grades behind",
    b"OT twice a week",
    b"Loves drawing",
]


def _files(home: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in home.rglob("*") if path.is_file()}


def _encrypt(run: Run) -> str:
    """Encrypt the data folder; the recovery code it showed."""
    done = run("encrypt", input=PASSPHRASE + "\n")
    assert done.exit_code == 0, done.stderr
    found = re.search(r"^  ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", done.stdout, re.MULTILINE)
    assert found, done.stdout
    return found.group(1)


def test_an_encrypted_record_holds_no_name_note_or_answer_in_the_clear(run: Run, rich: Path, data_home: Path) -> None:
    before = run("notes", "show", "--date", "11/20/2026", "--all").stdout
    _encrypt(run)
    for path, data in _files(data_home).items():
        for private in PRIVATE:
            assert private not in data, (path, private)
    assert not list(data_home.rglob("*.head")) and not list(data_home.rglob("*.state"))  # no cache in the clear
    shown = run("notes", "show", "--date", "11/20/2026", "--all", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and shown.stdout == before
    assert run("status", input=PASSPHRASE + "\n").exit_code == 0
    for path, data in _files(data_home).items():  # reading wrote nothing in the clear either
        assert b"Sam Rivera" not in data, path


def test_notes_add_asks_for_no_passphrase_and_the_note_reaches_its_meeting(
    run: Run, rich: Path, data_home: Path
) -> None:
    _encrypt(run)
    added = run("notes", "add", "decision: Sam gets a quiet room for tests")  # nothing on standard input
    assert added.exit_code == 0 and "encrypted" in added.stdout, added.stderr
    assert not any(b"quiet room" in data for data in _files(data_home).values())
    dated = run("notes", "add", "--date", "11/20/2026", "Sam's reading plan was agreed")
    assert dated.exit_code == 0 and "the meeting on Fri, Nov 20, 2026" in dated.stdout
    shown = run("notes", "show", "--all", input=PASSPHRASE + "\n")  # the meeting notes go to today
    assert "Sam gets a quiet room for tests" in shown.stdout and "reading plan" not in shown.stdout
    assert not list(data_home.rglob("*.waiting-notes.yaml"))
    held = run("notes", "show", "--all", "--date", "11/20/2026", input=PASSPHRASE + "\n")
    assert "Sam's reading plan was agreed" in held.stdout
    again = run("notes", "show", "--all", input=PASSPHRASE + "\n")
    assert again.stdout.count("quiet room") == 1  # filed once


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(run: Run, rich: Path, data_home: Path) -> None:
    _encrypt(run)
    before = _files(data_home)
    refused = run("notes", "show", input="not the passphrase\n")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "That passphrase (or recovery code) does not open this data folder's records."
    none = run("notes", "show", input="")
    assert none.exit_code == 1 and "No passphrase was given" in none.stderr
    assert _files(data_home) == before


def test_the_recovery_code_opens_the_records_however_it_is_typed(run: Run, rich: Path) -> None:
    code = _encrypt(run)
    typed = code.lower().replace("-", " ")
    shown = run("notes", "show", "--date", "11/20/2026", input=typed + "\n")
    assert shown.exit_code == 0 and "OT twice a week" in shown.stdout


def test_decrypt_writes_this_computers_records_in_the_clear_again(run: Run, rich: Path, data_home: Path) -> None:
    before = to_dict(reload())
    _encrypt(run)
    opened = run("decrypt", input=PASSPHRASE + "\n")
    assert opened.exit_code == 0, opened.stderr
    assert b"event: sealed" not in rich.read_bytes() and b"Sam Rivera" in rich.read_bytes()
    assert to_dict(reload()) == before  # every entry as it was
    assert run("notes", "add", "in the clear").exit_code == 0
    assert b"in the clear" in rich.read_bytes()
    assert "OT twice a week" in run("notes", "show", "--date", "11/20/2026").stdout  # no passphrase now


def test_entries_brought_in_from_another_computer_are_sealed_here_too(
    run: Run, rich: Path, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _encrypt(run)
    laptop = rich.with_name("laptop.yaml")
    laptop.write_bytes((Path(__file__).parent / "fixtures" / "rich-record.yaml").read_bytes())  # in the clear
    Record(laptop).append_events(
        [{"event": "profile", "id": "e00000000f1", "at": "2030-01-02T10:00:00-05:00", "school": "Oak Middle"}]
    )
    shown = run("child", "show", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and "Oak Middle" in shown.stdout
    assert b"Oak Middle" not in rich.read_bytes()


def _record_with_notes(count: int) -> Path:
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    child.record.append_many(
        [("note", {"meeting": meeting.id, "kind": "note", "text": f"note {n}"}) for n in range(count)]
    )
    return child.record.path


def _notes_read(iepprep_bin: str, env: dict[str, str]) -> list[str]:
    shown = subprocess.run(
        [iepprep_bin, "notes", "show", "--all"], env=env, input=PASSPHRASE + "\n", capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    return re.findall(r"note (\d+)\n", shown.stdout)


@pytest.mark.parametrize("command", ["encrypt", "decrypt"])
def test_kill_9_while_the_folder_is_encrypted_or_decrypted_leaves_every_note_readable(
    iepprep_bin: str, child_env: dict[str, str], command: str
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    _record_with_notes(400)
    expected = [str(n) for n in range(400)]
    if command == "decrypt":
        subprocess.run(
            [iepprep_bin, "encrypt"], env=env, input=PASSPHRASE + "\n", text=True, capture_output=True, check=True
        )
    chance = random.Random(18)  # noqa: S311 - when to kill, not a secret
    for _ in range(3):
        process = subprocess.Popen(
            [iepprep_bin, command], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert process.stdin is not None
        process.stdin.write((PASSPHRASE + "\n").encode())
        process.stdin.close()
        time.sleep(chance.uniform(0.3, 4.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _notes_read(iepprep_bin, env) == expected
    finished = subprocess.run([iepprep_bin, command], env=env, input=PASSPHRASE + "\n", capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert _notes_read(iepprep_bin, env) == expected


def test_encrypt_and_open_in_a_real_terminal_ask_for_the_passphrase_unseen(
    iepprep_bin: str, child_env: dict[str, str]
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    subprocess.run([iepprep_bin, "child", "add", "Sam"], env=env, check=True, capture_output=True)
    subprocess.run([iepprep_bin, "notes", "add", "A private note"], env=env, check=True, capture_output=True)
    term = pexpect.spawn(iepprep_bin, ["encrypt"], env=env, encoding="utf-8", timeout=60)
    term.expect("Choose a passphrase for the records: ")
    term.sendline(PASSPHRASE)
    term.expect("The same passphrase again: ")
    term.sendline(PASSPHRASE)
    term.expect("Your recovery code")
    term.expect(r"Encrypted \d+ entries")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0 and PASSPHRASE not in (term.before or "")
    term = pexpect.spawn(iepprep_bin, ["notes", "show"], env=env, encoding="utf-8", timeout=60)
    term.expect(r"Passphrase for the encrypted records \(or the recovery code\): ")
    term.sendline("a mistyped passphrase")
    term.expect("does not open this data folder's records")
    term.expect(r"Passphrase for the encrypted records \(or the recovery code\): ")  # asked again
    term.sendline(PASSPHRASE)
    term.expect("A private note")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    term = pexpect.spawn(iepprep_bin, ["decrypt"], env=env, encoding="utf-8", timeout=60)
    term.expect(r"Passphrase for the encrypted records \(or the recovery code\): ")
    term.sendcontrol("c")  # changed their mind: nothing is touched
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130
    term = pexpect.spawn(iepprep_bin, ["decrypt"], env=env, encoding="utf-8", timeout=60)
    term.expect(r"Passphrase for the encrypted records \(or the recovery code\): ")
    term.sendline(PASSPHRASE)
    term.expect(r"Decrypted \d+ entries")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    shown = subprocess.run(
        [iepprep_bin, "notes", "show"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert "A private note" in shown.stdout


def test_a_computer_joining_an_encrypted_folder_starts_its_log_sealed(
    run: Run, rich: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _encrypt(run)
    laptop = rich.with_name("laptop.yaml")  # the other computer, which has not run iepprep encrypt yet
    laptop.write_bytes((Path(__file__).parent / "fixtures" / "rich-record.yaml").read_bytes())
    monkeypatch.setenv("IEPPREP_DEVICE", "desktop")
    shown = run("child", "show", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and "Sam Rivera" in shown.stdout
    desktop = rich.with_name("desktop.yaml").read_bytes()
    assert b"event: sealed" in desktop and not any(private in desktop for private in PRIVATE)
