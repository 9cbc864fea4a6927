"""What each kind of visitor does on the site during the load test, as plain functions.

The Locust user classes (bench/locustfile_site.py) call these through Locust's HTTP client;
tests/web/test_charge_site_parcours.py calls the very same functions through httpx against
the real app and asserts that every answer is a 2xx, so that the load test cannot silently
measure error pages. Nothing here imports Locust (it monkey-patches the standard library).

Each request is named by its group (`GROUPES`): Locust aggregates the figures by that name.
"""

from __future__ import annotations

import abc
import datetime as dt
import random
import re
import uuid
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import msgspec

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
GROUPES = (
    "citoyen: accueil",
    "citoyen: carte (recherche d'une commune)",
    "citoyen: fiche d'un lieu",
    "citoyen: orientation (questionnaire)",
    "connexion",
    "médiateur: formulaire de séance",
    "médiateur: POST /api/v1/activites",
    "financeur: liste des rapports",
    "financeur: rapport figé",
)


class Reponse(Protocol):
    @property
    def status_code(self) -> int: ...
    @property
    def text(self) -> str: ...


class Requete(msgspec.Struct, frozen=True, kw_only=True):
    methode: str
    groupe: str
    chemin: str
    params: dict[str, str] | None = None
    data: dict[str, str] | None = None  # a form, sent url-encoded
    json: Any = None
    headers: dict[str, str] | None = None


class Navigateur(abc.ABC):
    """One visitor's HTTP client (keeps its cookies, follows redirects)."""

    def get(self, groupe: str, chemin: str, params: dict[str, str] | None = None) -> Reponse:
        return self.envoyer(Requete(methode="GET", groupe=groupe, chemin=chemin, params=params))

    def post(self, groupe: str, chemin: str, **corps: Any) -> Reponse:
        return self.envoyer(Requete(methode="POST", groupe=groupe, chemin=chemin, **corps))

    @abc.abstractmethod
    def envoyer(self, requete: Requete) -> Reponse: ...


class LieuDuJeu(msgspec.Struct, frozen=True):
    id: str
    commune: str
    code_insee: str
    code_postal: str


class Compte(msgspec.Struct, frozen=True):
    email: str
    password: str


class JeuDeDonnees(msgspec.Struct, frozen=True, kw_only=True):
    """What the visitors need to know of the data: places, two accounts, a frozen report."""

    lieux: list[LieuDuJeu]
    mediateur: Compte
    financeur: Compte
    rapport_id: str

    def ecrire(self, chemin: Path) -> None:
        chemin.write_bytes(msgspec.json.encode(self))

    @classmethod
    def lire(cls, chemin: Path) -> JeuDeDonnees:
        return msgspec.json.decode(chemin.read_bytes(), type=cls)


# --- citizens (no account) ------------------------------------------------------------------


def citoyen_accueil(nav: Navigateur, _jeu: JeuDeDonnees, _rng: random.Random) -> None:
    nav.get(GROUPES[0], "/")


def citoyen_carte(nav: Navigateur, jeu: JeuDeDonnees, rng: random.Random) -> None:
    """A commune typed in and picked from the suggestions (name and INSEE code)."""
    lieu = rng.choice(jeu.lieux)
    nav.get(GROUPES[1], "/carte", {"q": lieu.commune, "commune": lieu.code_insee})


def citoyen_lieu(nav: Navigateur, jeu: JeuDeDonnees, rng: random.Random) -> None:
    nav.get(GROUPES[2], f"/lieux/{rng.choice(jeu.lieux).id}")


def citoyen_orientation(nav: Navigateur, jeu: JeuDeDonnees, rng: random.Random) -> None:
    """The questionnaire's answers, sent as its plain GET form does, with a postcode."""
    params = {
        "besoin": rng.choice(("demarche", "apprendre", "materiel", "securite", "emploi")),
        "aisance": rng.choice(("je_ne_sais_pas", "avec_aide", "seul_parfois", "seul")),
        "commune": rng.choice(jeu.lieux).code_postal,
    }
    if rng.random() < 0.3:
        params["urgent"] = "oui"
    nav.get(GROUPES[3], "/orientation", params)


