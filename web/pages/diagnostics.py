"""The mediator's diagnostic page: the skills grid as a form (one group of radio buttons per
skill, flags, needs, target), the level computed once saved, and the level history."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.diagnostics.commands import RealiserDiagnostic
from domain.diagnostics.regles import FUSEAU
from domain.errors import DomainError, IntrouvableError
from mednum.accounts import Role
from mednum.composition import Services
from mednum.services.diagnostics import Diagnostics
from projections.diagnostics import (
    DiagnosticVue,
    diagnostics_du_beneficiaire,
    historique_niveaux,
    lire_diagnostic,
)
from web.auth.guards import roles, utilisateur
from web.deps import Position, wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir_tout,
    entier_lu,
    erreurs_de,
    liste,
    texte,
)
from web.templating import page

LISTES = ("drapeaux", "thematiques", "competences_cibles")
TEXTES = ("date", "source", "score_importe", "cible", "note")


def _valeurs(form: dict[str, Any], codes: tuple[str, ...]) -> dict[str, Any]:
    valeurs: dict[str, Any] = {champ: texte(form, champ) for champ in (*TEXTES, *codes)}
    valeurs |= {champ: liste(form, champ) for champ in LISTES}
    valeurs["command_id"] = texte(form, "command_id")[:36]
    return valeurs


def _commande(
    beneficiaire_id: UUID, valeurs: dict[str, Any], codes: tuple[str, ...]
) -> RealiserDiagnostic:
    """The command the form describes, or every field to correct, in French."""
    erreurs: dict[str, str] = {}
    if not valeurs["date"]:
        erreurs["date"] = "Indiquez la date du diagnostic."
    if not valeurs["source"]:
        erreurs["source"] = "Choisissez comment le niveau a été mesuré."
    scores = {}
    for code in codes:
        score = entier_lu(valeurs[code], f"scores.{code}", "Choisissez un score de 0 à 4.", erreurs)
        if score is not None:
            scores[code] = score
    score_importe = entier_lu(
        valeurs["score_importe"], "score_importe", "Indiquez un nombre entier.", erreurs
    )
    cible = entier_lu(valeurs["cible"], "cible", "Choisissez un niveau de 0 à 4.", erreurs)
    if erreurs:
        raise FormulaireInvalide(erreurs)
    champs = {c: valeurs[c] for c in ("date", "source", *LISTES)} | {
        "command_id": command_id(valeurs),
        "beneficiaire_id": str(beneficiaire_id),
        "scores": scores,
        "score_importe": score_importe,
        "cible": cible,
        "note": valeurs["note"] or None,
    }
    return convertir_tout(champs, RealiserDiagnostic)  # type: ignore[no-any-return]


class DiagnosticsPages(Controller):
    guards = [roles(Role.MEDIATEUR)]

    @get("/beneficiaires/{beneficiaire_id:uuid}/diagnostic")
    async def formulaire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        diagnostic: Annotated[UUID | None, QueryParameter(name="diagnostic")] = None,
        apres_position: Position = None,
    ) -> Template:
        diagnostics = composition.diagnostics
        await asyncio.to_thread(diagnostics.verifier_acces, beneficiaire_id, utilisateur(request))
        await wait_if_asked(request, apres_position)
        enregistre = await lire_diagnostic(db, diagnostic) if diagnostic else None
        if enregistre is not None and enregistre.beneficiaire_id != beneficiaire_id:
            enregistre = None
        aujourd_hui = datetime.now(UTC).astimezone(FUSEAU).date().isoformat()
        valeurs = _valeurs({"date": aujourd_hui, "source": "observation"}, diagnostics.grille.codes)
        return await _page(
            request, db, diagnostics, beneficiaire_id, valeurs, {}, enregistre=enregistre
        )

    # Hand-written: success goes to the page with the new diagnostic's id (`?diagnostic=`),
    # which the table's redirect (to the record's address) cannot carry.
    @post("/beneficiaires/{beneficiaire_id:uuid}/diagnostic")
    async def realiser(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        diagnostics = composition.diagnostics
        valeurs = _valeurs(data, diagnostics.grille.codes)
        try:
            commande = _commande(beneficiaire_id, valeurs, diagnostics.grille.codes)
            resultat = await asyncio.to_thread(diagnostics.realiser, commande, utilisateur(request))
        except FormulaireInvalide as invalide:
            erreurs = invalide.erreurs
        except IntrouvableError:
            raise
        except DomainError as refus:
            erreurs = erreurs_de(refus)
        else:
            return Redirect(
                path=f"/beneficiaires/{beneficiaire_id}/diagnostic",
                query_params={"diagnostic": str(resultat.id), **apres(resultat.notification_id)},
                status_code=303,
            )
        return await _page(request, db, diagnostics, beneficiaire_id, valeurs, erreurs, status=422)


async def _page(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    diagnostics: Diagnostics,
    beneficiaire_id: UUID,
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    status: int = 200,
    enregistre: DiagnosticVue | None = None,
) -> Template:
    if erreurs:
        # Access was checked by the write; the page shown again must not leak it either.
        await asyncio.to_thread(diagnostics.verifier_acces, beneficiaire_id, utilisateur(request))
    if not valeurs.get("command_id"):
        valeurs = valeurs | {"command_id": command_id({})}
    return page(
        request,
        "diagnostic.html",
        status_code=status,
        beneficiaire_id=beneficiaire_id,
        grille=diagnostics.grille,
        valeurs=valeurs,
        erreurs=erreurs,
        enregistre=enregistre,
        historique=await historique_niveaux(db, beneficiaire_id),
        diagnostics=await diagnostics_du_beneficiaire(db, beneficiaire_id),
    )
