"""How list pages are cut: each row on one page, pages sized within bounds, and a row added or removed
changing only the page that holds it (not every page after it, as fixed-size pages did)."""

from __future__ import annotations

from certreg.render.listings import alphabetical, cut, letter_links, page_of

KEYS = [f"certificates/body/{number:05d}/" for number in range(3000)]


def pages(keys: list[str], size: int = 100) -> list[tuple[str, ...]]:
    """The rows of each page, as tuples of keys."""
    starts = cut(keys, size)
    ends = [*starts[1:], len(keys)]
    return [tuple(keys[start:end]) for start, end in zip(starts, ends, strict=True)]


def test_every_row_is_on_exactly_one_page_in_order() -> None:
    assert [key for page in pages(KEYS) for key in page] == KEYS


def test_pages_hold_half_to_twice_the_page_size() -> None:
    cut_up = pages(KEYS)
    assert 3000 / 150 < len(cut_up) < 3000 / 60  # about 100 rows a page
    assert all(50 <= len(page) <= 200 for page in cut_up[:-1])
    assert 1 <= len(cut_up[-1]) <= 200


def test_the_same_rows_are_cut_the_same_way() -> None:
    assert cut(list(KEYS), 100) == cut(KEYS, 100)
    assert cut([], 100) == [0] and cut(KEYS[:10], 100) == [0]


def test_a_row_added_or_removed_changes_the_page_holding_it_and_rarely_a_neighbour() -> None:
    before = set(pages(KEYS))
    changed = []
    for position in range(0, 3000, 7):
        changed.append(len(set(pages([*KEYS[:position], "certificates/new/1/", *KEYS[position:]])) - before))
        changed.append(len(set(pages(KEYS[:position] + KEYS[position + 1 :])) - before))
    assert min(changed) == 1 and max(changed) <= 3  # fixed-size pages: every page from the change on
    assert changed.count(1) > 0.75 * len(changed)


def test_letter_links_point_at_the_page_where_each_letter_starts() -> None:
    slugs = sorted(f"{letter}{number:04d}" for letter in "abcdez" for number in range(0, 400, 3))
    rows = alphabetical([{"slug": slug} for slug in slugs])
    starts = cut(slugs, 40)
    links = letter_links(rows, "organizations/", starts)
    assert [link["letter"] for link in links] == list("ABCDEZ")
    for link in links:
        index = slugs.index(f"{link['letter'].lower()}0000")
        number = page_of(starts, index)
        page = "organizations/" if number == 1 else f"organizations/page/{number}/"
        assert link["url"] == f"{page}#letter-{link['letter'].lower()}"
        assert starts[number - 1] <= index < (starts[number] if number < len(starts) else len(slugs))
