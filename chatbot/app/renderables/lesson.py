"""The lecture's worked examples drawn step by step (LECTURE §4, §5, §7-§9).

Each function takes an example from :mod:`model.lesson` (computed by the real
cells) and how many of its steps are shown, and returns a Rich renderable.
Steps not reached yet are drawn as ``·`` so the table keeps its shape while
the memory fills in. Nothing here computes a number the example did not.

>>> from model.lesson import elman
>>> memory_boxes(elman(), 2).plain
'memory  ┃ 0 │ 0 ┃ → ┃ 2 │ 2 ┃ → ┃ 6 │ 6 ┃ → ┃ · │ · ┃'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from chatbot.app.renderables.bars import bar

if TYPE_CHECKING:
    from model.lesson import ElmanExample, LstmExample, MatrixExample, ParamsExample

HIDDEN = "·"


def steps_table(columns: tuple[str, ...], rows: list[tuple[str, ...]], shown: int) -> Table:
    """The example's table with only the first ``shown`` rows filled in; the latest in bold."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold", expand=False)
    for title in columns:
        table.add_column(title, justify="right", no_wrap=True)
    for t, row in enumerate(rows, start=1):
        if t <= shown:
            table.add_row(*row, style="bold" if t == shown else None)
        else:
            table.add_row(row[0], *(HIDDEN for _ in row[1:]), style="dim")
    return table


def _box(values: tuple[int, ...] | None, width: int) -> str:
    cells = [str(v) for v in values] if values is not None else [HIDDEN] * width
    return "┃ " + " │ ".join(cells) + " ┃"


def memory_boxes(example: ElmanExample, shown: int) -> Text:
    """The memory as the lecture draws it: boxes that start at 0 and fill one step at a time."""
    width = len(example.steps[0].memory)
    boxes = [_box(example.steps[0].memory, width)]
    boxes += [_box(s.hidden if t <= shown else None, width) for t, s in enumerate(example.steps, start=1)]
    return Text("memory  " + " → ".join(boxes))


def elman_view(example: ElmanExample, shown: int) -> RenderableType:
    """LECTURE §4: the fed order, the memory boxes, the table so far, and this step's sums."""
    inputs = ", ".join("[" + ",".join(map(str, s.input)) + "]" for s in example.steps)
    order = ",".join(map(str, example.order))
    parts: list[RenderableType] = [
        Text.assemble(("Inputs fed in the order ", ""), (order, "bold"), f": {inputs}"),
        Text(""),
        memory_boxes(example, shown),
        steps_table(example.columns, example.rows(), shown),
    ]
    if 0 < shown <= len(example.steps):
        s = example.steps[shown - 1]
        x, m = " + ".join(map(str, s.input)), " + ".join(map(str, s.memory))
        parts.append(Text(f"step {shown}: each hidden unit = {x} (input) + {m} (memory) = {s.hidden[0]}"))
        parts.append(Text(f"        each output = {' + '.join(map(str, s.hidden))} = {s.output[0]}"))
    else:
        parts.append(Text("step 0: nothing read yet, the memory holds 0. Press → to feed the first input.", "dim"))
    if shown >= len(example.steps):
        outputs = ", ".join("[" + ",".join(map(str, s.output)) + "]" for s in example.steps)
        parts += [Text(""), Text(f"outputs {outputs}", style="bold"), Text(example.caption, style="italic")]
    return Group(*parts)


def _vector(values: tuple[int, ...]) -> str:
    return "[" + ",".join(f"{v:>2}" for v in values) + "]"


