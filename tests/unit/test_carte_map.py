"""The public map: no CDN, no XSS, compact enough for a whole region, and its templates."""

from __future__ import annotations

import html
import json
import random
import re
import uuid
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from tests.standard_outils import SCHEMA_V1, enumeration
from web.carte_map import CENTRE_FRANCE, CarteRendue, PointCarte, render_carte
from web.filtres_carte import VOCABULAIRES, CriteresStandard
from web.pages.carte_recherche import RAYONS_KM, LigneLieu, Recherche, Resultats
from web.static_assets import TEMPLATES_DIR, vendor_directories
from web.templating import FILTERS

# The standard's services in its order, which the map's bit masks follow.
SERVICES = enumeration(SCHEMA_V1, "services")

MALVEILLANT = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'

TUILES = "https://tuiles.example.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

URL_RE = re.compile(r"https?://[^\s\"'<>)\\]+")


def _point(i: int = 0, **champs: Any) -> PointCarte:
    valeurs: dict[str, Any] = {
        "id": f"lieu-{i}",
        "nom": f"Médiathèque n°{i}",
        "adresse": f"{i} rue de l'Église",
        "code_postal": "69100",
        "commune": "Villeurbanne",
        "latitude": 45.77 + i / 1000,
        "longitude": 4.88 + i / 1000,
        "services": (SERVICES[0], SERVICES[3]),
    }
    valeurs.update(champs)
    return PointCarte(**valeurs)


def _tout(carte: CarteRendue) -> str:
    return carte.styles + carte.html + carte.script


def _donnees(carte: CarteRendue) -> list[list[Any]]:
    """The marker rows as the browser will see them."""
    debut = carte.script.index("var data = ") + len("var data = ")
    valeur, _ = json.JSONDecoder().raw_decode(carte.script[debut:])
    assert isinstance(valeur, list)
    return valeur


def _table(carte: CarteRendue, nom: str) -> list[Any]:
    debut = carte.script.index(f"var {nom} = ") + len(f"var {nom} = ")
    valeur, _ = json.JSONDecoder().raw_decode(carte.script[debut:])
    assert isinstance(valeur, list)
    return valeur


def test_aucune_ressource_externe_sans_tuiles() -> None:
    carte = render_carte([_point(i) for i in range(3)], tiles_url=None, tiles_attribution="")
    sortie = _tout(carte)

    assert URL_RE.findall(sortie) == []
    for interdit in ("<script", "<link", "<meta", "jquery", "bootstrap", "awesome", "cdn"):
        assert interdit not in sortie.lower()


def test_seules_les_tuiles_et_leur_attribution_sont_externes() -> None:
    carte = render_carte([_point()], tiles_url=TUILES, tiles_attribution=ATTRIBUTION)

    assert set(URL_RE.findall(_tout(carte))) == {
        TUILES,
        "https://www.openstreetmap.org/copyright",
    }


def test_tuiles_sans_attribution_refusees() -> None:
    with pytest.raises(ValueError):
        render_carte([_point()], tiles_url=TUILES, tiles_attribution=" ")


def test_textes_saisis_echappes() -> None:
    point = _point(
        id='x"/../../admin?<b>',
        nom=MALVEILLANT,
        adresse=MALVEILLANT,
        commune=MALVEILLANT,
        services=(MALVEILLANT,),
    )
    carte = render_carte([point], tiles_url=None, tiles_attribution="")
    sortie = _tout(carte)

    # Nothing can close the <script> or open a tag, whatever the context.
    assert "</script" not in sortie.lower()
    assert "<img" not in sortie.lower()
    assert "<b>" not in sortie

    ligne = _donnees(carte)[0]
    assert ligne[3] == html.escape(MALVEILLANT, quote=False)
    assert ligne[4] == html.escape(MALVEILLANT, quote=False)
    # The id stays inside /lieux/… and inside the href quotes.
    assert ligne[2] == "x%22%2F..%2F..%2Fadmin%3F%3Cb%3E"
    # A service outside the standard's list goes by its (escaped) name, not as a bit.
    assert ligne[5] == [html.escape(MALVEILLANT, quote=False)]
    assert _table(carte, "COMMUNES") == ["69100 " + html.escape(MALVEILLANT, quote=False)]


def test_balisage_de_la_popup_et_compatibilite_csp() -> None:
    carte = render_carte([_point()], tiles_url=None, tiles_attribution="")

    assert "Voir la fiche" in carte.script
    assert "/lieux/" in carte.script
    # Strict CSP: no inline handlers, no eval, no style attributes in generated markup.
    for interdit in ("onclick", "onerror", "onload", "eval(", "new Function", "style="):
        assert interdit not in _tout(carte)


