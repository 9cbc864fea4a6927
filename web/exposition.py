"""Commands exposed once: a `CasUsage` says which command, for whom, at which addresses, runs
which service method; the JSON route and the HTML form action are both made from it.

- JSON (`api="POST /financements"`): the command Struct is the documented body; a creation
  answers 201 with `Location` (200 for a retry of the same `command_id`), anything else 200;
  refusals are the 4xx of web/errors.py, in French, and a version conflict carries the
  record's current state.
- Form (`formulaire=Formulaire(...)`): CSRF as every cookie write; the posted fields become
  the command with every field's error at once; a refusal shows the page again with what was
  typed and a 422 (409 for a version conflict); success redirects (303) to the record with
  `?apres=<position>`, so that the next page waits until the read models include the write.

The tables of what is exposed are in web/cas_usage/; page modules keep what is theirs: which
template, which read-model query, how their fields read.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from inspect import Parameter, Signature
from typing import Any
from uuid import UUID

import asyncpg
from litestar import Request, Response, get, patch, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import Conflit, ConflitDeVersion, DomainError, IntrouvableError
from mednum.composition import Services
from mednum.services.executeur import Resultat
from web.affichage import Affichage
from web.api.ecritures import CREATION, ecriture
from web.api.schemas import ERREURS_ECRITURE, Ecriture
from web.auth.guards import Guard, auteur
from web.deps import Position, services, wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    convertir_tout,
    dans_l_ordre_du_formulaire,
    erreurs_de,
)

Requete = Request[Any, Any, Any]
# A page shown again after a refusal (or the first time), with what web/affichage.py holds.
PageErreur = Callable[[Affichage], Awaitable[Template]]
# A record's current values as its edit form's fields, read on a connection.
# A record's current values as its edit form's fields.
Saisie = Callable[[Any], dict[str, Any]]
_PARAMETRE = re.compile(r"\{(\w+):uuid\}")


def champs_tels_quels(form: dict[str, Any]) -> dict[str, Any]:
    """The posted fields as the command's fields, one value each (lists stay lists)."""
    return {k: v for k, v in form.items() if v != ""}


async def page_refus(affichage: Affichage) -> Template:
    """A refused action of a record's page whose buttons have no room for errors: the error
    page, as for any refusal."""
    return affichage.page_d_erreur(next(iter(affichage.erreurs.values())))


@dataclass(frozen=True)
class Formulaire:
    """The HTML side of a use case."""

    chemin: str
    page: PageErreur
    """Shows the form (or the record's page) again with the errors."""
    suite: str
    """Where to go after success; `{id}` is the record's id."""
    lire: Callable[[dict[str, Any]], dict[str, Any]] = champs_tels_quels
    """Posted fields → the command's fields; raises FormulaireInvalide with every error."""


@dataclass(frozen=True)
class Fiche:
    """A record's page and the forms posted below its address: `chemin` names the record
    (`/aidants/{aidant_id:uuid}`), `suite` is where a success goes (`/aidants/{id}`), `page`
    shows the record again after a refused action (by default, the error page)."""

    chemin: str
    suite: str
    page: PageErreur = page_refus

    def action(
        self,
        nom: str,
        lire: Callable[[dict[str, Any]], dict[str, Any]],
        page: PageErreur | None = None,
    ) -> Formulaire:
        """The form posted to `<chemin>/<nom>`, shown again by `page` (the record's, unless
        named: an edit form is its own page)."""
        return Formulaire(f"{self.chemin}/{nom}", page or self.page, self.suite, lire)


@dataclass(frozen=True)
class CasUsage:
    commande: type[Any]
    acces: Guard
    methode: Callable[..., Any]
    """The service method, unbound: `(service, [record id,] command, caller)`."""
    api: str | None = None
    """`"POST /financements"`, relative to /api/v1; a `{name:uuid}` is the record's id."""
    operation: str = ""
    resume: str = ""
    """The OpenAPI summary, a few words (by default, the method's name)."""
    description: str = ""
    tag: str = ""
    formulaire: Formulaire | None = None
    etat: Callable[..., Any] | None = None
    """Reads the record's current state (unbound service method), joined to a 409."""
    appelant: Callable[[Requete], Any] = auteur
    """What the method gets as the caller: the e-mail by default, or the whole user."""
    avant: Callable[[Requete, Services, UUID], Awaitable[None]] | None = None
    """A check before running (e.g. that the caller may reach the record, else 404)."""
    controle: Callable[[Requete, Any, UUID | None], Awaitable[None]] | None = None
    """An async check of the command itself, creations included (e.g. a value that must be
    unique on a read model): given (request, command, record id or None)."""
    appel: Callable[[Any, UUID | None, Any, Any], Any] | None = None
    """How to call the method when it is not `(service, [id,] command, caller)`: given
    (service, record id or None, command, caller); runs in the worker thread."""
    statut: int | None = None
    """The JSON answer's status; by default 201 for a POST without id (a creation), else 200."""
    reponse: Callable[[Requete, Any], Any] = field(default=lambda _r, resultat: ecriture(resultat))
    type_reponse: type[Any] = Ecriture

    @property
    def operation_id(self) -> str:
        """`operation`, or the command's name in camelCase (DeposerFinancement →
        deposerFinancement)."""
        nom = self.commande.__name__
        return self.operation or nom[0].lower() + nom[1:]