def matrix_view(example: MatrixExample, shown: int) -> RenderableType:
    """LECTURE §5: W split into W_xh | W_hh, X, each h_t revealed in turn, and the parameter count."""
    weights = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold", title="W (3x9)", title_justify="left")
    for title in ("row", "W_xh (3x6)", "W_hh (3x3)"):
        weights.add_column(title, no_wrap=True)
    for r, (xh, hh) in enumerate(zip(example.W_xh, example.W_hh), start=1):
        weights.add_row(str(r), _vector(xh), _vector(hh))
    parts: list[RenderableType] = [weights, steps_table(("step", "input x_t", "hidden h_t"), example.rows(), shown)]
    if 0 < shown <= len(example.steps):
        t = shown
        before = example.steps[t - 2].hidden if t > 1 else (0,) * len(example.steps[0].hidden)
        parts.append(
            Text(
                f"h{t} = relu(W · concat(x{t}, h{t - 1})) = relu(W · "
                f"[{','.join(map(str, example.steps[t - 1].input))} | {','.join(map(str, before))}]) "
                f"= [{','.join(map(str, example.steps[t - 1].hidden))}]"
            )
        )
    else:
        parts.append(Text("h0 = [0,0,0]. Press → to compute h1.", style="dim"))
    parts += [
        Text(""),
        Text(
            f"parameters: this RNN {example.recurrent_weights} (= 3*9), "
            f"feedforward on the flattened 3x6 input {example.feedforward_weights}",
            style="bold",
        ),
        Text(example.caption, style="italic"),
    ]
    return Group(*parts)


GATE_WIDTH = 4


def _gate(value: float) -> Text:
    return Text.assemble((bar(value, GATE_WIDTH), "bold"), f" {'open' if value > 0.5 else 'shut'}")


def lstm_view(example: LstmExample, shown: int) -> RenderableType:
    """LECTURE §8: each step's gates as bars (open/shut), memory and output, rounded and exact."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold", show_edge=False)  # 71 columns wide
    for title in ("step", "x1 x2 x3", "input g.", "forget g.", "output g.", "memory", "output"):
        table.add_column(title, justify="right", no_wrap=True)
    for t, s in enumerate(example.steps, start=1):
        if t > shown:
            table.add_row(str(t), *(HIDDEN,) * 6, style="dim")
            continue
        x = " ".join(f"{v:>2}" for v in s.input)
        table.add_row(
            str(t),
            x,
            *(_gate(g) for g in s.gates()),
            f"{s.memory:.0f}",
            f"{s.output:.0f}",
            style="bold" if t == shown else None,
        )
    parts: list[RenderableType] = [table]
    if shown:
        done = example.steps[:shown]
        parts.append(Text("memory " + " ".join(f"{s.memory:.0f}" for s in done), style="bold"))
        parts.append(Text("output " + " ".join(f"{s.output:.0f}" for s in done), style="bold"))
        s = example.steps[shown - 1]
        parts.append(
            Text(
                f"step {shown} exactly: memory {s.memory:.6f}, output {s.output:.6f}  "
                f"(gates i {s.input_gate:.6f}, f {s.forget_gate:.6f}, o {s.output_gate:.6f})",
                style="dim",
            )
        )
    else:
        parts.append(Text("c0 = 0. Press → to feed the first input.", style="dim"))
    parts.append(Text(example.caption, style="italic"))
    return Group(*parts)


def params_view(example: ParamsExample) -> RenderableType:
    """LECTURE §5/§7/§9: each cell's parameter count, ours and torch's, against an Elman layer."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold", show_edge=False)
    for title in example.columns:
        words = title in ("cell", "formula")  # these fold onto two lines in a narrow panel; numbers never do
        table.add_column(title, justify="left" if title == "cell" else "right", no_wrap=not words)
    table.add_column("vs LSTM", no_wrap=True)
    elman = example.count("elman")
    for cell, row in zip(example.cells, example.rows()):
        table.add_row(*row, Text(bar(cell.parameters / (4 * elman), 12)))
    ratios = example.ratios
    return Group(
        Text(f"one layer, input width I = {example.input_size}, hidden width H = {example.hidden_size}", style="bold"),
        table,
        Text(
            f"LSTM / Elman = {ratios['lstm/elman']:g}   GRU / Elman = {ratios['gru/elman']:g}   "
            f"GRU / LSTM = {ratios['gru/lstm']:g}",
            style="bold",
        ),
        Text(example.caption, style="italic"),
    )


def section_list(names: list[str], current: int) -> Text:
    """The lesson's sections on one line, the current one marked ▶ and reversed (not only by colour)."""
    out = Text()
    for k, name in enumerate(names):
        if k == current:
            out.append(f"▶{k + 1} {name}", style="bold reverse")
        else:
            out.append(f" {k + 1} {name}", style="dim")
        out.append("  ")
    return out
