"""The method annex of a report: the reporting conventions, then the indicator dictionary."""

from __future__ import annotations

from domain.base import memes_champs
from domain.evaluation.indicateurs import INDICATEURS, Indicateur
from domain.evaluation.rapport import Definition
from domain.evaluation.secret import SEUIL


def definitions_methode(seuil: int = SEUIL, millesime_cog: str = "2018") -> list[Definition]:
    """The method annex: the reporting conventions, then every indicator."""
    conventions = [
        Definition(
            id="beneficiaire_unique",
            libelle="Bénéficiaire unique",
            definition=(
                "Une personne suivie (nommée) compte une fois sur la période, quel que soit le "
                "nombre de ses accompagnements ; une personne anonyme compte une fois par "
                "accompagnement, faute de pouvoir la reconnaître d'une fois sur l'autre."
            ),
            formule="Personnes suivies distinctes + accompagnements anonymes.",
            source="Table accompagnements.",
        ),
        Definition(
            id="secret_statistique",
            libelle=f"Secret statistique (seuil k = {seuil})",
            definition=(
                f"Toute valeur comprise entre 1 et {seuil - 1} personnes est masquée et "
                f"affichée « < {seuil} » ; zéro est publié. Un même effectif figure parfois à "
                "plusieurs endroits (chiffre clé, total d'un tableau, numérateur ou "
                "dénominateur d'un taux) et les tableaux sont liés par des sommes (lignes et "
                "total, sous-territoires et territoire, personnes suivies et anonymes). "
                "D'autres valeurs sont masquées à leur tour (secret secondaire, affiché « s ») "
                "jusqu'à ce qu'aucune valeur masquée ne puisse être retrouvée en combinant "
                "toutes ces relations et les valeurs publiées de la même période. Seule "
                "exception : quand toutes les valeurs non nulles qui lui sont liées sont déjà "
                "masquées (très petits effectifs), une valeur masquée peut rester déductible. "
                "Les rapports de territoires différents sont protégés chacun de son côté."
            ),
            formule=f"Masquée si 0 < valeur < {seuil} ; puis masquage secondaire sur "
            "l'ensemble des relations du rapport, période par période.",
            source="Règle DGFiP pour les personnes physiques (manuel Insee de protection des "
            "tableaux).",
        ),
        Definition(
            id="cog",
            libelle="Géographie",
            definition=(
                "Communes, EPCI, départements et régions selon le Code officiel géographique "
                f"(millésime {millesime_cog}) du référentiel livré avec le hub ; une activité "
                "relève de la commune de son lieu, ou de la commune saisie pour une activité à "
                "domicile ou à distance."
            ),
            formule="Code INSEE de la commune ; SIREN de l'EPCI.",
            source="IGN Admin Express, Insee COG (Licence Ouverte).",
        ),
        Definition(
            id="periode_precedente",
            libelle="Comparaison à N-1",
            definition=(
                "Chaque chiffre clé est comparé à la même période un an plus tôt (mêmes mois ; "
                "le 29 février devient le 28), calculée avec les mêmes règles."
            ),
            formule="Même période décalée d'un an.",
            source="Mêmes sources que l'indicateur.",
        ),
    ]
    return conventions + [definition_indicateur(i) for i in INDICATEURS.values()]


def definition_indicateur(i: Indicateur) -> Definition:
    """The dictionary entry as the annex, the API and the exports show it."""
    return Definition(**memes_champs(i, Definition))
