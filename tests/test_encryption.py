"""Encryption at rest: no plaintext of any note, name or answer on disk, notes added without the
passphrase, one sentence for a wrong one, and a record that survives kill -9 while it is encrypted."""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from iepprep import atrest, children, meetings, sealed_notes
from iepprep.cli import app
from iepprep.export import to_dict
from iepprep.record import Record

from helpers import DEVICE, TODAY, Run, reload

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


@pytest.fixture(scope="module")
def sealed_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Sam Rivera's record, encrypted once for the whole module (making a key stretches two
    passphrases, seconds of work); and its recovery code."""
    home = tmp_path_factory.mktemp("sealed") / "iepprep-home"
    (home / "children" / "rich").mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "fixtures" / "rich-record.yaml", home / "children" / "rich" / f"{DEVICE}.yaml")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IEPPREP_HOME", str(home))
        env.setenv("IEPPREP_TODAY", TODAY)
        env.setenv("IEPPREP_DEVICE", DEVICE)
        outcome = CliRunner().invoke(app, ["encrypt"], input=PASSPHRASE + "\n", catch_exceptions=False)
        code = _recovery_code(outcome.exit_code, outcome.stdout)
    return home, code


@pytest.fixture
def sealed(sealed_home: tuple[Path, str], rich: Path, data_home: Path) -> str:
    """This computer's data folder holding Sam Rivera's record, encrypted; its recovery code."""
    _swap_in(sealed_home[0], data_home)
    return sealed_home[1]


def _swap_in(home: Path, data_home: Path) -> None:
    shutil.rmtree(data_home)
    shutil.copytree(home, data_home)


def _recovery_code(exit_code: int, said: str) -> str:
    assert exit_code == 0, said
    found = re.search(r"^  ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", said, re.MULTILINE)
    assert found, said
    return found.group(1)


def _encrypt(run: Run) -> str:
    """Encrypt the data folder; the recovery code it showed."""
    done = run("encrypt", input=PASSPHRASE + "\n")
    return _recovery_code(done.exit_code, done.stdout + done.stderr)


def test_an_encrypted_record_holds_no_name_note_or_answer_in_the_clear(
    run: Run, rich: Path, sealed_home: tuple[Path, str], data_home: Path
) -> None:
    before = run("notes", "show", "--date", "11/20/2026", "--all").stdout
    _swap_in(sealed_home[0], data_home)  # the same record, after iepprep encrypt
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
    run: Run, rich: Path, sealed: str, data_home: Path
) -> None:
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


@pytest.mark.parametrize("command", [["notes", "show"], ["child", "edit"], ["child", "add", "Ana"]])
def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(
    run: Run, rich: Path, sealed: str, data_home: Path, command: list[str]
) -> None:
    before = _files(data_home)
    refused = run(*command, input="not the passphrase\nmore answers\n")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "That passphrase (or recovery code) does not open this data folder's records."
    none = run(*command, input="")
    assert none.exit_code == 1
    assert none.stderr.strip() == "No passphrase was given, so the encrypted records were not opened."
    assert _files(data_home) == before and not list(Path.cwd().iterdir())


def test_the_recovery_code_opens_the_records_however_it_is_typed(run: Run, rich: Path, sealed: str) -> None:
    code = sealed
    typed = code.lower().replace("-", " ")
    shown = run("notes", "show", "--date", "11/20/2026", input=typed + "\n")
    assert shown.exit_code == 0 and "OT twice a week" in shown.stdout


def test_decrypt_writes_this_computers_records_in_the_clear_again(
    run: Run, rich: Path, sealed_home: tuple[Path, str], data_home: Path
) -> None:
    before = to_dict(reload())
    _swap_in(sealed_home[0], data_home)  # the same record, after iepprep encrypt
    opened = run("decrypt", input=PASSPHRASE + "\n")
    assert opened.exit_code == 0, opened.stderr
    assert b"event: sealed" not in rich.read_bytes() and b"Sam Rivera" in rich.read_bytes()
    assert to_dict(reload()) == before  # every entry as it was
    assert run("notes", "add", "in the clear").exit_code == 0
    assert b"in the clear" in rich.read_bytes()
    assert "OT twice a week" in run("notes", "show", "--date", "11/20/2026").stdout  # no passphrase now


def test_entries_brought_in_from_another_computer_are_sealed_here_too(
    run: Run, rich: Path, sealed: str, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = rich.with_name("laptop.yaml")
    laptop.write_bytes((Path(__file__).parent / "fixtures" / "rich-record.yaml").read_bytes())  # in the clear
    Record(laptop).append_events(
        [{"event": "profile", "id": "e00000000f1", "at": "2030-01-02T10:00:00-05:00", "school": "Oak Middle"}]
    )
    shown = run("child", "show", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and "Oak Middle" in shown.stdout
    assert b"Oak Middle" not in rich.read_bytes()
    assert f"another computer keeps ({laptop}) is not encrypted yet" in shown.stderr


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
    for _ in range(2):
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
    run: Run, rich: Path, sealed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = rich.with_name("laptop.yaml")  # the other computer, which has not run iepprep encrypt yet
    laptop.write_bytes((Path(__file__).parent / "fixtures" / "rich-record.yaml").read_bytes())
    monkeypatch.setenv("IEPPREP_DEVICE", "desktop")
    shown = run("child", "show", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and "Sam Rivera" in shown.stdout
    desktop = rich.with_name("desktop.yaml").read_bytes()
    assert b"event: sealed" in desktop and not any(private in desktop for private in PRIVATE)


def _sync(source: Path, target: Path) -> None:
    """A sync tool's pass: every file of the source the target lacks or has older, copied over."""
    for path in source.rglob("*"):
        if path.is_file():
            copy = target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            if not copy.exists() or copy.read_bytes() != path.read_bytes():
                copy.write_bytes(path.read_bytes())


