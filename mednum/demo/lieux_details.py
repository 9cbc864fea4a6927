"""What a demo place says beyond its name and address: phone, fees, publics, specific
support, labels and ways of helping, in rough proportions like the national registry's
(most places have a phone; some say they are free or address seniors; a few welcome deaf
people or speak other languages; France Services places carry their label).

The proportions are orders of magnitude chosen to look like the national data, not measured
from it. Each place draws from its own generator (seeded by its index), so these details do
not shift the places' names and positions drawn by mednum/demo/lieux.py.
"""

from __future__ import annotations

import random
from typing import Any

from domain.lieux.referentiel import SERVICES

DEMARCHES = "Aide aux démarches administratives"
# 03 and the two digits of the département's area, as its landlines start.
_INDICATIFS = {
    "21": "380",
    "25": "381",
    "39": "384",
    "58": "386",
    "70": "384",
    "71": "385",
    "89": "386",
    "90": "384",
}
PART_TELEPHONE = 0.85
# (value, share of places that declare it); a place may declare several.
_FRAIS = (("Gratuit", 0.40), ("Gratuit sous condition", 0.10), ("Payant", 0.06))
_PUBLICS = (
    ("Seniors", 0.15),
    ("Jeunes", 0.12),
    ("Familles et/ou enfants", 0.08),
    ("Étudiants", 0.04),
    ("Femmes", 0.03),
)
_PRISES_EN_CHARGE = (
    ("Handicaps moteurs", 0.10),
    ("Illettrisme", 0.08),
    ("Langues étrangères (anglais)", 0.07),
    ("Handicaps mentaux", 0.05),
    ("Surdité", 0.04),
    ("Langues étrangères (autres)", 0.04),
    ("Déficience visuelle", 0.04),
)
_DISPOSITIFS = (
    ("Conseillers numériques", 0.35),
    ("Aidants Connect", 0.12),
    ("Certification PIX", 0.08),
    ("Point d'accès numérique CAF", 0.05),
)
_ACCOMPAGNEMENTS = (
    ("Accompagnement individuel", 0.65),
    ("Dans un atelier collectif", 0.45),
    ("En autonomie", 0.30),
    ("À distance", 0.15),
)
_ACCES = (("Se présenter", 0.60), ("Téléphoner", 0.50), ("Prendre un RDV en ligne", 0.10))


def _tirage(rng: random.Random, valeurs: tuple[tuple[str, float], ...]) -> list[str]:
    return [valeur for valeur, part in valeurs if rng.random() < part]


def details(
    index: int, nom: str, departement: str, services: list[str], seed: int
) -> dict[str, Any]:
    """The standard's optional fields for demo place `index` (RecenserLieu's keywords)."""
    rng = random.Random(f"{seed}-details-{index}")
    telephone = (
        f"+33{_INDICATIFS.get(departement, '380')}{rng.randint(0, 999999):06d}"
        if rng.random() < PART_TELEPHONE
        else None
    )
    dispositifs = _tirage(rng, _DISPOSITIFS)
    if nom.startswith("France Services"):
        # Every France Services does démarches, and most host an Aidants Connect habilitation.
        dispositifs = ["France Services", *dispositifs]
        if rng.random() < 0.6 and "Aidants Connect" not in dispositifs:
            dispositifs.append("Aidants Connect")
        services = sorted({*services, DEMARCHES}, key=SERVICES.index)
    if nom.startswith("Emmaüs Connect"):
        dispositifs.append("Emmaüs Connect")
    itinerance = ["Itinérant"] if rng.random() < 0.04 else ["Fixe"] if rng.random() < 0.5 else []
    return {
        "telephone": telephone,
        "services": services,
        "frais_a_charge": _tirage(rng, _FRAIS)[:1],
        "publics_specifiquement_adresses": _tirage(rng, _PUBLICS),
        "prise_en_charge_specifique": _tirage(rng, _PRISES_EN_CHARGE),
        "dispositif_programmes_nationaux": dispositifs,
        "modalites_accompagnement": _tirage(rng, _ACCOMPAGNEMENTS),
        "modalites_acces": _tirage(rng, _ACCES),
        "itinerance": itinerance,
    }
