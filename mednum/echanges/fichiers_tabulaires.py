"""Reading a tabular file a person uploads: CSV (`,` or `;`) or JSON, in UTF-8 (with or
without a byte order mark) or Windows-1252, as rows of text cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from domain.errors import DomainError
from domain.lieux.standard import SEPARATEUR


class FichierIllisible(DomainError):
    pass


def decoder(contenu: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding found: UTF-8 with or without a byte order
    mark, else Windows-1252, what Excel writes on a French Windows ("CSV (séparateur : point-
    virgule)"). Windows-1252 is tried last because it reads almost any bytes: valid UTF-8 with
    accents would otherwise come out garbled."""
    if contenu.startswith(b"\xef\xbb\xbf"):
        return contenu[3:].decode("utf-8", errors="strict"), "UTF-8 avec BOM"
    try:
        return contenu.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return contenu.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise FichierIllisible(
            "Encodage du fichier non reconnu (ni UTF-8, ni Windows-1252) : enregistrez-le en "
            "« CSV UTF-8 » puis recommencez.",
            "fichier",
        ) from None


def lire_lignes(contenu: bytes, nom: str) -> list[dict[str, str]]:
    """Rows of a CSV (`,` or `;` delimited) or JSON file, in any encoding `decoder` reads."""
    try:
        texte, _ = decoder(contenu)
    except UnicodeDecodeError:
        raise FichierIllisible(
            "Le fichier commence comme de l'UTF-8 mais ne l'est pas : enregistrez-le en "
            "« CSV UTF-8 » puis recommencez.",
            "fichier",
        ) from None
    if nom.lower().endswith(".json") or texte.lstrip().startswith("["):
        try:
            donnees = json.loads(texte)
        except json.JSONDecodeError as erreur:
            raise FichierIllisible(f"JSON illisible : {erreur.msg}.", "fichier") from None
        if not isinstance(donnees, list) or not all(isinstance(d, dict) for d in donnees):
            raise FichierIllisible("Le JSON doit être une liste d'objets, un par lieu.", "fichier")
        return [{k: _texte_json(v) for k, v in d.items()} for d in donnees]
    premiere = texte.split("\n", 1)[0]
    delimiteur = ";" if premiere.count(";") > premiere.count(",") else ","
    return list(csv.DictReader(io.StringIO(texte), delimiter=delimiteur))


def _texte_json(valeur: Any) -> str:
    """A JSON value as a CSV cell would hold it: lists (legacy JSON) joined with `|`."""
    if valeur is None:
        return ""
    if isinstance(valeur, list):
        return SEPARATEUR.join(_texte_json(v) for v in valeur)
    return str(valeur)
