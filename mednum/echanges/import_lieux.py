"""Importing places from a file in the national standard (v1.0.2, or the legacy v0.1.x; CSV
or JSON).

Each row becomes a command, checked by the same domain rules as a form or an API call. A
legacy file (told by its v0.1-only columns) is converted row by row to v1.0.2 first
(domain.lieux.standard_v01). The place's id derives from the source and the row's `id`, so
importing the same file again finds the same places, and a row that changed nothing records
nothing. The report says, per row, what happened (created, changed, unchanged, rejected), and
whether the row was taken as it is, fixed (with the list of fixes) or rejected (with the reason),
in French; a dry run (`essai`) decides everything and saves nothing.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec

from domain.base import Contexte
from domain.errors import DomainError
from domain.lieux import decide as registre
from domain.lieux.commands import ModifierLieu, RecenserLieu
from domain.lieux.events import CHAMPS_STANDARD
from domain.lieux.position import (
    coordonnees_a_verifier,
    distance_km,
    message_coordonnees,
    seuil_km,
)
from domain.lieux.standard import (
    COLONNES_MULTIPLES,
    PIVOT_INCONNU,
    texte_normalise,
    valider_telephone,
)
from domain.lieux.standard_v01 import (
    convertir_ligne_v01,
    convertir_valeurs,
    coordonnees_remises_dans_l_ordre,
    est_au_format_v01,
)
from mednum.infra.resolution_communes import hors_du_territoire, resolveur_communes
from mednum.infra.validation import traduire
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux

_NAMESPACE = uuid.UUID("0e4b5c1a-7d53-4f0e-9c3a-2f6b8d1e4a77")
_OBLIGATOIRES = ("id", "nom", "adresse", "code_postal", "commune")


class Statut(enum.StrEnum):
    CREE = "créé"
    MODIFIE = "modifié"
    INCHANGE = "inchangé"
    REJETE = "rejeté"


class Verdict(enum.StrEnum):
    """What the row's values needed: nothing, fixes (listed), or they were refused."""

    ACCEPTEE = "acceptée"
    CORRIGEE = "corrigée"
    REJETEE = "rejetée"


class Format(enum.StrEnum):
    V1 = "v1.0.2"
    V01 = "v0.1.x"


class LigneRapport(msgspec.Struct, frozen=True, kw_only=True):
    numero: int  # the row's line in the file (the header is line 1)
    id_source: str
    statut: Statut
    lieu_id: str | None = None
    corrections: list[str] = msgspec.field(default_factory=list)
    # What was taken as it is but needs a look: far from the commune, outside the territory.
    avertissements: list[str] = msgspec.field(default_factory=list)
    raison: str | None = None
    champ: str | None = None

    @property
    def verdict(self) -> Verdict:
        if self.statut is Statut.REJETE:
            return Verdict.REJETEE
        return Verdict.CORRIGEE if self.corrections else Verdict.ACCEPTEE


class Rapport(msgspec.Struct, kw_only=True):
    source: str
    essai: bool
    format: Format = Format.V1
    lignes: list[LigneRapport] = msgspec.field(default_factory=list)

    def compte(self, quoi: Statut | Verdict) -> int:
        if isinstance(quoi, Verdict):
            return sum(1 for ligne in self.lignes if ligne.verdict is quoi)
        return sum(1 for ligne in self.lignes if ligne.statut is quoi)

    def a_signaler(self) -> list[LigneRapport]:
        """The rows a reader must look at: fixed, rejected or with a warning."""
        return [
            ligne
            for ligne in self.lignes
            if ligne.verdict is not Verdict.ACCEPTEE or ligne.avertissements
        ]

    def avertis(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.avertissements)


def importer_lieux(
    hub: Hub,
    lignes: list[dict[str, str]],
    source: str,
    *,
    essai: bool = False,
    avancement: Callable[[int], None] | None = None,
    territoire: str | None = None,
) -> Rapport:
    """`territoire` is the hub's (« region:27 »…): a place outside it is imported, and said."""
    colonnes = {colonne for ligne in lignes for colonne in ligne if colonne}
    format_ = Format.V01 if est_au_format_v01(colonnes) else Format.V1
    rapport = Rapport(source=source, essai=essai, format=format_)
    vus: set[str] = set()
    for numero, ligne in enumerate(lignes, start=2):
        rapport.lignes.append(
            _importer_ligne(hub, ligne, numero, source, essai, vus, format_, territoire)
        )
        if avancement is not None:
            avancement(numero - 1)
    return rapport


