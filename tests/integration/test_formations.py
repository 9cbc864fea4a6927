"""Trainings on a real PostgreSQL: the service with the registry's aidants and places, the
qualification a completed training records, and the read model rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from domain.acteurs.commands import EnregistrerAidant, EnregistrerQualification
from domain.errors import ConflitDeVersion, DomainError
from domain.formations.commands import (
    AnnulerInscription,
    CreerParcours,
    EnregistrerPresences,
    InscrireAidant,
    ModifierParcours,
    ProgrammerSession,
    TerminerFormation,
)
from mednum.infra.projector import Projector
from mednum.services.executeur import Hub
from mednum.services.formations import Formations, command_id_qualification
from projections.acteurs import ActeursProjection
from projections.formations import FormationsProjection
from projections.formations_requetes import (
    FiltresParcours,
    FiltresSessions,
    inscriptions_de_session,
    lire_parcours,
    lire_session,
    lister_parcours,
    lister_sessions,
)
from projections.lieux import LieuxProjection
from tests.integration.outils_projection import projeter_puis
from tests.lieux_outils import recenser

AUTEUR = "coord@example.fr"
DEBUT = date(2026, 3, 2)
FIN = date(2026, 3, 3)


class Horloge:
    """The hub's clock, moved by the test: enrol before the session, complete after it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def horloge() -> Horloge:
    return Horloge(datetime(2026, 2, 1, 9, tzinfo=UTC))


@pytest.fixture
def formations(hub: Hub, horloge: Horloge) -> Formations:
    return Formations(Hub(hub.app, hub.communes, clock=horloge))


def lieu(hub: Hub) -> UUID:
    return recenser(hub, AUTEUR)


def aidant(formations: Formations, prenom: str, type_aidant: str = "conseiller_numerique") -> UUID:
    commande = EnregistrerAidant(
        command_id=uuid4(), prenom=prenom, nom="Durand", type_aidant=type_aidant
    )
    return formations.acteurs.enregistrer_aidant(commande, AUTEUR).id


def parcours(formations: Formations, **changes: Any) -> UUID:
    valeurs: dict[str, Any] = {
        "command_id": str(uuid4()),
        "titre": "Formation Aidants Connect",
        "duree_heures": 14,
        "types_aidant": ["conseiller_numerique", "agent_france_services"],
        "modules": [{"titre": "Le mandat", "heures": 7}, {"titre": "La pratique", "heures": 7}],
        "qualification_delivree": "formation_aidants_connect",
    }
    return formations.creer_parcours(msgspec.convert(valeurs | changes, CreerParcours), AUTEUR).id


def session(formations: Formations, parcours_id: UUID, lieu_id: UUID, capacite: int) -> UUID:
    commande = ProgrammerSession(
        command_id=uuid4(),
        parcours_id=parcours_id,
        debut=DEBUT,
        fin=FIN,
        mode="presentiel",
        lieu_id=lieu_id,
        formateur="Camille Martin",
        organisme="Coop numérique BFC",
        capacite=capacite,
    )
    return formations.programmer_session(commande, AUTEUR).id


def une_session(formations: Formations, capacite: int, **parcours_: Any) -> UUID:
    """A session of `capacite` places at a new place, on a new path (`parcours_` changed)."""
    place = lieu(formations.hub)
    return session(formations, parcours(formations, **parcours_), place, capacite)


def inscrire(formations: Formations, session_id: UUID, aidant_id: UUID) -> None:
    formations.inscrire(session_id, InscrireAidant(command_id=uuid4(), aidant_id=aidant_id), AUTEUR)


def presences(formations: Formations, session_id: UUID, aidant_id: UUID) -> None:
    commande = msgspec.convert(
        {
            "command_id": str(uuid4()),
            "presences": [
                {"aidant_id": str(aidant_id), "creneau": jour, "present": True}
                for jour in ("2026-03-02", "2026-03-03")
            ],
        },
        EnregistrerPresences,
    )
    formations.enregistrer_presences(session_id, commande, AUTEUR)


