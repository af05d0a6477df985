"""Everything briefexport changes inside WeasyPrint (and pyphen and cffi on its behalf), one module
per patch, each installed only while it is needed (README.md in this folder has the table: what
each replaces, why, what it saves, the test that catches a change). `pins.py` records what they
were written against (WeasyPrint 70.0).

Nothing is imported here: `../weasy.py` installs `libfind` and `deferred` before WeasyPrint is
imported, and importing WeasyPrint from this file would come first.
"""
