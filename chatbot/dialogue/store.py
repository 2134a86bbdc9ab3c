"""Confirmed bookings in SQLite: one row per booking, one transaction per write.

>>> store = BookingStore(tmp / "bookings.sqlite3")             # doctest: +SKIP
>>> store.save(draft).ref                                      # doctest: +SKIP
'K7Q2MX'

Each ``save`` opens its own connection and runs ``BEGIN IMMEDIATE``: the
write lock is taken before anything is read, so two processes booking at once
queue behind SQLite's busy timeout instead of losing a row. Anything that goes
wrong (a lock held too long, a file that can not be written, a file that is
not a database) becomes a :class:`BookingError` with a one-line message, and
nothing is saved.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# Letters and digits nobody misreads over the phone: no 0/O, 1/I/L.
REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REF_LENGTH = 6
BUSY_TIMEOUT = 2.0  # seconds a writer waits for another process's lock
_REF_ATTEMPTS = 8  # 31**6 refs: a collision is rare, eight in a row never happens

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    departure TEXT NOT NULL,
    destination TEXT NOT NULL,
    time_value TEXT NOT NULL,
    time_grain TEXT NOT NULL,
    time_text TEXT NOT NULL,
    time_display TEXT NOT NULL,
    utterances TEXT NOT NULL
)
"""
_COLUMNS = "ref, created_at, departure, destination, time_value, time_grain, time_text, time_display, utterances"


class BookingError(Exception):
    """A booking that could not be saved or read; the message is one line."""


@dataclass(frozen=True)
class BookingDraft:
    """What the dialogue has agreed with the user, before it has a reference.

    Attributes:
        created_at: When it was confirmed, ISO 8601 to the second.
        departure: Where the trip starts, as read back to the user.
        destination: Where it ends, as read back.
        time_value: The normalised time, ``TimeValue.iso()``.
        time_grain: ``date``, ``time``, ``datetime`` or ``range``.
        time_text: The time as the user typed it.
        time_display: The time as read back (``TimeValue.describe()``).
        utterances: Everything the user typed in this booking's conversation.
    """

    created_at: str
    departure: str
    destination: str
    time_value: str
    time_grain: str
    time_text: str
    time_display: str
    utterances: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Booking(BookingDraft):
    """A saved booking: the draft plus its reference code."""

    ref: str

    def to_json(self) -> dict[str, Any]:
        """The booking as plain JSON types, reference first."""
        data = asdict(self)
        return {"ref": data.pop("ref"), **data, "utterances": list(self.utterances)}


def new_ref() -> str:
    """A random reference code such as ``K7Q2MX``."""
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))


class MemoryStore:
    """Bookings kept in a list: for a dialogue that should not touch the disk."""

    def __init__(self) -> None:
        self._bookings: list[Booking] = []

    def save(self, draft: BookingDraft) -> Booking:
        """Keep ``draft`` and return it with a fresh reference."""
        taken = {b.ref for b in self._bookings}
        ref = new_ref()
        while ref in taken:
            ref = new_ref()
        booking = Booking(**asdict(draft), ref=ref)
        self._bookings.append(booking)
        return booking

    def all(self) -> list[Booking]:
        """Every booking kept, oldest first."""
        return list(self._bookings)


def default_path() -> Path:
    """The bookings file in the user's data directory."""
    import platformdirs

    return Path(platformdirs.user_data_dir("slotbot")) / "bookings.sqlite3"


class BookingStore:
    """Bookings in one SQLite file.

    Args:
        path: The database file; created with its folder on the first save.
            Defaults to :func:`default_path`.
        timeout: Seconds to wait for another writer before giving up.
    """

    def __init__(self, path: str | Path | None = None, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout

    def save(self, draft: BookingDraft) -> Booking:
        """Write ``draft`` in one transaction and return it with its reference.

        Raises:
            BookingError: The database is locked, can not be written, or is
                not a bookings database. Nothing was saved.
        """
        row = asdict(draft)
        row["utterances"] = json.dumps(list(draft.utterances), ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise BookingError(f"cannot create {self.path.parent}: {err.strerror or err}") from None
        with self._connect(read_only=False) as db:
            for _ in range(_REF_ATTEMPTS):
                ref = new_ref()
                try:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute(_SCHEMA)
                    db.execute(
                        f"INSERT INTO bookings ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (ref, *(row[k] for k in _COLUMNS.split(", ")[1:])),
                    )
                    db.execute("COMMIT")
                    return Booking(**asdict(draft), ref=ref)
                except sqlite3.IntegrityError:
                    db.execute("ROLLBACK")  # the ref was taken: draw another
        raise BookingError("could not find a free reference code")

    def all(self) -> list[Booking]:
        """Every booking, oldest first; none when the file does not exist yet.

        Raises:
            BookingError: The file is locked, unreadable or not a bookings database.
        """
        if not self.path.exists():
            return []
        with self._connect(read_only=True) as db:
            exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bookings'").fetchone()
            rows = db.execute(f"SELECT {_COLUMNS} FROM bookings ORDER BY id").fetchall() if exists else []
        return [_booking(row) for row in rows]

    @contextmanager
    def _connect(self, read_only: bool) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode (transactions are explicit), with
        every SQLite error turned into a one-line :class:`BookingError`."""
        if self.path.is_dir():  # else SQLite says only that it cannot open it
            raise BookingError(f"{self.path} is a folder, not a bookings database")
        db: sqlite3.Connection | None = None
        try:
            if read_only:  # a URI, so listing never creates the file
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=self.timeout)
            else:
                db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            yield db
        except sqlite3.Error as err:
            if db is not None and db.in_transaction:
                db.rollback()
            raise BookingError(self._explain(err)) from None
        finally:
            if db is not None:
                db.close()

    def _explain(self, err: sqlite3.Error) -> str:
        text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if "locked" in text or "busy" in text:
            return f"the database is locked by another program ({self.path})"
        if "not a database" in text or "malformed" in text:
            return f"{self.path} is not a bookings database"
        if "readonly" in text or "unable to open" in text:
            return f"cannot write {self.path}"
        return f"{self.path}: {text}"


def _booking(row: tuple[Any, ...]) -> Booking:
    data = dict(zip(_COLUMNS.split(", "), row))
    try:
        utterances = json.loads(data["utterances"])
    except (TypeError, ValueError):
        utterances = []
    data["utterances"] = tuple(str(u) for u in utterances) if isinstance(utterances, list) else ()
    return Booking(**{k: (v if k == "utterances" else str(v)) for k, v in data.items()})
