"""Tests for descriptions and abstracts packed into shared compressed blocks."""

import random
import zlib

import pytest

from custom_components.seminar_calendar.engine.texts import blocks as texts
from custom_components.seminar_calendar.engine.texts.blocks import (
    ABSTRACT,
    BLOCK_CHARS,
    IN_DESCRIPTION,
    NO_TEXT,
    PackedText,
    TextFields,
    abstract_or_description,
    is_loose,
    loose_text,
    packed,
    packed_card,
    spread_out,
    unpacked,
)


def _talks(count: int, seed: int = 1) -> list[tuple[str | None, str | None]]:
    """Return descriptions with abstracts inside, after, or none; some texts empty."""
    rng = random.Random(seed)
    talks: list[tuple[str | None, str | None]] = []
    for number in range(count):
        words = " ".join(
            f"w{rng.randrange(10**6)}" for _ in range(rng.randint(50, 400))
        )
        abstract = f"Abstract {number}: {words[:300]}"
        kind = number % 4
        if kind == 0:
            talks.append((f"Speaker: S{number}\n{abstract}\nRoom 1 ünïcödé", abstract))
        elif kind == 1:
            talks.append((f"Talk {number} {words}", f"Not inside {number} ✓"))
        elif kind == 2:
            talks.append((f"Just a description {number} {words}", None))
        else:
            talks.append(
                (None, f"Only an abstract {number}") if number % 8 else (None, None)
            )
    return talks


def test_loose_texts_hold_the_abstract_inside_or_after_the_description() -> None:
    inside = loose_text("Speaker: A\nAbstract: B.\nRoom 4", "B.")
    # The body (abstract) at 21:23, within the description's 0:30.
    assert inside[1:] == (0, 21, 21, 23, 23, 30, ABSTRACT | IN_DESCRIPTION)
    after = loose_text("Dinner", "Soup")
    assert after == ("DinnerSoup", 0, 6, 6, 10, 10, 10, ABSTRACT)
    only = loose_text("Dinner", None)
    assert only == ("Dinner", 0, 0, 0, 6, 6, 6, IN_DESCRIPTION)
    assert loose_text(None, "Soup") == ("Soup", 0, 0, 0, 4, 4, 4, ABSTRACT)
    empty = loose_text("", None)
    assert empty == NO_TEXT
    assert empty is not loose_text(None, None)  # each may be given a card of its own
    for text, expected in [
        (inside, ("Speaker: A\nAbstract: B.\nRoom 4", "B.")),
        (after, ("Dinner", "Soup")),
        (only, ("Dinner", None)),
        (empty, (None, None)),
        (NO_TEXT, (None, None)),
    ]:
        assert unpacked(text) == expected
        assert unpacked(packed([text])[0]) == expected
        assert is_loose(text) is (text is not NO_TEXT)
        assert packed_card(text) is None


def test_packing_keeps_every_text_and_shares_equal_ones() -> None:
    talks = _talks(300)
    loose = [loose_text(*talk) for talk in talks]
    # A repeated text (a series' occurrences, a copied description) is stored once.
    loose += [loose_text(*talks[0]), loose_text(*talks[5])]
    result = packed(loose)
    assert [unpacked(text) for text in result] == [
        (description or None, abstract or None)
        for description, abstract in [*talks, talks[0], talks[5]]
    ]
    assert result[-2] is result[0]
    assert result[-1] is result[5]
    assert not any(is_loose(text) for text in result)
    blocks = list(
        dict.fromkeys(TextFields(*text).block for text in result if text is not NO_TEXT)
    )
    characters = sum(len(loose_text(*talk)[0]) for talk in talks)
    assert all(isinstance(block, bytes) for block in blocks)
    assert len(blocks) == pytest.approx(characters / BLOCK_CHARS, abs=1.5)
    # Packing packed texts again gives the same texts, in new blocks.
    again = packed(result)
    assert [unpacked(text) for text in again] == [unpacked(text) for text in result]
    assert not {id(TextFields(*text).block) for text in again} & {
        id(block) for block in blocks
    }


def test_abstract_or_description_reads_only_what_a_card_shows() -> None:
    result = packed(loose_text(*talk) for talk in _talks(8))
    for text in result:
        description, abstract = unpacked(text)
        assert abstract_or_description(text) == (abstract or description)
    assert abstract_or_description(NO_TEXT) is None
    assert abstract_or_description(loose_text("Dinner", None)) == "Dinner"


def test_blocks_read_lately_are_not_decompressed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decompressed: list[bytes] = []
    original = texts._decompress

    def counting(block: bytes) -> str:
        decompressed.append(block)
        return original(block)

    monkeypatch.setattr(texts, "_decompress", counting)
    result = packed(loose_text(*talk) for talk in _talks(400, seed=2))
    blocks = list(dict.fromkeys(TextFields(*text).block for text in result))
    expected = [unpacked(text) for text in result]
    assert len(decompressed) == len(blocks) > 4
    # A window read again, within the cache's size: no block decompressed twice.
    decompressed.clear()
    assert [unpacked(text) for text in result[:100]] == expected[:100]
    assert decompressed == []
    # Reading more than the cache holds evicts the oldest blocks, and stays right.
    monkeypatch.setattr(texts, "CACHED_BYTES", BLOCK_CHARS)
    texts.clear_cache()
    decompressed.clear()
    assert [unpacked(text) for text in reversed(result)] == expected[::-1]
    assert [unpacked(text) for text in result] == expected
    assert len(decompressed) == 2 * len(blocks) - 1


def test_zlib_serves_a_python_without_zstd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts, "zstd", None)
    talks = _talks(50)
    result = packed(loose_text(*talk) for talk in talks)
    block = TextFields(*result[0]).block
    assert isinstance(block, bytes)
    assert zlib.decompress(block).decode().startswith(talks[0][0])
    assert [unpacked(text) for text in result] == [
        (description or None, abstract or None) for description, abstract in talks
    ]


def test_blocks_spread_out_when_texts_leave_them() -> None:
    talks = _talks(400, seed=3)
    fresh = packed(loose_text(*talk) for talk in talks)
    assert not spread_out(fresh)
    # New texts count as the blocks they will fill.
    assert not spread_out([*fresh, *(loose_text(*talk) for talk in _talks(10, seed=4))])
    # Only one text in ten still in use: most of every block is room taken for nothing.
    assert spread_out(fresh[::10])
    # Each text in a block of its own.
    alone: list[PackedText] = [packed([text])[0] for text in fresh[:40]]
    assert spread_out(alone)
    assert not spread_out([])


def test_a_card_is_packed_around_the_body_and_read_as_one_slice() -> None:
    talks = [
        ("Speaker: A\nAbstract: B.\nRoom 4", "B."),
        ("Dinner", None),
        ("Dinner", "Soup"),
        (None, None),
    ]
    frames = [("Speaker: A\n\n", "\n\nhttps://a"), ("", ""), ("X\n\n", ""), ("Z", "")]
    result = packed([loose_text(*talk) for talk in talks], frames)
    assert [packed_card(text) for text in result] == [
        "Speaker: A\n\nB.\n\nhttps://a",
        "Dinner",
        "X\n\nSoup",
        "Z",  # no texts, but a card: speaker and link lines
    ]
    assert [unpacked(text) for text in result] == [
        (description, abstract) for description, abstract in talks
    ]
    # Packed again without frames, the cards stay.
    again = packed(result)
    assert [packed_card(text) for text in again] == [
        packed_card(text) for text in result
    ]
    assert [unpacked(text) for text in again] == [unpacked(text) for text in result]
