"""DSN options (TLS above all) reach the event store's psycopg connections, not only asyncpg's:
eventsourcing's own settings know only host, port, database, user and password. And the
connection budget and the replica are read from the environment."""

from __future__ import annotations

import pytest
from eventsourcing.utils import Environment
from psycopg.conninfo import conninfo_to_dict

from mednum.infra.eventstore import (
    LIBPQ_OPTIONS,
    MedNumPostgresFactory,
    eventsourcing_env,
    options_libpq,
)
from mednum.settings import Settings

TLS = (
    "postgresql://mednum:s%40cret@db.example.org:6432/hub"
    "?sslmode=verify-full&sslrootcert=/etc/ssl/ca%20hub.pem&application_name=mednum-web-1"
    "&options=-c%20statement_timeout%3D5000&target_session_attrs=read-write"
)


def test_every_option_other_than_where_and_who_is_kept_for_libpq() -> None:
    assert options_libpq(TLS) == {
        "sslmode": "verify-full",
        "sslrootcert": "/etc/ssl/ca hub.pem",
        "application_name": "mednum-web-1",
        "options": "-c statement_timeout=5000",
        "target_session_attrs": "read-write",
    }


def test_a_unix_socket_uri_keeps_its_host_and_port_for_eventsourcing() -> None:
    dsn = "postgresql://postgres@/mednum?host=/tmp/pg%20dir&port=5433&sslmode=disable"
    env = eventsourcing_env(dsn)
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "/tmp/pg dir",
        "5433",
        "mednum",
    )
    assert conninfo_to_dict(env[LIBPQ_OPTIONS]) == {"sslmode": "disable"}


def test_a_plain_uri_has_no_extra_option() -> None:
    env = eventsourcing_env("postgresql://u:p@h:5432/d")
    assert env[LIBPQ_OPTIONS] == ""
    assert conninfo_to_dict(env[LIBPQ_OPTIONS]) == {}


def test_the_factory_hands_the_options_and_pool_sizes_to_psycopg() -> None:
    env = eventsourcing_env(TLS, pool_size=3, max_overflow=2)
    env["CREATE_TABLE"] = "n"
    factory = MedNumPostgresFactory(Environment("MedNum", env))
    pool = factory.datastore.pool
    try:
        assert pool.kwargs is not None
        assert {k: pool.kwargs[k] for k in ("host", "port", "dbname", "user", "password")} == {
            "host": "db.example.org",
            "port": "6432",
            "dbname": "hub",
            "user": "mednum",
            "password": "s@cret",
        }
        assert pool.kwargs["sslmode"] == "verify-full"
        assert pool.kwargs["sslrootcert"] == "/etc/ssl/ca hub.pem"
        assert pool.kwargs["application_name"] == "mednum-web-1"
        assert pool.kwargs["options"] == "-c statement_timeout=5000"
        assert (pool.min_size, pool.max_size) == (3, 5)
    finally:
        factory.close()


def test_the_connection_budget_and_the_replica_come_from_the_environment() -> None:
    reglages = Settings.from_env(
        {
            "MEDNUM_SECRET_KEY": "k",
            "MEDNUM_READ_DATABASE_URL": "postgresql://replique/mednum?sslmode=require",
            "MEDNUM_DB_POOL_SIZE": "4",
            "MEDNUM_READ_POOL_SIZE": "6",
            "MEDNUM_EVENT_STORE_POOL_SIZE": "3",
            "MEDNUM_EVENT_STORE_MAX_OVERFLOW": "0",
        }
    )
    assert reglages.read_database_url == "postgresql://replique/mednum?sslmode=require"
    assert (
        reglages.db_pool_size,
        reglages.read_pool_size,
        reglages.event_store_pool_size,
        reglages.event_store_max_overflow,
    ) == (4, 6, 3, 0)
    defauts = Settings.from_env({"MEDNUM_SECRET_KEY": "k"})
    assert defauts.read_database_url is None
    assert (defauts.db_pool_size, defauts.event_store_pool_size) == (10, 8)


def test_a_budget_that_is_not_a_count_stops_the_start_with_a_french_message() -> None:
    with pytest.raises(ValueError, match="MEDNUM_DB_POOL_SIZE : « dix » n'est pas un nombre"):
        Settings.from_env({"MEDNUM_SECRET_KEY": "k", "MEDNUM_DB_POOL_SIZE": "dix"})
    with pytest.raises(ValueError, match="MEDNUM_EVENT_STORE_POOL_SIZE : 0 est trop petit"):
        Settings.from_env({"MEDNUM_SECRET_KEY": "k", "MEDNUM_EVENT_STORE_POOL_SIZE": "0"})
