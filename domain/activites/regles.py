"""The rules an activity's fields obey, as `valider(brut, …) -> CompteRendu`: every value
normalised (order, duplicates, blanks) or a DomainError in French naming the field and saying
what to do. Shared by recording and correcting (decide.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal
from uuid import UUID

import msgspec

from domain.activites.events import CompteRendu, ParticipantsAnonymes
from domain.activites.personnes import participants_valides, profil_valide
from domain.activites.referentiel import (
    AUTONOMIES,
    AVEC_COMMUNE,
    DUREE_MAX,
    DUREE_MIN,
    LIEU_DU_REGISTRE,
    MATERIELS,
    NIVEAUX_ATELIER,
    RETARD_MAX_JOURS,
    SANS_MATERIEL,
    STRUCTURES_REDIRECTION,
    TYPES_ACTIVITE,
    TYPES_LIEU,
)
from domain.activites.tags import tags_valides
from domain.base import FUSEAU_DU_HUB, Contexte
from domain.beneficiaires.events import Profil
from domain.errors import DomainError, Erreurs, valeur_inconnue
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION
from domain.textes import texte_facultatif

PARIS = FUSEAU_DU_HUB
DEMARCHES = "aide_aux_demarches_administratives"
THEMATIQUES = {**THEMATIQUES_MEDIATION, **THEMATIQUES_ADMINISTRATIVES}

# What the service found about a person an activity names.
EtatBeneficiaire = Literal["ok", "anonymise", "autre_mediateur"]


class Verifications(msgspec.Struct, frozen=True, kw_only=True):
    """What the service looked up for a command, so that the rules stay pure.

    `lieux_ouverts`: each registry place named → whether it is open (absent: no such place);
    `communes`: each INSEE code named that exists → its name;
    `beneficiaires`: each person named → what the service found (absent: no such person).
    `controler`: which lookups the rules must check (a correction that leaves the place or
    the people alone is not refused because the place closed or a person was anonymised since).
    """

    lieux_ouverts: dict[UUID, bool] = msgspec.field(default_factory=dict)
    communes: dict[str, str] = msgspec.field(default_factory=dict)
    beneficiaires: dict[UUID, EtatBeneficiaire] = msgspec.field(default_factory=dict)
    controler: frozenset[str] = frozenset({"date", "lieu", "beneficiaires", "profil"})


def valider(brut: CompteRendu, verifs: Verifications, ctx: Contexte) -> CompteRendu:
    if brut.type not in TYPES_ACTIVITE:
        raise DomainError(
            f"Type d'activité inconnu : « {brut.type} ». Choisissez « individuel » "
            "(accompagnement individuel) ou « collectif » (atelier collectif).",
            "type",
        )
    motif_retard = _texte(brut.motif_retard)
    # Independent rules: every field's refusal is reported at once.
    erreurs = Erreurs()
    with erreurs.garde():
        if "date" in verifs.controler:
            _date_valide(brut.date, motif_retard, ctx.aujourdhui)
    with erreurs.garde():
        _duree_valide(brut.duree)
    lieu_id, commune = brut.lieu_id, _texte(brut.commune)
    with erreurs.garde():
        lieu_id, commune = _lieu_valide(brut, verifs)
    thematiques = tuple(brut.thematiques)
    with erreurs.garde():
        thematiques = _thematiques_valides(brut.thematiques)
    precisions = _texte(brut.precisions_demarche)
    with erreurs.garde():
        if precisions and DEMARCHES not in thematiques:
            raise DomainError(
                "Les précisions sur la démarche ne vont qu'avec la thématique « Aide aux "
                "démarches administratives » : cochez-la, ou videz ce champ.",
                "precisions_demarche",
            )
    materiel = tuple(brut.materiel)
    with erreurs.garde():
        materiel = _materiel_valide(brut.materiel)
    commun = CompteRendu(
        type=brut.type,
        date=brut.date,
        duree=brut.duree,
        type_lieu=brut.type_lieu,
        lieu_id=lieu_id,
        commune=commune,
        materiel=materiel,
        thematiques=thematiques,
        precisions_demarche=precisions,
        notes=_texte(brut.notes),
        motif_retard=motif_retard,
        tags=tags_valides(brut.tags),
    )
    resultat = commun
    with erreurs.garde():
        if brut.type == "individuel":
            resultat = _individuel(commun, brut, verifs, ctx.aujourdhui.year)
        else:
            resultat = _collectif(commun, brut, verifs)
    erreurs.lever()
    return resultat


def _date_valide(jour: dt.date, motif_retard: str | None, today: dt.date) -> None:
    if jour > today:
        raise DomainError(
            f"La date du {jour:%d/%m/%Y} est dans le futur : une activité s'enregistre le jour "
            "même ou après. Corrigez la date.",
            "date",
        )
    if (today - jour).days > RETARD_MAX_JOURS and not motif_retard:
        raise DomainError(
            f"L'activité du {jour:%d/%m/%Y} date de plus de {RETARD_MAX_JOURS} jours : "
            "indiquez pourquoi elle est saisie si tard (motif du retard), ou corrigez la date.",
            "motif_retard",
        )


def _duree_valide(duree: int) -> None:
    if not DUREE_MIN <= duree <= DUREE_MAX:
        raise DomainError(
            f"Durée de {duree} minutes impossible : indiquez une durée entre {DUREE_MIN} et "
            f"{DUREE_MAX} minutes (10 heures).",
            "duree",
        )


def _lieu_valide(brut: CompteRendu, verifs: Verifications) -> tuple[UUID | None, str | None]:
    if brut.type_lieu not in TYPES_LIEU:
        raise valeur_inconnue("Type de lieu inconnu", brut.type_lieu, TYPES_LIEU, "type_lieu")
    commune = _texte(brut.commune)
    if brut.type_lieu == LIEU_DU_REGISTRE:
        if brut.lieu_id is None:
            raise DomainError(
                "Choisissez le lieu d'activité où la séance a eu lieu (ou un autre type de lieu).",
                "lieu_id",
            )
        if commune:
            raise DomainError(
                "La commune ne se donne que pour une activité à domicile ou dans un autre "
                "lieu : videz-la (le lieu d'activité a sa propre commune).",
                "commune",
            )
        if "lieu" in verifs.controler:
            ouvert = verifs.lieux_ouverts.get(brut.lieu_id)
            if ouvert is None:
                raise DomainError(
                    "Ce lieu n'existe pas dans le registre : choisissez-en un dans la liste.",
                    "lieu_id",
                )
            if not ouvert:
                raise DomainError(
                    "Ce lieu est fermé : choisissez un lieu ouvert, ou un autre type de lieu.",
                    "lieu_id",
                )
        return brut.lieu_id, None
    if brut.lieu_id is not None:
        raise DomainError(
            "Un lieu du registre ne se donne que pour le type « Lieu d'activité » : "
            "retirez-le, ou changez le type de lieu.",
            "lieu_id",
        )
    if brut.type_lieu in AVEC_COMMUNE:
        if not commune:
            raise DomainError(
                "Indiquez la commune (code INSEE, ex. 21231 pour Dijon) où la séance a eu lieu.",
                "commune",
            )
        if "lieu" in verifs.controler and commune not in verifs.communes:
            raise DomainError(
                f"Code INSEE inconnu : « {commune} » (ex. 21231 pour Dijon ; ce n'est pas le "
                "code postal).",
                "commune",
            )
        return None, commune
    if commune:
        raise DomainError(
            "Une activité à distance n'a pas de commune : videz ce champ.",
            "commune",
        )
    return None, None


def _dans_l_ordre(valeurs: Iterable[str], referentiel: Mapping[str, str]) -> tuple[str, ...]:
    """Without duplicates, in the referential's order (so equal sets compare equal)."""
    choisies = set(valeurs)
    return tuple(v for v in referentiel if v in choisies)


