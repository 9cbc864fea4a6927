"""Coordinators' pages for places: list, register, edit, close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID, uuid4

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from domain.errors import DomainError
from domain.lieux import standard
from domain.lieux.completude import completude
from domain.lieux.referentiel import SERVICES
from mednum.accounts import Role
from projections.lieux_requetes import FiltresLieux, LieuVue, lire_lieu, lister_lieux
from web.auth.guards import roles
from web.deps import connexion
from web.errors import ou_404
from web.formulaires import FormulaireInvalide, command_id_lu, liste, texte, version_lue
from web.pagination import PAR_PAGE, NumeroDePage, decalage, nombre_de_pages
from web.templating import page

_TEXTES = ("nom", "adresse", "complement_adresse", "code_postal", "code_insee", "horaires")


# The standard's fields the form offers: free texts, lists typed one per line, and lists of
# the standard's values shown as checkboxes.
_TEXTES_STANDARD = (
    "pivot",
    "telephone",
    "presentation_resume",
    "presentation_detail",
    "fiche_acces_libre",
    "prise_rdv",
)
_LIGNES_STANDARD = ("courriels", "site_web")
CASES_STANDARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "modalites_acces": ("Pour venir", standard.MODALITES_ACCES),
    "modalites_accompagnement": ("Accompagnement proposé", standard.MODALITES_ACCOMPAGNEMENT),
    "frais_a_charge": ("Frais à charge", standard.FRAIS),
    "publics_specifiquement_adresses": ("Publics spécifiquement accueillis", standard.PUBLICS),
    "prise_en_charge_specifique": ("Prise en charge spécifique", standard.PRISES_EN_CHARGE),
    "itinerance": ("Itinérance", standard.ITINERANCE),
    "dispositif_programmes_nationaux": ("Dispositifs nationaux", standard.DISPOSITIFS),
    "formations_labels": ("Formations et labels", standard.FORMATIONS_LABELS),
}


def lieu_lu(texte_id: str) -> UUID:
    try:
        return UUID(texte_id)
    except ValueError:
        raise DomainError(
            "Lieu illisible dans le formulaire : rechargez la page puis recommencez."
        ) from None


_CACHES: dict[str, Callable[[str], Any]] = {
    "command_id": command_id_lu,
    "version": version_lue,
    "version_doublon": version_lue,
    "doublon": lieu_lu,
    "autre": lieu_lu,
}


def caches(form: dict[str, Any], *noms: str) -> dict[str, Any]:
    """The hidden fields of a record's action (request id, versions, the other place), or
    FormulaireInvalide naming each unreadable one."""
    champs: dict[str, Any] = {}
    erreurs: dict[str, str] = {}
    for nom in noms:
        try:
            champs[nom] = _CACHES[nom](texte(form, nom))
        except DomainError as refus:
            erreurs[nom] = refus.message
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return champs


def lire_fermeture(form: dict[str, Any]) -> dict[str, Any]:
    return caches(form, "command_id", "version") | {"motif": str(form.get("motif", ""))[:500]}


def _valeurs(form: dict[str, Any]) -> dict[str, Any]:
    """The form as typed, for re-display (texts as strings, checkboxes as lists)."""
    valeurs: dict[str, Any] = {
        k: texte(form, k) for k in (*_TEXTES, *_TEXTES_STANDARD, "latitude", "longitude")
    }
    valeurs["services"] = liste(form, "services")
    for champ in CASES_STANDARD:
        valeurs[champ] = liste(form, champ)
    for champ in _LIGNES_STANDARD:
        brut = form.get(champ, "")
        valeurs[champ] = "\n".join(brut) if isinstance(brut, list) else str(brut or "").strip()
    valeurs["command_id"] = str(form.get("command_id") or uuid4())[:36]
    valeurs["version"] = str(form.get("version", "") or "")
    return valeurs


def _nombre(valeurs: dict[str, Any], champ: str, erreurs: dict[str, str]) -> float | None:
    texte = valeurs[champ].replace(",", ".")
    try:
        return float(texte)
    except ValueError:
        erreurs[champ] = (
            "Indiquez un nombre décimal (ex. 47.3220)." if texte else "Ce champ est obligatoire."
        )
        return None


def _lire(form: dict[str, Any], *noms_caches: str) -> dict[str, Any]:
    valeurs = _valeurs(form)
    try:
        champs, erreurs = caches(form, *noms_caches), {}
    except FormulaireInvalide as invalide:
        champs, erreurs = {}, invalide.erreurs
    for champ in ("nom", "adresse", "code_postal", "code_insee"):
        if not valeurs[champ]:
            erreurs[champ] = "Ce champ est obligatoire."
    latitude = _nombre(valeurs, "latitude", erreurs)
    longitude = _nombre(valeurs, "longitude", erreurs)
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return (
        champs
        | {c: valeurs[c] for c in ("nom", "adresse", "code_postal", "code_insee", "services")}
        | {c: valeurs[c] or None for c in ("complement_adresse", "horaires", *_TEXTES_STANDARD)}
        | {c: valeurs[c].split() for c in _LIGNES_STANDARD}
        | {c: valeurs[c] for c in CASES_STANDARD}
        | {"latitude": latitude, "longitude": longitude}
    )


def lire_recensement(form: dict[str, Any]) -> dict[str, Any]:
    return _lire(form, "command_id")


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return _lire(form, "command_id", "version")


class LieuxPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    include_in_schema = False

    @get("/lieux")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        fermes: FromQuery[bool] = False,
        a_verifier: FromQuery[bool] = False,
        tri: FromQuery[Literal["nom", "completude"]] = "nom",
        page_liste: NumeroDePage = 1,
    ) -> Template:
        lieux, total = await lister_lieux(
            db,
            FiltresLieux(q=q or None, inclure_fermes=fermes, a_verifier=a_verifier),
            limit=PAR_PAGE,
            offset=decalage(page_liste),
            par_completude=tri == "completude",
        )
        return page(
            request,
            "lieux.html",
            nav_actif="lieux",
            lieux=[(lieu, completude(msgspec.structs.asdict(lieu))) for lieu in lieux],
            total=total,
            q=q or "",
            fermes=fermes,
            a_verifier=a_verifier,
            tri=tri,
            filtres_url=urlencode(
                {
                    "q": q or "",
                    "fermes": "true" if fermes else "",
                    "a_verifier": "true" if a_verifier else "",
                    "tri": tri,
                }
            ),
            page_liste=page_liste,
            pages=nombre_de_pages(total),
        )

    @get("/lieux/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, None, {}, {})

    @get("/lieux/{lieu_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        lieu_id: FromPath[UUID],
    ) -> Template:
        lieu = await _lieu_ou_404(db, lieu_id)
        saisie = {
            **{k: getattr(lieu, k) or "" for k in (*_TEXTES, *_TEXTES_STANDARD)},
            **{k: getattr(lieu, k) for k in (*_LIGNES_STANDARD, *CASES_STANDARD)},
            "latitude": str(lieu.latitude),
            "longitude": str(lieu.longitude),
            "services": lieu.services,
            "version": str(lieu.version),
        }
        return _formulaire(request, lieu, saisie, {})


async def page_formulaire(
    request: Request[Any, Any, Any],
    lieu_id: UUID | None,
    saisie: dict[str, Any],
    erreurs: dict[str, str],
    status: int,
) -> Template:
    """A new place's form, or an existing one's (shown again by a refusal)."""
    lieu = None
    if lieu_id is not None:
        async with connexion(request) as db:
            lieu = await _lieu_ou_404(db, lieu_id)
    return _formulaire(request, lieu, saisie, erreurs, status)


def _formulaire(
    request: Request[Any, Any, Any],
    lieu: LieuVue | None,
    saisie: dict[str, Any],
    erreurs: dict[str, str],
    status: int = 200,
) -> Template:
    return page(
        request,
        "lieu_form.html",
        status_code=status,
        nav_actif="lieux",
        valeurs=_valeurs(saisie),
        erreurs=erreurs,
        lieu=lieu,
        services=SERVICES,
        cases_standard=CASES_STANDARD,
    )


async def _lieu_ou_404(db: asyncpg.Connection, lieu_id: UUID) -> LieuVue:
    return ou_404(await lire_lieu(db, lieu_id))
