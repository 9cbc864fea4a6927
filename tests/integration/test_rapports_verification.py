"""Frozen means frozen, on a real PostgreSQL: the `rapports` table refuses any rewrite; a
frozen report records the version of the reference data it read, and its verification (a
background run, one at a time per report) still finds it identical after the communes'
populations and the IFN were reloaded; a tampered copy of that version is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import pytest

from mednum.echanges.ifn import importer_ifn
from mednum.rapports import calcul, verifications
from mednum.rapports.figes import RapportFige, figer, lire
from mednum.rapports.rejeu import recalculer
from mednum.services.activites import Activites
from tests.integration.test_rapports import COTE_DOR, activites, avec_pool, donnees  # noqa: F401


@pytest.fixture
def fige(activites: Activites, database_dsn: str) -> RapportFige:  # noqa: F811
    """The sessions of `donnees`, and the report of Côte-d'Or for March 2026 frozen on them."""
    donnees(activites)
    return avec_pool(
        database_dsn,
        lambda pool: figer(
            pool, COTE_DOR, "2026-03", nature="ponctuel", seuil=11, auteur="coord@example.fr"
        ),
    )


async def _verifier(
    pool: asyncpg.Pool, dsn: str, fige: RapportFige
) -> verifications.VerificationRapport:
    async with pool.acquire() as conn:
        _, rapport = await lire(conn, fige.id)
        ouverte, nouvelle = await verifications.demander(conn, fige, "coord@example.fr")
    assert nouvelle
    await verifications.executer(pool, dsn, ouverte, fige, rapport)
    async with pool.acquire() as conn:
        finie = await verifications.derniere(conn, fige.id)
    assert finie is not None and not finie.en_cours
    return finie


def _recharger_le_referentiel(pool: asyncpg.Pool, ifn: Path) -> Any:
    """What a new COG and a new IFN file do: other populations, another fragility score.
    The IFN goes through its real import; the communes (whose loader reads the shipped
    files) by SQL."""

    ifn.write_text(
        "name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,"
        "older_65_rate,nscol15p_rate,total\nDijon,city,21231,1,1,1,1,1,9.5\n",
        encoding="utf-8",
    )

    async def run() -> None:
        await pool.execute("UPDATE communes SET population = population * 2")
        async with pool.acquire() as conn:
            await importer_ifn(conn, ifn)

    return run()


def test_the_rapports_table_refuses_updates_deletes_and_truncates(
    fige: RapportFige,
    database_dsn: str,
) -> None:
    async def reecrire(pool: asyncpg.Pool) -> list[str]:
        refus = []
        for sql in (
            "UPDATE rapports SET empreinte = 'x' WHERE id = $1",
            "DELETE FROM rapports WHERE id = $1",
            "TRUNCATE rapports CASCADE",
        ):
            with pytest.raises(asyncpg.RaiseError) as erreur:
                await pool.execute(sql, fige.id) if "$1" in sql else await pool.execute(sql)
            refus.append(str(erreur.value))
        assert await pool.fetchval("SELECT empreinte FROM rapports WHERE id = $1", fige.id) == (
            fige.empreinte
        )
        return refus

    refus = avec_pool(database_dsn, reecrire)
    assert all("ajout seul" in r for r in refus), refus


