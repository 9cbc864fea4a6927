"""Public pages: home, the map with its accessible list, a place's page. No login needed."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import File, Redirect, Template
from markupsafe import Markup

from domain.errors import DomainError
from domain.lieux.historique import VALIDITE_MOIS
from domain.lieux.horaires import HorairesInvalides, decrire_jours, parse_horaires
from domain.signalements.antispam import CHAMP_PIEGE, jeton_de_temps
from domain.signalements.decide import CHAMPS_SIGNALES
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from mednum.settings import Settings
from projections.carte_cache import CacheCarte, position_lieux
from projections.communes import departements
from projections.fragilite import couche_fragilite
from projections.lieux_requetes import lire_lieu
from projections.ouverture import PARIS
from projections.ouverture import prochaine as prochaine_ouverture
from web.auth.guards import current_user, est_coordination, public
from web.carte_map import CarteRendue, marqueurs_de, render_carte
from web.carte_script import ScriptsCarte
from web.deps import provide_hub, wait_if_asked
from web.errors import ou_404
from web.filtres_carte import VOCABULAIRES, CriteresStandard, avec_services, provide_criteres
from web.pages.accueil import accueil_par_role
from web.pages.carte_recherche import (
    LISTE_PAR_PAGE,
    RAYON_PAR_DEFAUT,
    RAYONS_KM,
    Recherche,
    Resultats,
    chercher,
)
from web.pagination import NumeroDePage, nombre_de_pages
from web.static_assets import STATIC_DIR
from web.templating import page


class PublicPages(Controller):
    guards = [public]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }

    @get("/")
    async def accueil(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Template | Redirect:
        if (user := current_user(request)) is not None:
            return await accueil_par_role(request, db, user)
        total = await db.fetchval(
            "SELECT count(*) FROM lieux WHERE NOT ferme AND fusionne_dans IS NULL"
        )
        return page(request, "accueil.html", total_lieux=total, nav_actif="accueil")

    @get("/favicon.ico", media_type="image/svg+xml", cache=86_400)
    async def favicon(self) -> File:
        # Browsers ask for it on every non-HTML page (JSON, images) whatever the <link> says.
        return File(path=STATIC_DIR / "favicon.svg", content_disposition_type="inline")

    @get("/carte", dependencies={"criteres": Provide(provide_criteres)})
    async def carte(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        criteres: NamedDependency[CriteresStandard],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        commune: Annotated[str | None, QueryParameter(max_length=5)] = None,
        lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
        lon: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
        rayon: Annotated[int, QueryParameter(ge=1, le=50)] = RAYON_PAR_DEFAUT,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        service: Annotated[list[str] | None, QueryParameter()] = None,
        page_liste: NumeroDePage = 1,
        embed: FromQuery[bool] = False,
    ) -> Template:
        recherche = recherche_lue(
            q, commune, lat, lon, rayon, departement, avec_services(criteres, service), page_liste
        )
        return await page_carte(request, db, recherche, embed=embed)

    # « Autour de moi » posts the position, so that it stays out of URLs (history, logs,
    # shared links). A search changes nothing: no CSRF token to ask (embedded maps on
    # other sites could not send one).
    @post("/carte", exclude_from_csrf=True, status_code=200)
    async def carte_position(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        embed: FromQuery[bool] = False,
    ) -> Template:
        formulaire = await request.form()
        return await page_carte(request, db, recherche_postee(formulaire), embed=embed)

    @get("/lieux/{lieu_id:uuid}")
    async def lieu(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        apres: FromQuery[int | None] = None,
        signalement: Annotated[str | None, QueryParameter(max_length=20)] = None,
    ) -> Template | Redirect:
        await wait_if_asked(request, apres)
        return await page_lieu(
            request,
            db,
            hub,
            lieu_id,
            en_attente=apres is not None,
            signalement_envoye=signalement == "envoye",
        )


def recherche_lue(
    q: str | None,
    commune: str | None,
    lat: float | None,
    lon: float | None,
    rayon: int,
    departement: str | None,
    criteres: CriteresStandard,
    page_liste: int,
) -> Recherche:
    if rayon not in RAYONS_KM:
        raise DomainError("Choisissez un rayon de 5, 10, 20 ou 50 km.", "rayon")
    texte = (q or "").strip()
    return Recherche(
        q=texte,
        commune=(commune or "").strip() if texte else "",
        # A commune typed in wins over a position found earlier (the form keeps both).
        lat=lat if lon is not None and not texte else None,
        lon=lon if lat is not None and not texte else None,
        rayon=rayon,
        departement=departement or "",
        criteres=criteres,
        page=page_liste,
    )


def _nombre(formulaire: Any, nom: str, type_: type, bornes: tuple[float, float]) -> Any:
    brut = (formulaire.get(nom) or "").strip()
    if not brut:
        return None
    try:
        valeur = type_(brut)
    except ValueError:
        raise DomainError(f"Le champ « {nom} » doit être un nombre.", nom) from None
    if not bornes[0] <= valeur <= bornes[1]:
        raise DomainError(f"Le champ « {nom} » est hors des valeurs possibles.", nom)
    return valeur


def recherche_postee(formulaire: Any) -> Recherche:
    """The search form, posted (the same fields as its GET form, checked the same way)."""
    texte = (formulaire.get("q") or "")[:100]
    listes = {c: formulaire.getall(c, []) for c in VOCABULAIRES if c != "services"}
    criteres = avec_services(
        CriteresStandard(
            **{c: tuple(v) for c, v in listes.items()},
            ouvert_maintenant=bool(formulaire.get("ouvert_maintenant")),
            ouvert_samedi=bool(formulaire.get("ouvert_samedi")),
        ),
        formulaire.getall("service", []),
    )
    return recherche_lue(
        texte,
        (formulaire.get("commune") or "")[:5],
        _nombre(formulaire, "lat", float, (-90, 90)),
        _nombre(formulaire, "lon", float, (-180, 180)),
        _nombre(formulaire, "rayon", int, (1, 50)) or RAYON_PAR_DEFAUT,
        (formulaire.get("departement") or "")[:3],
        criteres,
        _nombre(formulaire, "page", int, (1, 10_000)) or 1,
    )


def _cache_page(request: Request[Any, Any, Any]) -> dict[str, str]:
    """A visitor's browser may keep a public page a minute (back and forth between the list
    and a place stays instant); a signed-in person always sees the latest."""
    if current_user(request) is None:
        return {"Cache-Control": "private, max-age=60"}
    return {"Cache-Control": "private, no-cache"}


async def page_carte(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    recherche: Recherche,
    *,
    embed: bool,
) -> Template:
    resultats, carte, cle = await resultats_et_carte(request, db, recherche)
    parametres = recherche.parametres()
    contexte: dict[str, Any] = {
        "embed": embed,
        "carte": carte,
        "recherche": recherche,
        "resultats": resultats,
        "page_liste": recherche.page,
        "pages": nombre_de_pages(resultats.total, LISTE_PAR_PAGE),
        "requete": urlencode(parametres),
    }
    # The page's own address, to share: never the position (a POST), which a link leaves out.
    return page(
        request,
        "carte.html",
        headers=_cache_page(request) if request.method == "GET" else {"Cache-Control": "no-store"},
        nav_actif="carte",
        blocs=await _blocs(request, db, (*cle, embed), contexte),
        # A position stays out of URLs: a search around it keeps its map script inline.
        script_externe=not recherche.autour_de_moi(),
        requete_embed=urlencode([*parametres, ("embed", "1")]),
        **contexte,
    )


async def _blocs(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    cle: tuple[Hashable, ...],
    contexte: dict[str, Any],
) -> tuple[Markup, Markup]:
    """The search form and the results as HTML, rendered once per search (and minute, and
    embedding) while the lieux read model stays put: they are most of a cached page's work."""
    state = request.app.state
    cache: CacheCarte[tuple[Markup, Markup]] | None = getattr(state, "blocs_carte", None)
    if cache is None:
        cache = state.blocs_carte = CacheCarte()
    position, *reste = cle
    if (blocs := cache.lire(position, tuple(reste))) is None:
        moteur = request.app.template_engine
        assert isinstance(moteur, JinjaTemplateEngine)
        module = moteur.engine.get_template("carte_blocs.html").make_module(
            contexte
            | {"vocabulaires": VOCABULAIRES, "rayons": RAYONS_KM}
            | {"departements": await departements(db)}
        )
        # Macros of an autoescaping environment give Markup: the page inserts them as they are.
        blocs = getattr(module, "formulaire")(), getattr(module, "bloc_resultats")()  # noqa: B009
        cache.garder(position, tuple(reste), blocs)
    return blocs


