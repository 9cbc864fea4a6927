"""Every style sheet parses as blocks that close: a rule moved between sheets without its
closing brace silently unstyles everything after it in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FEUILLES = sorted((Path(__file__).parents[2] / "web" / "static" / "css").glob("*.css"))


def profondeurs(css: str) -> list[int]:
    """The nesting depth after each brace, comments and strings left out."""
    sans_commentaires = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    sans_chaines = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', sans_commentaires)
    profondeur, suite = 0, []
    for signe in re.findall(r"[{}]", sans_chaines):
        profondeur += 1 if signe == "{" else -1
        suite.append(profondeur)
    return suite


def test_there_are_style_sheets() -> None:
    assert len(FEUILLES) >= 3


@pytest.mark.parametrize("feuille", FEUILLES, ids=lambda f: f.name)
def test_every_block_of_a_style_sheet_closes(feuille: Path) -> None:
    suite = profondeurs(feuille.read_text(encoding="utf-8"))
    assert min(suite, default=0) >= 0, "a brace closes a block that was never opened"
    assert suite[-1:] in ([], [0]), "a block is left open"


def test_an_unclosed_media_query_is_found() -> None:
    assert profondeurs("@media (x) { a { b: c; }\n/* } */ d { e: '}' }")[-1] == 1
