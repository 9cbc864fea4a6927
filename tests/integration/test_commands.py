"""The write side against a real PostgreSQL: idempotent retries, optimistic concurrency,
the append-only event table and the stored event format.

Races are made deterministic rather than hoped for: the test holds the lock eventsourcing
takes on the event table while inserting, waits until both commands are blocked inside their
transactions, then lets them go.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import psycopg
import pytest
from eventsourcing.utils import get_topic

from domain.errors import ConflitDeVersion, DomainError
from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.events import LieuModifie, LieuRecense
from domain.lieux.referentiel import SERVICES
from mednum.services.executeur import CommandeDejaUtilisee, Hub, Resultat
from mednum.services.lieux import Lieux

pytestmark = pytest.mark.timeout(60)

AUTEUR = "coordination@mednum.test"


def recenser(nom: str = "Médiathèque Champollion") -> RecenserLieu:
    return RecenserLieu(
        command_id=uuid4(),
        nom=nom,
        adresse="14 rue Neuve",
        code_postal="21000",
        code_insee="21231",  # Dijon
        latitude=47.3229,
        longitude=5.0375,
        services=[SERVICES[0], SERVICES[1]],
        horaires="Mo-Fr 09:00-12:00",
    )


def fetch(dsn: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetch(sql, *args)
        finally:
            await conn.close()

    return asyncio.run(run())


def count(dsn: str, table: str) -> int:
    return int(fetch(dsn, f"SELECT count(*) FROM {table}")[0][0])


@contextmanager
def event_table_locked(dsn: str) -> Iterator[None]:
    """Hold the EXCLUSIVE lock every event insert takes, until the block ends."""
    with psycopg.connect(dsn) as conn:
        conn.execute("LOCK TABLE mednum_events IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            conn.rollback()


def wait_until_blocked(dsn: str, sessions: int, futures: list[Future[Any]]) -> None:
    """Wait until `sessions` other backends of this database wait on a lock."""
    deadline = time.monotonic() + 10
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if row is not None and row[0] >= sessions:
                return
            for future in futures:
                if future.done():  # finished without blocking: show why
                    future.result()
                    pytest.fail("a command completed while the event table was locked")
            if time.monotonic() > deadline:
                pytest.fail(f"{sessions} commands never blocked on the event table lock")
            time.sleep(0.01)


def run_together(dsn: str, *calls: Callable[[], Resultat]) -> list[Future[Resultat]]:
    """Start every call, let each get as far as the event insert, then release them at once."""
    with ThreadPoolExecutor(len(calls)) as pool:
        with event_table_locked(dsn):
            futures = [pool.submit(call) for call in calls]
            wait_until_blocked(dsn, len(calls), futures)
        for future in futures:
            future.exception(timeout=20)
    return futures


# --- idempotent retries ----------------------------------------------------------------------


def test_retried_command_gets_the_first_answer_and_writes_one_event(
    hub: Hub, database_dsn: str
) -> None:
    # Given a creation that succeeded
    commande = recenser()
    premier = Lieux(hub).recenser_lieu(commande, AUTEUR)

    # When the client sends it again (say its connection dropped before the answer)
    second = Lieux(hub).recenser_lieu(commande, AUTEUR)

    # Then it gets the same answer, marked as a replay, and nothing more is written
    assert premier.rejoue is False
    assert second.rejoue is True
    assert (second.id, second.version, second.notification_id) == (
        premier.id,
        premier.version,
        premier.notification_id,
    )
    assert premier.notification_id is not None
    assert count(database_dsn, "mednum_events") == 1
    assert count(database_dsn, "command_receipts") == 1


def test_reused_command_id_with_another_payload_is_refused(hub: Hub, database_dsn: str) -> None:
    # Given a creation that succeeded
    commande = recenser()
    cree = Lieux(hub).recenser_lieu(commande, AUTEUR)

    # When its command_id comes back with another payload, or on another command type
    autre_nom = msgspec.structs.replace(commande, nom="Un autre lieu")
    with pytest.raises(CommandeDejaUtilisee) as refus:
        Lieux(hub).recenser_lieu(autre_nom, AUTEUR)
    modification = ModifierLieu(command_id=commande.command_id, version=1, nom="Renommé")
    with pytest.raises(CommandeDejaUtilisee):
        Lieux(hub).modifier_lieu(cree.id, modification, AUTEUR)

    # Then it is a domain error on the command_id field, and nothing was written
    assert isinstance(refus.value, DomainError)
    assert refus.value.champ == "command_id"
    assert count(database_dsn, "mednum_events") == 1
    assert count(database_dsn, "command_receipts") == 1
    lieu = Lieux(hub).lieu(cree.id)
    assert lieu is not None and lieu.nom == commande.nom and lieu.version == 1


def test_same_command_sent_twice_at_once_creates_one_place(hub: Hub, database_dsn: str) -> None:
    # Given one creation command, sent by two threads at the same moment: both find no
    # receipt and both try to save (each with a freshly drawn place id)
    commande = recenser()

    # When both reach the insert together
    futures = run_together(
        database_dsn,
        lambda: Lieux(hub).recenser_lieu(commande, AUTEUR),
        lambda: Lieux(hub).recenser_lieu(commande, AUTEUR),
    )

    # Then one wins, the other gets the winner's answer back, and one event exists
    a, b = (f.result() for f in futures)
    assert a.id == b.id
    assert (a.version, a.notification_id) == (b.version, b.notification_id)
    assert sorted([a.rejoue, b.rejoue]) == [False, True]
    assert [r["originator_id"] for r in fetch(database_dsn, "SELECT * FROM mednum_events")] == [
        a.id
    ]
    assert count(database_dsn, "command_receipts") == 1


def test_same_modification_sent_twice_at_once_is_applied_once(hub: Hub, database_dsn: str) -> None:
    # Given a place and one modification command sent by two threads at once
    cree = Lieux(hub).recenser_lieu(recenser(), AUTEUR)
    commande = ModifierLieu(command_id=uuid4(), version=1, nom="Médiathèque Port du Canal")

    # When both reach the insert together
    futures = run_together(
        database_dsn,
        lambda: Lieux(hub).modifier_lieu(cree.id, commande, AUTEUR),
        lambda: Lieux(hub).modifier_lieu(cree.id, commande, AUTEUR),
    )

    # Then both get version 2, one of them as a replay (not a version conflict)
    a, b = (f.result() for f in futures)
    assert (a.id, a.version, a.notification_id) == (b.id, b.version, b.notification_id)
    assert a.version == 2
    assert sorted([a.rejoue, b.rejoue]) == [False, True]
    assert count(database_dsn, "mednum_events") == 2


# --- optimistic concurrency ------------------------------------------------------------------


def test_modification_of_a_stale_version_is_a_conflict(hub: Hub, database_dsn: str) -> None:
    # Given a place someone already changed (now version 2)
    cree = Lieux(hub).recenser_lieu(recenser(), AUTEUR)
    Lieux(hub).modifier_lieu(
        cree.id, ModifierLieu(command_id=uuid4(), version=1, nom="Nom A"), AUTEUR
    )

    # When another user saves a change made on version 1
    perime = ModifierLieu(command_id=uuid4(), version=1, nom="Nom B")
    with pytest.raises(ConflitDeVersion) as conflit:
        Lieux(hub).modifier_lieu(cree.id, perime, AUTEUR)

    # Then it is refused with both versions, on the version field, and nothing is written
    assert (conflit.value.version_attendue, conflit.value.version_actuelle) == (1, 2)
    assert conflit.value.champ == "version"
    assert count(database_dsn, "mednum_events") == 2
    assert count(database_dsn, "command_receipts") == 2
    lieu = Lieux(hub).lieu(cree.id)
    assert lieu is not None and (lieu.nom, lieu.version) == ("Nom A", 2)


def test_two_modifications_of_the_same_version_at_once_one_wins(
    hub: Hub, database_dsn: str
) -> None:
    # Given a place at version 1 and two users each changing it from version 1
    cree = Lieux(hub).recenser_lieu(recenser(), AUTEUR)
    noms = {}
    commandes = []
    for nom in ("Nom du premier", "Nom du second"):
        commande = ModifierLieu(command_id=uuid4(), version=1, nom=nom)
        noms[commande.command_id] = nom
        commandes.append(commande)

    # When both saves reach the insert together (both decided on version 1)
    futures = run_together(
        database_dsn,
        *(lambda c=c: Lieux(hub).modifier_lieu(cree.id, c, AUTEUR) for c in commandes),
    )

    # Then exactly one is saved as version 2 and the other gets a version conflict
    gagnants = [
        (c, f.result()) for c, f in zip(commandes, futures, strict=True) if not f.exception()
    ]
    perdants = [f.exception() for f in futures if f.exception()]
    assert len(gagnants) == 1 and len(perdants) == 1
    assert isinstance(perdants[0], ConflitDeVersion)
    assert (perdants[0].version_attendue, perdants[0].version_actuelle) == (1, 2)
    commande, resultat = gagnants[0]
    assert (resultat.version, resultat.rejoue) == (2, False)
    lieu = Lieux(hub).lieu(cree.id)
    assert lieu is not None and (lieu.nom, lieu.version) == (noms[commande.command_id], 2)
    assert count(database_dsn, "mednum_events") == 2
    # The loser's receipt was rolled back with its events: it may be retried as is.
    assert count(database_dsn, "command_receipts") == 2


def test_modification_that_changes_nothing_writes_no_event(hub: Hub, database_dsn: str) -> None:
    # Given a place
    commande = recenser()
    cree = Lieux(hub).recenser_lieu(commande, AUTEUR)

    # When a modification sets every field to the value it already has
    resultat = Lieux(hub).modifier_lieu(
        cree.id,
        ModifierLieu(
            command_id=uuid4(),
            version=1,
            nom=f"  {commande.nom} ",  # normalised to the same name
            services=list(reversed(commande.services)),  # same set, another order
            code_insee=commande.code_insee,
        ),
        AUTEUR,
    )

    # Then no event is written; the answer points at the current version's event
    assert (resultat.id, resultat.version, resultat.notification_id) == (
        cree.id,
        1,
        cree.notification_id,
    )
    assert not resultat.rejoue
    assert count(database_dsn, "mednum_events") == 1


def test_closed_place_cannot_be_modified(hub: Hub, database_dsn: str) -> None:
    # Given a place that was closed (version 2)
    cree = Lieux(hub).recenser_lieu(recenser(), AUTEUR)
    ferme = Lieux(hub).fermer_lieu(
        cree.id, FermerLieu(command_id=uuid4(), version=1, motif="Déménagé"), AUTEUR
    )
    assert ferme.version == 2

    # When someone modifies it from its current version
    with pytest.raises(DomainError) as refus:
        Lieux(hub).modifier_lieu(
            cree.id, ModifierLieu(command_id=uuid4(), version=2, nom="X"), AUTEUR
        )

    # Then it is refused (not as a version conflict) and nothing is written
    assert not isinstance(refus.value, ConflitDeVersion)
    assert refus.value.champ == "lieu_id"
    assert count(database_dsn, "mednum_events") == 2
    lieu = Lieux(hub).lieu(cree.id)
    assert lieu is not None and lieu.ferme and lieu.nom == "Médiathèque Champollion"


# --- the event table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE mednum_events SET topic = topic",
        "DELETE FROM mednum_events",
        "TRUNCATE mednum_events",
        "TRUNCATE mednum_events CASCADE",
    ],
)
def test_event_table_is_append_only(hub: Hub, database_dsn: str, statement: str) -> None:
    # Given a stored event
    Lieux(hub).recenser_lieu(recenser(), AUTEUR)
    avant = fetch(database_dsn, "SELECT * FROM mednum_events")

    # When anyone, even the table's owner, tries to rewrite history
    async def rewrite() -> None:
        conn = await asyncpg.connect(database_dsn)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    # Then the database refuses and the event is still there, unchanged
    with pytest.raises(asyncpg.RaiseError, match="ajout seul"):
        asyncio.run(rewrite())
    assert fetch(database_dsn, "SELECT * FROM mednum_events") == avant


def test_events_are_stored_as_msgspec_json_under_their_class_topic(
    hub: Hub, database_dsn: str
) -> None:
    # Given a place created then renamed
    commande = recenser()
    cree = Lieux(hub).recenser_lieu(commande, AUTEUR)
    Lieux(hub).modifier_lieu(
        cree.id, ModifierLieu(command_id=uuid4(), version=1, nom="Renommé"), AUTEUR
    )

    # When reading the raw rows
    rows = fetch(
        database_dsn,
        "SELECT originator_id, originator_version, topic, state, notification_id "
        "FROM mednum_events ORDER BY notification_id",
    )

    # Then the topic is the event class path and the state plain JSON
    assert [r["topic"] for r in rows] == [
        "domain.lieux.events:LieuRecense",
        "domain.lieux.events:LieuModifie",
    ]
    assert rows[0]["topic"] == get_topic(LieuRecense)
    assert rows[1]["topic"] == get_topic(LieuModifie)
    creation = msgspec.json.decode(rows[0]["state"])
    assert creation["originator_id"] == str(cree.id)
    assert creation["originator_version"] == 1
    assert creation["nom"] == commande.nom
    assert creation["services"] == commande.services
    assert creation["auteur"] == AUTEUR
    # A modification stores only what changed.
    modification = msgspec.json.decode(rows[1]["state"])
    assert set(modification) == {
        "originator_id",
        "originator_version",
        "timestamp",
        "auteur",
        "nom",
    }
    assert modification["nom"] == "Renommé"
    # And the typed decoder gets the very event back.
    event = msgspec.json.decode(rows[0]["state"], type=LieuRecense)
    assert event.originator_id == cree.id == rows[0]["originator_id"]
    assert rows[0]["notification_id"] == cree.notification_id


def test_command_ids_are_uuids_and_receipts_point_at_the_result(
    hub: Hub, database_dsn: str
) -> None:
    # Given a creation
    commande = recenser()
    cree = Lieux(hub).recenser_lieu(commande, AUTEUR)

    # When reading its receipt
    (receipt,) = fetch(database_dsn, "SELECT * FROM command_receipts")

    # Then it names the command, its type and the record/version it produced
    assert receipt["command_id"] == commande.command_id
    assert receipt["command_type"] == "RecenserLieu"
    assert (receipt["aggregate_id"], receipt["version"]) == (cree.id, cree.version)
    assert isinstance(receipt["aggregate_id"], UUID)