def projeter(dsn: str, query: Any) -> Any:
    projections = (LieuxProjection(), ActeursProjection(), FormationsProjection())
    return projeter_puis(dsn, query, *projections)


def test_completion_records_the_qualification_on_the_aidant_once(
    formations: Formations, horloge: Horloge
) -> None:
    # given an aidant enrolled before the session and present on both days
    sid = une_session(formations, capacite=5)
    camille = aidant(formations, "Camille")
    inscrire(formations, sid, camille)
    horloge.moment = datetime(2026, 3, 3, 17, tzinfo=UTC)
    presences(formations, sid, camille)
    # when the training is completed, and the same request is sent again
    fin = TerminerFormation(command_id=uuid4(), aidant_id=camille)
    first = formations.terminer_formation(sid, fin, AUTEUR)
    again = formations.terminer_formation(sid, fin, AUTEUR)
    # and once more with a new request id (a second click)
    formations.terminer_formation(
        sid, TerminerFormation(command_id=uuid4(), aidant_id=camille), AUTEUR
    )
    # then the aidant holds the Aidants Connect training, obtained on the session's last day
    etat = formations.acteurs.aidant(camille)
    assert etat is not None
    assert [(q.type, q.obtenue_le) for q in etat.qualifications] == [
        ("formation_aidants_connect", FIN)
    ]
    assert again.rejoue and again.version == first.version
    # and it was recorded under a request id derived from the session and the aidant
    meme = EnregistrerQualification(
        command_id=command_id_qualification(sid, camille),
        type="formation_aidants_connect",
        obtenue_le=FIN,
        libelle="Formation Aidants Connect",
    )
    assert formations.acteurs.enregistrer_qualification(camille, meme, AUTEUR).rejoue


def test_a_path_without_qualification_records_none(
    formations: Formations, horloge: Horloge
) -> None:
    sid = une_session(formations, capacite=5, qualification_delivree=None)
    camille = aidant(formations, "Camille")
    inscrire(formations, sid, camille)
    horloge.moment = datetime(2026, 3, 4, 9, tzinfo=UTC)
    presences(formations, sid, camille)
    formations.terminer_formation(
        sid, TerminerFormation(command_id=uuid4(), aidant_id=camille), AUTEUR
    )
    etat = formations.acteurs.aidant(camille)
    assert etat is not None and etat.qualifications == ()


def test_the_read_model_counts_places_and_promotes_the_waiting_list(
    formations: Formations, database_dsn: str
) -> None:
    # given a session of one place and two aidants enrolled
    sid = une_session(formations, capacite=1)
    alice, bruno = aidant(formations, "Alice"), aidant(formations, "Bruno", "agent_france_services")
    inscrire(formations, sid, alice)
    inscrire(formations, sid, bruno)

    async def lire(conn: asyncpg.Connection) -> Any:
        return await lire_session(conn, sid), await inscriptions_de_session(conn, sid)

    vue, liste = projeter(database_dsn, lire)
    assert (vue.inscrits, vue.en_attente, vue.places_restantes) == (1, 1, 0)
    assert vue.lieu_nom == "Médiathèque Champollion" and vue.parcours_titre.startswith("Formation")
    assert [(i.prenom, i.statut) for i in liste] == [("Alice", "inscrit"), ("Bruno", "en_attente")]
    # when the enrolled one cancels
    formations.annuler_inscription(
        sid, AnnulerInscription(command_id=uuid4(), aidant_id=alice, motif="Malade"), AUTEUR
    )
    # then the waiting one takes the place, and the version follows the log
    vue, liste = projeter(database_dsn, lire)
    assert (vue.inscrits, vue.en_attente, vue.places_restantes) == (1, 0, 0)
    assert [(i.prenom, i.statut) for i in liste] == [("Bruno", "inscrit"), ("Alice", "annulee")]
    etat = formations.session(sid)
    assert etat is not None and vue.version == etat.version == 5


