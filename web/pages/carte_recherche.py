"""What the public map found for a search: the list (one page) and the map's points.

Two ways to search. Around a point (a commune's centre, or the person's position when they
ask for it): places within the chosen radius, nearest first. Otherwise the whole region (or a
département), by name. The same filters apply to both, and the list and the map always show
the same places.

A name that several communes share (« Chalon », « Saint-Martin ») is not guessed: the person
picks one, the communes of the région(s) where the registry has places first, so a search
never lands silently in another région. The person's position never goes into a URL (links
and the share code leave it out; the form posts it).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from mednum.infra.communes import normaliser
from projections.carte_requetes import MarqueursCarte, marqueurs_carte
from projections.communes import (
    CommuneVue,
    chercher_communes,
    communes_du_nom,
    lire_commune,
    regions_du_registre,
    regions_du_registre_hors_de,
)
from projections.lieux_facettes import compter_facettes
from projections.lieux_requetes import FiltresLieux, lister_lieux
from projections.ouverture import aujourdhui, prochaine
from projections.proximite import lieux_proches
from web.carte_map import PointCarte
from web.filtres_carte import VOCABULAIRES, CriteresStandard
from web.pagination import decalage

RAYONS_KM = (5, 10, 20, 50)
RAYON_PAR_DEFAUT = 10
LISTE_PAR_PAGE = 50
# Around a point, every place in the radius is on the map and in the list: 50 km around a
# city holds a few hundred at most; this only bounds a pathological request.
MAX_PROCHES = 2000
MAX_CHOIX_COMMUNES = 12
# With nothing in the radius, the nearest place is looked for this far (a région spans less).
PLUS_PROCHE_KM = 300


class Recherche(msgspec.Struct, frozen=True, kw_only=True):
    q: str = ""
    commune: str = ""
    """The INSEE code the person picked among communes sharing the name typed."""
    lat: float | None = None
    lon: float | None = None
    rayon: int = RAYON_PAR_DEFAUT
    departement: str = ""
    criteres: CriteresStandard = CriteresStandard()
    page: int = 1

    def autour_de_moi(self) -> bool:
        return self.lat is not None and self.lon is not None

    def parametres(self) -> list[tuple[str, str]]:
        """The search as GET parameters (without the page): links keep the filters, never
        the person's position."""
        paires: list[tuple[str, str]] = []
        if self.q and not self.autour_de_moi():
            paires.append(("q", self.q))
            if self.commune:
                paires.append(("commune", self.commune))
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
    prochaine: str
    """« Ouvert maintenant, ferme à 17 h », holidays applied (the place page's sentence)."""
    distance_km: float | None = None


class Resultats(msgspec.Struct, frozen=True, kw_only=True):
    lignes: list[LigneLieu]
    total: int
    points: list[PointCarte]
    """Around a point: the places of the map, read for the list anyway."""
    marqueurs: MarqueursCarte | None = None
    """The whole région or a département: the map's markers, joined from the read model
    (web.pages.public draws the map, then drops them: the map's script keeps them)."""
    centre: tuple[float, float] | None = None
    autour_de: str = ""
    """« Dijon (21) », « votre position »: what the distances are measured from."""
    message: str | None = None
    communes_possibles: list[CommuneVue] = []
    """Several communes answer the name typed: the person chooses (région's first)."""
    facettes: dict[str, int] = {}
    """« champ|valeur » → places that ticking it would give (see compter_facettes)."""
    plus_proche: LigneLieu | None = None
    """Nothing in the radius: the nearest place with the same filters, and its distance."""
    rayon_suggere: int | None = None
    """The smallest radius offered that reaches `plus_proche`."""
    hors_territoire: str | None = None
    """Nothing in the radius of a commune outside the régions where the registry has places:
    the names of those régions (the person is sent to the national map)."""


# What the map's points and the accessible list both show of where a place is, as read.
_ADRESSE = ("nom", "adresse", "code_postal", "commune")


def _point(lieu: msgspec.Struct, maintenant: datetime) -> PointCarte:
    valeurs = msgspec.structs.asdict(lieu)
    return PointCarte(
        id=str(valeurs["id"]),
        **{champ: valeurs[champ] for champ in _ADRESSE},
        latitude=valeurs["latitude"],
        longitude=valeurs["longitude"],
        services=tuple(valeurs["services"]),
        aujourdhui=aujourdhui(valeurs["horaires"], maintenant, valeurs["departement"]),
        telephone=valeurs.get("telephone") or "",
    )


def _ligne(lieu: msgspec.Struct, maintenant: datetime, distance: float | None) -> LigneLieu:
    valeurs = msgspec.structs.asdict(lieu)
    return LigneLieu(
        id=valeurs["id"],
        **{champ: valeurs[champ] for champ in _ADRESSE},
        services=valeurs["services"],
        telephone=valeurs.get("telephone"),
        horaires=valeurs["horaires"],
        aujourdhui=aujourdhui(valeurs["horaires"], maintenant, valeurs.get("departement")),
        prochaine=prochaine(valeurs["horaires"], maintenant, valeurs.get("departement")),
        distance_km=distance,
    )


