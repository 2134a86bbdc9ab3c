"""Fill a template with places, times and fillers, and label the result.

``compose`` turns one pattern into one utterance (two for twins): it
resolves the ``[a|b]`` choices, draws a place for every ``{dep}``/``{dest}``
from the split's own gazetteer, a time for every ``{time}``/``{day}``/
``{clock}`` (or a fixed modifier: ``{tby}`` "by 17:15", ``{tafter}``,
``{tbefore}``; a timetable time ``{hhmm}``; a meal ``{meal}``), O words for
the fillers, and then wraps the request in everyday words (``_discourse``)
and picks a casing style. The spans are known because every slot value is
inserted as its own segment (see ``render``).

Dialogue turns (the ``turn`` family, rules D1-D7) add O values: a rejected
place ``{xplace}`` or time ``{xtime}``/``{xday}``/``{xclock}`` ("not
Kyoto, [Osaka]"), drawn like a slot value but labelled O; an everyday word
``{word}`` ("purple") and keyboard mash ``{mash}`` ("asdf").

The wrapping, from the split's own filler clauses (``fillers.py``): before
the request a greeting word, an opening sentence or a clause that runs into
it ("Since my car is off the road, ..."); between two sentences of the
request an aside; after it a clause before the full stop ("... as I have a
christening to get to.") and a closing sentence or question. About two in
five utterances get at least one clause; one clause in eight has a typo.

Casing: about 30 % of the utterances (60 % of the terse ones, 50 % of the
dialogue turns) are written
the way people type in a hurry -- all lower case, no sentence punctuation,
and in 40 % of those no apostrophes ("im", "id like"); 8 % of the others
drop their apostrophes too. Otherwise the first letter is capitalised 90 %
of the time, and any one place name is lower-cased 12 % of the time
("new york", "jfk").
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from . import fillers as fill
from . import times
from .gazetteer import Gazetteer, Place
from .patterns import (
    DOMAIN_KINDS,
    FILLERS,
    INLINE_SUFFIXES,
    KEYBOARD_ROWS,
    NO_DISCOURSE,
    PLACEHOLDER,
    PREFIXES,
    SENTENCE_SUFFIXES,
    VIA_FRAMES,
    Pattern,
    chat_words,
    choose_alternatives,
)
from .render import SENTENCE_PUNCT, Span, assemble

LOWER_SHARE = 0.30
TERSE_LOWER_SHARE = 0.60
TURN_LOWER_SHARE = 0.50
NO_APOSTROPHE_SHARE = 0.40
CASED_NO_APOSTROPHE_SHARE = 0.08
CAPITALIZE_SHARE = 0.90
PLACE_LOWER_SHARE = 0.12
CANONICAL_SURFACE_SHARE = 0.60
# Before the request: a greeting word, an opening sentence, or a lead-in clause.
PREFIX_SHARE = 0.12
OPEN_SHARE = 0.16
LEAD_SHARE = 0.10
OPEN_THEN_LEAD_SHARE = 0.25  # of the opening sentences, followed by a lead-in too
# Between two sentences of the request, and after it.
ASIDE_SHARE = 0.30
TAIL_SHARE = 0.15
SUFFIX_SHARE = 0.12
CLOSE_SHARE = 0.20
TYPO_SHARE = 0.12  # of the filler clauses
# People decorate a request with trailing dots, emoji and smileys; all O. The
# share is per slot (a mark right after it) and per utterance (one at the end).
NOISE_AFTER_SLOT_SHARE = 0.05
NOISE_AT_END_SHARE = 0.05
NOISE_MARKS = (
    "...", "…", "..", "!!", "!!!", "??", "?!", "~", ":)", ":(", ";)", ":D", "xx", "lol",
    "🙏", "😊", "🙂", "😅", "😬", "😱", "🎉", "👍", "🙌", "✈️", "🚆", "🚕", "🚌", "⛴️", "❤️", "🤞",
    "😩", "🥳", "✔️", "⭐", "🤔", "😴", "🧳", "🌍",
)  # fmt: skip
TIME_KINDS = {"time": ("day", "clock", "both"), "day": ("day",), "clock": ("clock",)}
MODIFIED_TIMES = {"tby": "by", "tafter": "after", "tbefore": "before"}
FIXED_TIME_FORMS = {"hhmm": "T25", "meal": "T52", "dawn": "T53", "svc": "T55", "pod": "T58"}
# A rejected value is written like a slot value but labelled O (rule D5):
# its segment carries this marker so casing and punctuation treat it as a
# value, and its span is dropped after assembly.
REJECTED = "rejected"
REJECTED_TIMES = {"xtime": "time", "xday": "day", "xclock": "clock"}
# People reject a plain moment ("not 3pm"); "not by 5" would also put an O
# "by" before a clock, which the scheme never does (T1, T9).
PLAIN_ONLY = frozenset({"by", "after", "before", "until", "around", "about", "roughly", "no", "not", "between", "from"})

# A placeholder that may put a slot into a filler clause ({xplace} is always O).
SLOT_PLACEHOLDER = re.compile(r"\{(?!xplace\})")

Segments = list[tuple[str, "str | None"]]


@dataclass
class Draft:
    """A composed utterance before tokenization."""

    text: str
    spans: list[Span]
    time_forms: list[str] = field(default_factory=list)
    lower: bool = False
    fillers: list[str] = field(default_factory=list)


@dataclass
class Composer:
    """Composes utterances for one split.

    Attributes:
        gazetteer: All places; only ``split``'s are used.
        split: ``train``, ``dev`` or ``test``.
        rng: The random source (seeded by the caller).
        fillers: The split's filler clauses by kind (default: from ``fillers.txt``).
    """

    gazetteer: Gazetteer
    split: str
    rng: random.Random
    fillers: dict[str, list[fill.Filler]] | None = None

    def __post_init__(self) -> None:
        if self.fillers is None:
            self.fillers = fill.by_split()[self.split]
        self._chat_words = chat_words(self.split)
        self._all_surfaces = {s.lower() for p in self.gazetteer.places for s in p.surfaces}

    def compose(self, pattern: Pattern, fixed: dict | None = None) -> list[Draft]:
        """One utterance per template of ``pattern``.

        Args:
            pattern: The pattern to fill.
            fixed: Values to use instead of drawing them, keyed like the
                internal state (``"place:a"`` -> ``(place, surface)``,
                ``"time:day@on:0"`` -> ``(form, intro, value)``).

        Returns:
            The drafts, in template order (twins share places and times).
        """
        state: dict = dict(fixed or {})
        drafts = []
        for template in pattern.templates:
            used: list[str] = []
            forms: list[str] = []
            segments = self._fill(pattern, choose_alternatives(template, self.rng.choice), state, used, forms)
            if pattern.family not in NO_DISCOURSE:
                segments = self._discourse(segments, used, forms)
            if pattern.family not in ("turn", "lecture"):  # a dialogue turn stays as the template says
                segments = self._noise(segments)
            share = {"terse": TERSE_LOWER_SHARE, "turn": TURN_LOWER_SHARE}.get(pattern.family, LOWER_SHARE)
            # Stray symbols ("???") typed without punctuation would leave nothing.
            lower = self.rng.random() < share and bool("".join(t for t, _ in segments).strip(SENTENCE_PUNCT + " "))
            no_apostrophes = self.rng.random() < (NO_APOSTROPHE_SHARE if lower else CASED_NO_APOSTROPHE_SHARE)
            text, spans = assemble(
                segments,
                lower=lower,
                strip_punct=lower,
                strip_apostrophes=no_apostrophes,
                capitalize=not lower and self.rng.random() < CAPITALIZE_SHARE,
            )
            spans = [s for s in spans if s.slot != REJECTED]
            drafts.append(Draft(text, spans, forms, lower, used))
        return drafts

    def _fill(self, pattern: Pattern, text: str, state: dict, used: list[str], forms: list[str]) -> Segments:
        """The segments of one template; filler ids go to ``used``, time form ids to ``forms``."""
        segments: Segments = []
        seen: Counter[str] = Counter()
        pos = 0
        for m in PLACEHOLDER.finditer(text):
            segments.append((text[pos : m.start()], None))
            pos = m.end()
            name, var, intro = m.groups()
            occurrence = seen[name]
            seen[name] += 1
            if name in ("dep", "dest"):
                key = f"place:{var or ('a' if name == 'dep' else 'b')}"
                if key not in state:
                    state[key] = self._place(pattern.domain, state)
                segments.append((state[key][1], "departure" if name == "dep" else "destination"))
            elif name.rstrip("0") in TIME_KINDS or name in MODIFIED_TIMES or name in FIXED_TIME_FORMS:
                key = f"time:{name}@{intro}:{occurrence}"
                if key not in state:
                    if name in MODIFIED_TIMES:
                        state[key] = times.draw_modified(self.rng, MODIFIED_TIMES[name])
                    elif name in FIXED_TIME_FORMS:
                        state[key] = times.draw_form(self.rng, FIXED_TIME_FORMS[name])
                    else:
                        state[key] = times.draw(self.rng, TIME_KINDS[name.rstrip("0")], intro)
                form, intro_word, value = state[key]
                if intro_word and not name.endswith("0"):
                    segments.append((intro_word + " ", None))
                segments += [(piece, "time" if is_time else None) for piece, is_time in times.parts(value)]
                forms.append(form.id)
            elif name == "xplace":
                key = f"xplace:{occurrence}"
                if key not in state:
                    state[key] = self._place(pattern.domain, state)
                segments.append((state[key][1], REJECTED))
            elif name in REJECTED_TIMES:
                key = f"{name}:{occurrence}"
                while key not in state or state[key][2].split()[0].lower() in PLAIN_ONLY:
                    state[key] = times.draw(self.rng, TIME_KINDS[REJECTED_TIMES[name]])
                # Of "Monday, after 13:00" only the day is rejected: an O "after"
                # before a clock is what the scheme never writes (T1, T9).
                segments.append((state[key][2].split(times.GAP)[0], REJECTED))
            elif name == "word":
                segments.append((self.rng.choice(self._chat_words), None))
            elif name == "mash":
                segments.append((self._mash(), None))
            elif name == "via":
                key = f"via:{occurrence}"
                if key not in state:
                    place, surface = self._place("flight", state, kinds=("city", "airport"))
                    state[key] = (place, self.rng.choice(VIA_FRAMES).format(surface))
                segments.append((state[key][1], None))
            elif name in FILLERS:
                key = f"{name}:{occurrence}"
                if key not in state:
                    # Two references in one request are two different ones ("from the hotel to the museum").
                    taken = {state.get(f"{name}:{k}") for k in range(occurrence)}
                    state[key] = self.rng.choice([w for w in FILLERS[name] if w not in taken])
                before = segments[-1][0]
                if re.match(r"[aeiou](?!ne\b|ni|u)", state[key]) and re.search(r"\b[Aa] $", before):
                    segments[-1] = (before[:-1] + "n ", None)  # "a open return" -> "an open return"
                segments.append((state[key], None))
            elif name in fill.KINDS:
                clause = self._clause(name, used, forms)
                if "".join(t for t, _ in segments).rstrip().endswith(","):
                    clause = _lower_first(clause)
                segments += clause
            else:
                raise ValueError(f"{pattern.id}: unknown placeholder {m.group(0)}")
        segments.append((text[pos:], None))
        return segments

    def _clause(self, kind: str, used: list[str], forms: list[str], plain: bool = False) -> Segments:
        """A filler clause of this split as segments, maybe with a typo.

        Args:
            kind: ``open``, ``lead``, ``tail`` or ``close``.
            used: Filler ids so far; the new one is appended.
            forms: Time form ids so far; a clause's own time slot adds one.
            plain: Only clauses without slots (a rejected place, O, is allowed).
        """
        pool = [f for f in self.fillers[kind] if not plain or not SLOT_PLACEHOLDER.search(f.text)]
        filler = self.rng.choice(pool)
        used.append(filler.id)
        as_pattern = Pattern(filler.id, "filler", "any", (filler.text,))
        segments = self._fill(as_pattern, choose_alternatives(filler.text, self.rng.choice), {}, used, forms)
        if self.rng.random() < TYPO_SHARE:
            k = self.rng.choice([i for i, (t, slot) in enumerate(segments) if slot is None and t.strip()])
            segments[k] = (fill.add_typo(segments[k][0], self.rng), None)
        return [s for s in segments if s[0]]

    def _mash(self) -> str:
        """Keyboard mash or a stray symbol ("asdf", "jjjj", "???"), never a place name (rule D6)."""
        while True:
            r = self.rng.random()
            if r < 0.4:
                row = self.rng.choice(KEYBOARD_ROWS)
                start = self.rng.randrange(len(row) - 3)
                mash = row[start : start + self.rng.randint(3, 6)]
            elif r < 0.65:
                mash = self.rng.choice("abcdefghjklmnopqrstuvwxyz") * self.rng.randint(3, 6)
            elif r < 0.85:
                mash = "".join(self.rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(self.rng.randint(2, 5)))
            else:
                mash = self.rng.choice(("???", "?", "...", "!!!", "123", "0000", ":)", ":(", "xx", "?!"))
            if mash not in self._all_surfaces:
                return mash

    def _place(self, domain: str, state: dict, kinds: tuple[str, ...] | None = None) -> tuple[Place, str]:
        taken = {v[0].group for v in state.values() if isinstance(v, tuple) and isinstance(v[0], Place)}
        pools = [
            (k, w)
            for k, w in DOMAIN_KINDS[domain]
            if (kinds is None or k in kinds) and self.gazetteer.pool(self.split, k)
        ]
        for _ in range(50):
            kind = self.rng.choices([k for k, _ in pools], weights=[w for _, w in pools])[0]
            place = self.gazetteer.draw(self.rng, self.split, kind)
            if place.group not in taken:
                break
        if len(place.surfaces) == 1 or self.rng.random() < CANONICAL_SURFACE_SHARE:
            surface = place.surfaces[0]
        else:
            surface = self.rng.choice(place.surfaces[1:])
        if self.rng.random() < PLACE_LOWER_SHARE:
            surface = surface.lower()
        return place, surface

    def _noise(self, segments: Segments) -> Segments:
        """Now and then a mark or an emoji after a slot or at the end ("Leeds ... tomorrow 🙏")."""
        # A mark is written like a value (REJECTED: O, and no tidying of its
        # punctuation), so "2/6 :D" keeps the space that keeps it a token apart.
        out: Segments = []
        for text, slot in segments:
            out.append((text, slot))
            if slot is not None and slot != REJECTED and self.rng.random() < NOISE_AFTER_SLOT_SHARE:
                out += [(" ", None), (self.rng.choice(NOISE_MARKS), REJECTED), (" ", None)]
        if self.rng.random() < NOISE_AT_END_SHARE:
            out += [(" ", None), (self.rng.choice(NOISE_MARKS), REJECTED)]
        return out

    def _discourse(self, segments: Segments, used: list[str], forms: list[str]) -> Segments:
        segments = [s for s in segments if s[0]]
        # Before the request.
        r = self.rng.random()
        opening: Segments = []
        if r < PREFIX_SHARE:
            opening = [(self.rng.choice(PREFIXES), None)]
        elif r < PREFIX_SHARE + OPEN_SHARE:
            opening = self._clause("open", used, forms, plain=True)
            if self.rng.random() < OPEN_THEN_LEAD_SHARE:
                opening += [(" ", None)] + self._clause("lead", used, forms, plain=True)
        elif r < PREFIX_SHARE + OPEN_SHARE + LEAD_SHARE:
            opening = self._clause("lead", used, forms, plain=True)
        if opening:
            segments = _join_before(opening, segments)
        # Between two sentences of the request.
        inner = [
            (k, m.start())
            for k, (text, slot) in enumerate(segments)
            if slot is None
            for m in re.finditer(r"(?<=[.?!]) +(?=[A-Z])", text)
        ]
        if inner and self.rng.random() < ASIDE_SHARE:
            k, at = self.rng.choice(inner)
            text = segments[k][0]
            aside = self._clause(self.rng.choice(("open", "close")), used, forms, plain=True)
            segments[k : k + 1] = [(text[:at] + " ", None), *aside, (" " + text[at:].lstrip(), None)]
        # After it: a clause before the full stop, then a closing sentence.
        last = segments[-1][0].rstrip()
        takes_tail = segments[-1][1] is None and last[-1:] in (".", "!") and not last.endswith("please.")
        if self.rng.random() < TAIL_SHARE and takes_tail:
            body = last.rstrip(".!")
            tail = self._clause("tail", used, forms, plain=True)
            segments[-1:] = [(body, None), (" ", None), *tail, (last[len(body) :], None)]
        last = segments[-1][0].rstrip()
        ends_sentence = segments[-1][1] is None and last[-1:] in (".", "?", "!")
        r = self.rng.random()
        if ends_sentence and r < SUFFIX_SHARE:
            if last.endswith(".") and "please" not in last.lower() and self.rng.random() < 0.5:
                last = last[:-1] + self.rng.choice(INLINE_SUFFIXES) + "."
            else:
                last = last + " " + self.rng.choice(SENTENCE_SUFFIXES)
            segments[-1] = (last, None)
        elif r < SUFFIX_SHARE + CLOSE_SHARE:
            stop = [] if ends_sentence else [(".", None)]
            segments += stop + [(" ", None)] + self._clause("close", used, forms)
        return segments


def _lower_first(segments: Segments) -> Segments:
    """Lower-case the first letter of a clause that follows a comma ("I" stays)."""
    text, slot = segments[0]
    if slot is None and not re.match(r"I\b|I'", text):
        segments = [(text[:1].lower() + text[1:], None)] + segments[1:]
    return segments


def _join_before(opening: Segments, segments: Segments) -> Segments:
    """Put ``opening`` before the request, fixing the case of the request's first word.

    "Hi, book me..." but "Sure. One person..."; "I" and a place stay as they are.
    """
    k = next(i for i, (text, _) in enumerate(segments) if text.strip())
    text, slot = segments[k]
    text = text.lstrip()
    if slot not in ("departure", "destination"):
        if opening[-1][0].rstrip()[-1:] in ".?!" or re.match(r"I\b|I'", text):
            text = text[0].upper() + text[1:]
        else:
            text = text[0].lower() + text[1:]
    return opening + [(" ", None)] + segments[:k] + [(text, slot)] + segments[k + 1 :]
