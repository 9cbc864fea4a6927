"""Every count of people that one period of a report publishes, protected together.

The report prints the same quantities in several places and ties them by sums: the headline
« Accompagnements » is the total of the table by activity type and of the table by
sub-territory; beneficiaries are followed people plus anonymous ones, and the total of each
of the three profile tables; « orientations acceptées » (a numerator printed beside its rate)
is three outcomes of the orientations table, whose total is the denominator of two rates.
All of them form one system of relations (`Relation`), protected at once
(secret_systeme.proteger_relations): a cell hidden in one table is hidden wherever the same
quantity is printed, and no hidden cell can be worked out from any combination of the
published ones.

Two places are linked only when they hold the same value (a breakdown whose modalities do
not cover every case has a smaller total than the headline: they are then two quantities).
A link that the reader assumes and that does not hold gives them a wrong value, not a true
one. The period a year earlier is its own system: no relation ties a cell of one period to a
cell of the other.

Not linked: the EPCI coverage table (a person helped in two EPCI counts in each, so the
EPCI do not add up to the territory), the thematic table (an activity has several themes:
its rows add up to more than the total), and inequalities (new followed people ≤ followed
people) which narrow a hidden cell without pinning it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from domain.evaluation.cellules import flottante
from domain.evaluation.distributions import Distribution
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import Cellule
from domain.evaluation.secret import Case, cellule
from domain.evaluation.secret_systeme import Relation, Statut, proteger_relations

ACCEPTEES = ("aboutie", "acceptee", "prise_en_charge")
"""The outcomes counted as accepted orientations (M4.10)."""


class Comptes:
    """The protected counts of people of one period: `cellule(cle)` is what is printed."""

    def __init__(self, valeurs: dict[str, int], relations: list[Relation], seuil: int) -> None:
        self.valeurs = valeurs
        self.relations = relations
        self.seuil = seuil
        self.statuts: dict[str, Statut] = proteger_relations(valeurs, relations, seuil)

    def cellule(self, cle: str) -> Cellule:
        return flottante(cellule(Case(valeur=self.valeurs[cle], statut=self.statuts[cle])))


def cle_table(table: str, modalite: str) -> str:
    return f"{table}/{modalite}"


def comptes_du_rapport(
    m: Mesures,
    tables: Sequence[Distribution],
    modalites: Mapping[str, Sequence[str]],
    seuil: int,
) -> Comptes:
    """The counts of people of `m` that the report prints, and what ties them."""
    valeurs: dict[str, int] = {}
    relations: list[Relation] = []
    for d in tables:
        if not d.personnes:
            continue
        lignes = modalites.get(d.id, ())
        parties = [cle_table(d.id, x) for x in lignes]
        for x, cle in zip(lignes, parties, strict=True):
            valeurs[cle] = d.valeur(m, x)
        if d.avec_total and parties:
            valeurs[cle_table(d.id, "total")] = sum(valeurs[c] for c in parties)
            relations.append(Relation(tuple(parties), cle_table(d.id, "total")))
    orientations = "M4.10.statuts"
    valeurs |= {
        "accompagnements": m.somme("total", "total"),
        "activites": m.somme("total", "total", 0),
        "beneficiaires": m.beneficiaires_uniques,
        "suivis": m.suivis,
        "anonymes": m.anonymes,
        "nouveaux_suivis": m.nouveaux_suivis,
        "parcours_longs": m.parcours_longs,
        "diagnostics_deux": m.diagnostics_deux,
        "progresses": m.progresses,
        "residences_fragiles": m.residences_fragiles,
        "residences_connues": m.residences_connues,
        "pass_scannes": m.pass_scannes,
        "beneficiaires_douze_mois": m.beneficiaires_douze_mois,
        "orientations": sum(m.orientations.values()),
        "orientations_abouties": m.orientations.get("aboutie", 0),
        "orientations_acceptees": sum(m.orientations.get(x, 0) for x in ACCEPTEES),
    }
    relations.append(Relation(("suivis", "anonymes"), "beneficiaires"))
    vues = modalites.get(orientations, ())
    acceptees = [cle_table(orientations, x) for x in ACCEPTEES if x in vues]
    if sum(valeurs[c] for c in acceptees) == valeurs["orientations_acceptees"]:
        relations.append(Relation(tuple(acceptees), "orientations_acceptees"))
    memes = [
        ["accompagnements", "M4.1.types/total", "M4.1.territoires/total"],
        ["beneficiaires", *(f"M4.7.{t}/total" for t in ("tranches_age", "genres", "statuts"))],
        ["orientations", f"{orientations}/total"],
        ["orientations_abouties", cle_table(orientations, "aboutie")],
        ["M4.2.autonomie/total", "M4.1.types/individuel"],
    ]
    for groupe in memes:
        presents = [c for c in groupe if c in valeurs]
        for a, b in itertools.combinations(presents, 2):
            if valeurs[a] == valeurs[b]:
                relations.append(Relation((a,), b))
    return Comptes(valeurs, relations, seuil)