def test_a_reload_of_the_reference_data_does_not_break_the_verification(
    fige: RapportFige,
    database_dsn: str,
    tmp_path: Path,
) -> None:
    # given a report of Côte-d'Or frozen with the reference data as loaded

    async def scenario(pool: asyncpg.Pool) -> tuple[str, str | None, bool, object]:
        version_du_gel = await pool.fetchval("SELECT referentiel_empreinte()")
        # when the reference data are reloaded (populations doubled, a new IFN score)
        await _recharger_le_referentiel(pool, tmp_path / "ifn.csv")
        actuelle = await pool.fetchval("SELECT referentiel_empreinte()")
        # (the import archived the new version and made it the current one)
        assert (
            await pool.fetchval("SELECT checksum FROM reference_data WHERE name = 'referentiel'")
            == actuelle
        )
        assert await pool.fetchval("SELECT count(*) FROM referentiel_versions") == 2
        # and the report is replayed with today's reference data, then verified
        async with pool.acquire() as conn:
            _, stocke = await lire(conn, fige.id)
        avec_l_actuel = await recalculer(
            database_dsn, COTE_DOR, stocke.periode, position=fige.position, seuil=11
        )
        finie = await _verifier(pool, database_dsn, fige)
        return version_du_gel, actuelle, avec_l_actuel == stocke, finie

    version_du_gel, actuelle, meme_avec_l_actuel, finie = avec_pool(database_dsn, scenario)
    # then the report recorded the version it read, which is no longer the current one
    assert fige.referentiel == version_du_gel != actuelle
    # and today's reference data would give other figures (so the check below means something)
    assert not meme_avec_l_actuel
    # but the verification replays with the frozen version and finds the same bytes
    assert isinstance(finie, verifications.VerificationRapport)
    assert finie.erreur is None and finie.identique is True, finie
    assert finie.referentiel == fige.referentiel
    assert finie.position_atteinte == fige.position and finie.pourcentage == 100
    assert finie.differences == []


def test_a_tampered_copy_of_the_version_is_refused_clearly(
    fige: RapportFige,
    database_dsn: str,
) -> None:
    async def scenario(pool: asyncpg.Pool) -> verifications.VerificationRapport:
        await pool.execute(
            "UPDATE communes_versions SET population = 1 WHERE version = $1 "
            "AND code_insee = '21231'",
            fige.referentiel,
        )
        return await _verifier(pool, database_dsn, fige)

    finie = avec_pool(database_dsn, scenario)
    assert finie.identique is None
    assert finie.erreur is not None and "ne redonne pas son empreinte" in finie.erreur


def test_one_verification_at_a_time_per_report(
    fige: RapportFige,
    database_dsn: str,
) -> None:
    async def scenario(pool: asyncpg.Pool) -> None:
        # when two processes ask at once (two connections)
        async with pool.acquire() as a, pool.acquire() as b:
            premiere, nouvelle = await verifications.demander(a, fige, "a@example.fr")
            seconde, autre = await verifications.demander(b, fige, "b@example.fr")
        # then one run is opened, and the second asker gets that very run
        assert nouvelle and not autre
        assert seconde.id == premiere.id and seconde.demandee_par == "a@example.fr"
        # and when its process died (no heartbeat for longer than ABANDON), the next request
        # closes it as interrupted and opens a new one
        await pool.execute(
            "UPDATE verifications SET battement = battement - $2::interval WHERE id = $1",
            premiere.id,
            verifications.ABANDON + dt.timedelta(seconds=1),
        )
        async with pool.acquire() as c:
            troisieme, relancee = await verifications.demander(c, fige, "c@example.fr")
            interrompue = await c.fetchrow(
                "SELECT fin, erreur FROM verifications WHERE id = $1", premiere.id
            )
        assert relancee and troisieme.id != premiere.id
        assert interrompue["fin"] is not None and "interrompue" in interrompue["erreur"]

    avec_pool(database_dsn, scenario)


def test_a_reworded_method_annex_does_not_make_a_frozen_report_differ(
    fige: RapportFige,
    database_dsn: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a report frozen with this version's method annex
    # when a later version words the annex differently (the figures' rules unchanged)
    annexe = calcul.definitions_methode

    def reformulee(seuil: int = 11, millesime_cog: str = "2018") -> list[Any]:
        return [
            msgspec.structs.replace(d, definition=d.definition + " (reformulé)")
            for d in annexe(seuil, millesime_cog)
        ]

    monkeypatch.setattr(calcul, "definitions_methode", reformulee)
    finie = avec_pool(database_dsn, lambda pool: _verifier(pool, database_dsn, fige))
    # then the verification still finds the same figures: the annex compared is the frozen one
    assert finie.erreur is None and finie.identique is True, finie
