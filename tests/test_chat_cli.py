"""``slotbot chat`` and ``slotbot bookings`` through ``chatbot.cli.main``, with the shipped model."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from chatbot.cli import main
from model.checkpoint import load_tagger

MODEL = "lstm"
NOW = "2026-11-22T10:30"  # a Sunday
BOOKING = ["I need a train from Taipei to Tokyo next Friday at 3pm", "yes"]


@pytest.fixture(scope="module", autouse=True)
def shipped_model() -> None:
    load_tagger(MODEL)  # fails here, once, if the shipped model is missing


def chat(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lines: list[str], *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))
    code = main(["chat", "--model", MODEL, "--now", NOW, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_chat_cli_prints_one_reply_per_line(monkeypatch, capsys, tmp_path: Path) -> None:
    code, out, err = chat(monkeypatch, capsys, BOOKING, "--db", str(tmp_path / "b.sqlite3"))
    replies = out.splitlines()
    assert code == 0 and err == ""
    assert replies[0] == "Fri 27 Nov 2026, 15:00 - Taipei to Tokyo. Book it?"
    assert replies[1].startswith("Booked! Your reference is ") and len(replies) == 2


def test_chat_cli_json_has_exactly_the_documented_shape(monkeypatch, capsys, tmp_path: Path) -> None:
    lines = ["from Taipei", *BOOKING]
    code, out, _ = chat(monkeypatch, capsys, lines, "--json", "--db", str(tmp_path / "b.sqlite3"))
    first, confirm, booked = (json.loads(line) for line in out.splitlines())
    assert code == 0
    for turn, user in zip((first, confirm, booked), lines):
        assert set(turn) == {"user", "reply", "state", "requested", "slots", "booking"}
        assert turn["user"] == user and set(turn["slots"]) == {"departure", "destination", "time"}
    assert (first["state"], first["requested"]) == ("asking", "destination")
    assert set(first["slots"]["departure"]) == {"text", "prob"} and first["slots"]["time"] is None
    assert first["slots"]["departure"]["text"] == "Taipei" and 0 <= first["slots"]["departure"]["prob"] <= 1
    assert (confirm["state"], confirm["requested"], confirm["booking"]) == ("confirming", None, None)
    time = confirm["slots"]["time"]
    assert set(time) == {"text", "prob", "value", "grain"}
    assert (time["text"], time["value"], time["grain"]) == ("next Friday at 3pm", "2026-11-27T15:00", "datetime")
    assert booked["state"] == "booked" and booked["booking"]["ref"] in booked["reply"]
    assert booked["booking"]["time_value"] == "2026-11-27T15:00"
    assert booked["booking"]["utterances"] == lines


def test_chat_cli_now_pins_the_clock(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("from Taipei to Tokyo tomorrow at 9am\n"))
    main(["chat", "--model", MODEL, "--now", "2027-02-26T08:00", "--db", str(tmp_path / "b.sqlite3")])
    assert capsys.readouterr().out.startswith("Sat 27 Feb 2027, 09:00 - Taipei to Tokyo.")


def test_chat_cli_saves_to_db_and_bookings_lists_them(monkeypatch, capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "b.sqlite3")
    chat(monkeypatch, capsys, BOOKING, "--db", db)
    chat(monkeypatch, capsys, ["from Berlin to Paris tomorrow at 8am", "yes"], "--db", db)
    assert main(["bookings", "--db", db]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2
    assert "Taipei -> Tokyo" in listing[0] and "Fri 27 Nov 2026, 15:00" in listing[0]
    assert "Berlin -> Paris" in listing[1] and "Mon 23 Nov 2026, 08:00" in listing[1]
    assert main(["bookings", "--db", db, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["destination"] for r in rows] == ["Tokyo", "Paris"] and rows[0]["ref"] in listing[0]


def test_chat_cli_bookings_without_a_file_says_none_and_creates_nothing(capsys, tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite3"
    assert main(["bookings", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("no bookings yet")
    assert main(["bookings", "--db", str(db), "--json"]) == 0
    assert capsys.readouterr().out == "" and not db.exists()


def test_chat_cli_bookings_on_a_damaged_file_is_one_error_line(capsys, tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    db.write_text("not a database " * 200)
    assert main(["bookings", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("slotbot: error: ") and "not a bookings database" in err and err.count("\n") == 1


@pytest.mark.parametrize("bad", ["tomorrow", "2026-13-01T10:00", ""])
def test_chat_cli_bad_now_exits_2_with_one_line(monkeypatch, capsys, bad: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("hello\n"))
    assert main(["chat", "--model", MODEL, "--now", bad]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("slotbot: error: --now") and captured.err.count("\n") == 1


def test_chat_cli_empty_and_huge_lines_get_replies(monkeypatch, capsys, tmp_path: Path) -> None:
    huge = "Taipei [bold]to[/bold] Tokyo " * 400  # about 10k characters
    code, out, _ = chat(monkeypatch, capsys, ["", "   ", huge], "--db", str(tmp_path / "b.sqlite3"))
    replies = out.splitlines()
    assert code == 0 and len(replies) == 3 and all(r.strip() for r in replies)
    assert replies[0].startswith("I didn't get anything there.")


def test_chat_cli_reads_a_stray_byte_as_a_replacement_character(monkeypatch, capsys, tmp_path: Path) -> None:
    typed = b"I need a train from Taipei to Tokyo next Friday at 3pm, thanks \xff\nyes\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(typed), encoding="utf-8"))
    code = main(["chat", "--model", MODEL, "--now", NOW, "--db", str(tmp_path / "b.sqlite3"), "--json"])
    turns = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and turns[0]["user"].endswith("thanks \ufffd")
    assert turns[1]["booking"] is not None


def test_chat_cli_unwritable_db_is_not_reported_as_booked(monkeypatch, capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    code, out, _ = chat(monkeypatch, capsys, BOOKING, "--db", str(blocker / "b.sqlite3"))
    last = out.splitlines()[-1]
    assert code == 0 and "couldn't save the booking" in last and "Nothing was booked" in last
    assert "Booked!" not in out


def test_options_before_the_command_apply_to_it(monkeypatch, capsys, tmp_path: Path) -> None:
    # "slotbot --db PATH --now ISO chat" is how the top-level help reads; the
    # command's own options, left out, must not reset them.
    db = tmp_path / "b.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in BOOKING)))
    assert main(["--db", str(db), "--now", NOW, "chat", "--json"]) == 0
    confirm = json.loads(capsys.readouterr().out.splitlines()[0])
    assert confirm["slots"]["time"]["value"] == "2026-11-27T15:00"  # the pinned clock's next Friday
    assert main(["--db", str(db), "bookings"]) == 0
    assert "Taipei -> Tokyo" in capsys.readouterr().out
    assert main(["--model", "ff", "tag", "leave Taipei"]) == 0
    ff_prob = capsys.readouterr().out.splitlines()[1].split()[-1]
    assert main(["tag", "leave Taipei"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[-1] != ff_prob  # lstm is sure, ff is not
