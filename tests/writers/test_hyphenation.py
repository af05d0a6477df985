"""No more than two hyphenated lines in a row (writers/pdf/hyphenation.py), on a narrow column of
long words where WeasyPrint alone hyphenates three lines in a row."""

from __future__ import annotations

import weasyprint
from weasyprint.formatting_structure import boxes

import briefexport.writers.pdf  # noqa: F401  (the build's font isolation: only the fonts named here)
from briefexport.writers.pdf.weasyprint_patches import hyphenation
from conftest import REPO

PAGE = f"""<html lang="en-US"><head><style>
@font-face {{ font-family: Serif; src: url({(REPO / "fonts" / "NotoSerif-Regular.ttf").as_uri()}); }}
@page {{ size: A5; }}
body {{ font-family: Serif; font-size: 10pt; hyphenate-limit-chars: 6 3 3; }}
p {{ width: 42mm; text-align: justify; hyphens: auto; }}
</style></head><body>
<p>Internationalisation of electrification infrastructure requires extraordinary coordination.</p>
<p>Second paragraph: telecommunications interoperability standardisation, responsibilities,
accountability, electrification, characteristically unrepresentative.</p>
</body></html>"""


def runs(document) -> list[int]:
    """The longest run of hyphenated line ends in each paragraph."""
    longest = []
    for page in document.pages:
        for block in hyphenation._paragraphs(page._page_box):
            run = best = 0
            for line in block.children:
                if not isinstance(line, boxes.LineBox):
                    continue
                last = hyphenation._last_text(line)
                run = run + 1 if last is not None and last.text.endswith("\u2010") else 0
                best = max(best, run)
            longest.append(best)
    return longest


def lines(document) -> list[str]:
    return [
        "".join(leaf.text for leaf in hyphenation._leaves(line))
        for page in document.pages
        for block in hyphenation._paragraphs(page._page_box)
        for line in block.children
    ]


def test_weasyprint_alone_hyphenates_three_lines_in_a_row():
    document = weasyprint.HTML(string=PAGE).render()
    assert max(runs(document)) >= 3
    assert [word for _, word, _ in hyphenation.hyphenated_runs(document)] == ["electrification"]


def test_a_third_hyphenated_line_is_set_again_with_its_word_whole():
    html = weasyprint.HTML(string=PAGE)
    before = lines(weasyprint.HTML(string=PAGE).render())
    document = hyphenation.render_within_limits(html, lambda h: h.render())
    assert max(runs(document)) <= 2
    assert hyphenation.hyphenated_runs(document) == []
    after = lines(document)
    assert "electrification," in " ".join(after).split()  # kept whole
    assert after[: len(after) // 2] == before[: len(after) // 2]  # the first paragraph is untouched
    squash = "".join(after).replace("\u2010", "").replace(" ", "")
    assert squash == "".join(before).replace("\u2010", "").replace(" ", "")  # same text


def test_the_occurrence_after_the_text_before_it_is_the_one_kept_whole():
    from xml.etree import ElementTree

    element = ElementTree.fromstring("<p>alpha beta <em>x</em> beta gamma beta</p>")
    assert hyphenation.keep_whole(element, "beta", "alpha beta beta gamma ")
    assert ElementTree.tostring(element, encoding="unicode") == (
        '<p>alpha beta <em>x</em> beta gamma <span style="hyphens: manual">beta</span></p>'
    )
    assert not hyphenation.keep_whole(element, "delta", "")
