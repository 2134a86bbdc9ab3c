"""The pieces of the corpus generator (see ``data/generate.py``).

* ``scheme``    the label scheme: every labelling rule, written down once.
* ``render``    slot spans -> text -> spaCy tokens -> BIO labels.
* ``times``     the time-expression forms (ids T01...).
* ``gazetteer`` place names from GeoNames, airportsdata and hand-made lists,
                split by name into train/dev/test.
* ``patterns``  the sentence templates (ids P001..., in ``patterns.txt``)
                and the filler lists they draw on.
* ``compose``   fills one template: places, times, fillers, casing.
* ``split``     which split a template, a filler clause or a word is in.
"""