def cas_de_la_table(acces: Guard, **communs: Any) -> Callable[..., CasUsage]:
    """The use cases of one table mostly share who runs them, their tag and how the record's
    state is read: `cas = cas_de_la_table(COORDINATION, tag="Aidants")`, then each
    `cas(Commande, Service.methode, api=..., ...)` states only what differs (a field given
    there, `acces` included, wins over the table's)."""

    def cas(commande: type[Any], methode: Callable[..., Any], **propres: Any) -> CasUsage:
        return CasUsage(commande, methode=methode, **({"acces": acces} | communs | propres))

    return cas


async def executer(cas: CasUsage, request: Requete, commande: Any, record_id: UUID | None) -> Any:
    """Run the use case in a worker thread (eventsourcing is synchronous)."""
    tous = services(request)
    if cas.avant is not None and record_id is not None:
        await cas.avant(request, tous, record_id)
    if cas.controle is not None:
        await cas.controle(request, commande, record_id)
    service = tous.de(cas.methode)
    appelant = cas.appelant(request)
    try:
        if cas.appel is not None:
            return await asyncio.to_thread(cas.appel, service, record_id, commande, appelant)
        args = (commande, appelant) if record_id is None else (record_id, commande, appelant)
        return await asyncio.to_thread(cas.methode, service, *args)
    except ConflitDeVersion as conflit:
        if cas.etat is not None and record_id is not None:
            conflit.etat_actuel = await asyncio.to_thread(cas.etat, tous.de(cas.etat), record_id)
        raise


def _identifiant(chemin: str) -> str | None:
    noms = _PARAMETRE.findall(chemin)
    return noms[-1] if noms else None


def _identifiant_de_fiche(chemin: str) -> str:
    ident = _identifiant(chemin)
    assert ident is not None, f"{chemin} names no record"
    return ident


def _signer(
    handler: Callable[..., Any], parametres: dict[str, Any], retour: Any, nom: str, doc: str
) -> None:
    """Give a generated handler the signature Litestar reads (names, types, markers)."""
    handler.__signature__ = Signature(  # type: ignore[attr-defined]
        [Parameter(n, Parameter.KEYWORD_ONLY, annotation=t) for n, t in parametres.items()],
        return_annotation=retour,
    )
    handler.__annotations__ = {**parametres, "return": retour}
    handler.__name__ = handler.__qualname__ = nom
    handler.__doc__ = doc or None


def route_api(cas: CasUsage) -> HTTPRouteHandler:
    assert cas.api is not None
    verbe, chemin = cas.api.split(" ", 1)
    ident = _identifiant(chemin)
    creation = cas.statut is None and verbe == "POST" and ident is None
    collection = chemin.strip("/")

    async def handler(request: Requete, data: Any, **chemin_params: UUID) -> Any:
        resultat = await executer(cas, request, data, chemin_params.get(ident or ""))
        corps = cas.reponse(request, resultat)
        if not creation:
            return corps
        return Response(
            corps,
            status_code=200 if resultat.rejoue else 201,
            headers={"Location": f"/api/v1/{collection}/{resultat.id}"},
        )

    # Types made at run time from the declaration: Litestar reads them, mypy cannot.
    corps: Any = JSONBody[cas.commande]  # type: ignore[name-defined,misc]
    parametres: dict[str, Any] = {"request": Requete, "data": corps}
    if ident:
        parametres[ident] = FromPath[UUID]
    reponse: Any = Response[cas.type_reponse]  # type: ignore[name-defined]
    retour = reponse if creation else cas.type_reponse
    # Named after the service method, as Litestar derives the OpenAPI summary from it.
    _signer(handler, parametres, retour, cas.methode.__name__, cas.description)
    decorateur = {"POST": post, "PATCH": patch}[verbe]
    return decorateur(
        chemin,
        guards=[cas.acces],
        operation_id=cas.operation_id,
        summary=cas.resume or None,
        description=cas.description or None,
        status_code=None if creation else cas.statut or 200,
        responses=CREATION if creation else ERREURS_ECRITURE,
        tags=[cas.tag] if cas.tag else None,
    )(handler)


