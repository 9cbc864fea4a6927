"""« Séance rapide »: several anonymous individual sessions of one day on one screen (a
drop-in morning at the médiathèque). Date, place and equipment are shared; each row is one
person: duration, thématiques, optionally genre and age band.

Each row is its own command with its own command_id, so a row saved stays saved when the
page is posted again, and the answer is given row by row."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.activites.commands import EnregistrerActivite
from domain.errors import DomainError
from mednum.accounts import Role, User
from mednum.composition import Services
from mednum.services.activites import Activites
from projections.activites_requetes import (
    lieux_pour_saisie,
    preferences_de,
    thematiques_frequentes,
)
from web.auth.guards import roles, utilisateur
from web.deps import Position, wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    convertir,
    erreurs_de,
    liste,
    texte,
)
from web.pages.activites import aujourdhui
from web.pages.activites_formulaire import champs_lieu, valeurs_habituelles
from web.pages.activites_libelles import REFERENTIELS, THEMATIQUES_PAR_DEFAUT
from web.templating import page

LIGNES = 6
LIGNES_MAX = 30
NB_THEMATIQUES = 6


class Ligne(msgspec.Struct, kw_only=True):
    """One row of the screen, as posted, and what became of it."""

    rang: int
    command_id: str
    duree: str = ""
    thematiques: list[str] = msgspec.field(default_factory=list)
    autre: str = ""
    genre: str = ""
    tranche_age: str = ""
    etat: str = "vide"  # vide, enregistree, erreur
    erreurs: dict[str, str] = msgspec.field(default_factory=dict)
    """Every refused field of the row → its message: all shown at once."""
    activite_id: UUID | None = None
    position: int | None = None
    """Where its recording stands in the event log, for the next page to wait for."""

    @property
    def vide(self) -> bool:
        # A row where only the gender or age was chosen is a session half-typed, not nothing.
        return not (self.duree or self.thematiques or self.autre or self.genre or self.tranche_age)


def _lignes(form: dict[str, Any], nombre: int) -> list[Ligne]:
    return [
        Ligne(
            rang=i,
            command_id=texte(form, f"l{i}_command_id")[:36] or str(uuid4()),
            duree=texte(form, f"l{i}_duree"),
            thematiques=liste(form, f"l{i}_thematiques"),
            autre=texte(form, f"l{i}_autre"),
            genre=texte(form, f"l{i}_genre"),
            tranche_age=texte(form, f"l{i}_tranche_age"),
        )
        for i in range(nombre)
    ]


def _commun(form: dict[str, Any], erreurs: dict[str, str]) -> dict[str, Any]:
    lieu = champs_lieu(
        texte(form, "type_lieu"), texte(form, "lieu_id"), texte(form, "commune"), erreurs
    )
    return {
        "type": "individuel",
        "date": texte(form, "date"),
        **lieu,
        "materiel": liste(form, "materiel"),
    }


def _enregistrer(activites: Activites, commun: dict[str, Any], ligne: Ligne, user: User) -> None:
    """Record one row; its outcome is written on the row."""
    thematiques = [*ligne.thematiques, *([ligne.autre] if ligne.autre else [])]
    if not ligne.duree.isdigit():
        # No command can be built without a duration: say what else is missing too.
        ligne.etat, ligne.erreurs = "erreur", {"duree": "Choisissez une durée."}
        if not thematiques:
            ligne.erreurs["thematiques"] = "Cochez au moins une thématique."
        return
    profil = {
        "genre": ligne.genre or "non_communique",
        "tranche_age": ligne.tranche_age or "non_communique",
    }
    try:
        commande = convertir(
            commun
            | {
                "command_id": ligne.command_id,
                "duree": int(ligne.duree),
                "thematiques": thematiques,
                "profil": profil,
            },
            EnregistrerActivite,
        )
        resultat = activites.enregistrer(commande, user)
    except FormulaireInvalide as invalide:
        ligne.etat, ligne.erreurs = "erreur", dict(invalide.erreurs)
    except DomainError as refus:
        ligne.etat, ligne.erreurs = "erreur", erreurs_de(refus)
    else:
        ligne.etat, ligne.activite_id = "enregistree", resultat.id
        ligne.position = resultat.notification_id


class SeanceRapidePages(Controller):
    guards = [roles(Role.MEDIATEUR)]

    @get("/activites/seance-rapide")
    async def ecran(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        lignes: Annotated[int, QueryParameter(ge=1, le=LIGNES_MAX)] = LIGNES,
        enregistrees: Annotated[int | None, QueryParameter(ge=0, le=LIGNES_MAX)] = None,
        position: Position = None,
    ) -> Template:
        # After a recording: what follows (« Mes activités », the usual place) shows it.
        await wait_if_asked(request, position)
        prefs = await preferences_de(db, utilisateur(request).email)
        commun = {
            "date": aujourdhui().isoformat(),
            **valeurs_habituelles(prefs),
        }
        return await _ecran(request, db, commun, _lignes({}, lignes), {}, enregistrees=enregistrees)

    @post("/activites/seance-rapide")
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        user = utilisateur(request)
        try:
            nombre = min(max(int(texte(data, "lignes") or LIGNES), 1), LIGNES_MAX)
        except ValueError:
            nombre = LIGNES
        erreurs_communes: dict[str, str] = {}
        commun = _commun(data, erreurs_communes)
        # Shown again as typed (« dijon »), sent as its INSEE code.
        affiche = commun | {"commune": texte(data, "commune"), "lieu_id": texte(data, "lieu_id")}
        lignes = _lignes(data, nombre)
        a_enregistrer = [ligne for ligne in lignes if not ligne.vide]
        if not a_enregistrer:
            erreurs_communes["lignes"] = (
                "Remplissez au moins une ligne : une durée et une thématique."
            )
        if erreurs_communes:
            return await _ecran(request, db, affiche, lignes, erreurs_communes, status=422)

        def tout_enregistrer() -> None:
            for ligne in a_enregistrer:
                _enregistrer(composition.activites, commun, ligne, user)

        await asyncio.to_thread(tout_enregistrer)
        if all(ligne.etat == "enregistree" for ligne in a_enregistrer):
            derniere = max((ligne.position or 0 for ligne in a_enregistrer), default=0)
            return Redirect(
                path="/activites/seance-rapide",
                query_params={"enregistrees": str(len(a_enregistrer)), "lignes": str(nombre)}
                | apres(derniere or None),
                status_code=303,
            )
        # Errors that concern the shared fields are shown once, above the rows.
        communs = {"date", "type_lieu", "lieu_id", "commune", "materiel", "motif_retard"}
        erreurs = {
            champ: message
            for ligne in a_enregistrer
            for champ, message in ligne.erreurs.items()
            if champ in communs
        }
        return await _ecran(request, db, affiche, lignes, erreurs, status=422)


async def _ecran(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    commun: dict[str, Any],
    lignes: list[Ligne],
    erreurs: dict[str, str],
    *,
    status: int = 200,
    enregistrees: int | None = None,
) -> Template:
    user = utilisateur(request)
    favorites = await thematiques_frequentes(db, user.email, NB_THEMATIQUES)
    for valeur in THEMATIQUES_PAR_DEFAUT:
        if len(favorites) >= NB_THEMATIQUES:
            break
        if valeur not in favorites:
            favorites.append(valeur)
    lieux_recents, lieux_tous = await lieux_pour_saisie(db, user.email)
    prefs = await preferences_de(db, user.email)
    return page(
        request,
        "activite_rapide.html",
        status_code=status,
        nav_actif="activites",
        commun=commun,
        lignes=lignes,
        erreurs=erreurs,
        favorites=favorites,
        durees=prefs.durees,
        lieux_recents=lieux_recents,
        lieux_tous=lieux_tous,
        enregistrees=enregistrees,
        **REFERENTIELS,
    )
