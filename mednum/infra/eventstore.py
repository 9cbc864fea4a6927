"""The hub's one event store: an eventsourcing Application on PostgreSQL, msgspec events.

One Application for the whole hub gives every event one place in one global order, which is
what projectors track. Events are frozen msgspec Structs (see domain/base.py), stored as
msgspec JSON by `MsgspecMapper`: about five times faster than eventsourcing's transcoder.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

import msgspec
import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    InterfaceError,
    Mapper,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresFactory,
)
from eventsourcing.utils import Environment, get_topic, retry
from psycopg import Cursor
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from domain.base import Evenement
from mednum.infra import chiffrement_notes
from mednum.infra.chiffrement import (
    CoffreCles,
    champs_personnels,
    etat_chiffre,
    evenement_dechiffre,
    personne_stockee,
)
from mednum.infra.topics import resoudre


class MsgspecMapper(Mapper[UUID]):
    # Set once the recorder exists (the keys live in the same database).
    coffre: CoffreCles | None = None

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(type(domain_event))
        champs = champs_personnels(topic)
        if champs:
            assert self.coffre is not None, "personal data needs the key store"
            state = etat_chiffre(domain_event, champs, self.coffre.cle_ou_nouvelle)
        elif chiffrement_notes.concerne(topic):
            assert self.coffre is not None, "notes need the key store"
            state = chiffrement_notes.etat_chiffre(domain_event, self.coffre.cle_ou_nouvelle)
        else:
            state = msgspec.json.encode(domain_event)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        topic = stored_event.topic
        if champs_personnels(topic):
            assert self.coffre is not None, "personal data needs the key store"
            originator_id = UUID(str(stored_event.originator_id))
            personne_id = personne_stockee(topic, stored_event.state, originator_id)
            cle = self.coffre.cle(personne_id)
            return evenement_dechiffre(topic, stored_event.state, personne_id, cle)
        if chiffrement_notes.concerne(topic):
            assert self.coffre is not None, "notes need the key store"
            return chiffrement_notes.evenement_dechiffre(topic, stored_event.state, self.coffre.cle)
        return decoder_for(topic).decode(stored_event.state)


@functools.cache
def decoder_for(topic: str) -> msgspec.json.Decoder[Evenement]:
    return msgspec.json.Decoder(resoudre(topic))


class Receipt(msgspec.Struct, frozen=True):
    """The first answer to a command, kept so that a retry gets it back."""

    command_id: UUID
    command_type: str
    payload_hash: bytes
    aggregate_id: UUID
    version: int


class MedNumRecorder(PostgresApplicationRecorder):
    """Writes a command's idempotency receipt in the same transaction as its events, and the
    whole transaction in one round trip to PostgreSQL."""

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        receipt: Receipt | None = kwargs.get("receipt")
        if receipt is None:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        # BEGIN, the table lock, the receipt with the events (one statement) and COMMIT are
        # sent together and read back at one sync: the library's path waits for PostgreSQL
        # three times (the receipt, the events, the commit) and holds the table lock across
        # two of those waits. A taken command_id inserts no receipt, hence no event (the
        # statement's `WHERE EXISTS`): nothing fails inside the pipeline (psycopg would log
        # the aborted rest), the transaction commits nothing, and the missing rows say it.
        with self.datastore.get_connection() as conn:
            if not stored_events:
                # A command that changed nothing keeps its receipt (autocommit: one statement,
                # one transaction).
                conn.execute(_INSERT_RECEIPT, _receipt_row(receipt), prepare=True)
                return None
            curs = conn.cursor()
            try:
                with conn.pipeline(), conn.transaction():
                    self._lock_table(curs)
                    curs.execute(
                        self._recu_et_evenements,
                        (*_receipt_row(receipt), self._pg_events(stored_events)),
                        prepare=True,
                    )
                # The pipeline's exit sent COMMIT and read every answer.
                ids = [row["notification_id"] for row in curs.fetchall()]
            except psycopg.Error:
                # A failed transaction (a version already taken) is still open on the server:
                # end it before the connection goes back to the pool (a lost connection is
                # the pool's to drop, and the error raised stays the first one).
                if conn.info.transaction_status in _EN_TRANSACTION:
                    with contextlib.suppress(psycopg.Error):
                        conn.rollback()
                raise
            finally:
                curs.close()
        if len(ids) != len(stored_events):
            raise IntegrityError(f"command {receipt.command_id} already has a receipt")
        return ids

    @functools.cached_property
    def _recu_et_evenements(self) -> Composed:
        return SQL(
            "WITH recu AS (" + _INSERT_RECEIPT + " ON CONFLICT (command_id) DO NOTHING "
            "RETURNING 1) "
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state "
            "FROM unnest(%s::{schema}.{type}[]) WHERE EXISTS (SELECT FROM recu) "
            "RETURNING notification_id"
        ).format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
            type=Identifier(self.stored_event_type_name),
        )

    def _pg_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]:
        return [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        # The library sends `NOTIFY mednum_events` with no payload in every write; the table's
        # trigger (migrations/0018_notify_topics.sql) already notifies the same channel with
        # the topics inserted. A notification without topics wakes every projector (mednum/
        # infra/projector.py cannot tell whose events came), so it is not sent.
        return None


_EN_TRANSACTION = (TransactionStatus.INTRANS, TransactionStatus.INERROR)
_INSERT_RECEIPT = (
    "INSERT INTO command_receipts (command_id, command_type, payload_hash, aggregate_id, version) "
    "VALUES (%s, %s, %s, %s, %s)"
)


def _receipt_row(receipt: Receipt) -> tuple[Any, ...]:
    return (
        receipt.command_id,
        receipt.command_type,
        receipt.payload_hash,
        receipt.aggregate_id,
        receipt.version,
    )


# The URI's parts eventsourcing takes as POSTGRES_* settings; every other query parameter
# (sslmode, sslrootcert, application_name, options, target_session_attrs…) goes to libpq as is.
_PARTIES_POSTGRES = frozenset({"host", "port", "dbname", "user", "password"})
LIBPQ_OPTIONS = "LIBPQ_OPTIONS"


class MedNumPostgresFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory, which knows only host, port, database, user and
    password: this one also hands the DSN's other libpq options (TLS above all) to psycopg,
    before the pool opens its first connection."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        options = conninfo_to_dict(env.get(LIBPQ_OPTIONS) or "")
        kwargs = self.datastore.pool.kwargs
        assert isinstance(kwargs, dict)
        kwargs.update(options)


def options_libpq(dsn: str) -> dict[str, str]:
    """The query parameters of a libpq URI other than where and who (last value wins)."""
    return {
        nom: valeurs[-1]
        for nom, valeurs in parse_qs(urlsplit(dsn).query, keep_blank_values=True).items()
        if nom not in _PARTIES_POSTGRES
    }


class MedNumApplication(Application[UUID]):
    name = "MedNum"  # hence the table mednum_events
    env = {
        "PERSISTENCE_MODULE": get_topic(MedNumPostgresFactory),
        "CREATE_TABLE": "n",  # migrations/0001_event_store.sql owns the DDL
        "APPLICATION_RECORDER_TOPIC": get_topic(MedNumRecorder),
        "POSTGRES_POOL_SIZE": "8",
        "POSTGRES_MAX_OVERFLOW": "8",
    }

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        # With CREATE_TABLE=n the library never loads the composite type the migration made.
        recorder.datastore.register_type_adapters()  # type: ignore[attr-defined]
        return recorder

    def construct_mapper(self) -> Mapper[UUID]:
        return MsgspecMapper(transcoder=self.factory.transcoder())

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env=env)
        assert isinstance(self.mapper, MsgspecMapper)
        self.coffre = CoffreCles(self.recorder.datastore)  # type: ignore[attr-defined]
        self.mapper.coffre = self.coffre


def eventsourcing_env(dsn: str, *, pool_size: int = 8, max_overflow: int = 8) -> dict[str, str]:
    """The POSTGRES_* settings eventsourcing wants, from a libpq URI (TCP or Unix socket), and
    the URI's other options for `MedNumPostgresFactory`."""
    parts = urlsplit(dsn)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or "localhost"])[0]
    port = query.get("port", [str(parts.port or 5432)])[0]
    return {
        "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": port,
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(max_overflow),
        LIBPQ_OPTIONS: make_conninfo("", **options_libpq(dsn)),
    }


def open_event_store(dsn: str, *, pool_size: int = 8, max_overflow: int = 8) -> MedNumApplication:
    return MedNumApplication(
        env=eventsourcing_env(dsn, pool_size=pool_size, max_overflow=max_overflow)
    )
