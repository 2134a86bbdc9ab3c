"""Drawing, as Rich renderables and pure functions a test can call without the app.

- :mod:`.heatmap`: the memory as a grid of units x tokens, by colour and glyph.
- :mod:`.bars`: probability bars in eighths of a cell.
- :mod:`.token_strip`: the draft's tokens with their labels, wrapped to a width.
- :mod:`.slot_table`: the slot card's rows.
- :mod:`.token_card`: one token's encoding, label probabilities and busiest units.
- :mod:`.colours`: the slot colours and the heatmap's diverging scale.
"""
