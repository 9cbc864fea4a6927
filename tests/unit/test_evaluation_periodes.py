"""Report periods: reading, labels, codes, one year earlier, months touched, what to freeze."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import DomainError
from domain.evaluation.periodes import (
    code_periode,
    lire_periode,
    meme_periode_annee_precedente,
    mois_de,
    periode_du,
    periodes_a_figer,
)
from domain.evaluation.rapport import Periode

D = dt.date


@pytest.mark.parametrize(
    ("texte", "debut", "fin", "libelle"),
    [
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31), "mars 2026"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "février 2024"),
        ("2025-12", D(2025, 12, 1), D(2025, 12, 31), "décembre 2025"),
        ("2026-T1", D(2026, 1, 1), D(2026, 3, 31), "1er trimestre 2026"),
        ("2026-T2", D(2026, 4, 1), D(2026, 6, 30), "2e trimestre 2026"),
        ("2026-T4", D(2026, 10, 1), D(2026, 12, 31), "4e trimestre 2026"),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "année 2026"),
        (
            "2026-03-03..2026-04-12",
            D(2026, 3, 3),
            D(2026, 4, 12),
            "du 3 mars 2026 au 12 avril 2026",
        ),
        (
            " 2026-03-01..2026-03-01 ",
            D(2026, 3, 1),
            D(2026, 3, 1),
            "du 1er mars 2026 au 1er mars 2026",
        ),
    ],
)
def test_a_period_is_read_with_its_french_label(
    texte: str, debut: dt.date, fin: dt.date, libelle: str
) -> None:
    assert lire_periode(texte) == Periode(debut=debut, fin=fin, libelle=libelle)


@pytest.mark.parametrize(
    "texte",
    [
        "",
        "mars 2026",
        "2026-13",
        "2026-T5",
        "2026-02-30..2026-03-01",
        "2026-04-12..2026-03-03",
        "0000",
        "26-03",
    ],
)
def test_bad_input_is_refused_in_french_naming_the_field_and_the_forms(texte: str) -> None:
    with pytest.raises(DomainError) as refus:
        lire_periode(texte)
    assert refus.value.champ == "periode"
    assert "Période" in refus.value.message or "période" in refus.value.message


def test_the_refusal_lists_the_accepted_forms() -> None:
    with pytest.raises(DomainError) as refus:
        lire_periode("2026-13")
    assert refus.value.message == (
        "Période « 2026-13 » non reconnue (il n'y a pas de mois 13) : écrivez « 2026-03 » "
        "(un mois), « 2026-T1 » (un trimestre), « 2026 » (une année) ou "
        "« 2026-03-03..2026-04-12 » (du 3 mars au 12 avril 2026 inclus)."
    )


@pytest.mark.parametrize(
    "code", ["2026-03", "2026-T1", "2026-T3", "2026", "2026-03-03..2026-04-12"]
)
def test_the_code_reads_back(code: str) -> None:
    assert code_periode(lire_periode(code)) == code


def test_a_custom_range_covering_exactly_a_quarter_gets_the_quarter_code() -> None:
    assert code_periode(lire_periode("2026-04-01..2026-06-30")) == "2026-T2"


def test_one_year_earlier() -> None:
    assert meme_periode_annee_precedente(lire_periode("2025-02")) == Periode(
        debut=D(2024, 2, 1), fin=D(2024, 2, 29), libelle="février 2024"
    )
    assert meme_periode_annee_precedente(lire_periode("2026-T1")).libelle == ("1er trimestre 2025")
    assert meme_periode_annee_precedente(lire_periode("2026")).fin == D(2025, 12, 31)
    assert meme_periode_annee_precedente(lire_periode("2028-02-10..2028-02-29")) == Periode(
        debut=D(2027, 2, 10), fin=D(2027, 2, 28), libelle="du 10 février 2027 au 28 février 2027"
    )


def test_months_touched() -> None:
    assert mois_de(lire_periode("2025-11-20..2026-02-03")) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert mois_de(lire_periode("2026-T2")) == [D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)]


def test_periods_to_freeze_after_downtime_oldest_first() -> None:
    # Given the last frozen period ended on 31 January 2026, today 10 May 2026
    dues = periodes_a_figer(D(2026, 1, 31), D(2026, 5, 10), D(2025, 1, 1))
    # Then February, March, the first quarter and April are due (May is not over)
    assert [(nature, code_periode(p)) for nature, p in dues] == [
        ("mensuel", "2026-02"),
        ("mensuel", "2026-03"),
        ("trimestriel", "2026-T1"),
        ("mensuel", "2026-04"),
    ]


def test_periods_to_freeze_the_first_time_start_with_the_month_of_the_data() -> None:
    dues = periodes_a_figer(None, D(2025, 7, 1), D(2025, 5, 20))
    assert [(nature, code_periode(p)) for nature, p in dues] == [
        ("mensuel", "2025-05"),
        ("mensuel", "2025-06"),
        ("trimestriel", "2025-T2"),
    ]


def test_a_month_ending_yesterday_is_due_but_not_one_ending_today() -> None:
    assert [code_periode(p) for _, p in periodes_a_figer(None, D(2026, 4, 1), D(2026, 3, 1))] == [
        "2026-03",
        "2026-T1",
    ]
    assert periodes_a_figer(None, D(2026, 3, 31), D(2026, 3, 1)) == []
    assert periodes_a_figer(D(2026, 3, 31), D(2026, 4, 20), D(2026, 1, 1)) == []


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(DomainError) as refus:
        periode_du(D(2026, 3, 2), D(2026, 3, 1))
    assert refus.value.champ == "periode"
