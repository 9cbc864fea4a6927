"""A command's write in one round trip (mednum/infra/eventstore.py, `MedNumRecorder`): the
receipt, the events and COMMIT go together, so a taken command_id must still write nothing,
raise the conflict the service layer expects, and leave the connection fit for the next
write."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import asyncpg
import psycopg
import pytest
from eventsourcing.persistence import IntegrityError

from domain.lieux.events import LieuRecense
from mednum.infra.eventstore import MedNumApplication, Receipt, open_event_store

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def store(database_dsn: str) -> Iterator[MedNumApplication]:
    # One connection only: every write below reuses the one a failed write gave back.
    app = open_event_store(database_dsn, pool_size=1, max_overflow=0)
    try:
        yield app
    finally:
        app.close()


def lieu(lieu_id: UUID) -> LieuRecense:
    return LieuRecense(
        originator_id=lieu_id,
        originator_version=1,
        timestamp=datetime.now(UTC),
        auteur="coordination@mednum.test",
        nom="Médiathèque",
        adresse="1 rue Neuve",
        complement_adresse=None,
        code_postal="21000",
        code_insee="21231",
        commune="Dijon",
        departement="21",
        latitude=47.32,
        longitude=5.04,
        services=(),
        horaires=None,
    )


def recu(command_id: UUID, lieu_id: UUID) -> Receipt:
    return Receipt(
        command_id=command_id,
        command_type="RecenserLieu",
        payload_hash=hashlib.sha256(command_id.bytes).digest(),
        aggregate_id=lieu_id,
        version=1,
    )


def lignes(dsn: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()


def test_a_write_with_its_receipt_answers_the_events_position(
    store: MedNumApplication, database_dsn: str
) -> None:
    lieu_id, command_id = uuid4(), uuid4()
    recordings = store.save(lieu(lieu_id), receipt=recu(command_id, lieu_id))
    stored = lignes(database_dsn, "SELECT originator_id, notification_id FROM mednum_events")
    assert stored == [(lieu_id, recordings[-1].notification.id)]
    assert lignes(database_dsn, "SELECT command_id, aggregate_id FROM command_receipts") == [
        (command_id, lieu_id)
    ]


def test_a_taken_command_id_writes_nothing_and_the_connection_serves_again(
    store: MedNumApplication, database_dsn: str
) -> None:
    command_id, premier = uuid4(), uuid4()
    store.save(lieu(premier), receipt=recu(command_id, premier))
    second = uuid4()
    with pytest.raises(IntegrityError):
        store.save(lieu(second), receipt=recu(command_id, second))
    # Nothing of the refused write is stored: its event went with the failed transaction.
    assert lignes(database_dsn, "SELECT originator_id FROM mednum_events") == [(premier,)]
    # The same (only) connection writes again, in a transaction of its own.
    troisieme = uuid4()
    store.save(lieu(troisieme), receipt=recu(uuid4(), troisieme))
    assert len(lignes(database_dsn, "SELECT 1 FROM mednum_events")) == 2
    assert len(lignes(database_dsn, "SELECT 1 FROM command_receipts")) == 2


def test_a_taken_version_is_refused_with_its_receipt_rolled_back(
    store: MedNumApplication, database_dsn: str
) -> None:
    lieu_id = uuid4()
    store.save(lieu(lieu_id), receipt=recu(uuid4(), lieu_id))
    autre = uuid4()
    with pytest.raises(IntegrityError):
        store.save(lieu(lieu_id), receipt=recu(autre, lieu_id))
    recus = lignes(database_dsn, f"SELECT 1 FROM command_receipts WHERE command_id = '{autre}'")
    assert recus == []
    store.save(lieu(uuid4()), receipt=recu(uuid4(), uuid4()))
    assert len(lignes(database_dsn, "SELECT 1 FROM mednum_events")) == 2


def test_a_write_notifies_its_topics_only(store: MedNumApplication, database_dsn: str) -> None:
    """The trigger's notification names the topics; the library's own, without a payload,
    would wake every projector for every write."""

    topic = "domain.lieux.events:LieuRecense"

    async def ecouter() -> list[str]:
        conn = await asyncpg.connect(database_dsn)
        recues: list[str] = []
        deux = asyncio.Event()

        def noter(*args: object) -> None:
            recues.append(str(args[3]))
            if recues.count(topic) == 2:
                deux.set()

        try:
            await conn.add_listener("mednum_events", noter)
            lieu_id = uuid4()
            await asyncio.to_thread(store.save, lieu(lieu_id), receipt=recu(uuid4(), lieu_id))
            await asyncio.to_thread(store.save, lieu(uuid4()))  # the library's path
            # Each commit's notifications come in order, the library's (if any) first.
            await asyncio.wait_for(deux.wait(), 10)
            await asyncio.sleep(0.2)
        finally:
            await conn.close()
        return recues

    assert asyncio.run(ecouter()) == [topic, topic]
