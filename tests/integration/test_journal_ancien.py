"""An event log written before the layout change of issue 10 (`domain.registry` became
`domain.lieux`) still loads and projects identically.

The fixture `tests/data/journal-avant-refonte/` was written by the code of commit 9ce1921:
a small demo (30 places, their structures and 400 aidants, trainings, four months of
mediation, funding and Pass numérique) and one command of each kind the demo does not make
(merge and un-merge, closures, corrections, erasure, referrals, error reports…), 5,415 events
of all 60 event types. `attendu.json` holds, for each read-model table, its columns then and
a digest of its rows as projected by that code.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
from eventsourcing.persistence import StoredEvent

from mednum.infra import chiffrement_notes
from mednum.infra.chiffrement import champs_personnels
from mednum.infra.eventstore import open_event_store
from mednum.infra.projector import Projector
from projections.catalogue import all_projections
from tests.conftest import run_sync

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "journal-avant-refonte"


def evenements() -> list[dict[str, Any]]:
    with gzip.open(FIXTURE / "journal.jsonl.gz", "rt") as fichier:
        return [json.loads(ligne) for ligne in fichier]


async def charger(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "mednum_events",
            records=[
                (e["id"], e["v"], e["topic"], base64.b64decode(e["state"]), e["n"])
                for e in evenements()
            ],
            columns=["originator_id", "originator_version", "topic", "state", "notification_id"],
        )
        cles = json.loads((FIXTURE / "cles.json").read_text())
        await conn.executemany(
            "INSERT INTO cles_personnes (personne_id, cle) VALUES ($1, $2)",
            [(personne, base64.b64decode(cle)) for personne, cle in cles],
        )
    finally:
        await conn.close()


async def _contributions_d_avant(conn: asyncpg.Connection) -> str:
    """`evaluation_activites` as the old code wrote it: an activity's stored contribution (a
    msgpack map) names its place since migration 0065; that key taken out, the bytes are the
    old ones. Returns the temporary table to read instead."""
    lignes = []
    for r in await conn.fetch("SELECT activite_id, contribution FROM evaluation_activites"):
        champs = msgspec.msgpack.decode(r["contribution"])
        del champs["lieu"]
        lignes.append((r["activite_id"], msgspec.msgpack.encode(champs)))
    await conn.execute(
        "CREATE TEMP TABLE evaluation_activites_avant (activite_id uuid, contribution bytea)"
    )
    await conn.executemany("INSERT INTO evaluation_activites_avant VALUES ($1, $2)", lignes)
    return "evaluation_activites_avant"


async def projeter_et_resumer(dsn: str, colonnes: dict[str, list[str]]) -> dict[str, Any]:
    """Every projection caught up from zero; then each table's digest over the given columns
    (array cells sorted, so that a set's iteration order does not count)."""
    conn = await asyncpg.connect(dsn)
    try:
        for projection in all_projections():
            await Projector(projection).catch_up(conn)
        await conn.execute("SET TimeZone = 'UTC'; SET extra_float_digits = 3")
        resume: dict[str, Any] = {}
        for table, noms in colonnes.items():
            types = dict(
                await conn.fetch(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = $1",
                    table,
                )
            )
            cellules = [
                f"(SELECT array_agg(x ORDER BY x) FROM unnest({nom}) x)"
                if types.get(nom) == "ARRAY"
                else nom
                for nom in noms
            ]
            # The cubes' levels by place (migration 0065) came after the fixture: the rows the
            # old code wrote must be there, identical; the new ones are not compared.
            nouveaux = table.startswith("cube_") and "niveau" in types
            depuis = " WHERE niveau NOT IN ('lieu', 'lieu_mois')" if nouveaux else ""
            source = (
                await _contributions_d_avant(conn) if table == "evaluation_activites" else table
            )
            resume[table] = dict(
                await conn.fetchrow(
                    f"SELECT count(*) AS lignes, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), "
                    f"'')) AS empreinte FROM (SELECT ROW({', '.join(cellules)})::text AS r "
                    f"FROM {source}{depuis}) t"
                )
            )
        return resume
    finally:
        await conn.close()


def test_un_journal_ecrit_avant_la_refonte_se_relit(database_dsn: str) -> None:
    # given the old log in a fresh database
    run_sync(charger(database_dsn))
    # when every stored event is read through today's mapper
    app = open_event_store(database_dsn)
    notes_relues = 0
    try:
        for e in evenements():
            stocke = StoredEvent(
                originator_id=e["id"],
                originator_version=e["v"],
                topic=e["topic"],
                state=base64.b64decode(e["state"]),
            )
            evenement = app.mapper.to_domain_event(stocke)
            # then each one decodes to a class of today's code, with its fields as stored
            assert type(evenement).__name__ == e["topic"].rsplit(":", 1)[1]
            donnees = msgspec.json.decode(stocke.state)
            if chiffrement_notes.concerne(e["topic"]):
                # notes written in clear, before they were encrypted, read back as they are
                notes_ecrites = donnees["compte_rendu"].get("notes")
                assert evenement.compte_rendu.notes == notes_ecrites
                notes_relues += notes_ecrites is not None
            elif not champs_personnels(e["topic"]):  # not encrypted: re-encodes the same
                reecrit = app.mapper.to_stored_event(evenement).state
                assert msgspec.json.decode(reecrit) == donnees
        assert notes_relues >= 1
    finally:
        app.close()


def test_un_journal_ecrit_avant_la_refonte_se_projette_a_l_identique(database_dsn: str) -> None:
    # given the old log in a fresh database, and what the old code projected from it
    attendu = json.loads((FIXTURE / "attendu.json").read_text())
    run_sync(charger(database_dsn))
    # when today's projections catch up from zero
    obtenu = run_sync(
        projeter_et_resumer(database_dsn, {t: v["colonnes"] for t, v in attendu.items()})
    )
    # then every read-model table holds the same rows
    for table, v in attendu.items():
        assert obtenu[table] == {"lignes": v["lignes"], "empreinte": v["empreinte"]}, table
