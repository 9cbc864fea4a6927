"""The indicator dictionary: complete, unique, ordered, every rate with its numerator and
denominator, every indicator with its as-of rule, and the method annex built from it."""

from __future__ import annotations

import datetime as dt

import msgspec

from domain.evaluation.cellules import est_taux
from domain.evaluation.composition import composer
from domain.evaluation.dictionnaire import MISSION_1, MISSION_2, MISSION_3, MISSION_4
from domain.evaluation.indicateurs import INDICATEURS, UNITES_TAUX, cle_tri
from domain.evaluation.mesures import Mesures
from domain.evaluation.methode import definitions_methode
from domain.evaluation.rapport import Periode, Rapport, Territoire
from tests.unit.test_evaluation_contributions import contexte

ATTENDUS = [
    "M1.1",
    "M1.2",
    "M1.3",
    "M1.5",
    "M1.6",
    "M1.7",
    "M2.1",
    "M2.2",
    "M2.3",
    "M2.4",
    "M3.1",
    "M3.2",
    "M4.1",
    "M4.2",
    "M4.3",
    "M4.4",
    "M4.5",
    "M4.6",
    "M4.7",
    "M4.8",
    "M4.9",
    "M4.10",
    "M4.12",
    "M4.13",
    "M4.14",
]


def test_every_indicator_of_the_brief_is_there_in_numeric_order() -> None:
    assert list(INDICATEURS) == ATTENDUS
    assert cle_tri("M4.2") < cle_tri("M4.10") < cle_tri("M4.12")


PARTIES = ("numerateur", "denominateur")


def test_ids_are_unique_and_every_field_but_the_parts_is_filled() -> None:
    modules = [*MISSION_1, *MISSION_2, *MISSION_3, *MISSION_4]
    assert len({i.id for i in modules}) == len(modules) == len(INDICATEURS)
    for identifiant, indicateur in INDICATEURS.items():
        assert indicateur.id == identifiant
        assert indicateur.mission == cle_tri(identifiant)[0]
        for champ, valeur in msgspec.structs.asdict(indicateur).items():
            if champ not in PARTIES:
                assert valeur not in ("", None), (identifiant, champ)


def test_every_indicator_says_as_of_when_it_is_read() -> None:
    for identifiant, indicateur in INDICATEURS.items():
        assert len(indicateur.a_la_date) > 20, identifiant
    assert "fin du dernier jour de la période (heure de Paris)" in INDICATEURS["M1.2"].a_la_date
    assert "cohorte" in INDICATEURS["M4.10"].a_la_date
    assert "12 mois qui finissent le dernier jour" in INDICATEURS["M4.12"].a_la_date
    assert "fin de la période" in INDICATEURS["M2.1"].a_la_date


def _rapport_plein() -> Rapport:
    """A report composed from figures large enough that no count is hidden and every rate is
    computable: the rates it publishes are all the rates the code can publish."""
    beaucoup = 1000
    mesures = Mesures(
        lieux=beaucoup,
        lieux_frais=beaucoup // 2,
        population=100 * beaucoup,
        population_couverte=50 * beaucoup,
        population_fragile=20 * beaucoup,
        lieux_fragiles=beaucoup // 4,
        aidants={"benevole": beaucoup},
        dossiers_accordes=beaucoup,
        dossiers_refuses=beaucoup,
        montant_accorde=10 * beaucoup,
        fonds_fonctionnement_hub=beaucoup,
        fonds_fleches_accompagnement=beaucoup,
        pass_en_validite=beaucoup,
        carnets_en_validite=beaucoup,
        pass_scannes=beaucoup // 2,
        carnets_injectes=beaucoup // 2,
        cube={
            "total": {"total": [beaucoup, beaucoup, 60 * beaucoup, 60 * beaucoup]},
            "anonymes": {"total": [beaucoup, beaucoup, 0, 0]},
        },
        suivis=beaucoup,
        parcours_longs=beaucoup // 2,
        mediane_minutes=60.0,
        residences_fragiles=beaucoup // 2,
        residences_connues=beaucoup,
        diagnostics_deux=beaucoup,
        progresses=beaucoup // 2,
        delta_moyen=1.0,
        orientations={"aboutie": beaucoup, "acceptee": beaucoup, "refusee": beaucoup},
        beneficiaires_douze_mois=beaucoup,
    )
    periode = Periode(debut=dt.date(2026, 1, 1), fin=dt.date(2026, 3, 31), libelle="T1")
    ctx = msgspec.structs.replace(
        contexte(),
        territoire=Territoire(niveau="region", code="27", nom="Bourgogne-Franche-Comté"),
        periode=periode,
        periode_precedente=periode,
        position=1,
        epci=[("242100410", "Dijon Métropole", 250_000, beaucoup)],
    )
    return composer(mesures, mesures, ctx)


def _indicateurs_publiant_un_taux() -> set[str]:
    rapport = _rapport_plein()
    cellules = [(c.indicateur, c.valeur) for c in rapport.chiffres_cles]
    for tableau in rapport.tableaux:
        lignes = [*tableau.lignes, *([tableau.total] if tableau.total else [])]
        cellules += [(tableau.indicateur, c) for ligne in lignes for c in ligne.cellules]
    return {i for i, c in cellules if est_taux(c)}


def test_every_rate_names_its_numerator_and_denominator_and_counts_name_none() -> None:
    """A quotient by its unit, or an indicator whose report rows carry a rate (the cost per
    beneficiary in euros, the accepted orientations of M4.10): both parts are written; an
    indicator that publishes counts only has neither."""
    publient = _indicateurs_publiant_un_taux()
    assert {"M1.2", "M2.4", "M4.5", "M4.10", "M4.12", "M4.13", "M4.14"} <= publient
    for identifiant, indicateur in INDICATEURS.items():
        est_quotient = indicateur.unite in UNITES_TAUX or identifiant in publient
        for champ in PARTIES:
            valeur = getattr(indicateur, champ)
            assert bool(valeur.strip()) == est_quotient, (identifiant, champ)


def test_the_method_states_its_approximations() -> None:
    assert "84 %" in INDICATEURS["M4.12"].definition
    assert "15,4 %" in INDICATEURS["M4.12"].definition
    assert "commune qui a elle-même" in INDICATEURS["M1.6"].definition
    assert "sessions de formation" in INDICATEURS["M1.5"].definition


def test_the_method_annex_lists_the_conventions_then_every_indicator() -> None:
    annexe = definitions_methode(seuil=11)
    ids = [d.id for d in annexe]
    assert ids == [
        "beneficiaire_unique",
        "secret_statistique",
        "cog",
        "periode_precedente",
        *ATTENDUS,
    ]
    assert len(set(ids)) == len(ids)
    secret = annexe[1]
    assert secret.libelle == "Secret statistique (seuil k = 11)"
    assert "« < 11 »" in secret.definition
    assert all(d.libelle and d.definition and d.formule and d.source for d in annexe)
    assert all(not d.a_la_date for d in annexe[:4])
    m412 = annexe[ids.index("M4.12")]
    assert m412.numerateur == INDICATEURS["M4.12"].numerateur
    assert m412.denominateur == INDICATEURS["M4.12"].denominateur
    assert m412.a_la_date == INDICATEURS["M4.12"].a_la_date
    assert "« < 5 »" in definitions_methode(seuil=5)[1].definition
