"""Importing places in the national standard: per-row report, fixes, dry run, re-import."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import pytest

from domain.lieux.referentiel import SERVICES
from mednum.echanges.fichiers_tabulaires import lire_lignes
from mednum.echanges.import_lieux import Format, Statut, Verdict, importer_lieux
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from tests.integration.test_cli import fetchval, mednum

DATA = Path(__file__).parents[1] / "data"
EXEMPLE = DATA / "lieux-mediation-numerique.exemple-valide-v1.0.2.csv"
ANCIEN = DATA / "lieux-mediation-numerique.legacy-v0.1.1.csv"


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
    assert ligne.verdict is Verdict.CORRIGEE
    fixes = " | ".join(ligne.corrections)
    for attendu in (
        "séparateur",
        "apostrophes",
        "« Étapes numériques (La Poste) » écrit « Étapes numériques(La Poste) »",
        "pivot fictif",
        "code INSEE 51454",
        "centre",
    ):
        assert attendu in fixes
    lieu = Lieux(hub).lieu(uuid.UUID(str(ligne.lieu_id)))
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


def test_a_row_needing_nothing_is_accepted_and_one_with_swapped_coordinates_fixed(
    hub: Hub,
) -> None:
    swapped = exemple() | {"id": "inverse", "latitude": "4.03", "longitude": "49.25"}
    report = importer_lieux(hub, [exemple(), swapped], "hubik", essai=True)
    assert [ligne.verdict for ligne in report.lignes] == [Verdict.ACCEPTEE, Verdict.CORRIGEE]
    assert report.lignes[1].corrections == [
        "latitude et longitude inversées : remises dans l'ordre"
    ]
    # The official example's coordinates are near Aix-en-Provence, not in Reims: said too.
    assert report.lignes[0].avertissements[0].startswith("Coordonnées à vérifier")
    assert report.a_signaler() == report.lignes


def ancien() -> list[dict[str, str]]:
    return lire_lignes(ANCIEN.read_bytes(), ANCIEN.name)


def test_a_legacy_file_is_converted_and_each_row_says_what_happened(
    hub: Hub, database_dsn: str
) -> None:
    report = importer_lieux(hub, ancien(), "hub-bfc")
    assert report.format is Format.V01
    by_id = {(ligne.numero, ligne.id_source): ligne for ligne in report.lignes}
    assert [(n, i, ligne.verdict) for (n, i), ligne in by_id.items()] == [
        (2, "bib-dijon-centre", Verdict.CORRIGEE),
        (3, "epn-besancon-planoise", Verdict.CORRIGEE),
        (4, "france-services-dole", Verdict.CORRIGEE),
        (5, "fablab-nevers", Verdict.CORRIGEE),
        (6, "ccas-auxerre", Verdict.REJETEE),
        (7, "mairie-vesoul", Verdict.REJETEE),
        (8, "mjc-macon", Verdict.REJETEE),
        (9, "bib-dijon-centre", Verdict.REJETEE),
        (10, "cs-belfort-residences", Verdict.CORRIGEE),
    ]
    # Each rejected row names its field and says why, in French.
    rejected = {ligne.numero: (ligne.champ, ligne.raison or "") for ligne in report.lignes[4:8]}
    assert rejected[6][0] == "conditions_acces"
    assert "Valeur inconnue pour « conditions_acces » (ancien standard v0.1)" in rejected[6][1]
    assert rejected[7][0] == "latitude" and "hors du territoire français" in rejected[7][1]
    assert rejected[8][0] == "adresse" and "obligatoire « adresse » est vide" in rejected[8][1]
    assert rejected[9][0] == "id" and "figure deux fois" in rejected[9][1]
    # Fixed rows list their fixes.
    fixes = {ligne.numero: "\n".join(ligne.corrections) for ligne in report.lignes}
    assert "services : apostrophes ou espaces normalisés" in fixes[3]
    assert "pivot fictif « 00000000000000 » ignoré" in fixes[3]
    assert "telephone « 03 80 48 82 30 » écrit « +33380488230 »" in fixes[2]
    assert "raccourcie à 280" in fixes[4]
    assert "latitude et longitude inversées" in fixes[10]
    assert events(database_dsn) == 5
    # The places hold v1 values only: the 9 services, the v1 enumerations.
    lieux = {
        ligne.id_source: Lieux(hub).lieu(uuid.UUID(ligne.lieu_id))
        for ligne in report.lignes
        if ligne.lieu_id
    }
    for lieu in lieux.values():
        assert lieu is not None and lieu.services and set(lieu.services) <= set(SERVICES)
    dole = lieux["france-services-dole"]
    assert dole is not None
    assert dole.services == ("Aide aux démarches administratives",)
    assert dole.standard.dispositif_programmes_nationaux == (
        "Aidants Connect",
        "France Services",
        "Point d'accès numérique CAF",
    )
    assert dole.standard.modalites_accompagnement == ("Accompagnement individuel",)
    assert dole.standard.courriels == ("franceservices@dole.fr",)
    besancon = lieux["epn-besancon-planoise"]
    assert besancon is not None
    assert besancon.standard.frais_a_charge == ("Gratuit sous condition",)
    assert besancon.standard.prise_en_charge_specifique == (
        "Handicaps mentaux",
        "Langues étrangères (autres)",
    )


def test_re_importing_a_legacy_file_records_nothing(hub: Hub, database_dsn: str) -> None:
    importer_lieux(hub, ancien(), "hub-bfc")
    assert events(database_dsn) == 5
    again = importer_lieux(hub, ancien(), "hub-bfc")
    assert events(database_dsn) == 5
    assert {ligne.statut for ligne in again.lignes} == {Statut.INCHANGE, Statut.REJETE}
    assert again.compte(Verdict.CORRIGEE) == 5  # the file still needs the same fixes


def test_a_legacy_json_file_with_lists_is_converted(hub: Hub) -> None:
    legacy = [
        {
            "id": "epn-dijon",
            "pivot": "00000000000000",
            "nom": "EPN des Grésilles",
            "commune": "Dijon",
            "code_postal": "21000",
            "code_insee": "21231",
            "adresse": "2 RUE CHAMBERTIN",
            "latitude": 47.33143,
            "longitude": 5.05806,
            "cle_ban": "21231_1400_00002",
            "courriel": "epn@example.fr",
            "date_maj": "2022-10-01",
            "services": ["Prendre en main un ordinateur", "Accompagner les démarches de santé"],
            "publics_accueillis": ["Seniors (+ 65 ans)"],
            "conditions_acces": ["Gratuit"],
            "labels_nationaux": ["CNFS"],
            "modalites_accompagnement": ["Dans un atelier"],
        }
    ]
    rows = lire_lignes(json.dumps(legacy).encode(), "lieux.json")
    [ligne] = importer_lieux(hub, rows, "json-v01").lignes
    assert (ligne.statut, ligne.verdict) == (Statut.CREE, Verdict.CORRIGEE), ligne.raison
    lieu = Lieux(hub).lieu(uuid.UUID(str(ligne.lieu_id)))
    assert lieu is not None
    assert lieu.services == (
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
    )
    assert lieu.standard.modalites_accompagnement == ("Dans un atelier collectif",)
    assert lieu.standard.dispositif_programmes_nationaux == ("Conseillers numériques",)


def test_the_command_line_dry_run_of_a_legacy_file_reports_fixes_and_rejects(
    database_dsn: str, tmp_path: Path
) -> None:
    dry = mednum(database_dsn, tmp_path, "import", "lieux", str(ANCIEN), "--essai")
    assert dry.returncode == 1
    out = dry.stderr
    assert "ancien standard v0.1.x, converti en v1.0.2" in out
    assert "5 créé" in out and "4 rejeté" in out and "5 corrigée" in out
    assert "ligne 6 (ccas-auxerre) : rejetée : conditions_acces : Valeur inconnue" in out
    assert "ligne 4 (france-services-dole) : corrigée, créé" in out
    assert "→ « Aide aux démarches administratives »" in out
    assert events(database_dsn) == 0


PIEGES = DATA / "lieux-legacy-pieges-communes.csv"


def test_a_legacy_file_full_of_commune_traps_is_accepted_with_the_right_codes(hub: Hub) -> None:
    # given a legacy file with CEDEX, short forms, merged communes, wrong postcodes, homonyms
    lignes = lire_lignes(PIEGES.read_bytes(), PIEGES.name)
    # when it is imported
    rapport = importer_lieux(hub, lignes, "hub-voisin")
    # then every row is accepted, in the right commune, and says how it was found
    assert [(ligne.id_source, ligne.raison) for ligne in rapport.lignes if ligne.raison] == []
    attendus = {
        "cedex-1": ("74010", "74000"),
        "cedex-2": ("74010", "74000"),
        "court-1": ("74056", "74400"),
        "fusion-1": ("74010", "74960"),
        "fusion-2": ("74010", "74600"),
        "fusion-3": ("74010", "74960"),
        "cp-faux-1": ("21166", "21300"),
        "homonyme-1": ("04242", "04180"),
        "homonyme-2": ("33551", "33710"),
        "homonyme-3": ("51086", "51140"),
        "article-1": ("71153", "71200"),
        "saint-1": ("42218", "42000"),
    }
    trouves = {}
    for ligne in rapport.lignes:
        lieu = Lieux(hub).lieu(uuid.UUID(str(ligne.lieu_id)))
        assert lieu is not None
        trouves[ligne.id_source] = (lieu.code_insee, lieu.code_postal)
    assert trouves == attendus
    dits = {ligne.id_source: " | ".join(ligne.corrections) for ligne in rapport.lignes}
    assert (
        "Cran-Gevrier → Annecy (commune déléguée de la commune nouvelle Annecy)" in dits["fusion-1"]
    )
    assert "code INSEE 74093 (commune fusionnée) remplacé par 74010" in dits["fusion-3"]
    assert "mention CEDEX retirée" in dits["cedex-1"]
    assert "lu « Chamonix-Mont-Blanc »" in dits["court-1"]
    assert "le plus proche des coordonnées" in dits["homonyme-3"]


def test_far_away_coordinates_and_places_outside_the_territory_are_flagged(hub: Hub) -> None:
    # given the official example (Reims, with coordinates near Aix-en-Provence) and a row in
    # Dijon at its own centre, imported by a hub of Bourgogne-Franche-Comté
    dijon = exemple() | {
        "id": "dijon",
        "commune": "Dijon",
        "code_postal": "21000",
        "code_insee": "21231",
        "latitude": "47.3220",
        "longitude": "5.0415",
    }
    rapport = importer_lieux(hub, [exemple(), dijon], "hubik", territoire="region:27")
    reims, a_dijon = rapport.lignes
    # then the Reims row is imported, with both warnings; the Dijon row with none
    assert reims.statut is Statut.CREE
    assert reims.avertissements[0].startswith("Coordonnées à vérifier : à 6")
    assert "km de Reims (plus de 20 km de son centre)" in reims.avertissements[0]
    assert reims.avertissements[1] == (
        "Hors du territoire du hub (région 27) : Reims est dans le département 51"
    )
    assert a_dijon.statut is Statut.CREE and a_dijon.avertissements == []
    assert rapport.a_signaler() == [reims] and rapport.avertis() == 1
