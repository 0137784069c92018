"""Spanish, end to end: the catalog is whole, the checklists match their originals, every screen speaks
Spanish, letters go out in the language chosen, and Spanish reads plainly."""

from __future__ import annotations

import gettext
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import textstat

from iepprep.checklists import bundled_dir, load_file, load_translation, translated_path
from iepprep.letters import KINDS, draft

import translations
from helpers import SCREENS_OF_THE_RECORD, Run, full_record, reload

SPANISH_CHECKLISTS = sorted((bundled_dir() / "es").glob("*.yaml"))


# -- the catalog --------------------------------------------------------------------------------------------


def test_every_message_has_a_spanish_translation_with_the_same_placeholders() -> None:
    spanish = translations.read("es")
    problems = []
    for message in translations.catalog():
        if not message.id:
            continue
        found = spanish.get(message.id)
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        said = (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ("",)
        if not all(said):
            problems.append(f"no translation: {originals[0]!r}")
            continue
        for number, text in enumerate(said):  # the one form against the singular, the many against the plural
            original = originals[min(number, len(originals) - 1)]
            if translations.placeholders(text) != translations.placeholders(original):
                problems.append(f"placeholders differ: {original!r} -> {text!r}")
    assert problems == []


def test_the_compiled_catalog_is_the_one_the_translations_make() -> None:
    """The .mo shipped in the wheel says what the .po says (run `python tests/translations.py compile`)."""
    shipped = gettext.GNUTranslations(io.BytesIO(translations.po_path("es").with_suffix(".mo").read_bytes()))
    made = gettext.GNUTranslations(io.BytesIO(translations.compiled("es")))
    assert shipped._catalog == made._catalog  # type: ignore[attr-defined]


# -- choosing the language ----------------------------------------------------------------------------------


def test_the_language_is_chosen_by_option_then_variable_then_setting_then_locale(
    run: Run, monkeypatch: pytest.MonkeyPatch, data_home: Path
) -> None:
    assert run("config").stdout.startswith("Language: English (en)")
    monkeypatch.setenv("LANG", "es_US.UTF-8")
    assert run("config").stdout.startswith("Idioma: Español (es)")
    saved = run("config", "lang", "en")
    assert saved.exit_code == 0 and "From now on iepprep speaks English." in saved.stdout
    assert json.loads((data_home / "settings.json").read_text())["lang"] == "en"
    assert run("config").stdout.startswith("Language: English")  # the saved setting beats the locale
    monkeypatch.setenv("IEPPREP_LANG", "es")
    assert run("config").stdout.startswith("Idioma:")  # the variable beats the setting
    assert run("--lang", "en", "config").stdout.startswith("Language:")  # the option beats them all
    bad = run("--lang", "fr", "config")
    assert bad.exit_code == 2 and "'fr' is not a language iepprep speaks" in bad.stderr


def test_help_is_in_spanish(run: Run) -> None:
    shown = run("--lang", "es", "--help").stdout
    assert "\nOpciones:\n" in shown and "\nComandos:\n" in shown and shown.startswith("Uso: ")
    assert "Show this message and exit" not in shown
    typed = run("--lang", "es", "help", "services", "log").stdout  # the word help, as a parent types it
    assert typed.startswith("Uso: ") and "Anote una sesión" in typed
    assert "config      Muestre o guarde sus ajustes, por ejemplo el idioma" in run("--lang", "es", "help").stdout


# -- checklists ------------------------------------------------------------------------------------------------


def test_each_bundled_checklist_has_a_spanish_translation_that_matches_it() -> None:
    originals = sorted(bundled_dir().glob("*.yaml"))
    assert [path.name for path in SPANISH_CHECKLISTS] == [path.name for path in originals]
    for path in originals:
        translated = load_translation(load_file(path, bundled=True), translated_path(path, "es"))
        assert [item.id for item in translated.items] == [item.id for item in load_file(path).items]


def test_a_translation_that_drifts_from_its_original_is_refused_with_file_and_line(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    (folder / "es").mkdir(parents=True)
    original = "id: mine\ntitle: Mine\nphase: before\nsummary: s\nitems:\n"
    original += "  - id: one\n    kind: check\n    text: First.\n    why: Because.\n"
    original += "  - id: two\n    kind: text\n    text: Second.\n    why: Because.\n"
    (folder / "mine.yaml").write_text(original)
    drifted = original.replace("Mine", "Mía").replace("id: two\n    kind: text", "id: dos\n    kind: text")
    (folder / "es" / "mine.yaml").write_text(drifted)
    result = run("checklists", "validate", str(folder / "es" / "mine.yaml"))
    assert result.exit_code == 1
    assert f"{folder / 'es' / 'mine.yaml'}:10: item 'dos' stands where" in result.stderr
    kinds = original.replace("Mine", "Mía").replace("id: two\n    kind: text", "id: two\n    kind: list")
    (folder / "es" / "mine.yaml").write_text(kinds)
    result = run("checklists", "validate", str(folder / "es" / "mine.yaml"))
    assert ":10: item 'two' should have the same kind" in result.stderr


@pytest.mark.parametrize("path", SPANISH_CHECKLISTS, ids=lambda path: path.name)
def test_each_spanish_checklist_reads_plainly(path: Path) -> None:
    checklist = load_file(path)
    text = " ".join([checklist.summary, *(f"{item.text} {item.why}" for item in checklist.items)])
    textstat.set_lang("es")
    try:
        assert textstat.fernandez_huerta(text.replace("{child}", "Sam")) >= 70
    finally:
        textstat.set_lang("en_US")


# -- letters ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_letter_renders_in_spanish_with_dates_written_the_spanish_way(data_home: Path, kind: str) -> None:
    made = draft(kind, full_record(), language="es")
    assert "28 de noviembre de 2026" in made.text
    assert "[BLANK TO FILL" not in made.text and "Sincerely" not in made.text
    assert made.blanks == made.text.count("[ESPACIO PARA LLENAR")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_spanish_letter_reads_plainly(data_home: Path, kind: str) -> None:
    made = draft(kind, full_record(), language="es")
    prose = re.sub(r"\[[^\]]*\]|\([^)]*CFR[^)]*\)", "", made.prose)
    textstat.set_lang("es")
    try:
        assert textstat.fernandez_huerta(prose) >= 70, prose
    finally:
        textstat.set_lang("en_US")


def test_a_parent_who_reads_spanish_can_send_the_school_a_letter_in_english(run: Run, sam: object) -> None:
    result = run("--lang", "es", "letter", "interpreter-request", "--lang", "en")
    assert result.exit_code == 0
    assert "My first language is Spanish." in result.stdout  # the letter, in English
    assert "Rellene" in result.stderr or "ESPACIO" in result.stderr or "Llene" in result.stderr  # the notes, in Spanish
    spanish = run("--lang", "es", "letter", "interpreter-request")
    assert "Mi lengua materna es el español." in spanish.stdout
    assert "34 CFR 300.322(e)" in spanish.stdout


def test_legal_steps_keep_their_english_names_in_spanish_letters(data_home: Path) -> None:
    made = draft("iee-request", full_record(), language="es")
    assert "Evaluación Educativa Independiente (Independent Educational Evaluation, IEE)" in made.text


# -- every screen -------------------------------------------------------------------------------------------------


def english_sentences() -> list[str]:
    """Runs of five or more words from each English message whose Spanish differs: none may be left on screen."""
    spanish = translations.read("es")
    runs = []
    for message in spanish:
        said = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not all(said):
            continue
        for original in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"\{[^{}]*\}|\n", original):
                words = piece.split()
                if len(words) >= 5 and not any(piece.strip() in text for text in said):
                    runs.append(" ".join(words))
    return runs


@pytest.mark.parametrize("screen", SCREENS_OF_THE_RECORD, ids=" ".join)
def test_no_english_is_left_on_a_spanish_screen(run: Run, rich: Path, screen: tuple[str, ...]) -> None:
    result = run("--lang", "es", *screen)
    shown = " ".join((result.stdout + result.stderr).split())
    leaks = [sentence for sentence in english_sentences() if sentence in shown]
    assert leaks == []


def test_glossary_in_both_languages(run: Run) -> None:
    english = run("glossary", "stay put").stdout
    assert "stay put (Español: permanencia en la colocación actual)" in english
    spanish = run("--lang", "es", "glossary", "debido proceso").stdout
    assert "queja de debido proceso (due process complaint)" in spanish
    missing = run("glossary", "zebra")
    assert missing.exit_code == 1 and "No term in the glossary has 'zebra'" in missing.stderr


# -- the conversations, in Spanish -------------------------------------------------------------------------


def test_prep_in_spanish_saves_spanish_answers_and_says_how_to_go_on(run: Run, sam: object, today: str) -> None:
    run("meeting", "add", "12/3/2026")
    result = run("--lang", "es", "prep", input="x\n/why\naún no\n/skip\n/quit\n")
    assert result.exit_code == 0
    out = result.stdout
    assert "Punto 1 de " in out and "1 hecho, 2 aún no, 3 no aplica: " in out
    assert "  guardado: hecho\n" in out and "  guardado: aún no\n" in out
    assert "Por qué: " in out and "34 CFR 300.321(a)(1)" in out  # /why and its rule, in Spanish
    assert "jueves 3 de diciembre de 2026" in out  # the date the Spanish way
    assert "Se paró aquí. Se guardaron 2 respuestas." in out
    child = reload()
    given = child.answers_for(child.meetings_in_order[0], "before")
    answered = {item: answer.value for item, answer in given.items() if answer.status == "answered"}
    assert answered == {"purpose": "done", "active-member": "not yet"}  # stored the same in any language


def test_notes_in_spanish_with_spanish_prefixes_and_the_wrap_up(run: Run, sam: object, today: str) -> None:
    run("meeting", "add", today)
    typed = [
        "pregunta: ¿cómo se mide la lectura?",
        "decisión: terapia del habla dos veces por semana",
        "> enviar el informe @Sra. Lee para el viernes",
        "desacuerdo: cortaron los minutos de habla",
        "/done",
        "Ana, Sra. Lee",
        "el plan de lectura",
        "",
        "",
        "",
        "",
    ]
    result = run("--lang", "es", "notes", input="\n".join(typed) + "\n")
    assert result.exit_code == 0
    out = result.stdout
    assert "guardada" in out and "acción - Sra. Lee, para el viernes 4 de diciembre de 2026" in out
    assert "Cierre de la reunión." in out
    assert "4 notas: 1 pregunta, 1 decisión, 1 acción, 1 desacuerdo." in out
    notes = {note.kind: note for note in reload_meeting().notes}
    assert notes["action"].who == "Sra. Lee" and notes["action"].due == "2026-12-04"
    assert notes["question"].text == "¿cómo se mide la lectura?"  # the parent's words, never translated


def reload_meeting() -> Any:
    return reload().meetings_in_order[0]


def test_next_steps_in_spanish_with_the_letter_in_english(run: Run, sam: object, tmp_path: Path) -> None:
    run("meeting", "add", "2026-11-20")
    run("notes", "add", "--date", "2026-11-20", "desacuerdo: la evaluación no vio la dislexia")
    letter = tmp_path / "iee.txt"
    answers = ["1", "1", "", "", "no", "no", "s", *[""] * 6, "3", "sí", "Dr. Patel", "1", str(letter)]
    result = run("--lang", "es", "next-steps", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result
    assert "Evaluación Educativa Independiente" in result.stdout
    assert "¿En qué idioma quiere la carta? 1 English, 2 Español" in result.stdout
    text = letter.read_text(encoding="utf-8")
    assert "Dear Dr. Patel:" in text and "Independent Educational Evaluation" in text  # the letter, in English


def test_check_iep_in_spanish(run: Run, rich: Path) -> None:
    result = run("--lang", "es", "check-iep", input="sí\nen parte\nm\nno\n")  # yes, partly, mine; no letter
    assert result.exit_code == 0, result
    assert "¿Esto está en el IEP escrito? sí, en parte, no, o m si es mío" in result.stdout
    assert "OT twice a week, 30 minutes" in result.stdout  # the parent's words, as typed
    assert "[en parte] send the OT report - Ms. Lee, para el martes 1 de diciembre de 2026" in result.stdout
    assert "sí o no [sí]: " in result.stdout


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_letter_renders_in_spanish_from_an_empty_record(data_home: Path, kind: str) -> None:
    from iepprep import children
    from iepprep.letters import Facts

    child = children.add("Sam")
    made = draft(kind, Facts(child, date(2026, 11, 28), KINDS[kind].role), language="es")
    assert "[ESPACIO PARA LLENAR:" in made.text and made.blanks > 0
    assert "BLANK TO FILL" not in made.text and "None" not in made.text
