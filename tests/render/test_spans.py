"""Files assembled from text and from the previous build's bytes: exactly the bytes of writing every text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import certreg.render.spans as spans
from certreg.render.spans import Layout, Piece, Span, assembled, write_chunks

# records of every shape: multi-byte scripts, quotes, separators and line ends inside, one byte long
RECORDS = [
    '{"n":"Ærø Åsane AS"}',
    '{"n":"株式会社テスト"}',
    '{"n":"a\\",\\n,]"}',
    "x",
    '{"n":"Ελληνικά \u2013 \u201cquotes\u201d"}',
]


def write(path: Path, chunks: list) -> tuple[bytes, Layout]:
    layout: Layout = {}
    write_chunks(str(path), assembled(chunks, layout))
    return path.read_bytes(), layout


def array(items: list) -> list:
    """A JSON array's chunks as registry.json gives them: a separator, then the item or its piece."""
    chunks: list = ["["]
    for index, item in enumerate(items):
        chunks += [","] if index else []
        chunks.append(item)
    return [*chunks, "]\n"]


def test_a_file_of_pieces_is_the_file_of_their_texts_and_says_where_each_is(tmp_path: Path) -> None:
    data, layout = write(tmp_path / "a.json", array([Piece(str(i), text) for i, text in enumerate(RECORDS)]))
    assert data == ("[" + ",".join(RECORDS) + "]\n").encode("utf-8")
    assert [data[start : start + size].decode("utf-8") for start, size in layout.values()] == RECORDS


@pytest.mark.parametrize("kernel", [True, False], ids=["copy_file_range", "read-and-write"])
def test_unchanged_records_copied_from_the_previous_file_give_the_bytes_of_writing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: bool
) -> None:
    old, before = write(tmp_path / "old.json", array([Piece(str(i), text) for i, text in enumerate(RECORDS)]))
    copies: list[Span] = []
    real = spans.copy_span
    monkeypatch.setattr(spans, "copy_span", lambda span, fd: copies.append(span) or real(span, fd))
    if not kernel:
        monkeypatch.setattr(os, "copy_file_range", lambda *args: (_ for _ in ()).throw(OSError("EXDEV")))
    records = [*RECORDS[:3], '{"n":"changed: Ğüç"}', RECORDS[4], '{"n":"new"}']
    pieces = [Piece(str(i), Span(str(tmp_path / "old.json"), *before[str(i)])) for i in range(3)]
    pieces += [
        Piece("3", records[3]),
        Piece("4", Span(str(tmp_path / "old.json"), *before["4"])),
        Piece("5", records[5]),
    ]
    data, after = write(tmp_path / "new.json", array(pieces))
    assert data == ("[" + ",".join(records) + "]\n").encode("utf-8") and old != data
    assert [data[start : start + size].decode("utf-8") for start, size in after.values()] == records
    assert [(span.offset, span.length) for span in copies] == [
        (1, sum(before["2"]) - 1),
        before["4"],
    ]  # neighbours joined


def test_lines_with_no_separator_are_joined_into_one_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"{i},Société {i},“{i}”\n" for i in range(5)]
    _, before = write(tmp_path / "old.csv", ["head\n", *(Piece(str(i), line) for i, line in enumerate(lines))])
    copies: list[Span] = []
    real = spans.copy_span
    monkeypatch.setattr(spans, "copy_span", lambda span, fd: copies.append(span) or real(span, fd))
    source = str(tmp_path / "old.csv")
    data, _ = write(tmp_path / "new.csv", ["head\n", *(Piece(str(i), Span(source, *before[str(i)])) for i in range(5))])
    assert data == ("head\n" + "".join(lines)).encode("utf-8") and len(copies) == 1


def test_a_previous_file_shorter_than_its_layout_fails_the_build_instead_of_writing_less(tmp_path: Path) -> None:
    (tmp_path / "old").write_bytes(b"abc")
    with pytest.raises(OSError, match="ends before"):
        write_chunks(str(tmp_path / "new"), [Span(str(tmp_path / "old"), 1, 10)])
