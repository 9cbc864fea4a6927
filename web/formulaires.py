"""What every coordinator form needs: fields read back from the posted form, msgspec's
refusals put next to the field they name in French, where to go next."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domain.errors import DomainError
from mednum.infra.communes import referentiel_communes
from mednum.infra.validation import traduire
from mednum.settings import Settings
from web.libelles import LIBELLES_CHAMPS
from web.libelles_formulaires import CHAMPS_CACHES, LIBELLES_FORMULAIRES, LIBELLES_SOUS_CHAMPS


class FormulaireInvalide(Exception):
    """Errors to show next to their fields (field name → French message)."""

    def __init__(self, erreurs: dict[str, str], partiel: dict[str, Any] | None = None) -> None:
        super().__init__("formulaire invalide")
        self.erreurs = erreurs
        # What could be read, for a form that checks its other rules too (all errors at once).
        self.partiel = partiel


def texte(form: dict[str, Any], champ: str) -> str:
    valeur = form.get(champ, "")
    if isinstance(valeur, list):
        valeur = valeur[-1] if valeur else ""
    return str(valeur or "").strip()


def liste(form: dict[str, Any], champ: str) -> list[str]:
    valeur = form.get(champ, [])
    return [valeur] if isinstance(valeur, str) else [str(v) for v in valeur]


def version_lue(texte_version: object) -> int:
    try:
        return int(str(texte_version))
    except ValueError:
        raise DomainError(
            "Version de la fiche illisible : rechargez la page puis recommencez.", "version"
        ) from None


def command_id_lu(texte_id: object) -> UUID:
    """The form's request id (a retried post is applied once), or a new one."""
    try:
        return UUID(str(texte_id)[:36]) if texte_id else uuid4()
    except ValueError:
        raise DomainError(
            "Identifiant de demande illisible : rechargez la page puis recommencez.", "command_id"
        ) from None


def version(form: dict[str, Any]) -> int:
    return version_lue(texte(form, "version"))


def command_id(form: dict[str, Any]) -> str:
    return str(command_id_lu(texte(form, "command_id")))


def convertir(valeurs: dict[str, Any], cls: type[Any]) -> Any:
    """The command, or FormulaireInvalide naming the field msgspec refused, in French."""
    try:
        return msgspec.convert(valeurs, cls)
    except msgspec.ValidationError as exc:
        raise _invalide(exc) from None


def _invalide(exc: msgspec.ValidationError) -> FormulaireInvalide:
    message = str(exc)
    champ = message.rsplit("$.", 1)[-1].rstrip("`") if "$." in message else ""
    champ = re.split(r"[\[.]", champ)[0]
    if not champ and (match := re.search(r"field `([^`]*)`", message)):
        champ = match.group(1)
    return FormulaireInvalide({champ or "formulaire": traduire(message)})


def erreurs_de(refus: DomainError) -> dict[str, str]:
    """Every field a refusal names (several when the rules collected them) → its message."""
    erreurs: dict[str, str] = {}
    for un in getattr(refus, "erreurs", [refus]):
        erreurs.setdefault(un.champ or "formulaire", un.message)
    return erreurs


def dans_l_ordre_du_formulaire(erreurs: dict[str, str], posted: dict[str, Any]) -> dict[str, str]:
    """The errors in the order the browser sent the fields, which is the page's order: the
    summary above a form then reads as the form does. A refusal of the whole form comes
    first; a field that was not sent (an unticked box) comes after the others."""
    ordre = {nom: rang for rang, nom in enumerate(posted)} | {"formulaire": -1}
    return dict(sorted(erreurs.items(), key=lambda erreur: ordre.get(erreur[0], len(ordre))))