def test_donnees_de_tous_les_points_presentes() -> None:
    points = [_point(i) for i in range(25)]
    carte = render_carte(points, tiles_url=None, tiles_attribution="")

    lignes = _donnees(carte)
    assert len(lignes) == 25
    communes = _table(carte, "COMMUNES")
    services = _table(carte, "SERVICES")
    assert services == [html.escape(s, quote=False) for s in SERVICES]
    for point, ligne in zip(points, lignes, strict=True):
        assert ligne[:5] == [
            round(point.latitude, 5),
            round(point.longitude, 5),
            point.id,
            html.escape(point.nom, quote=False),
            html.escape(point.adresse, quote=False),
        ]
        assert communes[ligne[8]] == "69100 Villeurbanne"
        # the services as a bit mask over the standard's list
        assert {s for i, s in enumerate(SERVICES) if ligne[5] >> i & 1} == set(point.services)
    assert 'aria-label="Carte interactive des lieux (25)"' in carte.html


def test_carte_vide() -> None:
    carte = render_carte([], tiles_url=None, tiles_attribution="")

    assert _donnees(carte) == []
    assert f"center: {list(CENTRE_FRANCE)}" in carte.script
    # markercluster refuses a map without maxZoom, which nothing else sets without tiles.
    assert '"maxZoom": 18' in carte.script
    assert 'role="region"' in carte.html


def test_centre_moyen_et_centre_impose() -> None:
    points = [_point(latitude=44.0, longitude=4.0), _point(latitude=46.0, longitude=6.0)]

    assert (
        "center: [45.0, 5.0]" in render_carte(points, tiles_url=None, tiles_attribution="").script
    )
    assert (
        "center: [43.3, 5.4]"
        in render_carte(points, tiles_url=None, tiles_attribution="", centre=(43.3, 5.4)).script
    )


def test_styles_limites_a_la_carte() -> None:
    carte = render_carte([_point()], tiles_url=None, tiles_attribution="")
    identifiant = re.search(r'id="(map_\w+)"', carte.html)

    assert identifiant is not None
    assert f"#{identifiant.group(1)}" in carte.styles
    # folium's full-page rules would break our layout (and its viewport meta blocks zoom).
    assert "html, body" not in carte.styles
    assert "#map " not in carte.styles and "#map{" not in carte.styles
    assert "user-scalable" not in _tout(carte)


def test_taille_pour_20000_lieux() -> None:
    # Lengths close to the national dataset's: names ~30 characters, UUID ids.
    alea = random.Random(20_000)
    types = ["Médiathèque", "France Services", "Centre social", "Espace public numérique"]
    voies = ["rue Jean Jaurès", "place de l'Église", "avenue de la République", "rue Victor Hugo"]
    communes = [(f"{alea.randint(1000, 95999):05d}", f"Saint-Étienne-{n}") for n in range(2000)]
    points = []
    for _ in range(20_000):
        code_postal, commune = alea.choice(communes)
        points.append(
            PointCarte(
                id=str(uuid.UUID(int=alea.getrandbits(128))),
                nom=f"{alea.choice(types)} de {commune}",
                adresse=f"{alea.randint(1, 200)} {alea.choice(voies)}",
                code_postal=code_postal,
                commune=commune,
                latitude=alea.uniform(42.0, 51.0),
                longitude=alea.uniform(-5.0, 8.0),
                services=tuple(alea.sample(SERVICES, alea.randint(1, 9))),
            )
        )

    carte = render_carte(points, tiles_url=TUILES, tiles_attribution=ATTRIBUTION)

    taille = len(_tout(carte).encode())
    assert len(_donnees(carte)) == 20_000
    assert taille < 3_000_000, f"{taille / 20_000:.0f} octets par lieu"


def test_repertoires_vendor() -> None:
    dossiers = vendor_directories()

    for fichier in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        assert (dossiers["leaflet"] / fichier).is_file()
    for fichier in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        assert (dossiers["markercluster"] / fichier).is_file()


# Templates


@pytest.fixture
def env() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(FILTERS)
    return environment


def _ligne(**valeurs: Any) -> LigneLieu:
    base: dict[str, Any] = {
        "id": uuid.UUID(int=1),
        "nom": "Médiathèque <b>Jean</b>",
        "adresse": "1 rue de l'Église",
        "code_postal": "69100",
        "commune": "Villeurbanne",
        "services": [SERVICES[0]],
        "telephone": None,
        "horaires": "Lu-Ve 9h-12h",
        "aujourdhui": "",
        "prochaine": "",
    }
    return LigneLieu(**(base | valeurs))


def _contexte(**champs: Any) -> dict[str, Any]:
    lignes = champs.pop(
        "lignes",
        [_ligne(), _ligne(id=uuid.UUID(int=2), nom="Centre social", adresse="", horaires=None)],
    )
    recherche = champs.pop(
        "recherche",
        Recherche(departement="69", criteres=CriteresStandard(services=(SERVICES[1],))),
    )
    contexte: dict[str, Any] = {
        "csp_nonce": "n0nce",
        "user": None,
        "hors_ligne": None,  # page() gives it: only a mediator's pages carry the offline data
        "csrf_token": "jeton-csrf",
        "nav_actif": "carte",
        "flash": None,
        "embed": False,
        "vocabulaires": VOCABULAIRES,
        "rayons": RAYONS_KM,
        "departements": [("01", "Ain"), ("69", "Rhône")],
        "recherche": recherche,
        "requete": "departement=69",
        "requete_embed": "departement=69&embed=1",
        "request_base_url": "",
        "carte": render_carte([_point(i) for i in range(2)], tiles_url=None, tiles_attribution=""),
        "resultats": Resultats(lignes=lignes, total=champs.pop("total", 120), points=[]),
        "page_liste": 1,
        "pages": 3,
    }
    contexte.update(champs)
    return contexte


