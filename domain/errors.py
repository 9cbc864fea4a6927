"""Errors the domain raises: each carries a French message for the user and the field concerned."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


class DomainError(Exception):
    """A rule of the domain refused a command.

    `message` is shown to the user as is (French); `champ` names the field it concerns,
    with the national standard's field names where they exist (`code_insee`, `latitude`…).
    """

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ


class ConflitDeVersion(DomainError):
    """The command was decided on a version of the record that is no longer the current one."""

    def __init__(self, version_attendue: int, version_actuelle: int) -> None:
        super().__init__(
            "Cette fiche a été modifiée entre-temps (version "
            f"{version_actuelle}, vous êtes parti de la version {version_attendue}) : "
            "rechargez-la, vérifiez les changements puis recommencez.",
            champ="version",
        )
        self.version_attendue = version_attendue
        self.version_actuelle = version_actuelle
        # The record as it is now, when the caller can attach it (the API returns it with
        # the 409 so that the client can merge and retry).
        self.etat_actuel: object | None = None


class IntrouvableError(DomainError):
    """The record named by the command does not exist."""


class Conflit(DomainError):
    """The command contradicts what is recorded (not a stale version): answered with a 409
    that says how to proceed (e.g. correct the record instead of recording it again)."""


class ErreursMultiples(DomainError):
    """Several rules refused the same command, each on its field: a form shows them all at
    once. `message` and `champ` are the first one's, for callers that show only one."""

    def __init__(self, erreurs: list[DomainError]) -> None:
        super().__init__(erreurs[0].message, erreurs[0].champ)
        self.erreurs = erreurs


def valeur_inconnue(
    quoi: str, valeur: object, possibles: Iterable[str], champ: str, separateur: str = ", "
) -> DomainError:
    """The refusal of a value outside its list, worded alike everywhere: « {quoi} : « valeur ».
    Valeurs possibles : a, b. »"""
    return DomainError(
        f"{quoi} : « {valeur} ». Valeurs possibles : " + separateur.join(possibles) + ".", champ
    )


def cles_et_libelles(table: Mapping[str, str]) -> list[str]:
    """« cle (libellé) » for each coded value: how `valeur_inconnue` offers a coded list."""
    return [f"{cle} ({libelle})" for cle, libelle in table.items()]


class Erreurs:
    """Collects the refusals of independent rules: `with erreurs.garde(): regle()`, then
    `erreurs.lever()` raises none, the only one, or all of them."""

    def __init__(self) -> None:
        self.liste: list[DomainError] = []

    @contextmanager
    def garde(self) -> Iterator[None]:
        try:
            yield
        except ErreursMultiples as plusieurs:
            self.liste.extend(plusieurs.erreurs)
        except DomainError as refus:
            if isinstance(refus, ConflitDeVersion | IntrouvableError | Conflit):
                raise  # not a field's refusal: the whole command is refused as it stands
            self.liste.append(refus)

    def essayer(self, regle: Callable[..., T], *arguments: Any) -> T | None:
        """The rule's result; None when it refused, its refusal collected for `lever`."""
        with self.garde():
            return regle(*arguments)
        return None

    def lever(self) -> None:
        if len(self.liste) == 1:
            raise self.liste[0]
        if self.liste:
            raise ErreursMultiples(self.liste)

    def champs(
        self, commande: object, regles: Mapping[str, Callable[[Any], Any]]
    ) -> dict[str, Any]:
        """Each field the command gives through its rule, in the rules' order: a field left
        UNSET (out of a partial change) is skipped, a refusal collected (its value None)."""
        return {
            nom: self.essayer(regle, valeur)
            for nom, regle in regles.items()
            if (valeur := getattr(commande, nom)) is not msgspec.UNSET
        }
