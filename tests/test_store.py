"""The booking store: transactions, references, clear errors, and two processes at once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from chatbot.dialogue.store import (
    REF_ALPHABET,
    REF_LENGTH,
    BookingDraft,
    BookingError,
    BookingStore,
    MemoryStore,
    default_path,
)

ROOT = Path(__file__).resolve().parents[1]

DRAFT = BookingDraft(
    created_at="2026-11-22T10:30:00",
    departure="Taipei",
    destination="Tokyo",
    time_value="2026-11-27T15:00",
    time_grain="datetime",
    time_text="next Friday at 3pm",
    time_display="Fri 27 Nov 2026, 15:00",
    utterances=("Taipei to Tokyo next Friday at 3pm", "yes"),
)


def rows(path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT ref, departure, destination, utterances FROM bookings ORDER BY id").fetchall()


def test_store_save_then_list_round_trips_every_field(tmp_path: Path) -> None:
    store = BookingStore(tmp_path / "deep" / "bookings.sqlite3")
    saved = store.save(DRAFT)
    assert len(saved.ref) == REF_LENGTH and set(saved.ref) <= set(REF_ALPHABET)
    assert store.all() == [saved]
    assert saved.departure == "Taipei" and saved.utterances == DRAFT.utterances
    assert json.loads(rows(store.path)[0][3]) == list(DRAFT.utterances)


def test_store_lists_oldest_first_with_unique_refs(tmp_path: Path) -> None:
    store = BookingStore(tmp_path / "b.sqlite3")
    saved = [store.save(replace(DRAFT, destination=f"Tokyo {i}")) for i in range(20)]
    listed = store.all()
    assert [b.destination for b in listed] == [f"Tokyo {i}" for i in range(20)]
    assert len({b.ref for b in saved}) == 20


def test_store_booking_json_has_ref_first_and_plain_types(tmp_path: Path) -> None:
    booking = BookingStore(tmp_path / "b.sqlite3").save(DRAFT)
    data = booking.to_json()
    assert list(data)[0] == "ref"
    assert data["utterances"] == list(DRAFT.utterances)
    assert json.loads(json.dumps(data)) == data


def test_store_missing_file_lists_nothing_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "b.sqlite3"
    assert BookingStore(path).all() == []
    assert not path.exists() and not path.parent.exists()


def test_store_locked_database_raises_and_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    store = BookingStore(path, timeout=0.1)
    store.save(DRAFT)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(BookingError, match="locked"):
            store.save(replace(DRAFT, departure="Osaka"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [r[1] for r in rows(path)] == ["Taipei"]


def test_store_unwritable_location_raises_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BookingError) as err:
        BookingStore(blocker / "b.sqlite3").save(DRAFT)
    assert "\n" not in str(err.value) and "cannot create" in str(err.value)


def test_store_file_that_is_not_a_database_raises(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    path.write_bytes(b"this is not sqlite at all, just some text " * 100)
    store = BookingStore(path)
    with pytest.raises(BookingError, match="not a bookings database"):
        store.save(DRAFT)
    with pytest.raises(BookingError, match="not a bookings database"):
        store.all()


def test_store_folder_given_as_the_database_raises(tmp_path: Path) -> None:
    store = BookingStore(tmp_path)
    with pytest.raises(BookingError, match="is a folder, not a bookings database"):
        store.all()
    with pytest.raises(BookingError, match="is a folder, not a bookings database"):
        store.save(DRAFT)
    assert list(tmp_path.iterdir()) == []


def test_store_default_path_is_in_the_user_data_folder() -> None:
    path = default_path()
    assert path.name == "bookings.sqlite3" and "slotbot" in str(path.parent)


def test_store_memory_store_keeps_bookings_with_unique_refs() -> None:
    store = MemoryStore()
    saved = [store.save(DRAFT) for _ in range(30)]
    assert store.all() == saved and len({b.ref for b in saved}) == 30


WRITER = textwrap.dedent(
    """
    import sys
    from chatbot.dialogue.store import BookingDraft, BookingStore
    path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = BookingStore(path, timeout=10)
    for i in range(count):
        store.save(BookingDraft("2026-11-22T10:30:00", who, f"stop {i}", "2026-11-27", "date", "Friday",
                                "Fri 27 Nov 2026", (who, str(i))))
    """
)


def test_store_two_processes_booking_at_once_lose_nothing(tmp_path: Path) -> None:
    path, count, writers = tmp_path / "shared.sqlite3", 40, ("alpha", "beta", "gamma")
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, str(count)], cwd=ROOT, stderr=subprocess.PIPE)
        for who in writers
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    saved = rows(path)
    assert len(saved) == count * len(writers)
    assert len({r[0] for r in saved}) == len(saved)
    for who in writers:
        assert sorted(r[2] for r in saved if r[1] == who) == sorted(f"stop {i}" for i in range(count))