async def page_lieu(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    hub: Hub,
    lieu_id: UUID,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Template | Redirect:
    """A place's page (also shown again, with its errors, by a refused report)."""
    lieu = ou_404(await lire_lieu(db, lieu_id))
    coordination = est_coordination(request)
    if lieu.fusionne_dans is not None and not coordination:
        # A merged duplicate's address stays valid: it leads to the place kept.
        return Redirect(path=f"/lieux/{lieu.fusionne_dans}", status_code=301)
    jours: list[tuple[str, str]] = []
    maintenant = datetime.now(UTC)
    instant = maintenant.astimezone(PARIS)
    prochaine = ""
    if lieu.horaires:
        try:
            horaires = parse_horaires(lieu.horaires)
        except HorairesInvalides:
            horaires = None
        if horaires is not None:
            jours = decrire_jours(horaires)
            prochaine = prochaine_ouverture(lieu.horaires, maintenant, lieu.departement)
    changements, traces = await asyncio.to_thread(Lieux(hub).historique, lieu_id)
    return page(
        request,
        "lieu.html",
        status_code=status_code,
        headers=_cache_page(request),
        lieu=lieu,
        jours=jours,
        changements=list(reversed(changements)),
        provenance=traces if coordination else {},
        coordination=coordination,
        validite_mois=VALIDITE_MOIS,
        aujourdhui=instant.weekday(),
        ouvert_maintenant=prochaine.startswith("Ouvert"),
        prochaine_ouverture=prochaine,
        imprime_le=f"{instant:%d/%m/%Y}",
        champs_signales=CHAMPS_SIGNALES,
        champ_piege=CHAMP_PIEGE,
        jeton_temps=jeton_de_temps(request.app.state.settings.secret_key, maintenant),
        **extra,
    )


async def resultats_et_carte(
    request: Request[Any, Any, Any], db: asyncpg.Connection, recherche: Recherche
) -> tuple[Resultats, CarteRendue | None, tuple[Hashable, Hashable]]:
    """The search's results and map, from the cache while the lieux read model stays put,
    and the cache's position and key for what is derived from them."""
    state = request.app.state
    cache: CacheCarte[tuple[Resultats, CarteRendue | None]] | None = getattr(
        state, "cache_carte", None
    )
    if cache is None:
        cache = state.cache_carte = CacheCarte()
    maintenant = datetime.now(UTC)
    # The list says « ferme à 17 h », « ouvre demain à 9 h », and the « Ouvert maintenant »
    # filter and its count change by the minute: kept one minute at most.
    cle = (msgspec.json.encode(recherche), f"{maintenant.astimezone(PARIS):%Y-%m-%d %H:%M}")
    position = await position_lieux(db)
    if (gardee := cache.lire(position, cle)) is None:
        gardee = await _chercher_et_dessiner(request, db, recherche, maintenant)
        cache.garder(position, cle, gardee)
    if gardee[1] is not None:
        scripts_carte(state).garder(gardee[1].empreinte, gardee[1].script)
    return (*gardee, (position, cle))


async def _chercher_et_dessiner(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    recherche: Recherche,
    maintenant: datetime,
) -> tuple[Resultats, CarteRendue | None]:
    resultats = await chercher(db, recherche, maintenant)
    marqueurs = resultats.marqueurs or marqueurs_de(resultats.points)
    settings: Settings = request.app.state.settings
    carte = (
        render_carte(
            marqueurs,
            tiles_url=settings.tiles_url,
            tiles_attribution=settings.tiles_attribution,
            fragilite=await couche_fragilite(db, marqueurs.codes_postaux),
            repere=(*resultats.centre, resultats.autour_de) if resultats.centre else None,
        )
        if marqueurs.nombre
        else None
    )
    # The markers live on in the map's script; the cached results need not hold them twice.
    return msgspec.structs.replace(resultats, points=[], marqueurs=None), carte


def scripts_carte(state: Any) -> ScriptsCarte:
    scripts: ScriptsCarte | None = getattr(state, "scripts_carte", None)
    if scripts is None:
        scripts = state.scripts_carte = ScriptsCarte()
    return scripts
