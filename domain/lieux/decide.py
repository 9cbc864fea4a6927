"""The registry's rules for mediation places: decide(state, command) -> events, or a refusal."""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from domain.base import Contexte, a_jour, changements, premier, suivant, valeur
from domain.errors import DomainError, Erreurs
from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.events import (
    CHAMPS_STANDARD,
    ChampsStandard,
    ChampsStandardModifies,
    LieuFerme,
    LieuModifie,
    LieuRecense,
    LieuVerifie,
)
from domain.lieux.horaires import normaliser_horaires
from domain.lieux.referentiel import (
    SERVICES,
    CommuneRef,
    commune_valide,
    dans_un_territoire_francais,
)
from domain.lieux.standard import VALIDATEURS
from domain.lieux.state import Lieu
from domain.textes import texte_facultatif, texte_obligatoire


def recenser_lieu(
    lieu_id: UUID, commande: RecenserLieu, commune: CommuneRef | None, ctx: Contexte
) -> list[LieuRecense]:
    # Every field is judged, then every refusal told at once: a form shows them all together.
    erreurs = Erreurs()
    valide = erreurs.essayer(commune_valide, commande.code_insee, commande.code_postal, commune)
    erreurs.essayer(_verifier_coordonnees, commande.latitude, commande.longitude)
    nom = erreurs.essayer(texte_obligatoire, commande.nom, "nom", "le nom du lieu")
    adresse = erreurs.essayer(
        texte_obligatoire, commande.adresse, "adresse", "l'adresse (numéro et voie)"
    )
    services = erreurs.essayer(_services_valides, commande.services)
    horaires = erreurs.essayer(_horaires_valides, commande.horaires)
    standard: dict[str, Any] = {
        champ: erreurs.essayer(VALIDATEURS[champ], getattr(commande, champ))
        for champ in CHAMPS_STANDARD
    }
    verifie_le = erreurs.essayer(_date_de_verification, commande.date_maj, None, ctx)
    erreurs.lever()
    assert valide is not None and nom is not None and adresse is not None and services is not None
    return [
        premier(
            LieuRecense,
            lieu_id,
            ctx,
            nom=nom,
            adresse=adresse,
            complement_adresse=texte_facultatif(commande.complement_adresse),
            **valide.champs_adresse(commande.code_postal),
            latitude=round(commande.latitude, 6),
            longitude=round(commande.longitude, 6),
            services=services,
            horaires=horaires,
            standard=ChampsStandard(**standard),
            verifie_le=verifie_le or msgspec.UNSET,
        )
    ]


def modifier_lieu(
    lieu: Lieu | None, commande: ModifierLieu, commune: CommuneRef | None, ctx: Contexte
) -> list[LieuModifie | LieuVerifie]:
    lieu = lieu_ouvert(lieu, commande.version)
    erreurs = Erreurs()
    changes: dict[str, object] = {}
    if commande.nom is not msgspec.UNSET:
        changes["nom"] = erreurs.essayer(texte_obligatoire, commande.nom, "nom", "le nom du lieu")
    if commande.adresse is not msgspec.UNSET:
        changes["adresse"] = erreurs.essayer(
            texte_obligatoire, commande.adresse, "adresse", "l'adresse (numéro et voie)"
        )
    if commande.complement_adresse is not msgspec.UNSET:
        changes["complement_adresse"] = texte_facultatif(commande.complement_adresse)
    code_insee = valeur(commande.code_insee, lieu.code_insee)
    code_postal = valeur(commande.code_postal, lieu.code_postal)
    if (code_insee != lieu.code_insee or code_postal != lieu.code_postal) and (
        valide := erreurs.essayer(commune_valide, code_insee, code_postal, commune)
    ):
        changes |= valide.champs_adresse(code_postal)
    latitude = valeur(commande.latitude, lieu.latitude)
    longitude = valeur(commande.longitude, lieu.longitude)
    if (latitude, longitude) != (lieu.latitude, lieu.longitude):
        erreurs.essayer(_verifier_coordonnees, latitude, longitude)
        changes |= {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}
    if commande.services is not msgspec.UNSET:
        changes["services"] = erreurs.essayer(_services_valides, commande.services)
    if commande.horaires is not msgspec.UNSET:
        changes["horaires"] = erreurs.essayer(_horaires_valides, commande.horaires)
    effective = changements(lieu, changes)
    standard: dict[str, Any] = {
        champ: retenu
        for champ in CHAMPS_STANDARD
        if (saisie := getattr(commande, champ)) is not msgspec.UNSET
        and (retenu := erreurs.essayer(VALIDATEURS[champ], saisie)) != getattr(lieu.standard, champ)
    }
    date_maj = None if isinstance(commande.date_maj, msgspec.UnsetType) else commande.date_maj
    verifie_le = erreurs.essayer(_date_de_verification, date_maj, lieu, ctx)
    erreurs.lever()
    if not effective and not standard:
        if date_maj is None or lieu.verifie_le is None or date_maj <= lieu.verifie_le.date():
            return []
        # Nothing changed, but the source checked it since: the record is fresher.
        return [suivant(LieuVerifie, lieu, ctx, le=date_maj)]
    return [
        suivant(
            LieuModifie,
            lieu,
            ctx,
            standard=ChampsStandardModifies(**standard) if standard else msgspec.UNSET,
            verifie_le=verifie_le or msgspec.UNSET,
            **effective,
        )
    ]