def route_formulaire(cas: CasUsage) -> HTTPRouteHandler:
    formulaire = cas.formulaire
    assert formulaire is not None
    ident = _identifiant(formulaire.chemin)

    async def handler(
        request: Requete, data: dict[str, Any], **chemin_params: UUID
    ) -> Template | Redirect:
        record_id = chemin_params.get(ident or "")
        try:
            commande = convertir_tout(formulaire.lire(data), cas.commande)
            resultat = await executer(cas, request, commande, record_id)
        except FormulaireInvalide as invalide:
            erreurs = dans_l_ordre_du_formulaire(invalide.erreurs, data)
            return await formulaire.page(Affichage(request, record_id, data, erreurs, 422))
        except IntrouvableError:
            raise
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion | Conflit) else 422
            erreurs = dans_l_ordre_du_formulaire(erreurs_de(refus), data)
            return await formulaire.page(Affichage(request, record_id, data, erreurs, status))
        ecrit: Resultat = getattr(resultat, "resultat", resultat)
        return Redirect(
            path=formulaire.suite.format(id=record_id or ecrit.id),
            query_params=apres(ecrit.notification_id),
            status_code=303,
        )

    parametres: dict[str, Any] = {"request": Requete, "data": URLEncodedBody[dict[str, Any]]}
    if ident:
        parametres[ident] = FromPath[UUID]
    nom = cas.operation_id + "Formulaire"
    _signer(handler, parametres, Template | Redirect, nom, "")
    return post(formulaire.chemin, guards=[cas.acces], include_in_schema=False)(handler)


def get_de_fiche(
    chemin: str,
    nom: str,
    handler: Callable[..., Any],
    *,
    retour: Any = Template,
    avant: dict[str, Any] | None = None,
    en_plus: dict[str, tuple[Any, Any]] | None = None,
    **options: Any,
) -> HTTPRouteHandler:
    """A GET in a Controller's body whose path names the record (`{name:uuid}`): the handler
    gets `request`, the parameters `avant` (name → annotation: dependencies), the record's id
    under its name, then the query parameters `en_plus` (name → (annotation, default));
    `options` go to Litestar's `get`."""
    ident = _identifiant_de_fiche(chemin)
    nomme = Parameter.KEYWORD_ONLY
    annotations = {"request": Requete, **(avant or {}), ident: FromPath[UUID]}
    en_plus = en_plus or {}
    handler.__signature__ = Signature(  # type: ignore[attr-defined]
        [
            Parameter("self", Parameter.POSITIONAL_OR_KEYWORD),
            *(Parameter(n, nomme, annotation=t) for n, t in annotations.items()),
            *(Parameter(n, nomme, annotation=t, default=d) for n, (t, d) in en_plus.items()),
        ],
        return_annotation=retour,
    )
    handler.__annotations__ = {
        **annotations,
        **{n: t for n, (t, _) in en_plus.items()},
        "return": retour,
    }
    handler.__name__ = handler.__qualname__ = nom
    return get(chemin, **options)(handler)


def route_fiche(chemin: str, montrer: PageErreur) -> HTTPRouteHandler:
    """GET of a record's page, where a form's success leads: `?apres=` waits until the read
    models include that write; `montrer` is the page a refused form shows again. For a
    Controller's body (`detail = route_fiche("/aidants/{aidant_id:uuid}", page_detail)`)."""
    ident = _identifiant_de_fiche(chemin)

    async def handler(self: Any, request: Requete, **parametres: Any) -> Template:
        await wait_if_asked(request, parametres["apres"])
        return await montrer(Affichage(request, parametres[ident]))

    return get_de_fiche(chemin, "detail", handler, en_plus={"apres": (Position, None)})


def route_modification(
    chemin: str,
    lire: Callable[[asyncpg.Connection, UUID], Awaitable[Any]],
    saisie: Saisie,
    montrer: PageErreur,
) -> HTTPRouteHandler:
    """GET of a record's edit form: `montrer` with the record's current values as if typed:
    the record `lire(db, id)` finds (a missing one is a 404), its fields as `saisie` gives
    them. For a Controller's body: `edition = route_modification(
    "/aidants/{aidant_id:uuid}/modifier", lire_aidant, saisie, page_formulaire)`."""
    ident = _identifiant_de_fiche(chemin)

    async def handler(self: Any, request: Requete, **parametres: UUID) -> Template:
        affichage = Affichage(request, parametres[ident])
        fiche = await affichage.lue(lire)
        return await montrer(replace(affichage, saisie=saisie(fiche)))

    return get_de_fiche(chemin, "edition", handler)


def route_nouveau(
    chemin: str, montrer: PageErreur, nom: str, proposee: dict[str, str] | None = None
) -> HTTPRouteHandler:
    """GET of a new record's form: `montrer` with nothing typed yet, or with the values it
    proposes (`proposee`), copied so that no request sees another's. `nom` is the handler's
    name in a Controller's body (`nouveau = route_nouveau("/aidants/nouveau", ..., "nouveau")`)."""

    async def handler(self: Any, request: Requete) -> Template:
        return await montrer(Affichage(request, saisie=dict(proposee or {})))

    handler.__name__ = handler.__qualname__ = nom
    return get(chemin)(handler)


def routes_api(table: Sequence[CasUsage]) -> list[HTTPRouteHandler]:
    return [route_api(cas) for cas in table if cas.api]


def routes_formulaires(table: Sequence[CasUsage]) -> list[HTTPRouteHandler]:
    return [route_formulaire(cas) for cas in table if cas.formulaire]
