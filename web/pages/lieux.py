"""Coordinators' pages for places: list, register, edit, close."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID, uuid4

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import ConflitDeVersion, DomainError
from domain.lieux import standard
from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.referentiel import SERVICES
from mednum.accounts import Role
from mednum.infra.validation import traduire
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.lieux import FiltresLieux, LieuVue, lire_lieu, lister_lieux
from web.auth.guards import auteur, roles
from web.deps import provide_hub
from web.formulaires import FormulaireInvalide, apres, command_id_lu, version_lue
from web.templating import page

PAR_PAGE = 50
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


def _liste(form: dict[str, Any], champ: str) -> list[str]:
    valeur = form.get(champ, [])
    return [valeur] if isinstance(valeur, str) else list(valeur)


def _valeurs(form: dict[str, Any]) -> dict[str, Any]:
    """The form as typed, for re-display (texts as strings, checkboxes as lists)."""
    valeurs: dict[str, Any] = {
        k: str(form.get(k, "") or "").strip() for k in (*_TEXTES, *_TEXTES_STANDARD)
    }
    valeurs["latitude"] = str(form.get("latitude", "") or "").strip()
    valeurs["longitude"] = str(form.get("longitude", "") or "").strip()
    valeurs["services"] = _liste(form, "services")
    for champ in CASES_STANDARD:
        valeurs[champ] = _liste(form, champ)
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
        erreurs[champ] = "Indiquez un nombre décimal (ex. 47.3220)." if texte else "Obligatoire."
        return None


def _commande(valeurs: dict[str, Any], cls: type[Any], **extra: Any) -> Any:
    erreurs: dict[str, str] = {}
    latitude = _nombre(valeurs, "latitude", erreurs)
    longitude = _nombre(valeurs, "longitude", erreurs)
    for champ in ("nom", "adresse", "code_postal", "code_insee"):
        if not valeurs[champ]:
            erreurs[champ] = "Ce champ est obligatoire."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    try:
        return msgspec.convert(
            {
                "command_id": valeurs["command_id"],
                "nom": valeurs["nom"],
                "adresse": valeurs["adresse"],
                "complement_adresse": valeurs["complement_adresse"] or None,
                "code_postal": valeurs["code_postal"],
                "code_insee": valeurs["code_insee"],
                "latitude": latitude,
                "longitude": longitude,
                "services": valeurs["services"],
                "horaires": valeurs["horaires"] or None,
                **{champ: valeurs[champ] or None for champ in _TEXTES_STANDARD},
                **{champ: valeurs[champ].split() for champ in _LIGNES_STANDARD},
                **{champ: valeurs[champ] for champ in CASES_STANDARD},
                **extra,
            },
            cls,
        )
    except msgspec.ValidationError as exc:
        champ = str(exc).rsplit("$.", 1)[-1].rstrip("`") if "$." in str(exc) else "formulaire"
        raise FormulaireInvalide({champ: traduire(str(exc))}) from None


class LieuxPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/lieux")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        fermes: FromQuery[bool] = False,
        a_verifier: FromQuery[bool] = False,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
    ) -> Template:
        lieux, total = await lister_lieux(
            db,
            FiltresLieux(q=q or None, inclure_fermes=fermes, a_verifier=a_verifier),
            limit=PAR_PAGE,
            offset=(page_liste - 1) * PAR_PAGE,
        )
        return page(
            request,
            "lieux.html",
            nav_actif="lieux",
            lieux=lieux,
            total=total,
            q=q or "",
            fermes=fermes,
            a_verifier=a_verifier,
            filtres_url=urlencode(
                {
                    "q": q or "",
                    "fermes": "true" if fermes else "",
                    "a_verifier": "true" if a_verifier else "",
                }
            ),
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
        )

    @get("/lieux/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return self._formulaire(request, _valeurs({}), {}, lieu=None)

    @post("/lieux/nouveau")
    async def recenser(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, RecenserLieu)
            resultat = await asyncio.to_thread(Lieux(hub).recenser_lieu, commande, auteur(request))
        except FormulaireInvalide as invalide:
            return self._formulaire(request, valeurs, invalide.erreurs, lieu=None, status=422)
        except DomainError as refus:
            return self._formulaire(
                request, valeurs, {refus.champ or "formulaire": refus.message}, None, status=422
            )
        return Redirect(path=f"/lieux/{resultat.id}", query_params=apres(resultat.notification_id))

    @get("/lieux/{lieu_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        lieu_id: FromPath[UUID],
    ) -> Template:
        lieu = await _lieu_ou_404(db, lieu_id)
        valeurs = _valeurs(
            {
                **{k: getattr(lieu, k) or "" for k in (*_TEXTES, *_TEXTES_STANDARD)},
                **{k: getattr(lieu, k) for k in (*_LIGNES_STANDARD, *CASES_STANDARD)},
                "latitude": str(lieu.latitude),
                "longitude": str(lieu.longitude),
                "services": lieu.services,
                "version": str(lieu.version),
            }
        )
        return self._formulaire(request, valeurs, {}, lieu=lieu)

    @post("/lieux/{lieu_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        lieu = await _lieu_ou_404(db, lieu_id)
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, ModifierLieu, version=version_lue(valeurs["version"]))
            resultat = await asyncio.to_thread(
                Lieux(hub).modifier_lieu, lieu_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return self._formulaire(request, valeurs, invalide.erreurs, lieu=lieu, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return self._formulaire(
                request, valeurs, {refus.champ or "formulaire": refus.message}, lieu, status=status
            )
        return Redirect(path=f"/lieux/{lieu_id}", query_params=apres(resultat.notification_id))

    @post("/lieux/{lieu_id:uuid}/fermer")
    async def fermer(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = FermerLieu(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
            motif=str(data.get("motif", ""))[:500],
        )
        resultat = await asyncio.to_thread(
            Lieux(hub).fermer_lieu, lieu_id, commande, auteur(request)
        )
        return Redirect(path=f"/lieux/{lieu_id}", query_params=apres(resultat.notification_id))

    def _formulaire(
        self,
        request: Request[Any, Any, Any],
        valeurs: dict[str, Any],
        erreurs: dict[str, str],
        lieu: LieuVue | None,
        status: int = 200,
    ) -> Template:
        return page(
            request,
            "lieu_form.html",
            status_code=status,
            nav_actif="lieux",
            valeurs=valeurs,
            erreurs=erreurs,
            lieu=lieu,
            services=SERVICES,
            cases_standard=CASES_STANDARD,
        )


async def _lieu_ou_404(db: NamedDependency[asyncpg.Connection], lieu_id: UUID) -> LieuVue:
    lieu = await lire_lieu(db, lieu_id)
    if lieu is None:
        raise NotFoundException()
    return lieu
