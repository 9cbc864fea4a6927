"""Setting up places for a test: most tests need one place somewhere in the registry and
only care about one or two of its fields (its name, where it is, its hours).

`recenser` takes those fields and fills in the rest; `hub_ouvert` gives a Hub on the test's
database for tests that write before or beside the app under test (a live server or a CLI
has its own store).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.lieux.commands import RecenserLieu
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux

# The place a test gets when it names none: a real address in Dijon, inside its commune.
CHAMPOLLION: dict[str, Any] = {
    "nom": "Médiathèque Champollion",
    "adresse": "14 rue Champollion",
    "code_postal": "21000",
    "code_insee": "21231",
    "latitude": 47.3325,
    "longitude": 5.0512,
}


def recenser(hub: Hub, auteur: str = "test", **champs: Any) -> UUID:
    """Record a place through the service, as a coordinator would; `champs` replace the
    Champollion ones or add others (services, horaires…). Returns the new place's id."""
    commande = RecenserLieu(command_id=uuid4(), **(CHAMPOLLION | champs))
    return Lieux(hub).recenser_lieu(commande, auteur).id


def recenser_en_mairie(
    hub: Hub,
    auteur: str,
    nom: str,
    code_insee: str,
    code_postal: str,
    latitude: float,
    longitude: float,
    **champs: Any,
) -> UUID:
    """A place that helps with online procedures, at the town hall: the map's tests place
    several about the region and read them back by name."""
    return recenser(
        hub,
        auteur,
        nom=nom,
        adresse="1 place de la Mairie",
        code_postal=code_postal,
        code_insee=code_insee,
        latitude=latitude,
        longitude=longitude,
        services=["Aide aux démarches administratives"],
        **champs,
    )


def recenser_dans(hub: Hub, nom: str, code_insee: str, code_postal: str, auteur: str) -> UUID:
    """A place at the centre of a commune of the referential: for tests about where the
    place is (its commune, département, région), not its street."""
    commune = hub.communes.get(code_insee)
    assert commune is not None and commune.latitude and commune.longitude
    return recenser(
        hub,
        auteur,
        nom=nom,
        adresse="2 rue de la République",
        code_postal=code_postal,
        code_insee=code_insee,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )


@contextmanager
def hub_ouvert(dsn: str, clock: Callable[[], datetime] | None = None) -> Iterator[Hub]:
    """A Hub on its own event store of `dsn` (on `clock`'s time if given), closed on leaving."""
    app = open_event_store(dsn)
    try:
        if clock is None:
            yield Hub(app, referentiel_communes())
        else:
            yield Hub(app, referentiel_communes(), clock=clock)
    finally:
        app.close()