# --- logged-in visitors ---------------------------------------------------------------------


def jeton_csrf(page: Reponse) -> str:
    trouve = CSRF_FIELD.search(page.text)
    if trouve is None:
        raise AssertionError("no CSRF field on the page")
    return trouve.group(1)


def connexion(nav: Navigateur, compte: Compte) -> None:
    """The login form, as a browser sends it; the redirect lands on the role's home page."""
    jeton = jeton_csrf(nav.get(GROUPES[4], "/connexion"))
    nav.post(
        GROUPES[4],
        "/connexion",
        data={"email": compte.email, "password": compte.password, "_csrf_token": jeton},
    )


def mediateur_formulaire(nav: Navigateur, _jeu: JeuDeDonnees, _rng: random.Random) -> str:
    """The session form; returns its CSRF token (what the page's script sends with the API)."""
    return jeton_csrf(nav.get(GROUPES[5], "/activites/nouvelle"))


def seance(lieu_id: str, rng: random.Random) -> dict[str, Any]:
    """A typical individual session at a place, recorded today (Europe/Paris)."""
    return {
        "command_id": str(uuid.uuid4()),
        "type": "individuel",
        "date": dt.datetime.now(ZoneInfo("Europe/Paris")).date().isoformat(),
        "duree": rng.choice((30, 45, 60)),
        "type_lieu": "lieu_activite",
        "lieu_id": lieu_id,
        "materiel": rng.choice((["telephone"], ["ordinateur"], ["tablette"])),
        "thematiques": rng.choice(
            (["email"], ["aide_aux_demarches_administratives", "social_sante"])
        ),
        "autonomie": "partiellement_autonome",
        "profil": {"genre": rng.choice(("feminin", "masculin"))},
    }


def mediateur_enregistrer(
    nav: Navigateur, jeu: JeuDeDonnees, rng: random.Random, jeton: str
) -> None:
    nav.post(
        GROUPES[6],
        "/api/v1/activites",
        json=seance(rng.choice(jeu.lieux).id, rng),
        headers={"x-csrftoken": jeton},
    )


def financeur_liste(nav: Navigateur, _jeu: JeuDeDonnees, _rng: random.Random) -> None:
    nav.get(GROUPES[7], "/rapports")


def financeur_rapport(nav: Navigateur, jeu: JeuDeDonnees, _rng: random.Random) -> None:
    nav.get(GROUPES[8], f"/rapports/{jeu.rapport_id}")


# --- every request once, through httpx (the bench's warm-up, and the web test) -------------


class NavigateurHttpx(Navigateur):
    """Over an `httpx.Client`: refuses any answer that is not a 2xx once redirects are
    followed."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.vus: list[tuple[str, int]] = []

    def envoyer(self, requete: Requete) -> Reponse:
        reponse = self.client.request(
            requete.methode,
            requete.chemin,
            params=requete.params,
            data=requete.data,
            json=requete.json,
            headers=requete.headers,
            follow_redirects=True,
        )
        self.vus.append((requete.groupe, reponse.status_code))
        if not 200 <= reponse.status_code < 300:
            raise AssertionError(f"{requete.groupe}: {reponse.status_code} {reponse.text[:300]}")
        return reponse  # type: ignore[no-any-return]


def visite_complete(
    citoyen: Navigateur, mediateur: Navigateur, financeur: Navigateur, jeu: JeuDeDonnees
) -> None:
    """Every request of the load test once, each visitor with its own client (cookies)."""
    rng = random.Random(17)
    for parcours in (citoyen_accueil, citoyen_carte, citoyen_lieu, citoyen_orientation):
        parcours(citoyen, jeu, rng)
    connexion(mediateur, jeu.mediateur)
    mediateur_enregistrer(mediateur, jeu, rng, mediateur_formulaire(mediateur, jeu, rng))
    connexion(financeur, jeu.financeur)
    financeur_liste(financeur, jeu, rng)
    financeur_rapport(financeur, jeu, rng)
