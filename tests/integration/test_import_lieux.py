"""Importing places in the national standard: per-row report, fixes, dry run, re-import."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import pytest

from mednum.import_lieux import Statut, importer_lieux, lire_lignes
from mednum.service import Hub
from tests.integration.test_cli import fetchval, mednum

EXEMPLE = Path(__file__).parents[1] / "data" / "lieux-mediation-numerique.exemple-valide-v1.0.2.csv"


def exemple() -> dict[str, str]:
    return lire_lignes(EXEMPLE.read_bytes(), EXEMPLE.name)[0]


def events(dsn: str) -> int:
    return int(fetchval(dsn, "SELECT count(*) FROM mednum_events"))  # type: ignore[call-overload]


def test_the_official_example_is_created_then_unchanged(hub: Hub, database_dsn: str) -> None:
    first = importer_lieux(hub, [exemple()], "hubik")
    assert [ligne.statut for ligne in first.lignes] == [Statut.CREE]
    assert events(database_dsn) == 1
    again = importer_lieux(hub, [exemple()], "hubik")
    assert [ligne.statut for ligne in again.lignes] == [Statut.INCHANGE]
    assert events(database_dsn) == 1  # nothing new
    assert again.lignes[0].lieu_id == first.lignes[0].lieu_id


def test_a_changed_row_records_one_change(hub: Hub, database_dsn: str) -> None:
    importer_lieux(hub, [exemple()], "hubik")
    changed = exemple() | {"telephone": "+33180059881", "horaires": "Mo-Fr 09:00-12:00"}
    report = importer_lieux(hub, [changed], "hubik")
    assert report.lignes[0].statut is Statut.MODIFIE
    assert events(database_dsn) == 2


def test_a_dry_run_saves_nothing(hub: Hub, database_dsn: str) -> None:
    report = importer_lieux(hub, [exemple()], "hubik", essai=True)
    assert report.lignes[0].statut is Statut.CREE
    assert events(database_dsn) == 0


@pytest.mark.parametrize(
    ("changes", "champ", "mot"),
    [
        ({"nom": ""}, "nom", "obligatoire"),
        ({"frais_a_charge": "Gratuit pour tous"}, "frais_a_charge", "Valeur inconnue"),
        ({"horaires": "Lundi 9h-12h"}, "horaires", "horaires"),
        ({"latitude": "45.0", "longitude": "-12.5"}, "latitude", "hors du territoire"),
        ({"code_insee": "99999"}, "code_insee", "aucune commune"),
        ({"telephone": "12 34"}, "telephone", "téléphone"),
    ],
)
def test_a_broken_row_is_rejected_with_its_reason(
    hub: Hub, database_dsn: str, changes: dict[str, str], champ: str, mot: str
) -> None:
    good = exemple() | {"id": "bon"}
    broken = exemple() | {"id": "mauvais"} | changes
    report = importer_lieux(hub, [good, broken], "hubik")
    assert [ligne.statut for ligne in report.lignes] == [Statut.CREE, Statut.REJETE]
    rejected = report.lignes[1]
    assert (rejected.numero, rejected.champ) == (3, champ)
    assert mot in (rejected.raison or "")
    assert events(database_dsn) == 1


def test_duplicate_ids_in_a_file_are_rejected(hub: Hub) -> None:
    report = importer_lieux(hub, [exemple(), exemple()], "hubik")
    assert [ligne.statut for ligne in report.lignes] == [Statut.CREE, Statut.REJETE]
    assert "deux fois" in (report.lignes[1].raison or "")


def test_the_standards_known_traps_are_fixed_and_said(hub: Hub) -> None:
    row = exemple() | {
        "modalites_acces": "Ce lieu n’accueille pas de public",
        "services": "Aide aux démarches administratives;Loisirs et créations numériques",
        "formations_labels": "Étapes numériques (La Poste)",
        "pivot": "00000000000000",
        "code_insee": "",
        "latitude": "",
        "longitude": "",
    }
    [ligne] = importer_lieux(hub, [row], "hubik").lignes
    assert ligne.statut is Statut.CREE, ligne.raison
    fixes = " | ".join(ligne.corrections)
    for attendu in ("séparateur", "apostrophes", "pivot fictif", "code INSEE 51454", "centre"):
        assert attendu in fixes
    lieu = hub.lieu(uuid.UUID(str(ligne.lieu_id)))
    assert lieu is not None
    assert lieu.standard.formations_labels == ("Étapes numériques(La Poste)",)
    assert lieu.standard.modalites_acces == ("Ce lieu n'accueille pas de public",)
    assert lieu.standard.pivot is None


def test_json_and_semicolon_csv_files_are_read() -> None:
    as_json = b'[{"id": "a", "nom": "X", "latitude": 47.3}]'
    assert lire_lignes(as_json, "lieux.json") == [{"id": "a", "nom": "X", "latitude": "47.3"}]
    as_csv = b"id;nom\nb;Y\n"
    assert lire_lignes(as_csv, "lieux.csv") == [{"id": "b", "nom": "Y"}]


def test_the_command_line_import_reports_and_exits_non_zero_on_rejects(
    database_dsn: str, tmp_path: Path
) -> None:
    text = EXEMPLE.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows.append(rows[0] | {"id": "structure-2", "frais_a_charge": "Gratuit pour tous"})
    path = tmp_path / "lieux.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    dry = mednum(database_dsn, tmp_path, "import", "lieux", str(path), "--essai")
    assert dry.returncode == 1
    assert "Valeur inconnue" in dry.stderr and "1 créé" in dry.stderr
    assert events(database_dsn) == 0
    done = mednum(database_dsn, tmp_path, "import", "lieux", str(path), "--source", "hubik")
    assert done.returncode == 1 and events(database_dsn) == 1
    missing = mednum(database_dsn, tmp_path, "import", "lieux", str(tmp_path / "absent.csv"))
    assert missing.returncode == 2 and "Fichier illisible" in missing.stderr
