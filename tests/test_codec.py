"""Events written without a YAML library read back exactly with one."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepprep.codec import Unreadable, block, dump_event, load, seal

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["text", "value", "who", "changes", "format"]), values, max_size=5))
def test_any_event_round_trips(fields: dict[str, object]) -> None:
    event = {"event": "note", "id": "e0123456789", "at": "2026-11-28T17:30:00+00:00", **fields}
    assert load(dump_event(event).decode("utf-8")) == event


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text())
def test_any_text_round_trips(text: str) -> None:
    assert load(dump_event({"event": "note", "text": text}).decode("utf-8"))["text"] == text


@pytest.mark.parametrize(
    "text, written",
    [
        ("Sam gets OT twice a week", "Sam gets OT twice a week"),
        ("Émile, 8 ans", "Émile, 8 ans"),
        ("yes", '"yes"'),
        ("No", '"No"'),
        ("2026-12-03", "2026-12-03"),
        ("12", '"12"'),
        ("key: value", '"key: value"'),
        ("[bold]x", '"[bold]x"'),
        ("trailing ", '"trailing "'),
        ("nel\x85line", '"nel\\u0085line"'),
    ],
)
def test_text_is_plain_only_where_yaml_reads_it_back_unchanged(text: str, written: str) -> None:
    assert dump_event({"text": text}) == seal(f"text: {written}\n".encode())


def test_every_event_starts_with_its_length_and_checksum() -> None:
    body = b"event: note\ntext: hello\n"
    assert dump_event({"event": "note", "text": "hello"}) == b"--- # 24 %08x\n" % zlib.crc32(body) + body
    assert load(dump_event({"event": "note", "text": "hello"}).decode()) == {"event": "note", "text": "hello"}


def test_yaml_tags_are_refused_with_their_line() -> None:
    for tagged in ("text: !!binary aGVsbG8=", "at: !!timestamp 2026-11-28", "s: !!set {a: null}"):
        with pytest.raises(Unreadable, match="YAML tag"):
            load("event: note\n" + tagged + "\n")


def test_a_float_is_refused_rather_than_written_ambiguously() -> None:
    with pytest.raises(TypeError):
        dump_event({"value": 1.5})


def test_unreadable_yaml_names_its_line() -> None:
    with pytest.raises(Unreadable) as problem:
        load("a: 1\nb: [unclosed\n")
    assert problem.value.line == 1


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_a_block_yaml_document_reads_back_exactly_with_any_yaml_reader(document: dict[str, object]) -> None:
    import yaml

    assert yaml.safe_load("".join(block(document))) == (document or None)


def test_a_list_given_as_an_iterator_is_written_as_it_comes() -> None:
    import yaml

    taken: list[int] = []

    def meetings() -> Iterator[dict[str, object]]:
        for number in range(3):
            taken.append(number)
            yield {"number": number, "notes": ["2026-12-03", "yes"]}

    pieces = block({"before": "x", "meetings": meetings(), "none": iter([]), "after": []})
    assert next(pieces) == "before: x\n" and taken == []
    text = "before: x\n" + "".join(pieces)
    assert yaml.safe_load(text) == {
        "before": "x",
        "meetings": [{"number": n, "notes": ["2026-12-03", "yes"]} for n in range(3)],
        "none": [],
        "after": [],
    }
    assert 'notes:\n  - "2026-12-03"\n  - "yes"\n' in text  # a date and a yes stay text for every reader


def test_long_keys_floats_and_hidden_letters_read_back_and_show_plainly() -> None:
    import yaml

    concern = "Sam needs more help with reading " * 40  # a concern written as one long sentence, a key
    document = {"concerns_met": {concern: ""}, "answers": [{"value": 1.5, "big": 1e20, "none": float("inf")}]}
    document["name"] = "Sam\u3164"  # a Hangul filler shows as nothing
    text = "".join(block(document))
    assert yaml.safe_load(text) == document
    assert "\u3164" not in text and "Sam\\U00003164" in text