def test_paths_and_sessions_are_listed_and_filtered(
    formations: Formations, database_dsn: str
) -> None:
    place = lieu(formations.hub)
    ac = parcours(formations)
    remn = parcours(
        formations,
        titre="Parcours REMN / CCP",
        duree_heures=35,
        modules=[],
        types_aidant=["mediateur_numerique_salarie"],
        qualification_delivree="ccp_titre_professionnel",
    )
    session(formations, ac, place, capacite=3)
    formations.modifier_parcours(
        remn, ModifierParcours(command_id=uuid4(), version=1, description="Titre pro"), AUTEUR
    )

    async def lire(conn: asyncpg.Connection) -> Any:
        tous, _ = await lister_parcours(conn, FiltresParcours(), limit=10, offset=0)
        cn, _ = await lister_parcours(
            conn, FiltresParcours(type_aidant="conseiller_numerique"), limit=10, offset=0
        )
        sessions, total = await lister_sessions(
            conn, FiltresSessions(departement="21", a_partir_du=DEBUT), limit=10, offset=0
        )
        return tous, cn, sessions, total, await lire_parcours(conn, remn)

    tous, cn, sessions, total, lu = projeter(database_dsn, lire)
    assert [p.titre for p in tous] == ["Formation Aidants Connect", "Parcours REMN / CCP"]
    assert [p.id for p in cn] == [ac]
    assert total == 1 and sessions[0].places_restantes == 3
    assert [c.jour for c in sessions[0].creneaux] == [DEBUT, FIN]
    assert lu.description == "Titre pro" and lu.version == 2 and lu.modules == []


def test_stale_versions_and_ids_of_other_records_are_refused_not_crashes(
    formations: Formations,
) -> None:
    place = lieu(formations.hub)
    path = parcours(formations)
    formations.modifier_parcours(
        path, ModifierParcours(command_id=uuid4(), version=1, titre="Nouveau titre"), AUTEUR
    )
    with pytest.raises(ConflitDeVersion):
        formations.modifier_parcours(
            path, ModifierParcours(command_id=uuid4(), version=1, titre="Autre"), AUTEUR
        )
    # a place's id given as the path, and as the aidant
    with pytest.raises(DomainError) as refus:
        session(formations, place, place, capacite=2)
    assert refus.value.champ == "parcours_id"
    sid = session(formations, path, place, capacite=2)
    with pytest.raises(DomainError) as refus:
        inscrire(formations, sid, place)
    assert refus.value.champ == "aidant_id"
    # and an aidant of a type the path does not target
    with pytest.raises(DomainError) as refus:
        inscrire(formations, sid, aidant(formations, "Zoé", "benevole"))
    assert "s'adresse aux profils suivants" in refus.value.message


def test_the_projection_rebuilds_to_the_same_rows(
    formations: Formations, database_dsn: str
) -> None:
    sid = une_session(formations, capacite=1)
    for prenom in ("Alice", "Bruno", "Chloé"):
        inscrire(formations, sid, aidant(formations, prenom))

    async def rangées(conn: asyncpg.Connection) -> Any:
        return [
            dict(r)
            for r in await conn.fetch(
                "SELECT session_id, aidant_id, statut, rang FROM formation_inscriptions "
                "ORDER BY rang"
            )
        ] + [dict(await conn.fetchrow("SELECT * FROM formation_sessions"))]

    avant = projeter(database_dsn, rangées)

    async def reconstruire(conn: asyncpg.Connection) -> Any:
        projection = FormationsProjection()
        await projection.reset(conn)
        await conn.execute("UPDATE projection_tracking SET position = 0 WHERE name = 'formations'")
        await Projector(projection).catch_up(conn)
        return await rangées(conn)

    assert projeter(database_dsn, reconstruire) == avant
    assert [r.get("statut") for r in avant[:3]] == ["inscrit", "en_attente", "en_attente"]
