"""What every entry of the indicator dictionary is made of, and the constants the texts and
the computations share (the illiteracy rates of M4.12, the IFN threshold of fragile communes)."""

from __future__ import annotations

import msgspec

TAUX_ILLECTRONISME = 0.154
"""Insee 2021 (Insee Première n° 1953, juin 2023): share of people aged 15 or more."""
PART_15_ANS_ET_PLUS = 0.84
"""Share of people aged 15 or more in the population, applied to every commune's total."""
TAUX_PAR_AGE = {"15-44 ans": 0.03, "45-59 ans": 0.09, "60-74 ans": 0.27, "75 ans et plus": 0.67}
"""Same study, by age band (as reported by economiematin.fr): stated in the annex only, the
communes table holding no age structure."""
SEUIL_IFN_FRAGILE = 7
"""IFN from which a commune counts as fragile (M1.7, M4.7, M4.13)."""

UNITES_TAUX = ("pourcentage", "ratio", "pour 10 000 habitants")
"""Units of an indicator that is a quotient: it must name its numerator and denominator."""


class Indicateur(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    mission: int
    libelle: str
    definition: str
    formule: str
    source: str
    unite: str
    """« nombre », « pourcentage », « euros », « heures », « ratio », « pour 10 000 habitants »."""
    a_la_date: str
    """The as-of rule: which state of the data the figure of a period reads (what the code
    does, including what it still reads as of the day of computation)."""
    numerateur: str = ""
    denominateur: str = ""
    """The parts of every rate the indicator publishes (printed beside it in every output);
    empty for an indicator that publishes counts only."""


def cle_tri(identifiant: str) -> tuple[int, int]:
    """« M4.12 » → (4, 12): M4.2 comes before M4.12."""
    mission, numero = identifiant.removeprefix("M").split(".")
    return int(mission), int(numero)


LIEUX_OUVERTS = "lieux ouverts (ni fermés ni fusionnés dans un autre)"

REGISTRE_A_LA_FIN = (
    "État du registre à la fin du dernier jour de la période (heure de Paris), d'après les "
    "événements enregistrés jusque-là : un lieu fermé, fusionné, déplacé ou confirmé plus tard "
    "ne change pas le chiffre d'une période passée."
)

ACTIVITES_DATEES = (
    "Activités datées dans la période (date de l'activité), telles qu'enregistrées le jour du "
    "calcul : une correction ou une suppression saisie après la période la modifie ; commune "
    "du lieu (ou commune saisie) de l'activité."
)

FINANCEMENTS_A_LA_FIN = (
    "Dossiers tels qu'ils étaient à la fin de la période d'après leurs dates de dépôt et de "
    "décision : un dossier décidé après le dernier jour compte comme en attente. Dates, "
    "montants et commune de la structure sont ceux enregistrés le jour du calcul (une "
    "décision saisie plus tard mais datée dans la période compte)."
)
