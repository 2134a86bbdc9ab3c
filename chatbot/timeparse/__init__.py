"""Resolve a time expression ("next Friday at 3pm") to a date, a time or both.

>>> from datetime import datetime
>>> now = datetime(2026, 11, 22, 10, 30)  # a Sunday
>>> value = parse_time("next Friday at 3pm", now)
>>> value.iso(), value.grain, value.describe()
('2026-11-27T15:00', 'datetime', 'Fri 27 Nov 2026, 15:00')
>>> parse_time("between 3 and 5 pm", now).iso()
'2026-11-22T15:00/2026-11-22T17:00'

``now`` is always passed in, so tests pin it; nothing here reads the clock.

The rules, where English leaves a choice:

- Weekdays. "Friday", "on Friday" and "this Friday" mean today if today is
  Friday, else the coming Friday. "Next Friday" means the Friday of next week,
  weeks running Monday to Sunday: said on Monday it is 11 days away, on
  Thursday 8, on Saturday or Sunday the coming Friday (6 or 5 days).
  "Friday next week" and "next week Friday" are the same day. "Friday after
  next" is a week after that. The weekday picks the day whatever
  the hour: "Sunday at 9" said on Sunday at 10:30 is this morning, and the
  dialogue's "not in the past" check asks again.
- A time alone ("at 3pm") falls on the next day it occurs: today while it is
  still ahead, else tomorrow. A range or part of the day alone stays today
  while its end is ahead; "after 5pm" alone is always today.
- A bare hour from 1 to 12 ("at 3", "seven thirty", "half past six") takes am
  or pm from a part of the day ("at 7 in the evening"), else 1-6 are pm and
  7-11 am and 12 is noon. Zero-padded, 24-hour, military ("1700") and "17h"
  times are read as they stand. Bare numbers and military times count as times
  only after "at" or a modifier, before "in the morning" / "this evening" /
  "at night" / "tonight", or alone ("1700"); "2" alone is not understood.
- Midnight ends its day: "Friday at midnight" is Saturday 00:00.
- Numeric dates: 2026-12-04 is ISO. 11/02 and 4.12.2026 read month first (US,
  as dateparser does) unless that is impossible (25/12) or ``day_first=True``.
  Two-digit years are 20xx. "9-5" and "7.30" are never dates.
- A date without a year is its next occurrence on or after today; "the 21st"
  is the next 21st of a month. A date given with its year may be in the past:
  it still parses, and ``is_past`` tells.
- A weekday that contradicts the date ("Thursday 4 Dec 2026") is not
  understood, rather than guessing which of the two was meant;
  ``weekday_clash`` names both, so the dialogue can say why.
- Parts of day, [start, end): morning 06-12, afternoon 12-18, evening 18-22,
  night 18-24 ("tonight" is today's night). "Early"/"late" take the first or
  second half. A part of day alone is a range; with a clock time it only
  decides am/pm.
- Meals, daylight and work name clock times: "before lunch" is before 12:00,
  "after lunch" after 13:00, "after work" after 17:00, "before dark" and "at
  dusk" 18:00, "at dawn" 06:00, "mid-morning" 10:00, "mid-afternoon" 15:00
  (wherever the user is; the bot reads it back). "work", "lunch" or "dark"
  alone is not a time.
- "Early Friday" is early Friday morning (06-09), "late Friday" late Friday
  evening (20-22), "first thing tomorrow" early tomorrow morning. "Friday pm"
  is Friday afternoon; "pm" alone is nothing.
- "Half six" is British for 6:30. "5-ish" is around 5.
- A day can be counted from another: "3 days after Monday", "two weeks from
  Friday", and the British "a week today", "a week on Friday" and "Friday
  week", all seven days on.
- Holidays are their next date: "Christmas Eve", "New Year's Day", and
  "Good Friday" and "Easter Monday" from that year's Easter.
- A day, month or part-of-day name of six letters or more that is one or two
  typing slips from the real one ("thurdsay", "evning") is read as that name;
  a few chat spellings too ("tonite", "tmrw", "nxt").
- "Next week", "this weekend" and a month alone ("in May") name no single
  day: not a value, but ``names_period`` says so, and the bot asks which day
  and reads the answer inside the stretch ("the 5th" after "in January").

The own rules (``words``, ``clock``, ``dates``) read every common form. Only
date words they don't know, holding a digit and a month, go to dateparser
(``fallback``). Asked directly, dateparser reads "next Friday" said on Monday
as the Friday four days away, keeps 10:30 from ``now`` on "today", reads
"at 9" as September and "the 21st" as the one already gone, and drops the
"after" of "after 5 pm".
"""

from chatbot.timeparse.parse import names_period, parse_time, weekday_clash
from chatbot.timeparse.value import Grain, Modifier, TimeValue, is_past

EXAMPLES = ("Friday at 3pm", "4 Dec 15:00", "tomorrow morning", "next Tuesday after 5pm")
"""Forms to show a user whose time was not understood."""

__all__ = ["EXAMPLES", "Grain", "Modifier", "TimeValue", "is_past", "names_period", "parse_time", "weekday_clash"]