def test_page_carte_anonyme(env: jinja2.Environment) -> None:
    page = env.get_template("carte.html").render(_contexte())

    assert '<html lang="fr"' in page
    assert '<a href="#contenu">Aller au contenu</a>' in page
    assert 'id="contenu"' in page
    assert '<a href="/carte" aria-current="page">Carte des lieux</a>' in page
    assert 'href="/lieux"' not in page
    assert 'href="/connexion"' in page
    assert "Se déconnecter" not in page
    assert 'href="/schema"' in page
    assert "MedNum — logiciel libre du hub pour un numérique inclusif" in page
    # The list, usable without JavaScript.
    assert "Liste des lieux (120)" in page
    assert f'href="/lieux/{uuid.UUID(int=1)}"' in page
    assert f'href="/lieux/{uuid.UUID(int=2)}"' in page
    assert "Médiathèque &lt;b&gt;Jean&lt;/b&gt;" in page
    assert "Lu-Ve 9h-12h" in page
    # Filters keep their values.
    assert '<option value="69" selected>' in page
    assert f'name="service" value="{SERVICES[1]}" checked>' in page
    assert page.count("<option") == len(RAYONS_KM) + 1 + 2
    # Map, with nonce'd inline blocks and only local assets.
    assert '<section class="carte-page__carte" aria-label="Carte">' in page
    assert '<script nonce="n0nce">' in page and '<style nonce="n0nce">' in page
    assert 'src="/static/vendor/leaflet/leaflet.js?v=' in page
    assert 'src="/static/vendor/markercluster/leaflet.markercluster.js?v=' in page
    assert 'href="/static/vendor/markercluster/MarkerCluster.Default.css?v=' in page
    assert page.index("leaflet.markercluster.js") < page.index("L.map(")
    assert URL_RE.findall(page) == []
    assert not re.search(r"<script(?![^>]*nonce=)", page)
    assert not re.search(r"\sstyle=|\son[a-z]+=", page)


def test_page_carte_connecte_et_sans_lieu(env: jinja2.Environment) -> None:
    utilisateur = SimpleNamespace(email="coord@example.org", role="coordinateur")
    page = env.get_template("carte.html").render(
        _contexte(
            user=utilisateur,
            carte=None,
            lignes=[],
            total=0,
            recherche=Recherche(q="Nulle-Part"),
            flash=[("success", "Vous êtes connecté."), ("bizarre", "Niveau inconnu")],
        )
    )

    assert 'href="/lieux"' in page
    assert "coord@example.org" in page
    assert 'action="/deconnexion"' in page
    assert '<input type="hidden" name="_csrf_token" value="jeton-csrf">' in page
    assert 'href="/connexion"' not in page
    assert "<strong>Succès :</strong> Vous êtes connecté." in page
    assert "<strong>Information :</strong> Niveau inconnu" in page
    assert "Liste des lieux (0)" in page
    assert "aucun lieu ne correspond" in page
    assert 'value="Nulle-Part"' in page
    assert "leaflet.js" not in page
    # no map library without places; a signed-in person's pages also carry the phone menu's
    # script and the offline store's (they erase it at logout and after the allowed days)
    assert [re.sub(r"\?v=[0-9a-f]{12}", "", s) for s in re.findall(r"<script[^>]*>", page)] == [
        '<script src="/static/js/menu.js" nonce="n0nce">',
        '<script src="/static/js/hors_ligne_stockage.js" nonce="n0nce" defer>',
        '<script src="/static/js/hors_ligne.js" nonce="n0nce" defer>',
        '<script src="/static/js/carte.js" nonce="n0nce" defer>',
    ]


def test_mediateur_sans_menu_lieux(env: jinja2.Environment) -> None:
    utilisateur = SimpleNamespace(email="med@example.org", role="mediateur")
    page = env.get_template("carte.html").render(_contexte(user=utilisateur))

    assert 'href="/lieux"' not in page
    assert "Se déconnecter" in page


def test_la_meme_carte_donne_le_meme_script_et_la_meme_empreinte() -> None:
    # given the same places drawn twice (two web processes, or one after a restart)
    points = [_point(i) for i in range(3)]
    une = render_carte(points, tiles_url=None, tiles_attribution="")
    autre = render_carte(points, tiles_url=None, tiles_attribution="")
    # then the script, its address and the map <div> are the same: the page of one fits the
    # script of the other
    assert une.script == autre.script and une.empreinte == autre.empreinte
    assert une.html == autre.html
    # and another set of places has another address
    assert render_carte(points[:2], tiles_url=None, tiles_attribution="").empreinte != une.empreinte
