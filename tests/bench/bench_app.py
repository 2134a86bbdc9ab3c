"""App speed, driven by Pilot: first frame, ready to type, keystroke to panel.

    python tests/bench/bench_app.py [--model lstm] [--keys 60] [--runs 3]

Each run is a fresh process (a cold start, as a user gets it) that:

1. starts the app headless at 160x48 and notes when the first frame is on
   screen (Textual's ``Ready`` event) and when the model is loaded and warm
   (``app.ready``: typing is tagged from then on), both from process start;
2. puts a 20-token draft in the input box, then presses ``--keys`` keys at
   its end (a letter, then backspace, ...) and times each from the key
   event (sent as Pilot sends it) to the memory panel's heatmap being drawn
   into a frame for the new text. Pilot's ``press`` itself is not timed: it
   also waits until the process looks idle, which adds sleeps of its own.

Targets (the issue): first frame <= 500 ms, ready <= 3 s, keystroke to panel
p95 <= 50 ms. This is a benchmark, not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before Textual or the app is imported

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from tempfile import TemporaryDirectory  # noqa: E402

DRAFT = "I would like to leave Taipei on November 2nd at 5pm and arrive in Tokyo by the evening please"
SIZE = (160, 48)


def since_process_start() -> float:
    """Seconds since this process was started (Linux: from /proc), else since the script began."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - START


async def one_run(model: str, keys: int) -> dict[str, object]:
    from textual import events
    from textual.widgets import Static

    from chatbot.app.app import SlotbotApp
    from chatbot.app.widgets.memory_panel import MemoryPanel

    marks: dict[str, float] = {}

    class TimedApp(SlotbotApp):
        def on_ready(self) -> None:  # runs before SlotbotApp.on_ready (Textual calls both)
            marks["first_frame"] = since_process_start()

    with TemporaryDirectory() as tmp:
        app = TimedApp(model, now=lambda: datetime(2026, 11, 22, 10, 30), db=Path(tmp) / "b.sqlite3", blink=False)
        async with app.run_test(size=SIZE) as pilot:
            while not app.ready:
                await asyncio.sleep(0.002)
            marks["ready"] = since_process_start()
            panel = app.query_one(MemoryPanel)
            app.chat_input.value = DRAFT
            while panel.shown_text != DRAFT:
                await asyncio.sleep(0.002)
            tokens = len(app.trace.tokens) if app.trace is not None else 0
            painted: list[str | None] = [None]
            heatmap = panel.query_one("#heatmap", Static)
            draw_lines = heatmap.render_lines

            def render_lines(crop):  # type: ignore[no-untyped-def]
                painted[0] = panel.shown_text  # the heatmap is going into a frame
                return draw_lines(crop)

            heatmap.render_lines = render_lines  # type: ignore[method-assign]
            await pilot.pause()
            times = []
            for k in range(keys):
                key, char = ("backspace", None) if k % 2 else ("s", "s")
                expected = DRAFT if k % 2 else DRAFT + "s"
                start = time.perf_counter()
                app._driver.send_message(events.Key(key, char))  # what Pilot.press sends
                while painted[0] != expected:
                    await asyncio.sleep(0.0002)
                times.append((time.perf_counter() - start) * 1e3)
                await pilot.pause()
    return {"first_frame": marks["first_frame"] * 1e3, "ready": marks["ready"] * 1e3, "keys": times, "tokens": tokens}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="lstm", help="a shipped model name or a model directory")
    parser.add_argument("--keys", type=int, default=60, help="keystrokes to time per run")
    parser.add_argument("--runs", type=int, default=3, help="cold starts (each its own process)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(one_run(args.model, args.keys))))
        return
    results = []
    for _ in range(args.runs):
        command = [sys.executable, __file__, "--child", "--model", args.model, "--keys", str(args.keys)]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    keys = [t for r in results for t in r["keys"]]  # type: ignore[union-attr]
    first = [float(r["first_frame"]) for r in results]  # type: ignore[arg-type]
    ready = [float(r["ready"]) for r in results]  # type: ignore[arg-type]
    tokens = results[0]["tokens"]
    print(f"model {args.model}, {args.runs} cold starts, {len(keys)} keystrokes on a {tokens}-token draft")
    print(f"{'measure':<26} {'median':>8} {'p95/max':>8} {'target':>10}")
    print(f"{'first frame (ms)':<26} {statistics.median(first):>8.0f} {max(first):>8.0f} {'<= 500':>10}")
    print(f"{'ready to type (ms)':<26} {statistics.median(ready):>8.0f} {max(ready):>8.0f} {'<= 3000':>10}")
    p50, p95 = statistics.median(keys), percentile(keys, 0.95)
    print(f"{'keystroke -> panel (ms)':<26} {p50:>8.1f} {p95:>8.1f} {'p95 <= 50':>10}")


if __name__ == "__main__":
    main()
