"""Importing a La Coop XLSX export of activities (mednum/echanges/coop_xlsx.py reads it).

Rows are grouped by « ID CRA » (a workshop has one row per participant) into one
EnregistrerActivite each, checked by the same rules as the form. The activity's id derives
from the mediator and the ID CRA, so importing the same file again records nothing.

People are imported anonymously, with their statistics fields: a La Coop export holds names
but no consent record of ours, and matching names would guess. A place of activity is the
registry's place of the same name in the same commune; otherwise « Autre lieu » in that commune,
said in the report.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from domain.activites.commands import EnregistrerActivite
from domain.activites.referentiel import (
    MATERIELS,
    NIVEAUX_ATELIER,
    RETARD_MAX_JOURS,
    STRUCTURES_REDIRECTION,
    TYPES_ACTIVITE,
    TYPES_LIEU,
)
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.errors import DomainError
from mednum.accounts import User
from mednum.echanges.coop_xlsx import ETOILES, SEPARATEUR, SOURCE_MEDNUM, THEMATIQUES
from mednum.infra.validation import traduire
from mednum.services.activites import Activites

_NAMESPACE = uuid.UUID("5c0a1f5e-7d3b-4e8a-9f21-3b6c8d0e4a72")
NON_COMMUNIQUE = "non_communique"


class Statut(enum.StrEnum):
    CREEE = "créée"
    INCHANGEE = "déjà importée"
    REJETEE = "rejetée"


class LigneImport(msgspec.Struct, frozen=True, kw_only=True):
    id_cra: str
    statut: Statut
    activite_id: str | None = None
    raison: str | None = None
    champ: str | None = None
    corrections: list[str] = msgspec.field(default_factory=list)


class RapportImport(msgspec.Struct, kw_only=True):
    lignes: list[LigneImport] = msgspec.field(default_factory=list)

    def compte(self, statut: Statut) -> int:
        return sum(1 for ligne in self.lignes if ligne.statut is statut)


def _inverse(libelles: dict[str, str]) -> dict[str, str]:
    """Label → value, accepting the values themselves too."""
    return {v.lower(): k for k, v in libelles.items()} | {k: k for k in libelles}


_TYPES = _inverse(TYPES_ACTIVITE)
_LIEUX = _inverse(TYPES_LIEU)
_MATERIELS = _inverse(MATERIELS)
_THEMATIQUES = _inverse(THEMATIQUES)
_REDIRECTIONS = _inverse(STRUCTURES_REDIRECTION)
_NIVEAUX = _inverse(NIVEAUX_ATELIER)
_GENRES = _inverse(GENRES)
_TRANCHES = _inverse(TRANCHES_AGE)
_STATUTS = _inverse(STATUTS_SOCIAUX)
_AUTONOMIES = {f"{etoiles}/3": valeur for valeur, etoiles in ETOILES.items()}


def importer_activites(
    activites: Activites,
    lignes: list[dict[str, Any]],
    user: User,
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
) -> RapportImport:
    groupes: dict[str, list[dict[str, Any]]] = {}
    for ligne in lignes:
        groupes.setdefault(str(ligne.get("ID CRA") or "").strip(), []).append(ligne)
    rapport = RapportImport()
    for id_cra, rangs in groupes.items():
        rapport.lignes.append(_importer(activites, id_cra, rangs, user, trouver_lieu, aujourdhui))
    return rapport


def _importer(
    activites: Activites,
    id_cra: str,
    rangs: list[dict[str, Any]],
    user: User,
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
) -> LigneImport:
    corrections: list[str] = []
    try:
        if not id_cra:
            raise DomainError("Ligne sans « ID CRA » : elle ne peut pas être rattachée.", "ID CRA")
        if _texte(rangs[0].get("Source de la donnée")) == SOURCE_MEDNUM:
            # Our own export, brought back: those sessions are already here.
            return LigneImport(
                id_cra=id_cra, statut=Statut.INCHANGEE, raison="activité déjà dans MedNum"
            )
        cle = f"{user.email}\x1f{id_cra}"
        corps = _corps(rangs, trouver_lieu, aujourdhui, corrections)
        corps["command_id"] = str(uuid.uuid5(_NAMESPACE, cle + "\x1fcommande"))
        commande = msgspec.convert(corps, EnregistrerActivite)
        resultat = activites.enregistrer(commande, user, uuid.uuid5(_NAMESPACE, cle))
    except msgspec.ValidationError as erreur:
        return LigneImport(id_cra=id_cra, statut=Statut.REJETEE, raison=traduire(str(erreur)))
    except DomainError as refus:
        return LigneImport(
            id_cra=id_cra, statut=Statut.REJETEE, raison=refus.message, champ=refus.champ
        )
    return LigneImport(
        id_cra=id_cra,
        statut=Statut.INCHANGEE if resultat.rejoue else Statut.CREEE,
        activite_id=str(resultat.id),
        corrections=corrections,
    )


def _corps(
    rangs: list[dict[str, Any]],
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
    corrections: list[str],
) -> dict[str, Any]:
    premiere = rangs[0]
    type_ = _valeur(premiere, "Type", _TYPES)
    date = _date(premiere.get("Date"))
    corps: dict[str, Any] = {
        "type": type_,
        "date": date.isoformat(),
        "duree": _entier(premiere.get("Durée (min)"), "Durée (min)"),
        "materiel": _liste(premiere, "Matériel numérique utilisé", _MATERIELS),
        "thematiques": _liste(premiere, "Thématique(s) d'accompagnement", _THEMATIQUES),
        "precisions_demarche": _texte(premiere.get("Nom de la démarche administrative")),
    }
    if (aujourdhui - date).days > RETARD_MAX_JOURS:
        corps["motif_retard"] = "Import d'un export de La Coop de la médiation numérique"
    type_lieu = _valeur(premiere, "Canaux d'accompagnement", _LIEUX)
    code_insee = _texte(premiere.get("Code Insee"))
    if type_lieu == "lieu_activite":
        nom = _texte(premiere.get("Nom du lieu")) or ""
        lieu_id = trouver_lieu(nom, code_insee or "")
        if lieu_id is None:
            corrections.append(
                f"lieu « {nom} » absent du registre : enregistré comme « Autre lieu » "
                "dans sa commune"
            )
            type_lieu = "autre"
        corps["lieu_id"] = str(lieu_id) if lieu_id else None
    corps["type_lieu"] = type_lieu
    if type_lieu in ("domicile", "autre"):
        corps["commune"] = code_insee
    if type_ == "individuel":
        niveau = _texte(premiere.get("Niveau d'autonomie (ou de l'atelier)"))
        corps["autonomie"] = _AUTONOMIES.get(niveau or "")
        corps["oriente_vers_structure"] = _texte(premiere.get("Bénéficiaire réorienté")) == "Oui"
        if corps["oriente_vers_structure"]:
            corps["structure_de_redirection"] = _valeur(
                premiere, "Structure de redirection", _REDIRECTIONS
            )
        corps["profil"] = _profil(premiere)
    else:
        corps["titre_atelier"] = _texte(premiere.get("Nom de l'atelier"))
        niveau_atelier = _texte(premiere.get("Niveau d'autonomie (ou de l'atelier)")) or ""
        corps["niveau"] = _NIVEAUX.get(niveau_atelier.lower())
        corps["participants"] = _participants(rangs)
    return corps


def _profil(ligne: dict[str, Any]) -> dict[str, Any]:
    return {
        "genre": _valeur(ligne, "Genre", _GENRES, NON_COMMUNIQUE),
        "tranche_age": _valeur(ligne, "Tranche d'âge", _TRANCHES, NON_COMMUNIQUE),
        "statut_social": _valeur(ligne, "Statut", _STATUTS, NON_COMMUNIQUE),
        "commune_residence": _texte(ligne.get("Code Insee du bénéficiaire")),
    }


def _participants(rangs: list[dict[str, Any]]) -> dict[str, Any]:
    """A workshop's rows become counts (La Coop's attributes of anonymous participants are
    drawn at random: counting them is all they are good for)."""
    comptes: dict[str, dict[str, int]] = {"genres": {}, "tranches_age": {}, "statuts_sociaux": {}}
    for ligne in rangs:
        profil = _profil(ligne)
        for categorie, champ in (
            ("genres", "genre"),
            ("tranches_age", "tranche_age"),
            ("statuts_sociaux", "statut_social"),
        ):
            if profil[champ] != NON_COMMUNIQUE:
                comptes[categorie][profil[champ]] = comptes[categorie].get(profil[champ], 0) + 1
    return {"total": len(rangs), **comptes}


def _valeur(
    ligne: dict[str, Any], colonne: str, valeurs: dict[str, str], defaut: Any = None
) -> Any:
    texte = _texte(ligne.get(colonne))
    if texte is None:
        return defaut
    valeur = valeurs.get(texte.lower()) or valeurs.get(texte)
    if valeur is None:
        raise DomainError(f"« {colonne} » : valeur inconnue « {texte} ».", colonne)
    return valeur


def _liste(ligne: dict[str, Any], colonne: str, valeurs: dict[str, str]) -> list[str]:
    texte = _texte(ligne.get(colonne)) or ""
    retenues = []
    for morceau in (m.strip() for m in texte.split(SEPARATEUR)):
        if not morceau:
            continue
        valeur = valeurs.get(morceau.lower()) or valeurs.get(morceau)
        if valeur is None:
            raise DomainError(f"« {colonne} » : valeur inconnue « {morceau} ».", colonne)
        retenues.append(valeur)
    return retenues


def _date(valeur: Any) -> dt.date:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    texte = _texte(valeur) or ""
    for format_ in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise DomainError(f"Date illisible : « {texte} » (JJ/MM/AAAA).", "Date")


def _entier(valeur: Any, colonne: str) -> int:
    try:
        return int(float(str(valeur)))
    except ValueError:
        raise DomainError(f"« {colonne} » : nombre attendu, pas « {valeur} ».", colonne) from None


def _texte(valeur: Any) -> str | None:
    if valeur is None:
        return None
    return " ".join(str(valeur).split()) or None
