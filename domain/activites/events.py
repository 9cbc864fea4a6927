"""What happened to activities. An activity refers to people by id only: no name, phone or
e-mail ever enters these events (a followed person's identity stays in their own record).
Free-text notes may still speak of someone: the event store encrypts them (see
mednum/infra/chiffrement_notes.py), with the followed person's key or the mediator's."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

from domain.base import Evenement
from domain.beneficiaires.events import Profil


class ParticipantsAnonymes(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A workshop's anonymous participants as counts, never as invented people: La Coop
    shuffles attributes onto made-up beneficiaries, which makes age × genre meaningless.

    Each category maps a value (GENRES, TRANCHES_AGE, STATUTS_SOCIAUX) to a count; what a
    category does not account for, up to `total`, is « non communiqué »."""

    total: int = 0
    deja_accompagne: int = 0
    genres: dict[str, int] = msgspec.field(default_factory=dict)
    tranches_age: dict[str, int] = msgspec.field(default_factory=dict)
    statuts_sociaux: dict[str, int] = msgspec.field(default_factory=dict)


class CompteRendu(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Every field of an activity, validated and normalised (see decide.py)."""

    type: str
    date: dt.date
    duree: int  # minutes
    type_lieu: str
    lieu_id: UUID | None = None  # a registry place, for lieu_activite
    commune: str | None = None  # INSEE code, for domicile / autre
    materiel: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    precisions_demarche: str | None = None
    notes: str | None = None
    motif_retard: str | None = None
    tags: tuple[str, ...] = ()  # the mediator's own (tags.py); absent from older events
    # individuel
    autonomie: str | None = None
    oriente_vers_structure: bool = False
    structure_de_redirection: str | None = None
    beneficiaire_id: UUID | None = None  # a followed person…
    profil: Profil | None = None  # …or an anonymous one, with what they chose to say
    # collectif
    titre_atelier: str | None = None
    niveau: str | None = None
    beneficiaires: tuple[UUID, ...] = ()
    participants: ParticipantsAnonymes | None = None

    @property
    def nombre_participants(self) -> int:
        """La Coop's accompagnementsCount: 1 for an individual session, N for a workshop."""
        if self.type == "individuel":
            return 1
        anonymes = self.participants.total if self.participants else 0
        return len(self.beneficiaires) + anonymes


class ActiviteEnregistree(Evenement, frozen=True, kw_only=True):
    mediateur: str  # the mediator's e-mail: the record's owner
    compte_rendu: CompteRendu


class ActiviteCorrigee(Evenement, frozen=True, kw_only=True, omit_defaults=True):
    """The whole corrected record, and the names of the fields that changed."""

    compte_rendu: CompteRendu
    champs: tuple[str, ...]
    # The record's owner, whose key encrypts the notes of an anonymous session or a workshop;
    # absent from corrections written before notes were encrypted.
    mediateur: str | None = None


class ActiviteSupprimee(Evenement, frozen=True, kw_only=True):
    motif: str


EVENEMENTS_ACTIVITE = (ActiviteEnregistree, ActiviteCorrigee, ActiviteSupprimee)
