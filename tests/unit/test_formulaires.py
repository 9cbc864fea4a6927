"""A form's fields become a command with every refusal named at once (web/formulaires.py)."""

from __future__ import annotations

import uuid

import pytest

from domain.financements.commands import AccorderFinancement
from web.formulaires import FormulaireInvalide, convertir_tout


def test_every_wrong_or_missing_field_is_named_in_french() -> None:
    # given a decision typed with a bad amount, a bad date and no version
    saisie = {"command_id": str(uuid.uuid4()), "montant_accorde": "beaucoup", "date_decision": "x"}
    # when it becomes the command
    with pytest.raises(FormulaireInvalide) as refus:
        convertir_tout(saisie, AccorderFinancement)
    # then the three fields are named, each with what to do
    assert refus.value.erreurs == {
        "version": "Ce champ est obligatoire.",
        "montant_accorde": "Il faut un nombre entier (reçu : du texte).",
        "date_decision": "Date illisible : écrivez-la AAAA-MM-JJ (ex. 2026-03-02).",
    }


def test_typed_text_is_read_as_the_numbers_dates_and_booleans_the_command_wants() -> None:
    commande = convertir_tout(
        {
            "command_id": str(uuid.uuid4()),
            "version": "2",
            "montant_accorde": "3000",
            "date_decision": "2026-03-02",
            "correction": "true",
        },
        AccorderFinancement,
    )
    assert (commande.version, commande.montant_accorde, commande.correction) == (2, 3000, True)
    assert commande.date_decision.isoformat() == "2026-03-02"
