"""What every command and every event of the hub has in common."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from domain.errors import ConflitDeVersion, IntrouvableError

FUSEAU_DU_HUB = ZoneInfo("Europe/Paris")


class Evenement(msgspec.Struct, frozen=True, kw_only=True):
    """A fact that happened, in the past tense. Stored as is; never changed once saved.

    `originator_id` / `originator_version` place it in its record's history (eventsourcing's
    names); `auteur` says who made it happen (a user's e-mail, or an import source).
    """

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    auteur: str


def champs_poses(objet: object, noms: Iterable[str]) -> dict[str, object]:
    """The fields of a partial change that are given: UNSET means « left as it is » (and is not
    stored), whereas None empties an optional field."""
    return {nom: valeur for nom in noms if (valeur := getattr(objet, nom)) is not msgspec.UNSET}


def changements(etat: object, valeurs: Mapping[str, object]) -> dict[str, object]:
    """The values that differ from the record's: a change that changes nothing is no event."""
    return {nom: valeur for nom, valeur in valeurs.items() if getattr(etat, nom) != valeur}


@functools.cache
def champs_propres(classe: type[Evenement]) -> tuple[str, ...]:
    """An event's own fields, in their order, without those every event has (cached: the
    projections ask for every change they apply)."""
    return tuple(nom for nom in classe.__struct_fields__ if nom not in Evenement.__struct_fields__)


class Modification(Evenement, frozen=True, kw_only=True):
    """An event that changes some of a record's fields: only those that changed are set. Its
    own fields are the record's; a subclass with other fields narrows `champs_modifies`.

    It adds no field: the events keep their class path (their topic) and their encoding."""

    def champs_modifies(self) -> dict[str, object]:
        return champs_poses(self, champs_propres(type(self)))


class Commande(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A request to change something. `command_id` makes a retry harmless."""

    command_id: Annotated[
        UUID,
        msgspec.Meta(
            description="Identifiant de la demande, choisi par le client : une demande "
            "renvoyée avec le même identifiant n'est appliquée qu'une fois.",
        ),
    ]


class Contexte(msgspec.Struct, frozen=True, kw_only=True):
    """Who asks, and when: given to decide functions so they stay pure."""

    auteur: str
    maintenant: datetime

    @property
    def aujourdhui(self) -> date:
        """Today where the hub works: at 00:30 in Dijon it is already the next day, while UTC
        still says the day before (dates people type have no time zone)."""
        return self.maintenant.astimezone(FUSEAU_DU_HUB).date()


class Versionne(Protocol):
    """A record's state as decide functions see it: its id and how many events it has."""

    @property
    def id(self) -> UUID: ...

    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versionne)


def a_jour(etat: V | None, version_attendue: int | None, introuvable: str, champ: str) -> V:
    """The record a command names, at the version its client read (None: any version will
    do); otherwise the refusal every use case gives: « not found » on `champ`, or a 409."""
    if etat is None:
        raise IntrouvableError(introuvable, champ)
    if version_attendue is not None and etat.version != version_attendue:
        raise ConflitDeVersion(version_attendue, etat.version)
    return etat


E = TypeVar("E", bound=Evenement)


def a_la_version(classe: type[E], ident: UUID, version: int, ctx: Contexte, /, **champs: Any) -> E:
    """An event at a given place in its record's history, when and by whom: for a decision
    that writes several events in a row (positional-only, so no event field is shadowed)."""
    return classe(
        originator_id=ident,
        originator_version=version,
        timestamp=ctx.maintenant,
        auteur=ctx.auteur,
        **champs,
    )


T = TypeVar("T")


def valeur(nouvelle: T | msgspec.UnsetType, actuelle: T) -> T:
    """A modifying command's field: what it sets, or the record's value where it leaves it
    unset."""
    return actuelle if isinstance(nouvelle, msgspec.UnsetType) else nouvelle


def suivant(classe: type[E], etat: Versionne, ctx: Contexte, **champs: Any) -> E:
    """The record's next event: its place in the record's history, when and by whom."""
    return a_la_version(classe, etat.id, etat.version + 1, ctx, **champs)


def premier(classe: type[E], ident: UUID, ctx: Contexte, **champs: Any) -> E:
    """A new record's first event."""
    return a_la_version(classe, ident, 1, ctx, **champs)


S = TypeVar("S")


def champs_de(event: Evenement) -> dict[str, Any]:
    """An event's own fields and their values: what a state, or a part of one that names its
    fields alike, is built from."""
    return {nom: getattr(event, nom) for nom in champs_propres(type(event))}


@functools.cache
def _noms_communs(source: type[msgspec.Struct], cible: type[msgspec.Struct]) -> tuple[str, ...]:
    return tuple(nom for nom in cible.__struct_fields__ if nom in source.__struct_fields__)


def memes_champs(source: msgspec.Struct, cible: type[msgspec.Struct]) -> dict[str, Any]:
    """The values of `source`'s fields that `cible` names alike, for a `cible` built from
    `source` (a state from the event that creates it, a record from the command that gives
    its fields, a view from a query's row): the fields that share a name share a meaning.
    The fields of `cible` that `source` lacks are for the caller to give, or keep their
    defaults; a field given twice is a TypeError, never a silent choice."""
    return {nom: getattr(source, nom) for nom in _noms_communs(type(source), cible)}


def etat_cree(classe: Callable[..., S], event: Evenement, **autres: Any) -> S:
    """A record's state from the event that creates it: its id and version, and the event's
    own fields, which the state names alike; `autres` adds or overrides some."""
    valeurs = champs_de(event)
    return classe(id=event.originator_id, version=event.originator_version, **(valeurs | autres))


def replier(
    evolve: Callable[[S | None, Any], S | None], creation: type[Evenement], events: Iterable[Any]
) -> S | None:
    """A record's state, its events applied in order; None when it has none, or when the
    first is not `creation` (the id names another kind of record)."""
    etat: S | None = None
    for event in events:
        if etat is None and not isinstance(event, creation):
            return None
        etat = evolve(etat, event)
    return etat
