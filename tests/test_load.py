"""The YAML loader: positions, duplicate keys, limits and encodings, without exceptions."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from legcompare.load import MAX_BYTES, Document, decode_bytes, load_document, parse_document


def rules(text: str) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in parse_document(text, "t.yaml").findings]


def test_positions_are_recorded_for_values_and_keys() -> None:
    doc = parse_document("a: 1\nb:\n  c: [x, y]\n", "t.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert doc.positions[("b", "c", 1)] == (3, 10)
    assert doc.key_positions[("b", "c")] == (3, 3)


def test_duplicate_keys_name_both_lines_and_keep_going() -> None:
    doc = parse_document("a: 1\nb: {c: 1}\na: 2\nb: x\n", "t.yaml")
    messages = [f.message for f in doc.findings]
    assert messages == [
        "duplicate key 'a' (first on line 1, again on line 3)",
        "duplicate key 'b' (first on line 2, again on line 4)",
    ]
    assert doc.data == {"a": 1, "b": {"c": 1}}


def test_nested_duplicate_key() -> None:
    assert rules("x:\n  y:\n    z: 1\n    z: 2\n") == [("duplicate-key", 4)]


def test_dates_stay_text_so_the_schema_can_check_them() -> None:
    assert parse_document("d: 2024-02-30\n", "t.yaml").data == {"d": "2024-02-30"}


def test_unsafe_tags_are_refused() -> None:
    assert rules("a: !!python/object/apply:os.system [ls]\n") == [("yaml-tag", 1)]


def test_syntax_error_has_a_position() -> None:
    assert rules('a: "open\n') == [("yaml-syntax", 1)]  # where the quote opens


def test_several_documents_are_refused() -> None:
    assert rules("a: 1\n---\nb: 2\n") == [("yaml-multiple-documents", 2)]


def test_non_finite_numbers_are_reported() -> None:
    assert rules("a: .nan\nb: -.inf\n") == [("yaml-value", 1), ("yaml-value", 2)]


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    assert rules("\n".join(lines)) == [("yaml-too-many-nodes", 6)]


def test_deep_nesting_is_stopped_without_recursion() -> None:
    assert rules("a: " + "[" * 100 + "]" * 100) == [("yaml-too-deep", 1)]
    # libyaml refuses such depth itself; either way it is a finding, not a crash.
    assert rules("a: " + "[" * 10_000 + "]" * 10_000)[0][0] in {"yaml-too-deep", "yaml-syntax"}


def test_encodings() -> None:
    assert decode_bytes(b"\xef\xbb\xbfa: 1\n", "f")[0] == "a: 1\n"
    assert decode_bytes("a: 1".encode("utf-16"), "f")[1].rule == "encoding"  # type: ignore[union-attr]
    text, problem = decode_bytes(b"a: 1\nb: \xff\n", "f")
    assert text is None and problem is not None
    assert (problem.rule, problem.line, problem.column) == ("encoding", 2, 4)
    assert decode_bytes(b"\x00\x01\x02", "f")[1].rule == "encoding"  # type: ignore[union-attr]


def test_size_limit_and_unreadable_paths(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert load_document(str(big)).findings[0].rule == "file-too-large"
    assert load_document(str(tmp_path)).findings[0].rule == "file-unreadable"
    assert load_document(str(tmp_path / "missing.yaml")).findings[0].rule == "file-unreadable"


def test_a_control_character_is_reported_where_it_is() -> None:
    assert rules("a: 1\nb: é x\x07y\n") == [("yaml-syntax", 2)]
    finding = parse_document("a: 1\nb: é x\x07y\n", "t.yaml").findings[0]
    assert (finding.line, finding.column) == (2, 7)


def test_scalars_the_constructors_choke_on_are_findings() -> None:
    # KeyError, IndexError, ValueError and OverflowError inside PyYAML's constructors.
    for text in ("a: !!bool maybe\n", "a: !!int ''\n", "a: !!float x\n", "a: " + "9" * 5000):
        assert rules(text) == [("yaml-value", 1)], text
    assert rules("a: " + "1:" * 200 + "1.5\n") == [("yaml-value", 1)]


def test_integers_too_large_for_a_float_are_refused() -> None:
    doc = parse_document("a: " + "1:" * 3000 + "1\n", "t.yaml")
    assert [(f.rule, f.line, f.column) for f in doc.findings] == [("yaml-value", 1, 4)]
    assert "is too large" in doc.findings[0].message and len(doc.findings[0].message) < 80
    assert parse_document("a: 12345678901234567890\n", "t.yaml").data == {"a": 12345678901234567890}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_without_a_writer_reads_as_empty(tmp_path: Path) -> None:
    fifo = tmp_path / "ABC.yaml"
    os.mkfifo(fifo)
    loaded: list[Document] = []
    reader = threading.Thread(target=lambda: loaded.append(load_document(str(fifo))))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # a plain open() waits for a writer: be one, so the thread ends
        open(fifo, "wb").close()
        reader.join()
        pytest.fail("opening a named pipe nobody writes to blocked")
    assert loaded[0].data is None and loaded[0].findings == []


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="/dev/fd")
def test_a_pipe_whose_writer_is_slow_is_read_in_full() -> None:
    # What a shell passes for `legcompare validate <(git show HEAD:countries/ITA.yaml)`: the
    # reader must wait for the data, not take a pipe that is empty for now as an empty file.
    read_end, write_end = os.pipe()

    def write_late() -> None:
        os.write(write_end, b"a: 1\nb: [x, y]\n")
        os.close(write_end)

    writer = threading.Timer(0.2, write_late)
    writer.start()
    try:
        assert load_document(f"/dev/fd/{read_end}").data == {"a": 1, "b": ["x", "y"]}
    finally:
        writer.join()
        os.close(read_end)


def test_keys_that_read_as_the_same_value_are_named_as_written() -> None:
    doc = parse_document("yes: 1\n1: 2\nname: a\nname: b\n", "k.yaml")
    messages = [(f.line, f.message) for f in doc.findings]
    assert messages == [
        (2, "key '1' collides with key 'yes' on line 1 (YAML reads both as the same value); "
            "quote keys that must stay apart"),
        (4, "duplicate key 'name' (first on line 3, again on line 4)"),
    ]  # fmt: skip


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    doc = parse_document('a: 1\nname: "Testland\nb: 2\n', "q.yaml")
    (finding,) = doc.findings
    assert (finding.line, finding.column, finding.rule) == (2, 7, "yaml-syntax")
    assert finding.message == "a quoted value opened here is never closed"


def test_a_quote_closed_by_the_next_one_is_pointed_out() -> None:
    text = 'a: 1\nname: "Testland\nb: 2\nc: "x"\nd: 4\n'
    (finding,) = parse_document(text, "q.yaml").findings
    assert finding.line == 4
    assert "the quoted value opened on line 2 ends here: a missing quote?" in finding.message


def test_a_legitimate_multi_line_quote_gets_no_such_hint() -> None:
    text = 'a: "one\n  two"\nb: [\n'
    (finding,) = parse_document(text, "q.yaml").findings
    assert "missing quote" not in finding.message
