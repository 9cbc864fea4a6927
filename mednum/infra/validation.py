"""msgspec's validation messages, in French for the people who read them."""

from __future__ import annotations

import re

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
