"""A small evaluation report built by hand, for the rendering tests.

The secondary hidden cell carries a value (98765) although a producer should give None: the
renderers must never print a hidden cell's value, whatever it holds.
"""

from __future__ import annotations

import datetime as dt

from domain.evaluation.rapport import (
    Cellule,
    ChiffreCle,
    CommuneCarte,
    Definition,
    EpciCarte,
    LieuCarte,
    Ligne,
    Periode,
    Rapport,
    Tableau,
    Territoire,
)

VALEUR_PIEGE = 98765.0
DIJON_METROPOLE = "242100410"
RIVES_DE_SAONE = "242101509"


def _c(valeur: float | None) -> Cellule:
    return Cellule(valeur=valeur)


def _taux(numerateur: float | None, denominateur: float | None, facteur: float = 100) -> Cellule:
    if not denominateur or numerateur is None:
        return Cellule(
            valeur=None, numerateur=numerateur, denominateur=denominateur, non_calculable=True
        )
    valeur = round(numerateur / denominateur * facteur, 1)
    return Cellule(valeur=valeur, numerateur=numerateur, denominateur=denominateur)


MASQUEE = Cellule(valeur=None, masquee=True)
MASQUEE_SECONDAIRE = Cellule(valeur=VALEUR_PIEGE, masquee=True, secondaire=True)

THEMATIQUES = Tableau(
    id="M4.6.thematiques",
    indicateur="M4.6",
    titre="Accompagnements par thématique",
    colonnes=["mars 2026", "mars 2025"],
    lignes=[
        Ligne(modalite="demarches", libelle="Démarches en ligne", cellules=[_c(120), _c(95)]),
        Ligne(
            modalite="securite",
            libelle="Utilisation sécurisée du numérique",
            cellules=[MASQUEE, _c(14)],
        ),
        Ligne(modalite="parentalite", libelle="Parentalité", cellules=[MASQUEE_SECONDAIRE, _c(23)]),
    ],
    total=Ligne(modalite="total", libelle="Total", cellules=[_c(147), _c(132)]),
)

DEPARTEMENTS = Tableau(
    id="M4.1.departements",
    indicateur="M4.1",
    titre="Bénéficiaires uniques par département",
    colonnes=["mars 2026", "mars 2025"],
    lignes=[
        Ligne(modalite="21", libelle="Côte-d'Or", cellules=[_c(12345), _c(11000)]),
        Ligne(modalite="25", libelle="Doubs", cellules=[_c(None), _c(87)]),
    ],
    total=Ligne(modalite="total", libelle="Total", cellules=[_c(12345), _c(11087)]),
)

FRAICHEUR = Tableau(
    id="M1.2.detail",
    indicateur="M1.2",
    titre="Indicateur M1.2",
    colonnes=["mars 2026", "mars 2025"],
    lignes=[
        Ligne(
            modalite="M1.2.0",
            libelle="Lieux vérifiés depuis moins de 12 mois (%)",
            cellules=[_taux(54, 297), _taux(0, 0)],
            unite="pourcentage",
        ),
        Ligne(
            modalite="M1.2.1",
            libelle="Coût par bénéficiaire unique (euros)",
            cellules=[_taux(None, 267, 1), _taux(12000.5, 250, 1)],
            unite="euros",
        ),
    ],
    unite="indicateurs",
)

COUVERTURE_EPCI = Tableau(
    id="M4.12.epci",
    indicateur="M4.12",
    titre="Couverture du public cible par EPCI (12 mois glissants, %)",
    colonnes=["12 mois au 31/03/2026"],
    lignes=[
        Ligne(modalite=DIJON_METROPOLE, libelle="Dijon Métropole", cellules=[_taux(25, 200)]),
        Ligne(modalite=RIVES_DE_SAONE, libelle="CC Rives de Saône", cellules=[MASQUEE]),
    ],
    unite="pourcentage",
)


def rapport_exemple() -> Rapport:
    return Rapport(
        titre="Rapport d'évaluation — mars 2026",
        territoire=Territoire(niveau="departement", code="21", nom="Côte-d'Or"),
        periode=Periode(debut=dt.date(2026, 3, 1), fin=dt.date(2026, 3, 31), libelle="mars 2026"),
        periode_precedente=Periode(
            debut=dt.date(2025, 3, 1), fin=dt.date(2025, 3, 31), libelle="mars 2025"
        ),
        position=4242,
        arrete_au=dt.datetime(2026, 4, 2, 8, 15, tzinfo=dt.UTC),
        seuil_secret=11,
        chiffres_cles=[
            ChiffreCle(
                indicateur="M1.1", libelle="Lieux ouverts", valeur=_c(42), precedente=_c(40)
            ),
            ChiffreCle(
                indicateur="M4.1",
                libelle="Bénéficiaires uniques",
                valeur=_c(12345),
                precedente=_c(11000),
            ),
            ChiffreCle(
                indicateur="M4.12",
                libelle="Taux de couverture du public cible",
                valeur=_taux(25, 200),
                precedente=_taux(20, 200),
                unite="pourcentage",
            ),
            ChiffreCle(
                indicateur="M4.14",
                libelle="Coût par bénéficiaire",
                valeur=_c(1234.4),
                precedente=_c(1300),
                unite="euros",
            ),
            ChiffreCle(
                indicateur="M4.11",
                libelle="Démarches « faire pour »",
                valeur=MASQUEE,
                precedente=_c(15),
            ),
        ],
        tableaux=[THEMATIQUES, DEPARTEMENTS, FRAICHEUR, COUVERTURE_EPCI],
        communes=[
            CommuneCarte(code="21231", nom="Dijon", epci=DIJON_METROPOLE, ifn=3.9, lieux=1),
            CommuneCarte(code="21166", nom="Chenôve", epci=DIJON_METROPOLE, ifn=7.8, lieux=1),
            CommuneCarte(
                code="21031", nom="Aubigny-en-Plaine", epci=RIVES_DE_SAONE, ifn=5.2, lieux=0
            ),
            CommuneCarte(code="21515", nom="Quetigny", epci=DIJON_METROPOLE, ifn=None, lieux=0),
        ],
        epci=[
            EpciCarte(code=DIJON_METROPOLE, nom="Dijon Métropole", couverture=_taux(25, 200)),
            EpciCarte(code=RIVES_DE_SAONE, nom="CC Rives de Saône", couverture=MASQUEE),
        ],
        lieux=[
            LieuCarte(latitude=47.3229, longitude=5.0375),
            LieuCarte(latitude=47.2926, longitude=5.0049),
        ],
        methode=[
            Definition(
                id="M4.1",
                libelle="Bénéficiaires uniques",
                definition="Personnes distinctes accompagnées au moins une fois sur la période.",
                formule="nombre de bénéficiaires distincts",
                source="Comptes rendus d'activité (CRA) des médiateurs",
            ),
            Definition(
                id="M4.12",
                libelle="Taux de couverture du public cible",
                definition="Bénéficiaires uniques sur 12 mois rapportés au public cible estimé.",
                formule="bénéficiaires uniques 12 mois / population cible × 100",
                source="CRA ; Insee, recensement et enquête TIC ménages 2021",
            ),
        ],
    )