async def communes_candidates(
    db: asyncpg.Connection, texte: str
) -> tuple[CommuneVue | None, list[CommuneVue]]:
    """The commune meant by `texte`, or (None, the communes to choose from, région's first).

    One answer: a postcode (its most populous commune), a single commune starting so, or a
    single commune of exactly that name when it is in the région or the région has none
    starting so. Anything else is asked."""
    if texte.isdigit():
        communes = await chercher_communes(db, texte, limit=1)
        return (communes[0] if communes else None), []
    debut, exactes, chez_nous = await communes_du_nom(
        db, texte, sorted(await regions_du_registre(db)), limit=MAX_CHOIX_COMMUNES
    )
    if len(debut) <= 1:
        return (debut[0] if debut else None), []
    dans_la_region = [c for c in debut if c.code_insee in chez_nous]
    if len(exactes) == 1 and (exactes[0].code_insee in chez_nous or not dans_la_region):
        return exactes[0], []
    return None, debut


async def _centre(
    db: asyncpg.Connection, recherche: Recherche
) -> tuple[float, float, str, str | None] | list[CommuneVue] | None:
    """Where distances are measured from: latitude, longitude, its words and its
    département (None for the person's position), or the communes to choose from."""
    if recherche.lat is not None and recherche.lon is not None:
        return recherche.lat, recherche.lon, "votre position", None
    if recherche.commune:
        choisie = await lire_commune(db, recherche.commune)
        choix: list[CommuneVue] = []
    else:
        texte = normaliser(recherche.q)
        choisie, choix = await communes_candidates(db, texte) if texte else (None, [])
    if choix:
        return choix
    if choisie is None or choisie.latitude is None or choisie.longitude is None:
        return None
    return (
        choisie.latitude,
        choisie.longitude,
        f"{choisie.nom} ({choisie.departement})",
        choisie.departement,
    )


async def _sans_lieu_dans_le_rayon(
    db: asyncpg.Connection,
    centre: tuple[float, float, str, str | None],
    filtres: FiltresLieux,
    maintenant: datetime,
) -> tuple[LigneLieu | None, int | None, str | None]:
    """What to offer when the radius holds no place: the nearest place and the radius that
    reaches it, or the way out when the commune is outside the hub's territory."""
    lat, lon, _libelle, departement = centre
    if departement is not None and (regions := await regions_du_registre_hors_de(db, departement)):
        return None, None, regions
    proches = await lieux_proches(db, lat, lon, PLUS_PROCHE_KM, limit=1, filtres=filtres)
    if not proches:
        return None, None, None
    distance = proches[0].distance_km
    suggere = next((km for km in RAYONS_KM if km >= distance), None)
    return _ligne(proches[0], maintenant, distance), suggere, None


async def _facettes(
    db: asyncpg.Connection, zone: FiltresLieux, recherche: Recherche, maintenant: datetime
) -> dict[str, int]:
    criteres = recherche.criteres
    coches = [n for n in ("ouvert_maintenant", "ouvert_samedi") if getattr(criteres, n)]
    comptes = await compter_facettes(
        db,
        zone,
        {champ: getattr(criteres, champ) for champ in VOCABULAIRES},
        VOCABULAIRES,
        coches,
        maintenant,
    )
    return {f"{champ}|{valeur}": n for (champ, valeur), n in comptes.items()}


async def chercher(db: asyncpg.Connection, recherche: Recherche, maintenant: datetime) -> Resultats:
    base = FiltresLieux(departement=recherche.departement or None)
    filtres = await recherche.criteres.resoudre(db, base, maintenant)
    if recherche.q or recherche.autour_de_moi():
        centre = await _centre(db, recherche)
        if isinstance(centre, list):
            return Resultats(
                lignes=[],
                total=0,
                points=[],
                communes_possibles=centre,
                facettes=await _facettes(db, base, recherche, maintenant),
                message=f"Plusieurs communes s’appellent « {recherche.q} » : choisissez la vôtre.",
            )
        if centre is None:
            return Resultats(
                lignes=[],
                total=0,
                points=[],
                facettes=await _facettes(db, base, recherche, maintenant),
                message=f"Aucune commune ne correspond à « {recherche.q} » : vérifiez "
                "l'orthographe ou le code postal.",
            )
        lat, lon, libelle, _departement = centre
        proches = await lieux_proches(
            db, lat, lon, recherche.rayon, limit=MAX_PROCHES, filtres=filtres
        )
        debut = decalage(recherche.page, LISTE_PAR_PAGE)
        dans_le_rayon = await lieux_proches(
            db, lat, lon, recherche.rayon, limit=MAX_PROCHES, filtres=base
        )
        zone = msgspec.structs.replace(base, ids=tuple(p.id for p in dans_le_rayon))
        plus_proche, rayon_suggere, hors_territoire = (
            await _sans_lieu_dans_le_rayon(db, centre, filtres, maintenant)
            if not proches
            else (None, None, None)
        )
        return Resultats(
            lignes=[
                _ligne(p, maintenant, p.distance_km)
                for p in proches[debut : debut + LISTE_PAR_PAGE]
            ],
            total=len(proches),
            points=[_point(p, maintenant) for p in proches],
            centre=(lat, lon),
            autour_de=libelle,
            facettes=await _facettes(db, zone, recherche, maintenant),
            plus_proche=plus_proche,
            rayon_suggere=rayon_suggere,
            hors_territoire=hors_territoire,
        )
    marqueurs = await marqueurs_carte(db, filtres, maintenant)
    lieux, total = await lister_lieux(
        db,
        filtres,
        limit=LISTE_PAR_PAGE,
        offset=decalage(recherche.page, LISTE_PAR_PAGE),
        total=marqueurs.nombre,
    )
    return Resultats(
        lignes=[_ligne(lieu, maintenant, None) for lieu in lieux],
        total=total,
        points=[],
        marqueurs=marqueurs,
        facettes=await _facettes(db, base, recherche, maintenant),
    )
