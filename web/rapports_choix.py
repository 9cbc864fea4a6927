"""What a funder picks on the reports page: a territory by its name, and a period by month,
quarter, year or two dates; turned into what the API takes (« departement:21 », « 2026-T3 »).

A territory is written « Côte-d'Or (département 21) » in the list the page offers; a bare name
(« Côte-d'Or ») is understood when exactly one territory of the perimeter bears it, and the
codes « departement:21 » of the API stay accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from domain.errors import DomainError
from domain.evaluation.periodes import annee, code_periode, mois, trimestre
from domain.evaluation.rapport import Periode, Territoire
from mednum.infra.communes import normaliser
from web.rapport_filtres import NIVEAUX

_PAR_MOT = {mot: niveau for niveau, mot in NIVEAUX.items()}
_LIBELLE = re.compile(r"^(?P<nom>.+) \((?P<mot>\w+) (?P<code>[0-9A-Za-z]+)\)$")
FORMES = {"mois": "Mois", "trimestre": "Trimestre", "annee": "Année", "libre": "Du … au …"}


def libelle_territoire(t: Territoire) -> str:
    return f"{t.nom} ({NIVEAUX.get(t.niveau, t.niveau)} {t.code})"


def choisir_territoire(texte: str, territoires: list[Territoire]) -> str:
    """The « niveau:code » of what was typed or picked among `territoires` (the perimeter)."""
    texte = texte.strip()
    if re.fullmatch(r"\w+:[0-9A-Za-z]+", texte):
        return texte
    if trouve := _LIBELLE.match(texte):
        niveau = _PAR_MOT.get(trouve["mot"])
        if niveau and any(t.niveau == niveau and t.code == trouve["code"] for t in territoires):
            return f"{niveau}:{trouve['code']}"
    cherche = normaliser(texte)
    memes = [t for t in territoires if normaliser(t.nom) == cherche]
    if len(memes) == 1:
        return f"{memes[0].niveau}:{memes[0].code}"
    if memes:
        raise DomainError(
            f"Plusieurs territoires s'appellent « {texte} » : "
            + ", ".join(libelle_territoire(t) for t in memes)
            + ". Choisissez-en un dans la liste.",
            "territoire",
        )
    raise DomainError(
        f"Territoire « {texte} » introuvable dans votre périmètre : tapez le nom d'une région, "
        "d'un département, d'un EPCI ou d'une commune et choisissez-le dans la liste.",
        "territoire",
    )


def choisir_periode(formulaire: Mapping[str, Any]) -> str:
    """The period code of the form: the field next to the chosen kind of period (or a code
    typed in `periode`, as the API takes it)."""
    brut = str(formulaire.get("periode", "")).strip()
    if brut:
        return brut
    forme = str(formulaire.get("forme", ""))
    if forme == "libre":
        du, au = (str(formulaire.get(c, "")).strip() for c in ("du", "au"))
        if not du or not au:
            raise DomainError(
                "Donnez les deux dates de la période : « du » et « au » (jj/mm/aaaa).", "du"
            )
        return f"{du}..{au}"
    valeur = str(formulaire.get(forme, "")).strip() if forme in FORMES else ""
    if not valeur:
        raise DomainError(
            "Choisissez une période : un mois, un trimestre, une année ou deux dates.", "forme"
        )
    return valeur


def periodes_proposees(aujourd_hui: dt.date, annees: int = 3) -> dict[str, list[tuple[str, str]]]:
    """The complete quarters and years of the last `annees` years, the most recent first (a
    period that is not over cannot be frozen)."""
    trimestres = [
        trimestre(a, n)
        for a in range(aujourd_hui.year, aujourd_hui.year - annees - 1, -1)
        for n in (4, 3, 2, 1)
    ]
    completes = [p for p in trimestres if p.fin < aujourd_hui][: 4 * annees]
    annees_completes = [annee(aujourd_hui.year - n) for n in range(1, annees + 1)]
    return {
        "trimestre": [_option(p) for p in completes],
        "annee": [_option(p) for p in annees_completes],
    }


def _option(p: Periode) -> tuple[str, str]:
    return code_periode(p), p.libelle


def dernier_mois(aujourd_hui: dt.date) -> str:
    premier = aujourd_hui.replace(day=1) - dt.timedelta(days=1)
    return code_periode(mois(premier.year, premier.month))
