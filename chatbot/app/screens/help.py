"""F1: what each view shows, in the lecture's words, and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from chatbot.app.actions import APP_COMMANDS, key_label

GUIDE = """\
# slotbot: a booking chatbot you can look inside

## Chat and slots
A ticket-booking system has **slots**: the place of *departure*, the
*destination*, and the *time*. For every word, the tagger says which slot it
belongs to (*Taipei* → destination, *November 2nd* → time) and every other
word gets **O**, "no slot". Its answer for each word is a probability
distribution over the labels. **B-** begins a slot, **I-** continues it.

The **slot card** shows what the dialogue holds: each value as the bot reads
it back, its normalised value (times in ISO 8601), the tagger's confidence
(its least sure word), and the turn that filled it; **●** marks what the last
turn changed. The booking reference appears once the booking is saved.

## Token strip
The draft in the input box, tagged on every keystroke: each token, its label
(coloured by slot) and the label's probability. Click a token, or use
**Alt+←/Alt+→**, to look at it in the token card.

## Memory panel
A recurrent network stores the hidden layer's values in **memory** and reads
them back at the next step, so the same word can get different labels: after
*arrive*, Taipei is the destination; after *leave*, the departure. The panel
draws, for every token (a **column**), the vector stored after reading it.
The same cell with the same weights runs at every step: not one network per
word.

- **h**: the hidden state, what the layer outputs and feeds back.
- **c** (LSTM): the memory cell.
- Gates are sigmoids, 0..1 = how open: **i** input gate (may a value be
  written?), **f** forget gate (open = keep, closed = forget), **o** output
  gate (may the value be read out?), **g** the value to write. A GRU has
  **r** (reset) and **z** (update); a Jordan network feeds back its output **y**.
- A **bidirectional** model has two RNNs: *forward →* reads left to right,
  *backward ←* right to left; both feed the output layer. They are drawn
  apart, labelled. Deep models have a memory per layer (**F6**).

Each cell shows its value twice: a bar **▁▂▃▄▅▆▇█** for the size with a
**+/-** sign, and a colour (orange positive, blue negative, dark near 0).
Values in [-1, 1] use a fixed ±1 scale; the LSTM cell state uses its own
maximum. **F7** shows the 16 most active units, all units sorted by activity,
or all in natural order.

## Token card
What the network sees for the selected word: its **1-of-N** entry, or
**other** for a word not in the vocabulary (the lecture's "Gandalf"); its
letter **trigrams** with word-boundary marks (*apple* → #ap app ppl ple le#),
so no word is ever out of vocabulary; and its shape. Then its label
probabilities and the units most active at it. A model with **hindsight**
also says, at every word, what type the last slot read so far was: at
*departing* in "Gdańsk, departing Saturday" it can tell what *Gdańsk* was,
which no left-to-right reading of *Gdańsk* itself can. A slot is typed with
hindsight at the last word before the next slot; "type read in hindsight
at ..." names that word when it changed the label.

## Step mode (F2)
Feeds the sentence one token at a time. At each step the new token's memory
column appears, and the panel beside it shows the memory **before** the step
(h of the previous word; zeros before the first) and **after** it.

## Compare (F3)
Two sentences side by side: *arrive Taipei on November 2nd* and *leave Taipei
on November 2nd*. Per token: the labels, how far apart the two memories are,
and the answer of the **ff** model. A feedforward network sees the same input
"Taipei" and must give the same output both times; a network with memory can
answer differently.

## Models (F4)
Every shipped model, with its cell type and parameter count. An LSTM layer
has 4x the weights of a simple RNN layer of the same width; a GRU 3x.
Switching keeps the conversation.
"""


class HelpScreen(ModalScreen[None]):
    """The guide and the keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $accent;
        border-title-color: $text-accent;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", show=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help · Esc to close"
            yield Markdown(GUIDE + keys_table())


def keys_table() -> str:
    """The registry's keys as a Markdown table."""
    rows = "\n".join(f"| {key_label(c.key)} | {c.title} | {c.help} |" for c in APP_COMMANDS)
    extra = (
        "| Ctrl+P | Palette | Every action by name. |\n"
        "| ↑ ↓ | History | Earlier messages, in the input box. |\n"
        "| Ctrl+Q | Quit | Leave slotbot. |"
    )
    return f"\n## Keys\n| Key | Action | What it does |\n|---|---|---|\n{rows}\n{extra}\n"
