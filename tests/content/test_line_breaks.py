"""A paragraph continued on the next source line: a space between words, none inside a Chinese or
Japanese sentence (content/line_breaks.py)."""

from __future__ import annotations

import pytest

from briefexport.content.markdown import MARKDOWN


def joined(source: str) -> str:
    paragraph = MARKDOWN.parse(source, {"language": "en"})[1]
    return "".join(" " if t.type == "softbreak" else t.content for t in paragraph.children or [])


@pytest.mark.parametrize(
    "source,expected",
    [
        ("中文句子\n继续说明", "中文句子继续说明"),
        ("日本語の文は\nここで続く。", "日本語の文はここで続く。"),
        ("カタカナ\nカタカナ", "カタカナカタカナ"),
        ("句子，\n继续", "句子，继续"),  # full-width punctuation
        ("A sentence\ncontinued", "A sentence continued"),
        ("한국어 문장은\n계속된다", "한국어 문장은 계속된다"),  # Korean puts spaces between words
        ("中文\nEnglish", "中文 English"),
        ("English\n中文", "English 中文"),
    ],
)
def test_a_soft_break_is_a_space_except_inside_chinese_or_japanese(source, expected):
    assert joined(source) == expected


def test_a_hard_break_stays_a_break():
    paragraph = MARKDOWN.parse("中文句子\\\n继续", {"language": "zh"})[1]
    assert [t.type for t in paragraph.children or []] == ["text", "hardbreak", "text"]