def test_two_computers_turning_encryption_on_at_once_lose_nothing(
    run: Run, rich: Path, data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desktop = tmp_path / "desktop-home"
    _sync(data_home, desktop)
    _encrypt(run)  # the laptop (this computer)
    assert run("notes", "add", "--date", "11/20/2026", "typed on the laptop").exit_code == 0
    monkeypatch.setenv("IEPPREP_HOME", str(desktop))
    monkeypatch.setenv("IEPPREP_DEVICE", "desktop")
    _encrypt(run)  # before the laptop's key reached it: another key
    assert run("notes", "add", "--date", "11/20/2026", "typed on the desktop").exit_code == 0
    # the sync tool keeps the laptop's key and the desktop's as a conflicted copy, on both computers
    (desktop / "encryption.json").rename(desktop / "encryption (desktop's conflicted copy).json")
    _sync(desktop, data_home)
    _sync(data_home, desktop)
    for home, device in ((desktop, "desktop"), (data_home, "this-computer")):
        monkeypatch.setenv("IEPPREP_HOME", str(home))
        monkeypatch.setenv("IEPPREP_DEVICE", device)
        shown = run("notes", "show", "--date", "11/20/2026", "--all", input=PASSPHRASE + "\n")
        assert shown.exit_code == 0, shown.stderr
        assert "typed on the laptop" in shown.stdout and "typed on the desktop" in shown.stdout
        assert (
            "holds two encryption keys" in shown.stderr
            and "encryption (desktop's conflicted copy).json" in shown.stderr
        )


def test_a_note_waiting_on_one_computer_is_filed_on_the_other(
    run: Run, rich: Path, sealed: str, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("notes", "add", "--date", "11/20/2026", "typed on the laptop, never opened there").exit_code == 0
    rich.with_name("laptop.yaml").write_bytes(rich.read_bytes())  # this computer's files, as another's
    rich.with_name(f"laptop{sealed_notes.SUFFIX}").write_bytes(
        rich.with_name(f"this-computer{sealed_notes.SUFFIX}").read_bytes()
    )
    rich.unlink()
    rich.with_name(f"this-computer{sealed_notes.SUFFIX}").unlink()
    for _ in range(2):
        shown = run("notes", "show", "--date", "11/20/2026", "--all", input=PASSPHRASE + "\n")
        assert shown.stdout.count("typed on the laptop, never opened there") == 1
    assert rich.with_name(f"laptop{sealed_notes.SUFFIX}").exists()  # the laptop's own file, left to it


def test_a_computer_whose_entries_are_not_all_sealed_says_so(run: Run, rich: Path, data_home: Path) -> None:
    made, _code = atrest.make_key(PASSPHRASE)  # as after a stop between writing the key and sealing
    atrest.write_key(made)
    shown = run("notes", "show", "--all", input=PASSPHRASE + "\n")
    assert shown.exit_code == 0 and "may still be unencrypted; run iepprep encrypt" in shown.stderr
    assert run("encrypt", input=PASSPHRASE + "\n").exit_code == 0
    again = run("notes", "show", "--all", input=PASSPHRASE + "\n")
    assert again.exit_code == 0 and again.stderr == ""
    assert not any(b"Sam Rivera" in data for data in _files(data_home).values())


def test_a_damaged_key_file_is_one_sentence(run: Run, rich: Path, sealed: str, data_home: Path) -> None:
    key = data_home / "encryption.json"
    key.write_text(key.read_text().replace('"age1', '"xge1'))
    added = run("notes", "add", "a note")
    assert added.exit_code == 1 and "has been changed or damaged" in added.stderr
    assert len(added.stderr.strip().splitlines()) == 1


def test_an_encrypted_backup_restored_with_a_wrong_passphrase_says_so(
    run: Run, rich: Path, sealed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "sam.age"
    made = run("backup", "-o", str(backup), input=f"{PASSPHRASE}\nbackup passphrase\n")
    assert made.exit_code == 0, made.stderr
    monkeypatch.setenv("IEPPREP_HOME", str(tmp_path / "new-computer"))
    refused = run("restore", str(backup), input="backup passphrase\nnot the records' passphrase\n")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "That passphrase (or recovery code) does not open this data folder's records."
    assert not list((tmp_path / "new-computer").rglob("*.yaml")) and not list(
        (tmp_path / "new-computer").rglob("*.json")
    )
    restored = run("restore", str(backup), input=f"backup passphrase\n{PASSPHRASE}\n")
    assert restored.exit_code == 0 and "now keeps every record encrypted too" in restored.stdout


def test_a_sync_tools_copy_in_the_clear_is_encrypted_once_its_entries_are_in_the_log(
    run: Run, rich: Path, sealed: str, data_home: Path
) -> None:
    copy = rich.with_name(f"{DEVICE} (conflicted copy 2026-11-28).yaml")  # left in the clear by a sync tool
    copy.write_bytes((Path(__file__).parent / "fixtures" / "rich-record.yaml").read_bytes())
    warned = run("notes", "show", "--date", "11/20/2026", input=PASSPHRASE + "\n")
    assert warned.exit_code == 0 and "may still be unencrypted; run iepprep encrypt" in warned.stderr
    assert run("encrypt", input=PASSPHRASE + "\n").exit_code == 0
    for path, data in _files(data_home).items():
        for private in PRIVATE:
            assert private not in data, (path, private)
    shown = run("notes", "show", "--date", "11/20/2026", input=PASSPHRASE + "\n")
    assert "OT twice a week" in shown.stdout and shown.stderr == ""