def fermer_lieu(lieu: Lieu | None, commande: FermerLieu, ctx: Contexte) -> list[LieuFerme]:
    lieu = lieu_ouvert(lieu, commande.version)
    return [suivant(LieuFerme, lieu, ctx, motif=commande.motif.strip())]


def _date_de_verification(date_maj: date | None, lieu: Lieu | None, ctx: Contexte) -> date | None:
    """The date a change counts as verified on: the source's own date when it gives one (never
    earlier than the record's last verification), else the event's time (None)."""
    if date_maj is None:
        return None
    if date_maj > ctx.aujourdhui:
        raise DomainError(
            f"La date de mise à jour {date_maj.isoformat()} est dans le futur : indiquez la "
            "date à laquelle les informations ont été vérifiées.",
            "date_maj",
        )
    if lieu is not None and lieu.verifie_le is not None:
        return max(date_maj, lieu.verifie_le.date())
    return date_maj


def lieu_ouvert(lieu: Lieu | None, version_attendue: int) -> Lieu:
    lieu = a_jour(
        lieu, version_attendue, "Ce lieu n'existe pas (ou plus) dans le registre.", "lieu_id"
    )
    if lieu.ferme:
        raise DomainError(
            "Ce lieu est fermé : il ne peut plus être modifié.",
            "lieu_id",
        )
    if lieu.fusionne_dans is not None:
        raise DomainError(
            "Ce lieu a été fusionné dans un autre : modifiez la fiche qui le remplace, "
            "ou annulez d'abord la fusion.",
            "lieu_id",
        )
    return lieu


def _verifier_coordonnees(latitude: float, longitude: float) -> None:
    for coordonnee, champ in ((latitude, "latitude"), (longitude, "longitude")):
        if not math.isfinite(coordonnee):
            raise DomainError(f"La {champ} doit être un nombre.", champ)
    if dans_un_territoire_francais(latitude, longitude):
        return
    if dans_un_territoire_francais(longitude, latitude):
        raise DomainError(
            "Ces coordonnées sont hors de France, mais le seraient en inversant latitude et "
            "longitude : vérifiez l'ordre (latitude d'abord, ex. 47.32 pour Dijon).",
            "latitude",
        )
    raise DomainError(
        f"Les coordonnées ({latitude}, {longitude}) sont hors du territoire français : "
        "indiquez la latitude et la longitude du lieu en degrés décimaux (WGS84).",
        "latitude",
    )


def _services_valides(services: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    retenus: list[str] = []
    for service in services:
        nom = " ".join(service.replace("’", "'").split())
        if nom not in SERVICES:
            raise DomainError(
                f"Service inconnu : « {service} ». Les services possibles sont ceux du "
                "standard national : " + " ; ".join(SERVICES) + ".",
                "services",
            )
        if nom not in retenus:
            retenus.append(nom)
    return tuple(sorted(retenus, key=SERVICES.index))


def _horaires_valides(horaires: str | None) -> str | None:
    if horaires is None or not horaires.strip():
        return None
    return normaliser_horaires(horaires)
