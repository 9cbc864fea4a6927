"""Reference values of the Pass numérique (referential_eval.md, section c)."""

from __future__ import annotations

import calendar
from datetime import date

NIVEAUX_PERIMETRE: dict[str, str] = {
    "region": "Région",
    "departement": "Département",
    "epci": "EPCI",
    "commune": "Commune",
}
PASS_PAR_CARNET = 10
"""The standard carnet: 10 pass…"""
VALEUR_FACIALE = 1000
"""…of 10 € each (in centimes)."""
PASS_PAR_CARNET_MAX = 50
VALEUR_FACIALE_MAX = 10_000
CARNETS_MAX = 200_000
"""Per order: the 2019 national call financed one million pass for 48 territories."""


def validite_par_defaut(date_commande: date) -> date:
    """Pass are valid until the 31st of December of the order's year."""
    return date(date_commande.year, 12, 31)


def fin_tolerance(date_validite: date) -> date:
    """Scans are still accepted one month after the validity end (31/12 → 31/01)."""
    annee = date_validite.year + (date_validite.month == 12)
    mois = date_validite.month % 12 + 1
    return date(annee, mois, min(date_validite.day, calendar.monthrange(annee, mois)[1]))
