"""Citations and bibliographies: references read from the project (bibliography.py, bibtex.py),
CSL styles and locales (styles.py), citeproc-js run in-process (engine.py) and the formatted text it
gives back as runs each writer sets (rich.py)."""