def _importer_ligne(
    hub: Hub,
    ligne: dict[str, str],
    numero: int,
    source: str,
    essai: bool,
    vus: set[str],
    format_: Format,
    territoire: str | None,
) -> LigneRapport:
    id_source = (ligne.get("id") or "").strip()
    try:
        if id_source in vus:
            raise DomainError(
                f"L'identifiant « {id_source} » figure deux fois dans le fichier : donnez à "
                "chaque lieu son propre identifiant.",
                "id",
            )
        vus.add(id_source)
        corps, corrections = _corps(ligne, hub, format_)
        lieu_id = uuid.uuid5(_NAMESPACE, f"{source}\x1f{id_source}")
        resultat = _appliquer(hub, corps, corrections, lieu_id, numero, id_source, source, essai)
        return msgspec.structs.replace(
            resultat, avertissements=_avertissements(hub, corps, territoire)
        )
    except DomainError as refus:
        return LigneRapport(
            numero=numero,
            id_source=id_source,
            statut=Statut.REJETE,
            raison=refus.message,
            champ=refus.champ,
        )


def _appliquer(
    hub: Hub,
    corps: dict[str, Any],
    corrections: list[str],
    lieu_id: uuid.UUID,
    numero: int,
    id_source: str,
    source: str,
    essai: bool,
) -> LigneRapport:
    auteur = f"import:{source}"
    ctx = Contexte(auteur=auteur, maintenant=datetime.now(UTC))
    # The command id follows the row's content: importing it again is a harmless retry.
    command_id = uuid.uuid5(lieu_id, msgspec.json.encode(corps).decode())
    actuel = Lieux(hub).lieu(lieu_id)
    commune = hub.communes.ref(str(corps["code_insee"]))
    if actuel is None:
        creation = _convertir({**corps, "command_id": str(command_id)}, RecenserLieu)
        registre.recenser_lieu(lieu_id, creation, commune, ctx)  # refuses before any save
        if not essai:
            Lieux(hub).recenser_lieu(creation, auteur, lieu_id=lieu_id)
        statut = Statut.CREE
    else:
        modification = _convertir(
            {**corps, "command_id": str(command_id), "version": actuel.version}, ModifierLieu
        )
        if not registre.modifier_lieu(actuel, modification, commune, ctx):
            statut = Statut.INCHANGE
        else:
            if not essai:
                Lieux(hub).modifier_lieu(lieu_id, modification, auteur)
            statut = Statut.MODIFIE
    return LigneRapport(
        numero=numero,
        id_source=id_source,
        statut=statut,
        lieu_id=str(lieu_id),
        corrections=corrections,
    )


def _avertissements(hub: Hub, corps: dict[str, Any], territoire: str | None) -> list[str]:
    commune = hub.communes.get(str(corps["code_insee"]))
    if commune is None:
        return []
    avertissements = []
    if commune.latitude is not None and commune.longitude is not None:
        distance = distance_km(
            corps["latitude"], corps["longitude"], commune.latitude, commune.longitude
        )
        if coordonnees_a_verifier(distance, commune.departement):
            avertissements.append(
                message_coordonnees(distance, commune.nom)
                + f" (plus de {seuil_km(commune.departement):.0f} km de son centre)"
            )
    if (hors := hors_du_territoire(commune, territoire)) is not None:
        avertissements.append(hors)
    return avertissements


def _convertir(corps: dict[str, Any], type_commande: type[Any]) -> Any:
    try:
        return msgspec.convert(corps, type_commande)
    except msgspec.ValidationError as erreur:
        message = str(erreur)
        champ = message.rsplit("$.", 1)[-1].rstrip("`") if "$." in message else None
        raise DomainError(f"{champ or 'Ligne'} : {traduire(message)}", champ) from None


