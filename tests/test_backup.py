"""Backup and restore in one file, and papers encrypted for one reader (an advocate's age key)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pexpect
import pyrage
import pytest

from iepprep import children, paths
from iepprep.export import to_dict

from helpers import Run, reload

PASSPHRASE = "correct horse battery"  # noqa: S105 - a made-up passphrase for the tests


def _sam(run: Run, today: str) -> Path:
    """Sam's record with a meeting, two notes and a state setting; and a checklist of the parent's own."""
    assert run("child", "add", "Sam").exit_code == 0
    assert run("notes", "add", "Speech twice a week, 30 minutes").exit_code == 0
    assert run("notes", "add", "? Who runs the reading group").exit_code == 0
    assert run("rules", "set", "state", "CA").exit_code == 0
    own = paths.user_checklists_dir()
    own.mkdir(parents=True, exist_ok=True)
    (own / "after.yaml").write_text(
        "id: after\ntitle: After\nphase: after\nsummary: The week after.\nitems:\n"
        "  - id: written\n    kind: check\n    text: Check the written IEP.\n    why: It must say what was agreed.\n",
        encoding="utf-8",
    )
    return reload().record.path


def _backup(run: Run, *options: str) -> Path:
    done = run("backup", *options, input=PASSPHRASE + "\n")
    assert done.exit_code == 0, done.stderr
    return next(Path.cwd().glob("iepprep-backup-*"))


def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    home = tmp_path / name
    monkeypatch.setenv("IEPPREP_HOME", str(home))
    return home


def test_a_backup_restored_into_an_empty_folder_is_the_original(
    run: Run, today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _sam(run, today)
    original, folded = record.read_bytes(), to_dict(reload())
    backup = _backup(run)
    assert backup.stat().st_mode & 0o777 == 0o600
    raw = backup.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"Speech twice a week" not in raw and b"reading group" not in raw and b"PK\x03\x04" not in raw
    with zipfile.ZipFile(io.BytesIO(pyrage.passphrase.decrypt(raw, PASSPHRASE))) as inside:
        assert inside.read(f"children/{record.parent.name}.yaml") == original  # the passphrase opens it, and only it

    other = _empty_folder(tmp_path, monkeypatch, "other-computer")
    restored = run("restore", str(backup), input=PASSPHRASE + "\n")
    assert restored.exit_code == 0, restored.stderr
    assert "Sam: restored" in restored.stdout
    restored_log = other / "children" / record.parent.name / record.name  # this computer's log of Sam
    assert restored_log.read_bytes() == original
    assert to_dict(reload()) == folded
    assert (other / "checklists" / "after.yaml").exists() and (other / "state-rules.yaml").exists()
    assert restored_log.stat().st_mode & 0o777 == 0o600


def test_an_older_backup_restored_into_a_newer_folder_keeps_the_newer_notes(run: Run, today: str) -> None:
    _sam(run, today)
    backup = _backup(run, "--unencrypted")
    assert run("notes", "add", "A note written after the backup").exit_code == 0
    assert run("meeting", "move", "11/28/2026", "12/1/2026").exit_code == 0
    before = to_dict(reload())
    restored = run("restore", str(backup))
    assert restored.exit_code == 0 and "Sam: everything in the backup is already here." in restored.stdout
    assert to_dict(reload()) == before  # nothing lost, nothing doubled, the later move still stands


def test_restoring_brings_back_only_what_is_missing_and_twice_changes_nothing(
    run: Run, today: str, tmp_path: Path
) -> None:
    record = _sam(run, today)
    assert run("notes", "add", "A note only the backup will have").exit_code == 0
    backup = _backup(run, "--unencrypted")
    lines = record.read_bytes().split(b"--- #")
    record.write_bytes(b"--- #".join(lines[:-1]))  # as if that last note was lost on this computer
    assert "only the backup" not in json.dumps(to_dict(reload()))
    first = run("restore", str(backup))
    assert first.exit_code == 0 and "Sam: brought back 1 entry that was not here." in first.stdout
    texts = [n["text"] for n in to_dict(reload())["meetings"][0]["notes"]]
    assert texts.count("A note only the backup will have") == 1
    second = run("restore", str(backup))
    assert "everything in the backup is already here" in second.stdout
    assert [n["text"] for n in to_dict(reload())["meetings"][0]["notes"]] == texts


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(
    run: Run, today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sam(run, today)
    backup = _backup(run)
    other = _empty_folder(tmp_path, monkeypatch, "other-computer")
    wrong = run("restore", str(backup), input="not the passphrase\n")
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == (
        f"That passphrase does not open {backup}, or the file was damaged or cut short; nothing was changed."
    )
    assert not list(other.glob("children/*.yaml"))


def _tampered(backup: Path, name: str, content: bytes, manifest_too: bool) -> Path:
    """The unencrypted backup with one file's bytes replaced (and its listed checksum, if asked)."""
    import hashlib

    with zipfile.ZipFile(io.BytesIO(backup.read_bytes())) as archive:
        files = {member: archive.read(member) for member in archive.namelist()}
    files[name] = content
    if manifest_too:
        manifest = json.loads(files["iepprep-backup.json"])
        manifest["files"][name] = hashlib.sha256(content).hexdigest()
        files["iepprep-backup.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    target = backup.with_name("tampered.zip")
    target.write_bytes(buffer.getvalue())
    return target


@pytest.mark.parametrize("damage", ["changed", "changed with its checksum", "cut", "not a backup", "a path outside"])
def test_a_damaged_backup_is_refused_whole_before_anything_changes(
    run: Run, today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    record = _sam(run, today)
    backup = _backup(run, "--unencrypted")
    name = f"children/{record.name}"
    torn = record.read_bytes().replace(b"Speech twice", b"Speech thrice")  # the seal no longer matches
    if damage == "changed":
        bad = _tampered(backup, name, torn, manifest_too=False)
    elif damage == "changed with its checksum":
        bad = _tampered(backup, name, torn, manifest_too=True)
    elif damage == "cut":
        bad = backup.with_name("cut.zip")
        bad.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    elif damage == "not a backup":
        bad = backup.with_name("notes.txt")
        bad.write_text("just some notes\n", encoding="utf-8")
    else:
        bad = _tampered(backup, "../outside.yaml", b"x", manifest_too=True)
    other = _empty_folder(tmp_path, monkeypatch, "other-computer")
    refused = run("restore", str(bad))
    assert refused.exit_code == 1 and "nothing was restored" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not list(other.glob("children/*.yaml")) and not list(other.glob(".restore-*"))
    assert not (tmp_path / "outside.yaml").exists()


def test_a_different_record_of_a_child_with_the_same_name_is_not_restored_beside_it(
    run: Run, today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sam(run, today)
    backup = _backup(run, "--unencrypted")
    _empty_folder(tmp_path, monkeypatch, "other-computer")
    assert run("child", "add", "Sam").exit_code == 0
    refused = run("restore", str(backup))
    assert refused.exit_code == 1 and "is not the record of Sam here" in refused.stderr
    assert len(children.find_all().children) == 1


def test_a_backup_waits_for_a_sync_tools_copy_to_be_brought_back(run: Run, today: str) -> None:
    record = _sam(run, today)
    # a copy of Sam's record as an older iepprep kept it, one file beside the children's folders
    copy = record.parent.with_name(record.parent.name + " (Sam's conflicted copy 2026-11-28).yaml")
    copy.write_bytes(record.read_bytes())
    refused = run("backup", "--unencrypted")
    assert refused.exit_code == 1 and "run iepprep repair first" in refused.stderr
    assert not list(Path.cwd().glob("iepprep-backup-*"))


@pytest.mark.parametrize(
    "typed, said", [("short\n", "at least 8 characters"), ("", "No passphrase was given, so nothing was done.")]
)
def test_a_short_passphrase_or_none_is_a_sentence_and_nothing_is_written(
    run: Run, today: str, typed: str, said: str
) -> None:
    _sam(run, today)
    refused = run("backup", input=typed)
    assert refused.exit_code == 1 and said in refused.stderr
    assert not list(Path.cwd().glob("iepprep-backup-*"))


def test_an_export_and_a_brief_for_an_advocates_key_open_only_with_that_key(
    run: Run, rich: Path, today: str, tmp_path: Path
) -> None:
    advocate, stranger = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    key = str(advocate.to_public())
    plain = run("export").stdout
    sent = run("export", "--to-recipient", key)
    assert sent.exit_code == 0 and sent.stdout.startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    assert "Sam Rivera" not in sent.stdout and "Sam Rivera" in plain  # a space is never in the armored text
    assert pyrage.decrypt(sent.stdout.encode(), [advocate]).decode() == plain
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(sent.stdout.encode(), [stranger])
    target = tmp_path / "brief.age"
    brief = run("brief", "--to-recipient", key, "-o", str(target))
    assert brief.exit_code == 0 and "only the holder of that age key can open it" in brief.stdout
    unsealed = tmp_path / "brief.md"
    assert run("brief", "-o", str(unsealed)).exit_code == 0
    assert pyrage.decrypt(target.read_bytes(), [advocate]).decode() == unsealed.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_key_that_is_not_an_age_key_is_one_sentence_and_nothing_is_written(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    target = tmp_path / "export.age"
    refused = run("export", "--to-recipient", "ssh-rsa AAAA not a key", "-o", str(target))
    assert refused.exit_code == 1 and "is not an age public key" in refused.stderr
    assert not target.exists()


def test_backup_and_restore_in_a_real_terminal_ask_for_the_passphrase_unseen(
    iepprep_bin: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    subprocess.run([iepprep_bin, "child", "add", "Sam"], env=env, check=True, capture_output=True)
    subprocess.run([iepprep_bin, "notes", "add", "A note to keep"], env=env, check=True, capture_output=True)
    target = tmp_path / "sam.age"
    term = pexpect.spawn(iepprep_bin, ["backup", "-o", str(target)], env=env, encoding="utf-8", timeout=30)
    term.expect("Choose a passphrase for the backup: ")
    term.sendline(PASSPHRASE)
    term.expect("The same passphrase again: ")
    term.sendline("something else")
    term.expect("The two passphrases differ")
    term.expect("Choose a passphrase for the backup: ")
    term.sendline(PASSPHRASE)
    term.expect("The same passphrase again: ")
    term.sendline(PASSPHRASE)
    term.expect("Wrote ")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0 and PASSPHRASE not in (term.before or "")
    env["IEPPREP_HOME"] = str(tmp_path / "other-computer")
    term = pexpect.spawn(iepprep_bin, ["restore", str(target)], env=env, encoding="utf-8", timeout=30)
    term.expect("Passphrase of the backup: ")
    term.sendline("a mistyped passphrase")
    term.expect("That passphrase does not open")
    term.expect("Passphrase of the backup: ")  # asked again, without starting over
    term.sendline(PASSPHRASE)
    term.expect("Sam: restored")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    shown = subprocess.run([iepprep_bin, "notes", "show", "--all"], env=env, capture_output=True, text=True)
    assert "A note to keep" in shown.stdout
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_a_record_here_that_cannot_be_read_is_never_written_over(run: Run, today: str) -> None:
    record = _sam(run, today)
    backup = _backup(run, "--unencrypted")
    assert run("notes", "add", "A newer note").exit_code == 0
    damaged = record.read_bytes().replace(b"Speech twice", b"Speech thrice")  # a middle entry's seal breaks
    record.write_bytes(damaged)
    refused = run("restore", str(backup))
    assert refused.exit_code == 1 and "Nothing was restored." in refused.stderr
    assert record.read_bytes() == damaged  # the newer note is still there, for the parent to mend


def test_a_torn_last_entry_does_not_stop_a_backup(run: Run, today: str) -> None:
    record = _sam(run, today)
    record.write_bytes(record.read_bytes()[:-5])  # a crash cut the last entry short
    done = run("backup", "--unencrypted")
    assert done.exit_code == 0 and "Wrote " in done.stdout


def test_every_checklist_of_the_parents_is_in_the_backup_and_nothing_is_restored_past_a_folder_in_the_way(
    run: Run, today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sam(run, today)
    for name in ("evaluación.yaml", "my list.yaml"):
        shutil.copy(paths.user_checklists_dir() / "after.yaml", paths.user_checklists_dir() / name)
    backup = _backup(run, "--unencrypted")
    with zipfile.ZipFile(backup) as archive:
        assert {"checklists/evaluación.yaml", "checklists/my list.yaml"} <= set(archive.namelist())
    other = _empty_folder(tmp_path, monkeypatch, "other-computer")
    (other / "state-rules.yaml").mkdir(parents=True)  # something in the way of a setting
    refused = run("restore", str(backup))
    assert refused.exit_code == 1 and "is in the way" in refused.stderr and "nothing was restored" in refused.stderr
    assert not list(other.glob("children/*.yaml"))
    (other / "state-rules.yaml").rmdir()
    assert run("restore", str(backup)).exit_code == 0
    assert (other / "checklists" / "my list.yaml").exists() and (other / "checklists" / "evaluación.yaml").exists()


def test_a_record_is_restored_as_the_child_it_belongs_to_whatever_its_name_in_the_backup(
    run: Run, today: str, tmp_path: Path
) -> None:
    sam = _sam(run, today)
    assert run("child", "add", "Amy").exit_code == 0
    assert run("notes", "add", "--child", "Amy", "Amy's own note").exit_code == 0
    amy = reload("Amy").record.path
    backup = _backup(run, "--unencrypted")
    swapped = _tampered(backup, f"children/{sam.name}", amy.read_bytes(), manifest_too=True)
    swapped = _tampered(swapped, f"children/{amy.name}", sam.read_bytes(), manifest_too=True)
    assert run("notes", "add", "--child", "Amy", "A newer note of Amy's").exit_code == 0
    restored = run("restore", str(swapped))
    assert restored.exit_code == 0, restored.stderr
    assert "Amy's own note" not in json.dumps(to_dict(reload("Sam")))
    assert "A newer note of Amy's" in json.dumps(to_dict(reload("Amy")))


def test_a_file_for_a_key_and_a_secret_key_are_each_one_sentence(run: Run, rich: Path, tmp_path: Path) -> None:
    advocate = pyrage.x25519.Identity.generate()
    sealed = tmp_path / "for-advocate.age"
    sealed.write_bytes(pyrage.encrypt(b"anything", [advocate.to_public()]))
    refused = run("restore", str(sealed), input="whatever passphrase\n")
    assert refused.exit_code == 1 and "encrypted for someone's age key" in refused.stderr
    secret = run("export", "--to-recipient", str(advocate))
    assert secret.exit_code == 1 and "That is a secret key" in secret.stderr
    assert str(advocate) not in secret.stderr + secret.stdout
