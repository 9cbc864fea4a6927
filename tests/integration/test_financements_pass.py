"""Mission 2 indicators on a real PostgreSQL: a small hand-computed data set, exact figures
for a territory (the Nièvre) and a period (2025)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import asyncpg
import pytest

from domain.acteurs.commands import RecenserStructure
from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from mednum.services.acteurs import Acteurs
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub
from mednum.services.financements import Financements
from mednum.services.pass_numerique import PassNumerique
from projections.catalogue import all_projections
from projections.financements_requetes import FinancementsStructure, indicateurs_financement
from projections.pass_numerique_requetes import (
    UsageDistributeur,
    UsageLieu,
    indicateurs_commande,
    indicateurs_pass,
)
from tests.integration.outils_projection import projeter_puis
from tests.lieux_outils import recenser_dans

AUTEUR = "coord@example.fr"
DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)


def projeter_et_lire(dsn: str, lire: object) -> object:
    async def run(conn: asyncpg.Connection) -> object:
        sql = "SELECT code_insee FROM communes WHERE departement = '58'"
        communes = [r["code_insee"] for r in await conn.fetch(sql)]
        return await lire(conn, communes)  # type: ignore[operator]

    return projeter_puis(dsn, run, *all_projections())


def _structure(hub: Hub, nom: str, code_insee: str, code_postal: str) -> UUID:
    commande = RecenserStructure(
        command_id=uuid4(),
        siret="21210231300013",
        nom=nom,
        type_structure="Centres sociaux",
        adresse="1 place de la Mairie",
        code_postal=code_postal,
        code_insee=code_insee,
    )
    return Acteurs(hub).recenser_structure(commande, AUTEUR).id


@pytest.fixture
def lieux_et_structures(hub: Hub) -> dict[str, UUID]:
    return {
        "nevers": _structure(hub, "Centre social de Nevers", "58194", "58000"),
        "dijon": _structure(hub, "Centre social de Dijon", "21231", "21000"),
        "l_nevers": recenser_dans(hub, "Médiathèque de Nevers", "58194", "58000", AUTEUR),
        "l_dijon": recenser_dans(hub, "Médiathèque de Dijon", "21231", "21000", AUTEUR),
    }


def test_funds_raised_for_the_nievre_in_2025(
    hub: Hub, database_dsn: str, lieux_et_structures: dict[str, UUID]
) -> None:
    service = Financements(hub)
    nevers, dijon = lieux_et_structures["nevers"], lieux_et_structures["dijon"]

    def dossier(
        source: str, demande: int, depot: date, structure: UUID = nevers, **flags: bool
    ) -> UUID:
        return service.deposer(
            DeposerFinancement(
                command_id=uuid4(),
                source=source,
                financeur="Financeur",
                objet="Objet",
                montant_demande=demande,
                structure_id=structure,
                date_depot=depot,
                periode_debut=date(2025, 1, 1),
                periode_fin=date(2025, 12, 31),
                **flags,
            ),
            AUTEUR,
        ).id

    def accorder(fid: UUID, montant: int, jour: date, version: int = 1, **k: bool) -> None:
        service.accorder(
            fid,
            AccorderFinancement(
                command_id=uuid4(),
                version=version,
                montant_accorde=montant,
                date_decision=jour,
                **k,
            ),
            AUTEUR,
        )

    def refuser(fid: UUID, jour: date, version: int = 1, **k: bool) -> None:
        service.refuser(
            fid,
            RefuserFinancement(command_id=uuid4(), version=version, date_decision=jour, **k),
            AUTEUR,
        )

    # given applications of a Nevers structure, one of a Dijon structure
    f1 = dossier("region", 4_000_000, date(2025, 1, 15), fleche_accompagnement=True)
    accorder(f1, 3_000_000, date(2025, 4, 2))
    f2 = dossier("banque_des_territoires", 10_000_000, date(2025, 1, 20), fonctionnement_hub=True)
    accorder(f2, 8_000_000, date(2025, 6, 1))
    refuser(dossier("fse_feder", 5_000_000, date(2025, 2, 1)), date(2025, 5, 10))
    f4 = dossier("prive", 800_000, date(2025, 9, 1))  # awaiting, corrected to 10 000 €
    service.modifier(
        f4, ModifierFinancement(command_id=uuid4(), version=1, montant_demande=1_000_000), AUTEUR
    )
    dossier("departement", 2_000_000, date(2024, 11, 1))  # awaiting since 2024: not counted
    accorder(dossier("etat_anct", 500_000, date(2024, 10, 1)), 500_000, date(2025, 2, 1))
    accorder(dossier("region", 7_000_000, date(2025, 1, 5), dijon), 7_000_000, date(2025, 3, 1))
    f8 = dossier("epci", 600_000, date(2025, 2, 1))  # granted, then corrected to refused
    accorder(f8, 400_000, date(2025, 3, 1))
    refuser(f8, date(2025, 3, 15), version=2, correction=True)

    # when the report reads the Nièvre's 2025
    ind = projeter_et_lire(
        database_dsn, lambda conn, communes: indicateurs_financement(conn, communes, DEBUT, FIN)
    )

    # then the figures are exactly those computed by hand
    assert (ind.nb_deposes, ind.montant_demande) == (6, 21_100_000)  # type: ignore[attr-defined]
    assert (ind.nb_en_attente, ind.montant_en_attente) == (1, 1_000_000)  # type: ignore[attr-defined]
    assert (ind.nb_accordes, ind.montant_accorde, ind.montant_demande_accordes) == (  # type: ignore[attr-defined]
        3,
        11_500_000,
        14_500_000,
    )
    assert (ind.nb_refuses, ind.montant_refuse) == (2, 5_600_000)  # type: ignore[attr-defined]
    assert ind.accorde_par_source == {  # type: ignore[attr-defined]
        "banque_des_territoires": 8_000_000,
        "etat_anct": 500_000,
        "region": 3_000_000,
        "departement": 0,
        "epci": 0,
        "fse_feder": 0,
        "prive": 0,
    }
    assert ind.nb_accordes_par_source["region"] == 1  # type: ignore[attr-defined]
    assert ind.accorde_fonctionnement_hub == 8_000_000  # type: ignore[attr-defined]
    assert ind.accorde_fleche_accompagnement == 3_000_000  # type: ignore[attr-defined]
    assert ind.par_structure == [  # type: ignore[attr-defined]
        FinancementsStructure(
            structure_id=nevers,
            nom="Centre social de Nevers",
            code_insee="58194",
            nb_accordes=3,
            montant_accorde=11_500_000,
        )
    ]
    assert ind.taux_succes == pytest.approx(0.6)  # type: ignore[attr-defined]
    assert ind.effet_levier == pytest.approx(0.4375)  # type: ignore[attr-defined]

    # and the first quarter reads them as they stood on 31 March: the three applications
    # decided since were awaiting a decision then, and still count as such
    t1 = projeter_et_lire(
        database_dsn,
        lambda conn, communes: indicateurs_financement(conn, communes, DEBUT, date(2025, 3, 31)),
    )
    assert (t1.nb_deposes, t1.montant_demande) == (5, 20_100_000)  # type: ignore[attr-defined]
    assert (t1.nb_en_attente, t1.montant_en_attente) == (3, 19_000_000)  # type: ignore[attr-defined]
    assert (t1.nb_accordes, t1.montant_accorde) == (1, 500_000)  # type: ignore[attr-defined]
    assert (t1.nb_refuses, t1.montant_refuse) == (1, 600_000)  # type: ignore[attr-defined]
    assert t1.accorde_fonctionnement_hub == 0  # type: ignore[attr-defined]


def test_pass_numerique_for_the_nievre_in_2025(
    hub: Hub, database_dsn: str, lieux_et_structures: dict[str, UUID]
) -> None:
    service = PassNumerique(hub)
    s_nevers, s_dijon = lieux_et_structures["nevers"], lieux_et_structures["dijon"]
    l_nevers, l_dijon = lieux_et_structures["l_nevers"], lieux_et_structures["l_dijon"]
    b1, b2, b3 = (
        Beneficiaires(hub).enregistrer(EnregistrerBeneficiaire(command_id=uuid4()), AUTEUR).id
        for _ in range(3)
    )

    def commande(niveau: str, code: str, nb: int, ppc: int, vf: int, jour: date) -> UUID:
        return service.passer_commande(
            PasserCommande(
                command_id=uuid4(),
                commanditaire="Commanditaire",
                perimetre_niveau=niveau,
                perimetre_code=code,
                date_commande=jour,
                nb_carnets=nb,
                pass_par_carnet=ppc,
                valeur_faciale=vf,
            ),
            AUTEUR,
        ).id

    def remise(cid: UUID, debut: int, fin: int, jour: date, **qui: object) -> None:
        service.remettre_carnets(
            cid,
            RemettreCarnets(
                command_id=uuid4(),
                numero_debut=debut,
                numero_fin=fin,
                date_remise=jour,
                **qui,  # type: ignore[arg-type]
            ),
            AUTEUR,
        )

    def injection(cid: UUID, numero: int, jour: date, beneficiaire: UUID | None = None) -> None:
        service.injecter_carnet(
            cid,
            InjecterCarnet(
                command_id=uuid4(),
                numero_carnet=numero,
                date_injection=jour,
                beneficiaire_id=beneficiaire,
            ),
            AUTEUR,
        )

    def scan(cid: UUID, carnet: int, numero: int, lieu: UUID, jour: date) -> None:
        service.scanner_pass(
            cid,
            ScannerPass(
                command_id=uuid4(),
                numero_carnet=carnet,
                numero_pass=numero,
                lieu_id=lieu,
                date_scan=jour,
            ),
            AUTEUR,
        )

    # given a regional order (10 × 10 pass of 10 €) and a Dijon one (5 × 5 pass of 20 €)
    c1 = commande("region", "27", 10, 10, 1000, date(2025, 2, 1))
    c2 = commande("commune", "21231", 5, 5, 2000, date(2025, 2, 1))
    remise(c1, 1, 4, date(2025, 2, 10), distributeur_structure_id=s_nevers)
    remise(c1, 5, 6, date(2025, 2, 10), distributeur_nom="CCAS de Clamecy")
    remise(c1, 7, 8, date(2025, 2, 10), distributeur_structure_id=s_dijon)
    remise(c2, 1, 5, date(2025, 2, 5), distributeur_structure_id=s_dijon)
    injection(c1, 1, date(2025, 3, 1), b1)
    injection(c1, 2, date(2025, 3, 1), b1)
    injection(c1, 3, date(2025, 3, 5))
    injection(c1, 4, date(2025, 3, 10))
    injection(c1, 5, date(2025, 3, 2), b2)
    injection(c1, 7, date(2025, 3, 3), b3)
    injection(c2, 1, date(2025, 2, 6))
    scan(c1, 1, 1, l_nevers, date(2025, 3, 4))
    scan(c1, 1, 2, l_nevers, date(2025, 3, 10))
    scan(c1, 2, 1, l_dijon, date(2025, 3, 11))
    scan(c1, 3, 1, l_nevers, date(2025, 3, 25))
    scan(c1, 5, 1, l_nevers, date(2025, 3, 3))
    scan(c1, 5, 2, l_nevers, date(2025, 4, 1))
    scan(c1, 5, 3, l_nevers, date(2026, 1, 15))  # in the tolerance month, after the period
    scan(c1, 7, 1, l_nevers, date(2025, 3, 20))
    scan(c2, 1, 1, l_dijon, date(2025, 2, 7))

    # when the report reads the Nièvre's 2025, and the order's page its whole life
    async def lire(conn: asyncpg.Connection, communes: list[str]) -> tuple[object, object]:
        return (
            await indicateurs_pass(conn, communes, DEBUT, FIN),
            await indicateurs_commande(conn, c1),
        )

    ind, tout = projeter_et_lire(database_dsn, lire)  # type: ignore[misc]

    # then the territory's figures are exactly those computed by hand
    assert (ind.carnets_emis, ind.pass_emis, ind.montant_commande) == (10, 100, 100_000)
    assert ind.carnets_remis == 6  # 1-4 in Nevers, 5-6 by name with the regional order
    assert (ind.carnets_injectes, ind.montant_injecte, ind.carnets_entames) == (5, 50_000, 4)
    assert (ind.pass_scannes, ind.montant_consomme, ind.beneficiaires_avec_scan) == (6, 6000, 4)
    assert ind.delai_median_jours == 6.5  # delays 1, 3, 10, 20
    assert ind.par_distributeur == [
        UsageDistributeur(
            structure_id=s_nevers,
            nom="Centre social de Nevers",
            carnets_recus=4,
            carnets_injectes=4,
            pass_scannes=3,
        ),
        UsageDistributeur(
            structure_id=None,
            nom="CCAS de Clamecy",
            carnets_recus=2,
            carnets_injectes=1,
            pass_scannes=2,
        ),
        UsageDistributeur(
            structure_id=s_dijon,
            nom="Centre social de Dijon",
            carnets_recus=0,
            carnets_injectes=0,
            pass_scannes=1,
        ),
    ]
    assert ind.par_lieu == [
        UsageLieu(lieu_id=l_nevers, nom="Médiathèque de Nevers", pass_scannes=6)
    ]
    assert (ind.taux_injection, ind.taux_entame, ind.taux_utilisation) == (0.5, 0.8, 0.06)
    assert ind.cout_par_beneficiaire == 1500
    # and the order's whole life, wherever its pass went
    assert (tout.carnets_remis, tout.carnets_injectes, tout.carnets_entames) == (8, 6, 5)
    assert (tout.pass_scannes, tout.montant_consomme, tout.delai_median_jours) == (8, 8000, 10)
    assert tout.par_lieu == [
        UsageLieu(lieu_id=l_nevers, nom="Médiathèque de Nevers", pass_scannes=7),
        UsageLieu(lieu_id=l_dijon, nom="Médiathèque de Dijon", pass_scannes=1),
    ]
