"""The label scheme of the slotbot corpus: BIO over three slot types.

Every token of a request gets one of seven labels: ``B-``/``I-`` +
``departure`` | ``destination`` | ``time``, or ``O``. ``B-`` opens a span,
``I-`` continues the span of the same type, ``O`` is outside every slot.
Each rule below is numbered so the data card can quote it; the example after
the arrow shows the spans in brackets.

Time (``time``)
    T1. A time span is the WHOLE expression with its modifiers and units:
        "[November 2nd]", "[next Friday morning]", "[after 5 pm]",
        "[before noon]", "[by 11:30]", "[3:30pm]", "[around 8]",
        "[early tomorrow]", "[no later than 17:00]", "[half past six]".
        The modifiers that belong inside are: after, before, by, until,
        around, about, roughly, no later/earlier than, not before/after,
        early, late, mid, first thing, -ish.
    T2. The preposition that only introduces the expression is outside:
        "on [Friday]", "at [5pm]", "for [tomorrow]", "in [the morning]",
        "over [the weekend]". "in" that states an offset is inside:
        "[in 3 days]", "[in 20 minutes]".
    T3. Connectors between the parts of one expression are inside:
        "[tomorrow at 9]", "[5pm on Friday]", "[the 3rd of March]",
        "[9 in the morning]", "[late on Friday]". Time words that touch
        (or are joined only by at/on/in) form ONE span; two spans need
        other words between them: "leave on [Friday] and arrive by
        [5pm]" has two. The one exception: a limiting modifier (after,
        before, by, until, around, between, no later than ...) after a
        day starts a span of its own, and what follows it belongs to it:
        "on [Monday] [after 13:00]", "[tomorrow] [by noon]", "on [the
        30th] at [around 2]", but "[by 17:15 on tuesday]".
    T4. A range is one span, its "between ... and" or "from ... to"
        included: "[between 3 and 5 pm]", "[from 9 to 11 am]". The "from"
        of a range is part of the time, never a departure cue.
    T5. Vague sentence adverbs stay outside: "sometime [after 6]",
        "any time [before noon]", "preferably [Monday]".
    T6. Return, departure and arrival times are all ``time``; the scheme
        does not say which one ("coming back on [Sunday]").
    T7. A greeting or a sign-off is not a time: "good morning" and
        "that's all I need for today" are O.
    T8. A meal is a part of the day, so with its modifier it is a time:
        "[before lunch]", "[after dinner]", "[by lunchtime]"; so are the
        end of daylight and of the working day: "[before dark]", "[after
        sunset]", "[after work]". An event is not: "after the game",
        "before my meeting", "after check-out" are O, and so is a meal as
        a thing ("my dinner reservation"). A part of the day that names a
        service is a time: "the [morning] flights", "the [night] train",
        "an [evening] ferry", as a clock is in "the [6:15] train"; a kind
        of service with no part of the day in it is O: "the sleeper", "the
        overnight bus", "the red-eye", "the first flight", "the late train".
    T9. A modifier with no time after it is O: "by train", "by the river",
        "by the way", "after that", "before booking", "before then",
        "until then". Only a clock, a day or a part of the day makes it a
        time ("[by 8:00]", "[after 18:45]", "[by 17:15 on tuesday]").

Places (``departure``, ``destination``)
    P1. A place span is the whole name: "[New York]", "[São Paulo]",
        "[London Kings Cross]", "[JFK]", "[Narita Airport]",
        "[Leeds train station]", "[the Crooked Kettle]" (a leading "the"
        is inside when it is part of the name).
    P2. ``departure`` is where the trip starts: from, leaving, departing
        (from), out of, set off from, flying out of, starting in/at,
        originating at, take off from, start off in, fly in from,
        "I'm in X", "pick me up at X", "X to Y", "X -> Y", "dep X",
        "departure: X", "X is where I start", "X, departing Friday", and
        "from X" after the destination ("get to Y on Friday from X").
    P3. ``destination`` is where it ends: to, arrive (in/at), into, get
        to, go to, heading for/to, bound for, "leaving for X", set off
        for, depart for, terminating at, touch down in, end up in, fly
        out to, visiting, reach, "drop me (off) at X", "let me off at X",
        "my destination is X", "destination: X", "arr X", "X is where
        I'm headed", "X, arriving Saturday", "X from Y" (X).
    P4. A bare place with no cue (the answer "Taipei" to "where to?") is
        ``destination``; the dialogue layer may move it to the slot it
        asked for.
    P5. Stop-overs are O: "via [..]" is not a span, nor "a layover in
        Dubai", "changing at Crewe". They are neither start nor end.
    P6. Multi-leg trips label each leg: "from [Leeds]dep to [York]dest and
        back to [Leeds]dest" -- the same name can be both in one request.
    P7. References that are not names are O: "the hotel", "my hotel",
        "the restaurant", "the station", "the airport", "there", "home",
        "work", "my office", "our guesthouse", "that place", "both places",
        "our lunch reservation" -- also after a cue ("from the hotel to
        [the Golden Fox]"). "the" + a common noun is a reference; "the" +
        a name is a place ("[the Crooked Kettle]", "[the Museum of Clocks]").
    P8. A cue word before something that is not a place is O: "to go",
        "to book", "get to the point", "leave it to you", "from work",
        "for 6 people", "visiting my mum".

Dialogue turns (the ``turn`` family: answers, corrections and chat)
    D1. A turn that is only a place -- the answer to "where to?" -- is
        ``destination`` by P4, in any casing, with or without hesitation,
        politeness or punctuation around it: "[Kyoto]", "[san francisco]
        please", "um, [Taipei]", "just [Osaka] thanks", "[Nagoya]?",
        "how about [Sapporo]?", "it's [Leeds]". Only a cue makes it
        ``departure`` (D3).
    D2. A turn that is only a time is labelled as in T1-T3, the
        introducing preposition outside: "[3pm]", "at [4pm]", "[4 pm]
        please", "[15:00]", "[tomorrow at 9]", "[friday]", "on
        [Friday] please", "[by 6]".
    D3. A correction keeps the labels its cue gives, wherever the cue
        stands: "no, from [Tainan]dep", "leaving from [Nagoya]dep
        actually", "wait, it's to [Sapporo]dest", "hang on, I'm leaving
        from [York]dep". With no cue the place is ``destination`` by P4:
        "actually make it [Osaka]", "I meant [Kyoto]", "scratch that,
        [Osaka]", "[Osaka] instead of Kyoto". A time is a time: "sorry, I
        meant [Friday]", "make that [Saturday] instead", "change it to
        [4pm]".
    D4. Naming the slot is the cue for that slot, and beats the "to" after
        it: "change the departure to [Kyoto]dep", "set the starting point
        to [York]dep", "update the pick-up to [the Golden Fox]dep", "[Leeds]
        is the departure", "change the destination to [Osaka]dest", "the
        destination should be [Oslo]dest". The slot name, "change", "set",
        "the" and "to" are O; so are they before a time: "change the time
        to [4pm]", "change the date to [the 5th]".
    D5. A rejected value is O; only the value that stands is labelled:
        "not Kyoto, [Osaka]", "[Osaka], not Kyoto", "no, not Kyoto.
        [Osaka]", "from [Tainan]dep, not Taichung", "not from Kyoto, from
        [Nara]dep", "oops, [the 5th] not the 4th", "[4pm], not 3pm",
        "[Friday] instead of Thursday". A rejected name is not a place of
        this trip (in the spirit of P7), whatever cue stands before it.
    D6. Dialogue words carry no slot and are O: answers ("yes", "no",
        "nope", "sure", "ok", "correct", "that's right", "yes please", "no
        thanks"), hesitations ("maybe", "hmm let me think", "idk"),
        commands to the bot ("start over", "cancel (that)", "forget it",
        "never mind", "book it", "undo", "help", "what can you do?", "how
        does this work"), greetings and goodbyes ("hello", "hi there",
        "good morning" -- T7, "bye"), thanks and praise ("thanks!",
        "great"), questions off the topic ("tell me a joke"). So are an
        everyday word said on its own ("purple", "banana", "ice cream")
        and keyboard mash or stray symbols ("asdf", "jjjj", "???"): a word
        is a place only when it is a name (P4). A cue word before them is
        O too ("from the top", P8).
    D7. A vague moment that names a part of the day is a time, like "in
        [the morning]" (T2, T8): "at [the crack of dawn]", "at [first
        light]", "at [dawn]", "at [daybreak]", "at [dusk]"; the "at" stays
        outside. Urgency without a moment ("asap", "right now") and
        vague comparisons ("a bit later") stay O (T5, T9).

Everything else
    O1. Passengers, class, seats, prices, trip type, airline names (even
        when they contain a place: "Singapore Airlines"), train numbers
        and chit-chat are O: greetings, thanks, reasons ("as I have a
        wedding to attend"), who is travelling, questions about the car,
        the fare or the luggage, and people's names ("Hi, Ruth here").
    O2. Casing never changes a label. About a third of the utterances are
        lower-cased with their sentence punctuation removed ("nyc to la
        fri"); inside a span only the casing changes.
"""

from __future__ import annotations

SLOT_TYPES: tuple[str, ...] = ("departure", "destination", "time")

LABELS: tuple[str, ...] = ("O",) + tuple(f"{prefix}-{slot}" for slot in SLOT_TYPES for prefix in ("B", "I"))
