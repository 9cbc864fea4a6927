"""msgspec's validation messages, in French for the people who read them; and the domain's
validators of identifiers and phone numbers, by python-stdnum and phonenumbers."""

from __future__ import annotations

import re

import phonenumbers
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from domain.verification import installer

_TYPES = {
    "str": "du texte",
    "int": "un nombre entier",
    "float": "un nombre",
    "bool": "vrai ou faux (true/false)",
    "array": "une liste",
    "object": "un objet",
    "null": "null",
    "uuid": "un identifiant (UUID)",
}
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Object missing required field `(?P<field>[^`]*)`"), "Ce champ est obligatoire."),
    (
        re.compile(r"Object contains unknown field `(?P<field>[^`]*)`"),
        "Champ inconnu : retirez-le (la liste des champs est dans la documentation /schema).",
    ),
    (re.compile(r"Expected `str` of length >= (?P<n>\d+)"), "Il faut au moins {n} caractère(s)."),
    (re.compile(r"Expected `str` of length <= (?P<n>\d+)"), "Pas plus de {n} caractères."),
    (re.compile(r"Expected `array` of length <= (?P<n>\d+)"), "Pas plus de {n} valeurs."),
    (re.compile(r"Expected `\w+` >= (?P<n>[-\d.]+)"), "La valeur doit être au moins {n}."),
    (re.compile(r"Expected `\w+` <= (?P<n>[-\d.]+)"), "La valeur doit être au plus {n}."),
    (re.compile(r"Expected `str` matching regex"), "Le format n'est pas le bon."),
    (re.compile(r"Invalid UUID"), "Identifiant invalide : un UUID est attendu."),
    (
        re.compile(r"Invalid RFC3339 encoded date$"),
        "Date illisible : écrivez-la AAAA-MM-JJ (ex. 2026-03-02).",
    ),
    (
        re.compile(r"Expected `(?P<want>[\w |]+)`, got `(?P<got>\w+)`"),
        "Il faut {want_fr} (reçu : {got_fr}).",
    ),
    (
        re.compile(r"JSON is malformed|Input data was truncated"),
        "Le corps n'est pas du JSON valide.",
    ),
]


def traduire(message: str) -> str:
    for pattern, french in _RULES:
        if match := pattern.search(message):
            values = match.groupdict()
            if "want" in values:
                wanted = [_TYPES.get(w.strip(), w.strip()) for w in values["want"].split("|")]
                values["want_fr"] = " ou ".join(w for w in wanted if w != "null") or "null"
                values["got_fr"] = _TYPES.get(values["got"], values["got"])
            return french.format(**values)
    return "Valeur invalide."


# -- the domain's validators (domain.verification), by maintained libraries -----------------

# France and the French overseas territories with their own country codes: +33 (with its
# 0590-style overseas mobiles rewritten by the library), +590 (Guadeloupe, Saint-Barthélemy,
# Saint-Martin), +594, +596, +262 (La Réunion, Mayotte), +508, +681, +689, +687.
REGIONS_FRANCAISES = ("FR", "GP", "BL", "MF", "GF", "MQ", "RE", "YT", "PM", "WF", "PF", "NC")


class VerificateursBibliotheques:
    """domain.verification.Verificateurs with python-stdnum and phonenumbers."""

    def siren_valide(self, chiffres: str) -> bool:
        return bool(stdnum_siren.is_valid(chiffres))

    def siret_valide(self, chiffres: str) -> bool:
        # stdnum checks the SIRET's own key (or La Poste's rule) and the SIREN's.
        return bool(stdnum_siret.is_valid(chiffres))

    def telephone_francais(self, numero: str) -> str | None:
        # A national number (0…) is tried as French, then as each overseas territory's: the
        # library knows which prefixes (0590, 0692…) belong where.
        for region in ("FR", *REGIONS_FRANCAISES[1:]) if not numero.startswith("+") else (None,):
            try:
                lu = phonenumbers.parse(numero, region)
            except phonenumbers.NumberParseException:
                return None
            if (
                phonenumbers.is_valid_number(lu)
                and phonenumbers.region_code_for_number(lu) in REGIONS_FRANCAISES
            ):
                return phonenumbers.format_number(lu, phonenumbers.PhoneNumberFormat.E164)
        return None


def installer_verificateurs() -> None:
    installer(VerificateursBibliotheques())
