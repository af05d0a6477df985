"""Every label the formats print, and date formats, per language. English is the fallback for
anything not listed.

A label that names the institute has a twin ending in `_apart`, worded so that a name the brand
gives in no form for this language reads correctly: set apart, with nothing attached to it
(writers/shared/names.py chooses). Every language has every label, with the same placeholders
(tests/test_labels.py)."""

from __future__ import annotations

import datetime as dt

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

LABELS = {
    "en": {
        "series": "Issue Brief",
        "number": "No.",
        "about_author": "About the Author",
        "about_authors": "About the Authors",
        "edition_note": "About this edition",
        "translation_of": "This {edition} is based on {series} No. {number}, {title}.",
        "translation_of_plain": "This edition is based on {series} No. {number}, {title}.",
        "draft": "DRAFT",
        "draft_note": "Draft — not for circulation",
        "page": "page",
        "page_prefix": "page ",
        "contents": "Contents",
        "notes": "Notes",
        "back_to_text": "Back to text",
        "figure": "Figure",
        "footnote": "Footnote {number}",
        "disclaimer": "The views expressed in this brief are the authors’ own and do not necessarily reflect those of {institute}.",
        "disclaimer_apart": "The views expressed in this brief are the authors’ own and do not necessarily reflect those of its publisher, {institute}.",
        "cover": "Cover",
        "title_page": "Title page",
        "start": "Start of content",
        "colophon": "Colophon",
        "landmarks": "Guide",
        "cover_alt": "Cover of {title}",
        "published_by": "Published by {publisher}",
        "disclaimer_collection": "The views expressed in these briefs are the authors’ own and do not necessarily reflect those of {institute}.",
        "disclaimer_collection_apart": "The views expressed in these briefs are the authors’ own and do not necessarily reflect those of their publisher, {institute}.",
        "typeset_in": "Set in {fonts}, used under the SIL Open Font License 1.1.",
        "made_with": "Made with briefexport {version}.",
        "note": "Note {number}",
        "bibliography": "Bibliography",
        "references": "References",
        "cite_this": "Cite this brief",
        "table": "Table",
        # Figures, tables and sections as captions and cross-references print them (content/targets.py).
        "caption_figure": "Figure {number}.",
        "caption_table": "Table {number}.",
        "xref_figure": "Figure {number}",
        "xref_table": "Table {number}",
        "xref_section": "Section {number}",
        "xref_subsection": "Section {number}",
        "key_points": "Key points",
        "skip_to_content": "Skip to content",
        "library": "Publications",
        "library_intro": "Issue briefs and collections of {institute}, free to read and download.",
        "library_intro_apart": "{institute}: issue briefs and collections, free to read and download.",
        "collections": "Collections",
        "all_briefs": "All briefs",
        "briefs_by": "Briefs by {name}",
        "all_publications": "All publications",
        "download": "Download",
        "download_pdf": "PDF for screen reading",
        "download_print": "PDF for print",
        "download_epub": "EPUB e-book",
        "briefs_in_collection": "Briefs in this collection",
        "pdfs_of_briefs": "PDFs of its {count} briefs",
        "other_edition": "Also available in {language}:",
        "feed": "Atom feed of new briefs",
        "opds": "OPDS catalogue for e-reader apps",
        "authors": "Authors",
        "language_en": "English",
        "language_ko": "Korean",
        "search": "Search",
        "search_heading": "Search the briefs",
        "search_label": "Words to find",
        "search_scope": "Searches the full text of every brief in {language}.",
        "search_button": "Search",
        "search_nojs": "Search needs JavaScript, which is off in this browser. Browse the briefs by topic or by year instead.",
        "search_file": "Search works once the library is on a web server: a browser does not let a page opened from a folder on disk read the search index. Browse the briefs by topic or by year instead.",
        "search_failed": "The search index could not be loaded. Browse the briefs by topic or by year instead.",
        "search_results": "{count} briefs found",
        "search_one": "1 brief found",
        "search_none": "No brief has these words.",
        "search_other": "Search the briefs in another language:",
        "topics": "Topics",
        "years": "Years",
        "series_all": "Series",
        "all_topics": "All topics",
        "all_collections": "All collections",
        "newest_briefs": "Newest briefs",
        "browse": "Browse the library",
        "archive_link": "All {count} briefs, newest first",
        "count_briefs": "{count} briefs",
        "count_one": "1 brief",
        "page_of": "Page {number} of {total}",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "pages": "Pages",
        "kicker_topic": "Topic",
        "kicker_year": "Year",
        "kicker_series": "Series",
        "kicker_author": "Author",
        "kicker_collection": "Collection",
        "briefs_of_year": "Briefs of {year}",
        "by_topics": "By topic",
        "by_years": "By year",
        "by_collections": "By collection",
        "site_nav": "Library",
        "filed_under": "Filed under",
        "identifier": "Identifier",
        "accessibility": "Accessibility",
        "accessibility_summary": (
            "Each brief is marked with its language; the table of contents lists every brief and its "
            "sections; headings follow the structure of the text; every picture has a text description; "
            "tables have header cells; footnotes link to their notes and back; the reading order follows "
            "the printed order; text can be resized and restyled. Checked with Ace by DAISY and EPUBCheck; "
            "not evaluated by a person against WCAG, so no conformance is claimed."
        ),
    },
    "ko": {
        "series": "이슈브리프",
        "number": "No.",
        "about_author": "저자 소개",
        "about_authors": "저자 소개",
        "edition_note": "이 판에 대하여",
        "translation_of": "이 {edition}은 {series} No. {number} 「{title}」을 바탕으로 작성되었습니다.",
        "translation_of_plain": "이 판은 {series} No. {number} 「{title}」을 바탕으로 작성되었습니다.",
        "draft": "초안",
        "draft_note": "초안 — 배포 금지",
        "page": "쪽",
        "page_prefix": "",
        "contents": "차례",
        "notes": "주",
        "back_to_text": "본문으로",
        "figure": "그림",
        "footnote": "각주 {number}",
        "disclaimer": "이 글에 담긴 견해는 저자 개인의 것이며 {institute}의 공식 입장과 다를 수 있습니다.",
        "disclaimer_apart": "이 글에 담긴 견해는 저자 개인의 것이며 발행 기관({institute})의 공식 입장과 다를 수 있습니다.",
        "cover": "표지",
        "title_page": "속표지",
        "start": "본문 시작",
        "colophon": "판권",
        "landmarks": "안내",
        "cover_alt": "{title} 표지",
        "published_by": "{publisher} 발행",
        "disclaimer_collection": "이 책에 담긴 견해는 저자 개인의 것이며 {institute}의 공식 입장과 다를 수 있습니다.",
        "disclaimer_collection_apart": "이 책에 담긴 견해는 저자 개인의 것이며 발행 기관({institute})의 공식 입장과 다를 수 있습니다.",
        "typeset_in": "{fonts} 글꼴을 SIL Open Font License 1.1에 따라 사용하였습니다.",
        "made_with": "briefexport {version}(으)로 만들었습니다.",
        "note": "주 {number}",
        "bibliography": "참고문헌",
        "references": "참고문헌",
        "cite_this": "이 브리프 인용하기",
        "table": "표",
        # 그림 1, 표 1 with a space; sections as 제2절 and subsections as 2.1절: 한글 맞춤법 (국립국어원)
        # 제43항 lets a unit noun of order written with Arabic numerals join its number ("제3절").
        "caption_figure": "그림 {number}.",
        "caption_table": "표 {number}.",
        "xref_figure": "그림 {number}",
        "xref_table": "표 {number}",
        "xref_section": "제{number}절",
        "xref_subsection": "{number}절",
        "key_points": "핵심 요약",
        "skip_to_content": "본문 바로가기",
        "library": "간행물",
        "library_intro": "{institute}의 이슈브리프와 모음집을 자유롭게 읽고 내려받을 수 있습니다.",
        "library_intro_apart": "발행 기관({institute})의 이슈브리프와 모음집을 자유롭게 읽고 내려받을 수 있습니다.",
        "collections": "모음집",
        "all_briefs": "모든 브리프",
        "briefs_by": "{name}의 브리프",
        "all_publications": "모든 간행물",
        "download": "내려받기",
        "download_pdf": "화면용 PDF",
        "download_print": "인쇄용 PDF",
        "download_epub": "EPUB 전자책",
        "briefs_in_collection": "이 모음집의 브리프",
        "pdfs_of_briefs": "수록 브리프 {count}편의 PDF",
        "other_edition": "{language}판:",
        "feed": "새 브리프 Atom 피드",
        "opds": "전자책 앱용 OPDS 카탈로그",
        "authors": "저자",
        "language_en": "영어",
        "language_ko": "한국어",
        "search": "검색",
        "search_heading": "브리프 검색",
        "search_label": "찾을 낱말",
        "search_scope": "{language} 브리프의 본문 전체를 검색합니다.",
        "search_button": "검색",
        "search_nojs": "검색에는 자바스크립트가 필요한데 이 브라우저에서는 꺼져 있습니다. 대신 주제나 연도별로 브리프를 찾아보십시오.",
        "search_file": "검색은 간행물 사이트가 웹 서버에 올라가 있을 때 작동합니다. 디스크의 폴더에서 연 페이지는 브라우저가 검색 색인을 읽지 못하게 합니다. 대신 주제나 연도별로 브리프를 찾아보십시오.",
        "search_failed": "검색 색인을 불러오지 못했습니다. 대신 주제나 연도별로 브리프를 찾아보십시오.",
        "search_results": "브리프 {count}편을 찾았습니다",
        "search_one": "브리프 1편을 찾았습니다",
        "search_none": "이 낱말이 있는 브리프가 없습니다.",
        "search_other": "다른 언어의 브리프 검색:",
        "topics": "주제",
        "years": "연도",
        "series_all": "시리즈",
        "all_topics": "모든 주제",
        "all_collections": "모든 모음집",
        "newest_briefs": "최신 브리프",
        "browse": "간행물 둘러보기",
        "archive_link": "브리프 {count}편 전체 (최신순)",
        "count_briefs": "브리프 {count}편",
        "count_one": "브리프 1편",
        "page_of": "{total}쪽 중 {number}쪽",
        "previous_page": "이전 쪽",
        "next_page": "다음 쪽",
        "pages": "쪽",
        "kicker_topic": "주제",
        "kicker_year": "연도",
        "kicker_series": "시리즈",
        "kicker_author": "저자",
        "kicker_collection": "모음집",
        "briefs_of_year": "{year}년의 브리프",
        "by_topics": "주제별",
        "by_years": "연도별",
        "by_collections": "모음집별",
        "site_nav": "간행물",
        "filed_under": "분류",
        "identifier": "식별자",
        "accessibility": "접근성",
        "accessibility_summary": (
            "각 브리프에는 언어가 표시되어 있고, 차례에는 모든 브리프와 절이 실려 있으며, 제목 구조가 본문 구조를 "
            "따릅니다. 모든 그림에는 대체 텍스트가 있고, 표에는 머리글 칸이 있으며, 각주는 본문과 서로 연결됩니다. "
            "읽기 순서는 인쇄본과 같고, 글자 크기와 모양을 바꿀 수 있습니다. Ace by DAISY와 EPUBCheck로 "
            "검사하였으나 WCAG 기준에 따른 사람의 평가는 거치지 않았으므로 적합성을 주장하지 않습니다."
        ),
    },
}


def base_language(language: str) -> str:
    return language.split("-")[0].lower()


def labels(language: str) -> dict[str, str]:
    return LABELS.get(base_language(language), LABELS["en"])


def format_date(date: dt.date, language: str) -> str:
    """10 September 2026 / September 10, 2026 (en-US) / 2026년 9월 10일."""
    lang = base_language(language)
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일"
    if language.lower() == "en-us":
        return f"{_MONTHS_EN[date.month - 1]} {date.day}, {date.year}"
    return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"


def hyphenation_language(language: str) -> str:
    """The `lang` used for hyphenation: en means en-US unless the brief says otherwise."""
    return "en-US" if language.lower() == "en" else language
