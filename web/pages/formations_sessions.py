"""Coordinators' pages of training sessions: schedule, change, cancel; enrol aidants, the
attendance sheet (one checkbox per aidant and per slot), completion, the session's history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import ConflitDeVersion, DomainError
from domain.formations.commands import (
    AnnulerInscription,
    AnnulerSession,
    EnregistrerPresences,
    InscrireAidant,
    ModifierSession,
    ProgrammerSession,
    TerminerFormation,
)
from mednum.accounts import Role
from mednum.services.executeur import Resultat
from mednum.services.formations import Formations
from projections.formations_requetes import (
    FiltresParcours,
    SessionVue,
    aidants_inscriptibles,
    inscriptions_de_session,
    lieux_ouverts,
    lire_parcours,
    lire_session,
    lister_parcours,
    noms_aidants,
)
from web.auth.guards import roles
from web.deps import wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    liste,
    texte,
    version,
)
from web.pages.formations import DEPENDANCES, REFERENTIELS, aujourdhui, auteur
from web.pages.formations_formulaires import (
    creneaux_en_texte,
    donnees_session,
    uuid_lu,
    valeurs_session,
)
from web.pages.formations_historique import raconter
from web.templating import page


class SessionsFormationPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = DEPENDANCES
    include_in_schema = False

    # --- schedule and change ----------------------------------------------------------------

    @get("/formations/sessions/nouvelle")
    async def nouvelle(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        parcours_id: Annotated[str | None, QueryParameter(max_length=36)] = None,
    ) -> Template:
        valeurs = valeurs_session({"parcours_id": parcours_id or "", "mode": "presentiel"})
        return await _formulaire(request, db, valeurs, {}, session=None)

    @post("/formations/sessions/nouvelle")
    async def programmer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = valeurs_session(data)
        try:
            commande = convertir(donnees_session(valeurs, creation=True), ProgrammerSession)
            resultat = await asyncio.to_thread(
                formations.programmer_session, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return await _formulaire(request, db, valeurs, invalide.erreurs, None, status=422)
        except DomainError as refus:
            erreurs = {refus.champ or "formulaire": refus.message}
            return await _formulaire(request, db, valeurs, erreurs, None, status=422)
        return _vers_session(resultat)

    @get("/formations/sessions/{session_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        session_id: FromPath[UUID],
    ) -> Template:
        session = await _session_ou_404(db, session_id)
        valeurs = valeurs_session(
            {
                "parcours_id": str(session.parcours_id),
                "debut": session.debut.isoformat(),
                "fin": session.fin.isoformat(),
                "creneaux": creneaux_en_texte(session.creneaux, session.debut, session.fin),
                "mode": session.mode,
                "lieu_id": str(session.lieu_id or ""),
                "modalites_distance": session.modalites_distance or "",
                "formateur": session.formateur,
                "organisme": session.organisme or "",
                "capacite": str(session.capacite),
                "version": str(session.version),
            }
        )
        return await _formulaire(request, db, valeurs, {}, session=session)

    @post("/formations/sessions/{session_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        session = await _session_ou_404(db, session_id)
        valeurs = valeurs_session(data)
        try:
            donnees = donnees_session(valeurs, creation=False) | {"version": version(data)}
            commande = convertir(donnees, ModifierSession)
            resultat = await asyncio.to_thread(
                formations.modifier_session, session_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return await _formulaire(request, db, valeurs, invalide.erreurs, session, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            erreurs = {refus.champ or "formulaire": refus.message}
            return await _formulaire(request, db, valeurs, erreurs, session, status=status)
        return _vers_session(resultat)

    # --- the session's page and its actions -------------------------------------------------

    @get("/formations/sessions/{session_id:uuid}")
    async def fiche(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        apres: Annotated[int | None, QueryParameter()] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        return await _fiche(request, db, formations, session_id)

    @post("/formations/sessions/{session_id:uuid}/inscrire")
    async def inscrire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def commande() -> Any:
            aidant_id = uuid_lu(data, "aidant_id", "l'aidant à inscrire")
            return InscrireAidant(command_id=UUID(command_id(data)), aidant_id=aidant_id)

        return await _agir(
            request, db, formations, session_id, "inscription", commande, formations.inscrire
        )

    @post("/formations/sessions/{session_id:uuid}/desinscrire")
    async def desinscrire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def commande() -> Any:
            return AnnulerInscription(
                command_id=UUID(command_id(data)),
                aidant_id=uuid_lu(data, "aidant_id", "l'aidant"),
                motif=texte(data, "motif")[:500],
            )

        return await _agir(
            request,
            db,
            formations,
            session_id,
            "inscrits",
            commande,
            formations.annuler_inscription,
        )

    @post("/formations/sessions/{session_id:uuid}/presences")
    async def presences(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def commande() -> Any:
            # Every box on the sheet is listed in a hidden field: unticked means absent.
            cochees = set(liste(data, "presence"))
            lignes = []
            for case in liste(data, "sur_la_feuille")[:10_000]:
                aidant_id, _, creneau = case.partition("|")
                lignes.append(
                    {"aidant_id": aidant_id, "creneau": creneau, "present": case in cochees}
                )
            if not lignes:
                raise DomainError("Aucun créneau passé n'est à émarger.", "presences")
            return convertir(
                {"command_id": command_id(data), "presences": lignes}, EnregistrerPresences
            )

        return await _agir(
            request,
            db,
            formations,
            session_id,
            "presences",
            commande,
            formations.enregistrer_presences,
        )

    @post("/formations/sessions/{session_id:uuid}/terminer")
    async def terminer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def commande() -> Any:
            return TerminerFormation(
                command_id=UUID(command_id(data)), aidant_id=uuid_lu(data, "aidant_id", "l'aidant")
            )

        return await _agir(
            request,
            db,
            formations,
            session_id,
            "inscrits",
            commande,
            formations.terminer_formation,
        )

    @post("/formations/sessions/{session_id:uuid}/annuler")
    async def annuler(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def commande() -> Any:
            return convertir(
                {
                    "command_id": command_id(data),
                    "version": version(data),
                    "motif": texte(data, "motif")[:500],
                },
                AnnulerSession,
            )

        return await _agir(
            request, db, formations, session_id, "annulation", commande, formations.annuler_session
        )


async def _agir(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    formations: Formations,
    session_id: UUID,
    bloc: str,
    commande: Callable[[], Any],
    action: Callable[[UUID, Any, str], Resultat],
) -> Template | Redirect:
    """Run one of the page's forms; a refusal shows the page again, the message in `bloc`."""
    await _session_ou_404(db, session_id)
    try:
        resultat = await asyncio.to_thread(action, session_id, commande(), auteur(request))
    except FormulaireInvalide as invalide:
        message = " ".join(invalide.erreurs.values())
        return await _fiche(request, db, formations, session_id, {bloc: message}, status=422)
    except DomainError as refus:
        status = 409 if isinstance(refus, ConflitDeVersion) else 422
        return await _fiche(request, db, formations, session_id, {bloc: refus.message}, status)
    return _vers_session(resultat)


