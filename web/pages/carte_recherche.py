"""What the public map found for a search: the list (one page) and the map's points.

Two ways to search. Around a point (a commune's centre, or the person's position when they
ask for it): places within the chosen radius, nearest first. Otherwise the whole region (or a
département), by name. The same filters apply to both, and the list and the map always show
the same places.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from mednum.infra.communes import normaliser
from projections.communes import chercher_communes
from projections.lieux import FiltresLieux, lister_lieux, points_carte
from projections.ouverture import PARIS, aujourdhui, ouvert
from projections.proximite import lieux_proches
from web.carte_map import PointCarte
from web.filtres_carte import CriteresStandard

RAYONS_KM = (5, 10, 20, 50)
RAYON_PAR_DEFAUT = 10
LISTE_PAR_PAGE = 50
# Around a point, every place in the radius is on the map and in the list: 50 km around a
# city holds a few hundred at most; this only bounds a pathological request.
MAX_PROCHES = 2000


class Recherche(msgspec.Struct, frozen=True, kw_only=True):
    q: str = ""
    lat: float | None = None
    lon: float | None = None
    rayon: int = RAYON_PAR_DEFAUT
    departement: str = ""
    criteres: CriteresStandard = CriteresStandard()
    page: int = 1

    def autour_de_moi(self) -> bool:
        return self.lat is not None and self.lon is not None

    def parametres(self) -> list[tuple[str, str]]:
        """The search as GET parameters (without the page): links keep the filters."""
        paires: list[tuple[str, str]] = []
        if self.autour_de_moi():
            paires += [("lat", f"{self.lat:.5f}"), ("lon", f"{self.lon:.5f}")]
        elif self.q:
            paires.append(("q", self.q))
        if self.autour_de_moi() or self.q:
            paires.append(("rayon", str(self.rayon)))
        if self.departement:
            paires.append(("departement", self.departement))
        return paires + self.criteres.parametres()


class LigneLieu(msgspec.Struct, frozen=True, kw_only=True):
    """A place in the accessible list."""

    id: UUID
    nom: str
    adresse: str
    code_postal: str
    commune: str
    services: list[str]
    telephone: str | None
    horaires: str | None
    aujourdhui: str
    ouvert: bool
    distance_km: float | None = None


class Resultats(msgspec.Struct, frozen=True, kw_only=True):
    lignes: list[LigneLieu]
    total: int
    points: list[PointCarte]
    centre: tuple[float, float] | None = None
    autour_de: str = ""
    """« Dijon (21) », « votre position »: what the distances are measured from."""
    message: str | None = None


def _jour(moment: datetime | None) -> str:
    return f"{moment.astimezone(PARIS):%d/%m/%Y}" if moment else ""


def _point(r: asyncpg.Record | msgspec.Struct, maintenant: datetime, verifie: str) -> PointCarte:
    get = r.__getitem__ if isinstance(r, asyncpg.Record) else r.__getattribute__
    return PointCarte(
        id=str(get("id")),
        nom=get("nom"),
        adresse=get("adresse"),
        code_postal=get("code_postal"),
        commune=get("commune"),
        latitude=get("latitude"),
        longitude=get("longitude"),
        services=tuple(get("services")),
        aujourdhui=aujourdhui(get("horaires"), maintenant),
        telephone=get("telephone") or "",
        verifie_le=verifie,
    )


def _ligne(lieu: msgspec.Struct, maintenant: datetime, distance: float | None) -> LigneLieu:
    valeurs = msgspec.structs.asdict(lieu)
    return LigneLieu(
        id=valeurs["id"],
        nom=valeurs["nom"],
        adresse=valeurs["adresse"],
        code_postal=valeurs["code_postal"],
        commune=valeurs["commune"],
        services=valeurs["services"],
        telephone=valeurs.get("telephone"),
        horaires=valeurs["horaires"],
        aujourdhui=aujourdhui(valeurs["horaires"], maintenant),
        ouvert=ouvert(valeurs["horaires"], maintenant),
        distance_km=distance,
    )


async def _centre(db: asyncpg.Connection, recherche: Recherche) -> tuple[float, float, str] | None:
    if recherche.lat is not None and recherche.lon is not None:
        return recherche.lat, recherche.lon, "votre position"
    texte = normaliser(recherche.q)
    communes = await chercher_communes(db, texte, limit=1) if texte else []
    if not communes or communes[0].latitude is None or communes[0].longitude is None:
        return None
    c = communes[0]
    assert c.latitude is not None and c.longitude is not None
    return c.latitude, c.longitude, f"{c.nom} ({c.departement})"


async def chercher(db: asyncpg.Connection, recherche: Recherche, maintenant: datetime) -> Resultats:
    base = FiltresLieux(departement=recherche.departement or None)
    filtres = await recherche.criteres.resoudre(db, base, maintenant)
    if recherche.q or recherche.autour_de_moi():
        centre = await _centre(db, recherche)
        if centre is None:
            return Resultats(
                lignes=[],
                total=0,
                points=[],
                message=f"Aucune commune ne correspond à « {recherche.q} » : vérifiez "
                "l'orthographe ou le code postal.",
            )
        lat, lon, libelle = centre
        proches = await lieux_proches(
            db, lat, lon, recherche.rayon, limit=MAX_PROCHES, filtres=filtres
        )
        debut = (recherche.page - 1) * LISTE_PAR_PAGE
        return Resultats(
            lignes=[
                _ligne(p, maintenant, p.distance_km)
                for p in proches[debut : debut + LISTE_PAR_PAGE]
            ],
            total=len(proches),
            points=[_point(p, maintenant, "") for p in proches],
            centre=(lat, lon),
            autour_de=libelle,
        )
    lieux, total = await lister_lieux(
        db, filtres, limit=LISTE_PAR_PAGE, offset=(recherche.page - 1) * LISTE_PAR_PAGE
    )
    return Resultats(
        lignes=[_ligne(lieu, maintenant, None) for lieu in lieux],
        total=total,
        points=[
            _point(r, maintenant, _jour(r["verifie_le"])) for r in await points_carte(db, filtres)
        ],
    )
