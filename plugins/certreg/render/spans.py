"""Files assembled from text and from byte ranges of the files the previous build wrote.

A bulk open data file (`registry.json`, `certificates.csv`) is the concatenation of one text per record,
and from one day to the next most records are unchanged. Rather than read each record's text back
from the cache and write it again, a build copies each unchanged record's bytes from the previous
file (`os.copy_file_range`: the kernel copies them, and neighbouring records in one call) and writes
only the changed ones. `Piece(name, content)` marks a record's part of a file's chunks, its content a
text or a `Span` of the previous file; `assembled` turns such chunks into what `write_chunks` writes,
and records where each record's bytes now are (`Layout`), for the next build.

Whether the previous file may be copied from is the caller's business (render/opendata/bulk.py: only
when it is intact and was written under the key its layout was kept under), as is the order: a span
is copied as it stands, so a file is byte for byte what writing every text would give.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import NamedTuple

WRITE_BUFFER = 1 << 20  # bytes gathered before one write(2)
Layout = dict[str, tuple[int, int]]  # record name → (offset, length) of its bytes in a file


class Span(NamedTuple):
    """Bytes to copy from a file the previous build wrote: its path, the offset and the length."""

    source: str
    offset: int
    length: int


class Piece(NamedTuple):
    """One record's part of a file: its name and its text, or the span of the previous file holding it."""

    name: str
    content: str | Span


Chunk = str | bytes | Span | Piece


def assembled(chunks: Iterable[Chunk], layout: Layout) -> Iterator[bytes | Span]:
    """The bytes and spans `chunks` stand for, neighbouring spans joined; each piece's place put in `layout`.

    Two spans are joined when the second starts where the first ends in the same file, plus the
    bytes written between them: a file's records are only ever separated by the same separators
    (`,` between JSON array items, nothing between CSV lines), so that gap holds those very bytes.
    """
    offset, run, held = 0, None, b""
    for chunk in chunks:
        if isinstance(chunk, Piece):
            name, chunk = chunk.name, chunk.content
            size = chunk.length if isinstance(chunk, Span) else len(chunk.encode("utf-8"))
            layout[name] = (offset, size)
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        if isinstance(data, Span):
            if run is not None and data.source == run.source and data.offset == run.offset + run.length + len(held):
                run = Span(run.source, run.offset, data.offset + data.length - run.offset)
            else:
                if run is not None:
                    yield run
                if held:
                    yield held
                run = data
            held = b""
            offset += data.length
            continue
        offset += len(data)
        if run is None:
            yield data
        else:
            held += data
            if len(held) > WRITE_BUFFER:  # not a separator: the run ends here
                yield run
                yield held
                run, held = None, b""
    if run is not None:
        yield run
    if held:
        yield held


def write_chunks(path: str, chunks: Iterable[str | bytes | Span]) -> None:
    """Write text (UTF-8), bytes and spans copied from other files, in order, to a new file at `path`."""
    buffer: list[bytes] = []
    buffered = 0
    with open(path, "wb", buffering=0) as handle:
        for chunk in chunks:
            if isinstance(chunk, Span):
                write_all(handle.fileno(), b"".join(buffer))
                buffer, buffered = [], 0
                copy_span(chunk, handle.fileno())
                continue
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            buffer.append(data)
            buffered += len(data)
            if buffered >= WRITE_BUFFER:
                write_all(handle.fileno(), b"".join(buffer))
                buffer, buffered = [], 0
        write_all(handle.fileno(), b"".join(buffer))


def write_all(descriptor: int, data: bytes) -> None:
    """Write all of `data` (a write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def copy_span(span: Span, descriptor: int) -> None:
    """Append `span`'s bytes to the file open as `descriptor`, in the kernel where it can; else read and write."""
    source = os.open(span.source, os.O_RDONLY)
    try:
        offset, left = span.offset, span.length
        while left:
            try:
                copied = os.copy_file_range(source, descriptor, left, offset)
            except OSError:  # another filesystem or kernel: copy through this process
                copied = len(data := os.pread(source, min(left, WRITE_BUFFER), offset))
                write_all(descriptor, data)
            if copied == 0:
                raise OSError(f"certreg: {span.source} ends before byte {offset + left}")
            offset, left = offset + copied, left - copied
    finally:
        os.close(source)