async def _fiche(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    formations: Formations,
    session_id: UUID,
    erreurs: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    session = await _session_ou_404(db, session_id)
    parcours = await lire_parcours(db, session.parcours_id)
    inscriptions = await inscriptions_de_session(db, session_id)
    eligibles = await aidants_inscriptibles(
        db, parcours.types_aidant if parcours else [], session_id
    )
    events = await asyncio.to_thread(formations.historique, session_id)
    noms = await noms_aidants(db, list({e.aidant_id for e in events if hasattr(e, "aidant_id")}))
    return page(
        request,
        "session.html",
        status_code=status,
        nav_actif="formations",
        session=session,
        parcours=parcours,
        inscrits=[i for i in inscriptions if i.statut == "inscrit"],
        attente=[i for i in inscriptions if i.statut == "en_attente"],
        annulees=[i for i in inscriptions if i.statut == "annulee"],
        eligibles=eligibles,
        historique=raconter(events, noms),
        aujourdhui=aujourdhui(),
        erreurs=erreurs or {},
        **REFERENTIELS,
    )


async def _formulaire(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    session: SessionVue | None,
    status: int = 200,
) -> Template:
    parcours, _ = await lister_parcours(db, FiltresParcours(), limit=500, offset=0)
    return page(
        request,
        "session_form.html",
        status_code=status,
        nav_actif="formations",
        valeurs=valeurs,
        erreurs=erreurs,
        session=session,
        parcours=parcours,
        lieux=await lieux_ouverts(db),
        **REFERENTIELS,
    )


def _vers_session(resultat: Resultat) -> Redirect:
    return Redirect(
        path=f"/formations/sessions/{resultat.id}", query_params=apres(resultat.notification_id)
    )


async def _session_ou_404(db: asyncpg.Connection, session_id: UUID) -> SessionVue:
    session = await lire_session(db, session_id)
    if session is None:
        raise NotFoundException()
    return session
