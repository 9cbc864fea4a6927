"""What every coordinator form needs: fields read back from the posted form, msgspec's
refusals put next to the field they name in French, where to go next."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domain.errors import DomainError
from mednum.infra.validation import traduire


class FormulaireInvalide(Exception):
    """Errors to show next to their fields (field name → French message)."""

    def __init__(self, erreurs: dict[str, str]) -> None:
        super().__init__("formulaire invalide")
        self.erreurs = erreurs


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
    return {refus.champ or "formulaire": refus.message}


def apres(notification_id: int | None) -> dict[str, str]:
    """The query that makes the next page wait until this write is projected."""
    return {"apres": str(notification_id)} if notification_id is not None else {}


def convertir_tout(valeurs: dict[str, Any], cls: type[Any]) -> Any:
    """The command, or FormulaireInvalide naming every field that is missing or refused, in
    French: a form shows all its errors at once, not one per try. Text is read as numbers,
    dates and booleans where the command wants them."""
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
    if erreurs:
        raise FormulaireInvalide(erreurs)
    try:
        return msgspec.convert(valeurs, cls, strict=False)
    except msgspec.ValidationError as exc:  # a rule across fields, or an unknown field
        raise _invalide(exc) from None
