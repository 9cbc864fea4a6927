"""Rules of the sessions of a training path: schedule, change, cancel."""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.base import Contexte, a_jour, a_la_version, changements, premier, suivant, valeur
from domain.errors import DomainError
from domain.formations.commands import AnnulerSession, ModifierSession, ProgrammerSession
from domain.formations.creneaux import creneaux_de_session
from domain.formations.events import (
    InscriptionPromue,
    SessionAnnulee,
    SessionModifiee,
    SessionProgrammee,
)
from domain.formations.outils import texte_facultatif
from domain.formations.referentiel import CAPACITE_MAX
from domain.formations.state import Parcours, SessionFormation
from domain.textes import texte_obligatoire


class LieuConnu(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules need to know of a place of the registry."""

    id: UUID
    nom: str
    ferme: bool


def programmer_session(
    session_id: UUID,
    parcours: Parcours | None,
    lieu: LieuConnu | None,
    commande: ProgrammerSession,
    ctx: Contexte,
) -> list[SessionProgrammee]:
    if parcours is None:
        raise DomainError(
            "Aucun parcours du catalogue n'a cet identifiant : choisissez un parcours existant.",
            "parcours_id",
        )
    if parcours.archive:
        raise DomainError(
            f"Le parcours « {parcours.titre} » est archivé : on ne peut plus en programmer de "
            "session.",
            "parcours_id",
        )
    lieu_id, modalites = _lieu_ou_distance(
        commande.mode, commande.lieu_id, commande.modalites_distance, lieu
    )
    return [
        premier(
            SessionProgrammee,
            session_id,
            ctx,
            parcours_id=parcours.id,
            debut=commande.debut,
            fin=commande.fin,
            creneaux=creneaux_de_session(commande.debut, commande.fin, commande.creneaux),
            mode=commande.mode,
            lieu_id=lieu_id,
            modalites_distance=modalites,
            formateur=_formateur(commande.formateur),
            organisme=texte_facultatif(commande.organisme),
            capacite=_capacite(commande.capacite),
        )
    ]


def modifier_session(
    session: SessionFormation | None,
    lieu: LieuConnu | None,
    commande: ModifierSession,
    ctx: Contexte,
) -> list[SessionModifiee | InscriptionPromue]:
    """`lieu` is the session's place after the change (checked only when it changes)."""
    session = _session_active(session, commande.version)
    debut = valeur(commande.debut, session.debut)
    fin = valeur(commande.fin, session.fin)
    changes: dict[str, object] = {"debut": debut, "fin": fin}
    if not isinstance(commande.creneaux, msgspec.UnsetType):
        changes["creneaux"] = creneaux_de_session(debut, fin, commande.creneaux)
    elif (debut, fin) != (session.debut, session.fin):
        # New dates without a list: every day between them, unless the slots still fit.
        garder = session.creneaux if _jours_consecutifs(session) is False else ()
        changes["creneaux"] = creneaux_de_session(debut, fin, garder)
    mode = valeur(commande.mode, session.mode)
    lieu_id = valeur(commande.lieu_id, session.lieu_id)
    modalites = valeur(commande.modalites_distance, session.modalites_distance)
    if mode == "presentiel" and session.mode == "presentiel" and lieu_id == session.lieu_id:
        modalites = None  # the same place, checked when it was chosen
    else:
        lieu_id, modalites = _lieu_ou_distance(mode, lieu_id, modalites, lieu)
    changes |= {"mode": mode, "lieu_id": lieu_id, "modalites_distance": modalites}
    if not isinstance(commande.formateur, msgspec.UnsetType):
        changes["formateur"] = _formateur(commande.formateur)
    if not isinstance(commande.organisme, msgspec.UnsetType):
        changes["organisme"] = texte_facultatif(commande.organisme)
    if not isinstance(commande.capacite, msgspec.UnsetType):
        changes["capacite"] = _capacite(commande.capacite)
        inscrits = len(session.avec_statut("inscrit"))
        if commande.capacite < inscrits:
            raise DomainError(
                f"{inscrits} aidants sont déjà inscrits : la capacité ne peut pas descendre "
                f"en dessous de {inscrits}. Annulez d'abord des inscriptions.",
                "capacite",
            )
    effectifs = changements(session, changes)
    if not effectifs:
        return []
    if "creneaux" in effectifs and any(i.presences for i in session.inscriptions.values()):
        raise DomainError(
            "Des présences sont déjà notées : les dates et créneaux de la session ne peuvent "
            "plus changer. Annulez-la et programmez-en une autre si besoin.",
            "creneaux",
        )
    version = session.version + 1
    events: list[SessionModifiee | InscriptionPromue] = [
        a_la_version(SessionModifiee, session.id, version, ctx, **effectifs)
    ]
    capacite = int(effectifs.get("capacite", session.capacite))  # type: ignore[call-overload]
    libres = capacite - len(session.avec_statut("inscrit"))
    for attente in session.avec_statut("en_attente")[: max(0, libres)]:
        version += 1
        events.append(
            a_la_version(InscriptionPromue, session.id, version, ctx, aidant_id=attente.aidant_id)
        )
    return events


def annuler_session(
    session: SessionFormation | None, commande: AnnulerSession, ctx: Contexte
) -> list[SessionAnnulee]:
    session = _session_active(session, commande.version)
    if any(i.terminee_le for i in session.inscriptions.values()):
        raise DomainError(
            "Des aidants ont déjà terminé cette formation : la session ne peut plus être annulée.",
            "session_id",
        )
    return [
        suivant(
            SessionAnnulee,
            session,
            ctx,
            motif=texte_obligatoire(
                commande.motif, "motif", "la raison de l'annulation (elle est montrée aux inscrits)"
            ),
        )
    ]


_SESSION_INTROUVABLE = "Cette session de formation n'existe pas."


def session_ouverte(session: SessionFormation | None) -> SessionFormation:
    session = a_jour(session, None, _SESSION_INTROUVABLE, "session_id")
    if session.annulee:
        raise DomainError(
            "Cette session est annulée"
            + (f" ({session.motif_annulation})" if session.motif_annulation else "")
            + " : choisissez une autre session du parcours.",
            "session_id",
        )
    return session


def _session_active(session: SessionFormation | None, version_attendue: int) -> SessionFormation:
    return session_ouverte(a_jour(session, version_attendue, _SESSION_INTROUVABLE, "session_id"))


def _jours_consecutifs(session: SessionFormation) -> bool:
    """Whether the session's slots are just every day from its start to its end."""
    return session.creneaux == creneaux_de_session(session.debut, session.fin, ())


def _lieu_ou_distance(
    mode: str,
    lieu_id: UUID | None,
    modalites: str | None,
    lieu: LieuConnu | None,
) -> tuple[UUID | None, str | None]:
    """In person: a place of the registry, open. Remote: how to join."""
    if mode == "distance":
        return None, texte_obligatoire(
            modalites or "",
            "modalites_distance",
            "le lien de la classe virtuelle ou les consignes de connexion",
        )
    if lieu_id is None:
        raise DomainError(
            "Une session en présentiel a lieu dans un lieu du registre : choisissez-le.",
            "lieu_id",
        )
    if lieu is None or lieu.id != lieu_id:
        raise DomainError(
            "Aucun lieu du registre n'a cet identifiant : choisissez un lieu recensé.", "lieu_id"
        )
    if lieu.ferme:
        raise DomainError(
            f"Le lieu « {lieu.nom} » est fermé : choisissez un lieu ouvert.", "lieu_id"
        )
    return lieu_id, None


def _formateur(valeur: str) -> str:
    return texte_obligatoire(valeur, "formateur", "le nom du formateur ou de la formatrice")


def _capacite(valeur: int) -> int:
    if not 1 <= valeur <= CAPACITE_MAX:
        raise DomainError(
            f"La capacité doit être comprise entre 1 et {CAPACITE_MAX} places.", "capacite"
        )
    return valeur
