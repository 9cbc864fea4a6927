"""Reference values of the national standard for mediation places (v1.0.2) used by the registry.

Source: LaMednum/standard-mediation-num, schema.json v1.0.2 (see shared/reference).
"""

from __future__ import annotations

import msgspec

from domain.errors import DomainError

SERVICES: tuple[str, ...] = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)

# Boxes (south, west, north, east) around the French territories whose places the standard
# lists: a point outside all of them is a typing error, often latitude and longitude swapped.
TERRITOIRES_FRANCAIS: tuple[tuple[str, float, float, float, float], ...] = (
    ("France métropolitaine et Corse", 41.3, -5.3, 51.2, 9.7),
    ("Guadeloupe", 15.8, -61.9, 16.6, -60.9),
    ("Martinique", 14.3, -61.3, 14.9, -60.8),
    ("Guyane", 2.1, -54.7, 5.8, -51.6),
    ("La Réunion", -21.4, 55.2, -20.8, 55.9),
    ("Mayotte", -13.1, 44.9, -12.6, 45.4),
    ("Saint-Pierre-et-Miquelon", 46.7, -56.5, 47.2, -56.1),
    ("Saint-Barthélemy et Saint-Martin", 17.8, -63.2, 18.2, -62.7),
    ("Wallis-et-Futuna", -14.4, -178.3, -13.1, -176.1),
    ("Polynésie française", -27.7, -154.8, -7.8, -134.4),
    ("Nouvelle-Calédonie", -22.9, 163.5, -19.5, 168.2),
)


def dans_un_territoire_francais(latitude: float, longitude: float) -> bool:
    return any(
        sud <= latitude <= nord and ouest <= longitude <= est
        for _, sud, ouest, nord, est in TERRITOIRES_FRANCAIS
    )


class CommuneRef(msgspec.Struct, frozen=True, kw_only=True):
    """What the registry needs to know of a commune to accept an address in it."""

    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    departement: str

    def champs_adresse(self, code_postal: str) -> dict[str, str]:
        """The commune's fields as a place's or a structure's events record them, in the
        order their change lists name them."""
        return {
            "code_insee": self.code_insee,
            "code_postal": code_postal,
            "commune": self.nom,
            "departement": self.departement,
        }


def commune_valide(code_insee: str, code_postal: str, commune: CommuneRef | None) -> CommuneRef:
    """The commune of an address, if its INSEE code names it (`commune`: the registry's, or None)
    and the postcode is one of its own; otherwise a refusal on the field to correct."""
    if not (len(code_postal) == 5 and code_postal.isdigit()):
        raise DomainError(
            f"Le code postal « {code_postal} » n'est pas valide : il faut 5 chiffres (ex. 21000).",
            "code_postal",
        )
    if commune is None or commune.code_insee != code_insee:
        raise DomainError(
            f"Le code INSEE « {code_insee} » ne correspond à aucune commune : vérifiez-le "
            "(5 caractères, ex. 21231 pour Dijon ; ce n'est pas le code postal).",
            "code_insee",
        )
    if commune.codes_postaux and code_postal not in commune.codes_postaux:
        attendus = ", ".join(commune.codes_postaux)
        raise DomainError(
            f"Le code postal {code_postal} n'est pas celui de {commune.nom} "
            f"(codes possibles : {attendus}).",
            "code_postal",
        )
    return commune