def _materiel_valide(materiel: Iterable[str]) -> tuple[str, ...]:
    materiel = tuple(materiel)
    for valeur in materiel:
        if valeur not in MATERIELS:
            raise valeur_inconnue("Matériel inconnu", valeur, MATERIELS, "materiel")
    valeurs = _dans_l_ordre(materiel, MATERIELS)
    if SANS_MATERIEL in valeurs and len(valeurs) > 1:
        raise DomainError(
            "« Pas de matériel » ne va pas avec un matériel : décochez l'un ou l'autre.",
            "materiel",
        )
    return valeurs


def _thematiques_valides(thematiques: Iterable[str]) -> tuple[str, ...]:
    thematiques = tuple(thematiques)
    for valeur in thematiques:
        if valeur not in THEMATIQUES:
            raise DomainError(
                f"Thématique inconnue : « {valeur} » (voir la liste des thématiques de La Coop).",
                "thematiques",
            )
    valeurs = _dans_l_ordre(thematiques, THEMATIQUES)
    if not valeurs:
        raise DomainError("Cochez au moins une thématique.", "thematiques")
    administratives = [v for v in valeurs if v in THEMATIQUES_ADMINISTRATIVES]
    if administratives and DEMARCHES not in valeurs:
        raise DomainError(
            f"La thématique « {THEMATIQUES_ADMINISTRATIVES[administratives[0]]} » est une "
            "démarche administrative : cochez aussi « Aide aux démarches administratives », "
            "ou décochez-la.",
            "thematiques",
        )
    return valeurs


