"""Reference values of funding applications: sources and statuses, stored as ids without
accents and shown with their French labels."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "banque_des_territoires": "Banque des Territoires",
    "etat_anct": "État / ANCT",
    "region": "Région",
    "departement": "Département",
    "epci": "EPCI",
    "fse_feder": "FSE+ / FEDER",
    "prive": "Privé / fondation",
}

DEPOSE = "depose"
ACCORDE = "accorde"
REFUSE = "refuse"
STATUTS: dict[str, str] = {DEPOSE: "Déposé", ACCORDE: "Accordé", REFUSE: "Refusé"}

# 50 M€: above any subsidy a hub or one of its structures gets; a larger figure is a typo
# (an amount typed in centimes twice, an extra zero).
MONTANT_MAX = 5_000_000_000
"""In centimes."""
