"""Report periods: months, quarters, years and custom ranges, their codes and French labels."""

from __future__ import annotations

import datetime as dt
import re

from domain.errors import DomainError
from domain.evaluation.rapport import Periode

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_MOIS = re.compile(r"^(\d{4})-(\d{2})$")
_TRIMESTRE = re.compile(r"^(\d{4})-T([1-4])$")
_ANNEE = re.compile(r"^(\d{4})$")
_PERSONNALISEE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

FORMES = (
    "« 2026-03 » (un mois), « 2026-T1 » (un trimestre), « 2026 » (une année) ou "
    "« 2026-03-03..2026-04-12 » (du 3 mars au 12 avril 2026 inclus)"
)


def _refus(texte: str, detail: str = "") -> DomainError:
    return DomainError(
        f"Période « {texte} » non reconnue{detail} : écrivez {FORMES}.", champ="periode"
    )


def _fin_du_mois(annee: int, mois: int) -> dt.date:
    suivant = dt.date(annee + mois // 12, mois % 12 + 1, 1)
    return suivant - dt.timedelta(days=1)


def _jour(date: dt.date) -> str:
    jour = "1er" if date.day == 1 else str(date.day)
    return f"{jour} {MOIS[date.month - 1]} {date.year}"


def mois(annee: int, numero: int) -> Periode:
    return periode_du(dt.date(annee, numero, 1), _fin_du_mois(annee, numero))


def trimestre(annee: int, numero: int) -> Periode:
    debut = dt.date(annee, 3 * numero - 2, 1)
    return periode_du(debut, _fin_du_mois(annee, 3 * numero))


def annee(valeur: int) -> Periode:
    return periode_du(dt.date(valeur, 1, 1), dt.date(valeur, 12, 31))


def _nature(debut: dt.date, fin: dt.date) -> str:
    """« mois », « trimestre », « annee » when the range is exactly one, else « libre »."""
    if debut.day != 1 or fin != _fin_du_mois(fin.year, fin.month) or debut.year != fin.year:
        return "libre"
    if debut.month == fin.month:
        return "mois"
    if debut.month % 3 == 1 and fin.month == debut.month + 2:
        return "trimestre"
    if debut.month == 1 and fin.month == 12:
        return "annee"
    return "libre"


def periode_du(debut: dt.date, fin: dt.date) -> Periode:
    """The period from `debut` to `fin` inclusive, with its French label."""
    if fin < debut:
        raise DomainError(
            f"La période se termine ({_jour(fin)}) avant de commencer ({_jour(debut)}) : "
            "mettez la date de début en premier.",
            champ="periode",
        )
    nature = _nature(debut, fin)
    if nature == "mois":
        libelle = f"{MOIS[debut.month - 1]} {debut.year}"
    elif nature == "trimestre":
        rang = (debut.month + 2) // 3
        libelle = f"{'1er' if rang == 1 else f'{rang}e'} trimestre {debut.year}"
    elif nature == "annee":
        libelle = f"année {debut.year}"
    else:
        libelle = f"du {_jour(debut)} au {_jour(fin)}"
    return Periode(debut=debut, fin=fin, libelle=libelle)


def lire_periode(texte: str) -> Periode:
    """`2026-03`, `2026-T1`, `2026` or `2026-03-03..2026-04-12` (inclusive)."""
    brut = texte.strip()
    try:
        if trouve := _MOIS.match(brut):
            numero = int(trouve[2])
            if not 1 <= numero <= 12:
                raise _refus(texte, f" (il n'y a pas de mois {numero})")
            return mois(int(trouve[1]), numero)
        if trouve := _TRIMESTRE.match(brut):
            return trimestre(int(trouve[1]), int(trouve[2]))
        if trouve := _ANNEE.match(brut):
            return annee(int(trouve[1]))
        if trouve := _PERSONNALISEE.match(brut):
            try:
                debut = dt.date.fromisoformat(trouve[1])
                fin = dt.date.fromisoformat(trouve[2])
            except ValueError:
                raise _refus(texte, " (date inexistante)") from None
            return periode_du(debut, fin)
    except ValueError:
        # Year 0 and the like: not a calendar date.
        raise _refus(texte) from None
    raise _refus(texte)


def code_periode(periode: Periode) -> str:
    """The code `lire_periode` reads back: `2026-03`, `2026-T1`, `2026` or `a..b`."""
    debut, fin = periode.debut, periode.fin
    nature = _nature(debut, fin)
    if nature == "mois":
        return f"{debut.year:04d}-{debut.month:02d}"
    if nature == "trimestre":
        return f"{debut.year:04d}-T{(debut.month + 2) // 3}"
    if nature == "annee":
        return f"{debut.year:04d}"
    return f"{debut.isoformat()}..{fin.isoformat()}"


def _un_an_avant(date: dt.date) -> dt.date:
    if date.month == 2 and date.day == 29:
        return dt.date(date.year - 1, 2, 28)
    return date.replace(year=date.year - 1)


def meme_periode_annee_precedente(periode: Periode) -> Periode:
    """The same months one year earlier (a whole month stays whole: February 2025 → February
    2024 ends on the 29th); a custom range moves day by day, 29 February becoming the 28th."""
    debut, fin = periode.debut, periode.fin
    if _nature(debut, fin) != "libre":
        return periode_du(
            dt.date(debut.year - 1, debut.month, 1), _fin_du_mois(fin.year - 1, fin.month)
        )
    return periode_du(_un_an_avant(debut), _un_an_avant(fin))


def mois_de(periode: Periode) -> list[dt.date]:
    """The first day of every month the period touches, in order."""
    resultat = []
    courant = dt.date(periode.debut.year, periode.debut.month, 1)
    while courant <= periode.fin:
        resultat.append(courant)
        courant = _fin_du_mois(courant.year, courant.month) + dt.timedelta(days=1)
    return resultat


def periodes_a_figer(
    dernier_fige: dt.date | None, aujourd_hui: dt.date, depuis: dt.date
) -> list[tuple[str, Periode]]:
    """The complete months (« mensuel ») and quarters (« trimestriel ») still to freeze.

    `dernier_fige` is the last day of the latest period already frozen (None when none is);
    a period is due when it ended before `aujourd_hui`, after `dernier_fige`, and on or after
    `depuis` (the start of the hub's data: a month it overlaps is reported). Oldest first; a
    month comes before the quarter ending the same day.
    """
    dues: list[tuple[str, Periode]] = []
    if depuis >= aujourd_hui:
        return dues
    for premier in mois_de(periode_du(dt.date(depuis.year, depuis.month, 1), aujourd_hui)):
        candidats = [("mensuel", mois(premier.year, premier.month))]
        if premier.month % 3 == 0:
            candidats.append(("trimestriel", trimestre(premier.year, premier.month // 3)))
        for nature, periode in candidats:
            if periode.fin >= aujourd_hui or periode.fin < depuis:
                continue
            if dernier_fige is not None and periode.fin <= dernier_fige:
                continue
            dues.append((nature, periode))
    return dues


def cellules_de(debut: dt.date, fin: dt.date) -> list[tuple[str, dt.date]]:
    """The fewest cube cells (grain, first day) that cover `debut`..`fin` exactly, in order:
    whole years, quarters and months where they fit, single days at the ragged edges. The
    cells never overlap, so people are counted once by a DISTINCT over them and additive
    figures are a plain sum."""
    cellules: list[tuple[str, dt.date]] = []
    jour = debut
    while jour <= fin:
        if jour.day == 1:
            if jour.month == 1 and dt.date(jour.year, 12, 31) <= fin:
                cellules.append(("annee", jour))
                jour = dt.date(jour.year + 1, 1, 1)
                continue
            fin_trimestre = _fin_du_mois(jour.year, jour.month + 2) if jour.month % 3 == 1 else None
            if fin_trimestre is not None and fin_trimestre <= fin:
                cellules.append(("trimestre", jour))
                jour = fin_trimestre + dt.timedelta(days=1)
                continue
            fin_mois = _fin_du_mois(jour.year, jour.month)
            if fin_mois <= fin:
                cellules.append(("mois", jour))
                jour = fin_mois + dt.timedelta(days=1)
                continue
        cellules.append(("jour", jour))
        jour += dt.timedelta(days=1)
    return cellules


def fin_de_cellule(grain: str, debut: dt.date) -> dt.date:
    """The last day of a cube cell."""
    if grain == "jour":
        return debut
    if grain == "mois":
        return _fin_du_mois(debut.year, debut.month)
    if grain == "trimestre":
        return _fin_du_mois(debut.year, debut.month + 2)
    return dt.date(debut.year, 12, 31)


def douze_mois_jusqu_au(fin: dt.date) -> dt.date:
    """The first day of the 12 months that end on `fin` inclusive (M4.12's window): for the
    last day of a month, the first day of the month eleven months earlier."""
    lendemain = fin + dt.timedelta(days=1)
    if lendemain.month == 2 and lendemain.day == 29:
        return dt.date(lendemain.year - 1, 3, 1)
    return lendemain.replace(year=lendemain.year - 1)


def est_complete(periode: Periode, aujourd_hui: dt.date) -> bool:
    """A period is complete once its last day is over: today's figures may still grow."""
    return periode.fin < aujourd_hui


def jour_fr(date: dt.date) -> str:
    """« 1er novembre 2026 »."""
    return _jour(date)