def _corps(ligne: dict[str, str], hub: Hub, format_: Format) -> tuple[dict[str, Any], list[str]]:
    """The row as a command body, and the corrections made on the way."""
    corrections: list[str] = []
    valeurs = {k.strip(): (v or "").strip() for k, v in ligne.items() if k}
    if format_ is Format.V01:
        valeurs, corrections = convertir_ligne_v01(valeurs)
    if not valeurs.get("code_postal") and (
        debut := re.match(r"\s*(\d{5})\s", valeurs.get("commune") or "")
    ):
        valeurs["code_postal"] = debut.group(1)
        corrections.append(f"code postal {debut.group(1)} lu dans la commune")
    for champ in _OBLIGATOIRES:
        if not valeurs.get(champ):
            raise DomainError(
                f"Le champ obligatoire « {champ} » est vide : remplissez-le dans le fichier.",
                champ,
            )
    corps: dict[str, Any] = {
        "nom": valeurs["nom"],
        "adresse": valeurs["adresse"],
        "complement_adresse": valeurs.get("complement_adresse") or None,
        "code_postal": valeurs["code_postal"],
        "horaires": valeurs.get("horaires") or None,
        "services": _multiple(valeurs, "services", corrections),
    }
    corps["code_insee"], corps["code_postal"] = _commune(valeurs, hub, corrections)
    corps["latitude"], corps["longitude"] = _coordonnees(valeurs, hub, corps, corrections)
    for champ in CHAMPS_STANDARD:
        if champ in COLONNES_MULTIPLES:
            corps[champ] = _multiple(valeurs, champ, corrections)
        else:
            corps[champ] = valeurs.get(champ) or None
    if corps["pivot"] == PIVOT_INCONNU:
        corps["pivot"] = None
        corrections.append("pivot fictif « 00000000000000 » ignoré")
    corps["telephone"] = _telephone(corps["telephone"], corrections)
    # The source's own verification date: an old file must not make its places look fresh.
    corps["date_maj"] = valeurs.get("date_maj") or None
    return corps, corrections


def _telephone(brut: str | None, corrections: list[str]) -> str | None:
    """Said when the number was not in the standard's international form; a wrong number is
    left for the rules to refuse with their reason."""
    try:
        numero = valider_telephone(brut)
    except DomainError:
        return brut
    if numero != brut:
        corrections.append(f"telephone « {brut} » écrit « {numero} »")
    return numero


def _multiple(valeurs: dict[str, str], champ: str, corrections: list[str]) -> list[str]:
    brut = valeurs.get(champ) or ""
    if ";" in brut and "|" not in brut:
        corrections.append(f"{champ} : séparateur « ; » remplacé par « | »")
        brut = brut.replace(";", "|")
    morceaux = [m for m in (x.strip() for x in brut.split("|")) if m]
    if any(texte_normalise(m) != m for m in morceaux):
        corrections.append(f"{champ} : apostrophes ou espaces normalisés")
    morceaux, conversions = convertir_valeurs(champ, morceaux)
    corrections.extend(conversions)
    return morceaux


def _commune(valeurs: dict[str, str], hub: Hub, corrections: list[str]) -> tuple[str, str]:
    """The row's INSEE code and postcode: a code given is kept (an old one, of a commune
    merged since, is read as its commune nouvelle); else the commune is found from its name,
    postcode and coordinates, and every step is said."""
    resolveur = resolveur_communes(hub.communes)
    code_postal = valeurs["code_postal"]
    if code := valeurs.get("code_insee"):
        if hub.communes.get(code) is None and (actuelle := resolveur.par_code_ancien(code)):
            corrections.append(
                f"code INSEE {code} (commune fusionnée) remplacé par {actuelle.code_insee}, "
                f"celui de {actuelle.nom}"
            )
            return actuelle.code_insee, code_postal
        return code, code_postal
    resolution = resolveur.resoudre(
        valeurs["commune"], code_postal, _nombre(valeurs, "latitude"), _nombre(valeurs, "longitude")
    )
    corrections.extend(resolution.explications)
    corrections.append(
        f"code INSEE {resolution.commune.code_insee} déduit de la commune "
        f"« {resolution.commune.nom} »"
    )
    return resolution.commune.code_insee, resolution.code_postal


def _nombre(valeurs: dict[str, str], champ: str) -> float | None:
    try:
        return float(valeurs[champ])
    except (KeyError, ValueError):
        return None


def _coordonnees(
    valeurs: dict[str, str], hub: Hub, corps: dict[str, Any], corrections: list[str]
) -> tuple[float, float]:
    try:
        latitude, longitude = float(valeurs["latitude"]), float(valeurs["longitude"])
    except (KeyError, ValueError):
        pass
    else:
        if (dans_l_ordre := coordonnees_remises_dans_l_ordre(latitude, longitude)) is None:
            return latitude, longitude
        corrections.append("latitude et longitude inversées : remises dans l'ordre")
        return dans_l_ordre
    commune = hub.communes.get(str(corps["code_insee"]))
    if commune is None or commune.latitude is None or commune.longitude is None:
        raise DomainError(
            "Coordonnées absentes ou illisibles : indiquez latitude et longitude.", "latitude"
        )
    corrections.append("coordonnées absentes : centre de la commune utilisé")
    return commune.latitude, commune.longitude
