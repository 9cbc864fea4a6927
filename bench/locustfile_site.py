"""The Locust user classes of the whole-site load test (bench/bench_charge_site.py runs them
headless): citizens on the map, mediators recording sessions, funders opening reports.

The requests are bench/charge_site_parcours.py's, checked by a web test. The data set is read
from the JSON file named by `MEDNUM_CHARGE_JEU` (written by the bench before it starts Locust).
Think times are short (seconds, where real people take minutes): a Locust « user » is a busy
visitor, so the capacity in users is a conservative figure.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

from bench import charge_site_parcours as p

JEU = p.JeuDeDonnees.lire(Path(os.environ["MEDNUM_CHARGE_JEU"]))
MESURES = os.environ.get("MEDNUM_CHARGE_MESURES")
_vus: list[tuple[str, float, int, str | None]] = []  # group, ms, status, error
_depuis = [time.monotonic()]


# Every request's own figures, written at the end for the bench: exact percentiles, real
# status codes (5xx told from 4xx) and the logins told apart. They restart a while after every
# user is started (MEDNUM_CHARGE_ATTENTE seconds), once the logins are over.
@events.request.add_listener
def _noter(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    status = int(getattr(response, "status_code", 0) or 0)
    _vus.append((name, response_time, status, None if exception is None else repr(exception)))


@events.user_error.add_listener
def _exception(exception: Exception, **_: Any) -> None:
    _vus.append(("exception", 0.0, 0, repr(exception)))


def _repartir() -> None:
    _vus.clear()
    _depuis[0] = time.monotonic()


@events.spawning_complete.add_listener
def _tous_partis(**_: Any) -> None:
    gevent.spawn_later(float(os.environ.get("MEDNUM_CHARGE_ATTENTE", "0")), _repartir)


@events.test_stop.add_listener
def _ecrire(**_: Any) -> None:
    if MESURES:
        duree = time.monotonic() - _depuis[0]
        Path(MESURES).write_text(json.dumps({"secondes": duree, "requetes": _vus}))


class _Navigateur(p.Navigateur):
    """Locust's client: a status ≥ 400 or a connection error counts as a failure in Locust's
    statistics (and in the figures written for the bench)."""

    def __init__(self, user: FastHttpUser) -> None:
        self.client = user.client

    def envoyer(self, requete: p.Requete) -> Any:
        url = requete.chemin + (f"?{urlencode(requete.params)}" if requete.params else "")
        entetes = dict(requete.headers or {})
        corps = None
        if requete.data is not None:
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
            corps = urlencode(requete.data)
        return self.client.request(
            requete.methode,
            url,
            name=requete.groupe,
            data=corps,
            json=requete.json,
            headers=entetes,
        )


class _Visiteur(FastHttpUser):
    abstract = True
    compte: p.Compte | None = None  # logged in once, through the form, when given

    def on_start(self) -> None:
        self.nav = _Navigateur(self)
        self.rng = random.Random()
        if self.compte is not None:
            p.connexion(self.nav, self.compte)


class Citoyen(_Visiteur):
    weight = 14
    wait_time = between(1, 3)

    @task(1)
    def accueil(self) -> None:
        p.citoyen_accueil(self.nav, JEU, self.rng)

    @task(5)
    def carte(self) -> None:
        p.citoyen_carte(self.nav, JEU, self.rng)

    @task(4)
    def lieu(self) -> None:
        p.citoyen_lieu(self.nav, JEU, self.rng)

    @task(2)
    def orientation(self) -> None:
        p.citoyen_orientation(self.nav, JEU, self.rng)


class Mediateur(_Visiteur):
    weight = 5
    wait_time = between(2, 5)
    compte = JEU.mediateur

    @task
    def enregistrer_une_seance(self) -> None:
        jeton = p.mediateur_formulaire(self.nav, JEU, self.rng)
        p.mediateur_enregistrer(self.nav, JEU, self.rng, jeton)


class Financeur(_Visiteur):
    # From 4 users on, one financeur exactly (the bench says so): by weight alone, none would
    # come before 20 users, and the reports would be left out of the small steps.
    weight = 1
    fixed_count = int(os.environ.get("MEDNUM_CHARGE_FINANCEURS", "0"))
    wait_time = between(2, 5)
    compte = JEU.financeur

    @task(1)
    def liste(self) -> None:
        p.financeur_liste(self.nav, JEU, self.rng)

    @task(2)
    def rapport(self) -> None:
        p.financeur_rapport(self.nav, JEU, self.rng)
