"""Fill a template with places, times and fillers, and label the result.

``compose`` turns one pattern into one utterance (two for twins): it
resolves the ``[a|b]`` choices, draws a place for every ``{dep}``/``{dest}``
from the split's own gazetteer, a time for every ``{time}``/``{day}``/
``{clock}``, O words for the fillers, maybe a greeting before and a
"please" after, and then a casing style. The spans are known because every
slot value is inserted as its own segment (see ``render``).

Casing: about 30 % of the utterances (60 % of the terse ones) are written
the way people type in a hurry -- all lower case, no sentence punctuation,
and in 40 % of those no apostrophes ("im", "id like"). Otherwise the first
letter is capitalised 90 % of the time, and any one place name is
lower-cased 12 % of the time ("new york", "jfk").
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from . import times
from .gazetteer import Gazetteer, Place
from .patterns import (DOMAIN_KINDS, FILLERS, INLINE_SUFFIXES, NO_DISCOURSE, PLACEHOLDER, PREFIXES,
                       SENTENCE_SUFFIXES, VIA_FRAMES, Pattern, choose_alternatives)
from .render import Span, assemble

LOWER_SHARE = 0.30
TERSE_LOWER_SHARE = 0.60
NO_APOSTROPHE_SHARE = 0.40
CAPITALIZE_SHARE = 0.90
PLACE_LOWER_SHARE = 0.12
CANONICAL_SURFACE_SHARE = 0.60
PREFIX_SHARE = 0.20
SUFFIX_SHARE = 0.20
TIME_KINDS = {"time": ("day", "clock", "both"), "day": ("day",), "clock": ("clock",)}


@dataclass
class Draft:
    """A composed utterance before tokenization."""

    text: str
    spans: list[Span]
    time_forms: list[str] = field(default_factory=list)
    lower: bool = False


@dataclass
class Composer:
    """Composes utterances for one split.

    Attributes:
        gazetteer: All places; only ``split``'s are used.
        split: ``train``, ``dev`` or ``test``.
        rng: The random source (seeded by the caller).
    """

    gazetteer: Gazetteer
    split: str
    rng: random.Random

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
            segments, forms = self._fill(pattern, choose_alternatives(template, self.rng.choice), state)
            if pattern.family not in NO_DISCOURSE:
                segments = self._discourse(segments)
            share = TERSE_LOWER_SHARE if pattern.family == "terse" else LOWER_SHARE
            lower = self.rng.random() < share
            text, spans = assemble(
                segments, lower=lower, strip_punct=lower,
                strip_apostrophes=lower and self.rng.random() < NO_APOSTROPHE_SHARE,
                capitalize=not lower and self.rng.random() < CAPITALIZE_SHARE,
            )
            drafts.append(Draft(text, spans, forms, lower))
        return drafts

    def _fill(self, pattern: Pattern, text: str, state: dict) -> tuple[list[tuple[str, str | None]], list[str]]:
        segments: list[tuple[str, str | None]] = []
        forms: list[str] = []
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
            elif name.rstrip("0") in TIME_KINDS:
                key = f"time:{name}@{intro}:{occurrence}"
                if key not in state:
                    state[key] = times.draw(self.rng, TIME_KINDS[name.rstrip("0")], intro)
                form, intro_word, value = state[key]
                if intro_word and not name.endswith("0"):
                    segments.append((intro_word + " ", None))
                segments.append((value, "time"))
                forms.append(form.id)
            elif name == "via":
                key = f"via:{occurrence}"
                if key not in state:
                    place, surface = self._place("flight", state, kinds=("city", "airport"))
                    state[key] = (place, self.rng.choice(VIA_FRAMES).format(surface))
                segments.append((state[key][1], None))
            elif name in FILLERS:
                key = f"{name}:{occurrence}"
                if key not in state:
                    state[key] = self.rng.choice(FILLERS[name])
                before = segments[-1][0]
                if state[key][0] in "aeiou" and re.search(r"\b[Aa] $", before):
                    segments[-1] = (before[:-1] + "n ", None)  # "a open return" -> "an open return"
                segments.append((state[key], None))
            else:
                raise ValueError(f"{pattern.id}: unknown placeholder {m.group(0)}")
        segments.append((text[pos:], None))
        return segments, forms

    def _place(self, domain: str, state: dict, kinds: tuple[str, ...] | None = None) -> tuple[Place, str]:
        taken = {v[0].group for v in state.values() if isinstance(v, tuple) and isinstance(v[0], Place)}
        pools = [(k, w) for k, w in DOMAIN_KINDS[domain]
                 if (kinds is None or k in kinds) and self.gazetteer.pool(self.split, k)]
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

    def _discourse(self, segments: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        segments = list(segments)
        if self.rng.random() < PREFIX_SHARE:
            prefix = self.rng.choice(PREFIXES)
            k = next(i for i, (text, _) in enumerate(segments) if text.strip())
            text, slot = segments[k]
            text = text.lstrip()
            if slot not in ("departure", "destination"):
                # "Hi, book me..." but "Sure. One person..."; "I" stays as it is.
                if prefix.endswith(".") or re.match(r"I\b|I'", text):
                    text = text[0].upper() + text[1:]
                else:
                    text = text[0].lower() + text[1:]
            segments[k] = (text, slot)
            segments.insert(0, (prefix + " ", None))
        last = segments[-1][0].rstrip()
        if self.rng.random() < SUFFIX_SHARE and last[-1:] in (".", "?", "!"):
            if last.endswith(".") and "please" not in last.lower() and self.rng.random() < 0.5:
                last = last[:-1] + self.rng.choice(INLINE_SUFFIXES) + "."
            else:
                last = last + " " + self.rng.choice(SENTENCE_SUFFIXES)
            segments[-1] = (last, None)
        return segments