def _individuel(
    commun: CompteRendu, brut: CompteRendu, verifs: Verifications, annee_en_cours: int
) -> CompteRendu:
    _refuser_si(brut, "individuel", "titre_atelier", "niveau", "beneficiaires", "participants")
    if brut.autonomie is not None and brut.autonomie not in AUTONOMIES:
        raise valeur_inconnue("Niveau d'autonomie inconnu", brut.autonomie, AUTONOMIES, "autonomie")
    structure = brut.structure_de_redirection
    if structure is not None:
        if not brut.oriente_vers_structure:
            raise DomainError(
                "Une structure de redirection ne se donne que si le bénéficiaire est orienté "
                "vers une autre structure : répondez « oui », ou retirez la structure.",
                "structure_de_redirection",
            )
        if structure not in STRUCTURES_REDIRECTION:
            raise valeur_inconnue(
                "Structure de redirection inconnue",
                structure,
                STRUCTURES_REDIRECTION,
                "structure_de_redirection",
            )
    profil: Profil | None = None
    if brut.beneficiaire_id is not None:
        if brut.profil is not None:
            raise DomainError(
                "Un bénéficiaire suivi a déjà son profil : ne donnez pas de profil anonyme en "
                "plus (ou ne liez pas l'activité à ce bénéficiaire).",
                "profil",
            )
        if "beneficiaires" in verifs.controler:
            _beneficiaire_valide(brut.beneficiaire_id, verifs, "beneficiaire_id")
    else:
        profil = brut.profil or Profil()
        if "profil" in verifs.controler:
            profil = profil_valide(profil, verifs.communes, annee_en_cours)
    return msgspec.structs.replace(
        commun,
        autonomie=brut.autonomie,
        oriente_vers_structure=brut.oriente_vers_structure,
        structure_de_redirection=structure,
        beneficiaire_id=brut.beneficiaire_id,
        profil=profil,
    )


def _collectif(commun: CompteRendu, brut: CompteRendu, verifs: Verifications) -> CompteRendu:
    _refuser_si(brut, "collectif", "autonomie", "structure_de_redirection", "beneficiaire_id")
    _refuser_si(brut, "collectif", "profil")
    if brut.oriente_vers_structure:
        _refuser_si(brut, "collectif", "oriente_vers_structure")
    if brut.niveau is not None and brut.niveau not in NIVEAUX_ATELIER:
        raise valeur_inconnue("Niveau d'atelier inconnu", brut.niveau, NIVEAUX_ATELIER, "niveau")
    beneficiaires = tuple(dict.fromkeys(brut.beneficiaires))
    if "beneficiaires" in verifs.controler:
        for beneficiaire_id in beneficiaires:
            _beneficiaire_valide(beneficiaire_id, verifs, "beneficiaires")
    participants = participants_valides(brut.participants or ParticipantsAnonymes())
    if not beneficiaires and participants.total == 0:
        raise DomainError(
            "Un atelier a au moins un participant : ajoutez un bénéficiaire suivi, ou indiquez "
            "le nombre de participants anonymes.",
            "participants",
        )
    return msgspec.structs.replace(
        commun,
        titre_atelier=_texte(brut.titre_atelier),
        niveau=brut.niveau,
        beneficiaires=beneficiaires,
        participants=participants if participants.total else None,
    )


_LIBELLES_CHAMPS = {
    "titre_atelier": "Le titre d'atelier",
    "niveau": "Le niveau d'atelier",
    "beneficiaires": "La liste des participants suivis",
    "participants": "Le décompte des participants anonymes",
    "autonomie": "Le niveau d'autonomie",
    "structure_de_redirection": "La structure de redirection",
    "oriente_vers_structure": "L'orientation vers une structure",
    "beneficiaire_id": "Le bénéficiaire (un seul)",
    "profil": "Le profil d'un bénéficiaire anonyme",
}


def _refuser_si(brut: CompteRendu, type_activite: str, *champs: str) -> None:
    """Fields of the other type of activity are refused rather than silently dropped."""
    vides: tuple[object, ...] = (None, (), False)
    for champ in champs:
        if getattr(brut, champ) not in vides:
            autre = "un atelier collectif" if type_activite == "individuel" else "un individuel"
            raise DomainError(
                f"{_LIBELLES_CHAMPS[champ]} ne se donne que pour {autre} : retirez-le, ou "
                "changez le type d'activité.",
                champ,
            )


def _beneficiaire_valide(beneficiaire_id: UUID, verifs: Verifications, champ: str) -> None:
    etat = verifs.beneficiaires.get(beneficiaire_id)
    if etat == "anonymise":
        raise DomainError(
            "Ce bénéficiaire a été anonymisé : on ne peut plus lui rattacher d'activité. "
            "Enregistrez la séance comme anonyme.",
            champ,
        )
    if etat != "ok":
        # Another mediator's person is answered as unknown: their existence is not revealed.
        raise DomainError(
            f"Bénéficiaire introuvable parmi les vôtres ({beneficiaire_id}) : choisissez-en un "
            "dans votre liste.",
            champ,
        )


def _texte(texte: str | None) -> str | None:
    return texte_facultatif(texte, str.strip)
