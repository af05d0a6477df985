"""Labels and date formats per language. English is the fallback for anything not listed."""

from __future__ import annotations

import datetime as dt

_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]

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
        "footnote": "Note",
        "figure": "Figure",
        "summary": "Summary",
        "by": "by",
        "and": "and",
        "disclaimer": "The views expressed in this brief are the authors' own and do not necessarily reflect those of {institute}.",
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
        "footnote": "주",
        "figure": "그림",
        "summary": "요약",
        "by": "",
        "and": "·",
        "disclaimer": "이 글에 담긴 견해는 저자 개인의 것이며 {institute}의 공식 입장과 다를 수 있습니다.",
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