def saisie_de(champs: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """A record's fields `champs` as its edit form shows them (an unset one empty), with its
    version."""
    return lambda fiche: (
        {c: getattr(fiche, c) or "" for c in champs} | {"version": str(fiche.version)}
    )


def apres(notification_id: int | None) -> dict[str, str]:
    """The query that makes the next page wait until this write is projected."""
    return {"apres": str(notification_id)} if notification_id is not None else {}


def erreurs_des_champs(valeurs: dict[str, Any], cls: type[Any]) -> dict[str, str]:
    """Every field of `cls` that is missing or that msgspec refuses, in French (text read as
    numbers, dates and booleans where the command wants them)."""
    erreurs: dict[str, str] = {}
    for champ in msgspec.structs.fields(cls):
        if champ.name not in valeurs:
            if champ.required:
                erreurs[champ.name] = "Ce champ est obligatoire."
            continue
        try:
            msgspec.convert(valeurs[champ.name], champ.type, strict=False)
        except msgspec.ValidationError as exc:
            erreurs[champ.name] = traduire(str(exc))
    return erreurs


def convertir_tout(valeurs: dict[str, Any], cls: type[Any]) -> Any:
    """The command, or FormulaireInvalide naming every field that is missing or refused, in
    French: a form shows all its errors at once, not one per try. Text is read as numbers,
    dates and booleans where the command wants them."""
    if erreurs := erreurs_des_champs(valeurs, cls):
        raise FormulaireInvalide(erreurs)
    try:
        return msgspec.convert(valeurs, cls, strict=False)
    except msgspec.ValidationError as exc:  # a rule across fields, or an unknown field
        raise _invalide(exc) from None


def libelle_erreur(champ: str) -> str:
    """The French label of the field an error names (`profil.annee_naissance` → « Bénéficiaire
    anonyme : année de naissance »); the summary shows it, never the internal name."""
    tete, _, reste = champ.partition(".")
    libelle = LIBELLES_FORMULAIRES.get(tete) or LIBELLES_CHAMPS.get(tete) or "Formulaire"
    if reste:
        sous = reste.split(".")[0].split("[")[0]
        detail = LIBELLES_SOUS_CHAMPS.get(sous) or LIBELLES_FORMULAIRES.get(sous)
        if detail:
            libelle = f"{libelle} : {detail[0].lower()}{detail[1:]}"
    return libelle


def champ_visible(champ: str) -> bool:
    """Whether an error's field is one the person sees (the summary links to it)."""
    return champ.split(".")[0] not in CHAMPS_CACHES


def territoire_du_hub() -> str:
    """Where the hub works (`region:27`): its communes come first when a name is ambiguous."""
    return os.environ.get("MEDNUM_RAPPORTS_TERRITOIRE") or Settings().rapports_territoire


def entier_lu(valeur: str, champ: str, message: str, erreurs: dict[str, str]) -> int | None:
    """A whole number typed in a form; none typed is None, anything else is `message` on
    `champ` (and None)."""
    if not valeur:
        return None
    try:
        return int(valeur)
    except ValueError:
        erreurs[champ] = message
        return None


def commune_lue(saisie: str, champ: str, erreurs: dict[str, str]) -> str | None:
    """The INSEE code of the commune typed as a name, a postcode or a code (« dijon »,
    « 21000 », « Dijon (21000) »); an unknown or ambiguous one is an error on `champ`, listing
    the communes to choose from."""
    if not saisie.strip():
        return None
    communes = referentiel_communes()
    commune, candidats = communes.resoudre(saisie, territoire_du_hub())
    if commune is not None:
        return commune.code_insee
    if not candidats:
        erreurs[champ] = (
            f"Aucune commune ne correspond à « {saisie.strip()} » : tapez son nom ou son code "
            "postal (ex. Dijon ou 21000)."
        )
    else:
        choix = ", ".join(f"« {communes.libelle(c.code_insee)} »" for c in candidats[:8])
        plus = f" (et {len(candidats) - 8} autres)" if len(candidats) > 8 else ""
        erreurs[champ] = (
            f"Plusieurs communes correspondent à « {saisie.strip()} » : précisez laquelle, "
            f"par exemple {choix}{plus}."
        )
    return None


def libelle_commune(code_insee: str | None) -> str:
    """A stored commune as the form shows it (« Dijon (21000) »), read back by commune_lue."""
    return referentiel_communes().libelle(code_insee) if code_insee else ""
