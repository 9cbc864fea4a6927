"""The demo's referrals, built from the domain's decisions: an old one has reached an end
(taken up at the place with a session there, declined, or expired), a recent one may still be
under way, and a person whose level calls for no place is not oriented."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from domain.activites.events import ActiviteEnregistree
from domain.base import Contexte, Evenement
from domain.diagnostics.commands import RealiserDiagnostic
from domain.diagnostics.decide import realiser_diagnostic
from domain.diagnostics.events import NiveauEvalue
from domain.grille import GRILLE_COURANTE
from domain.lieux.state import Lieu
from domain.orientation.state import EN_COURS, fold
from mednum.demo.orientations import Destinations, orientation_apres_diagnostic

AUJOURDHUI = dt.date(2026, 12, 8)


def _lieu(nom: str, departement: str = "21") -> Lieu:
    return Lieu(
        id=uuid.uuid5(uuid.NAMESPACE_URL, nom),
        version=1,
        nom=nom,
        adresse="1 place de la Mairie",
        complement_adresse=None,
        code_postal="21000",
        code_insee="21231",
        commune="Dijon",
        departement=departement,
        latitude=47.32,
        longitude=5.04,
        services=(),
        horaires=None,
    )


DEPART, AUTRE, LOIN = _lieu("Départ"), _lieu("Autre"), _lieu("Ailleurs", "25")


def _diagnostic(personne: uuid.UUID, niveau: int, date: dt.date) -> list[Evenement]:
    """A diagnostic with every skill at `niveau`, hence at that level."""
    commande = RealiserDiagnostic(
        command_id=uuid.uuid4(),
        beneficiaire_id=personne,
        date=date,
        source="observation",
        scores={f"S{i}": niveau for i in range(1, 7)},
        cible=4,
    )
    moment = dt.datetime.combine(date, dt.time(17), dt.UTC)
    events = list(
        realiser_diagnostic(
            uuid.uuid4(), commande, GRILLE_COURANTE, Contexte(auteur="med", maintenant=moment)
        )
    )
    assert [e.niveau for e in events if isinstance(e, NiveauEvalue)] == [niveau]
    return events


def _issues(jours: int, niveau: int = 1, n: int = 300) -> tuple[Counter[str], list[list[object]]]:
    """The final status of the referrals made `jours` ago after `n` first diagnostics."""
    statuts: Counter[str] = Counter()
    toutes = []
    date = AUJOURDHUI - dt.timedelta(days=jours)
    for i in range(n):
        personne = uuid.uuid5(uuid.NAMESPACE_URL, f"personne-{i}")
        events = orientation_apres_diagnostic(
            f"cle-{i}",
            "med@example.fr",
            date,
            personne,
            _diagnostic(personne, niveau, date),
            DEPART,
            Destinations([DEPART, AUTRE, LOIN], AUJOURDHUI),
        )
        if events:
            toutes.append(events)
            orientation = fold(e for e in events if not isinstance(e, ActiviteEnregistree))
            assert orientation is not None
            statuts[orientation.statut] += 1
    return statuts, toutes


def test_old_referrals_have_all_reached_an_end_of_each_kind() -> None:
    # given first diagnostics two months ago, at a low level
    statuts, toutes = _issues(jours=60)
    # then about a third of the people were oriented, and every referral has ended
    assert 60 < sum(statuts.values()) < 150
    assert set(statuts) == {"aboutie", "refusee", "expiree"}
    assert not set(statuts) & set(EN_COURS)
    for events in toutes:
        orientation = fold(e for e in events if not isinstance(e, ActiviteEnregistree))
        assert orientation is not None
        # to another place of the same département, the mediator's own left out
        assert orientation.lieux_proposes == (AUTRE.id,)
        # one that came through has the person's session at that place, before it ended
        seances = [e for e in events if isinstance(e, ActiviteEnregistree)]
        if orientation.statut == "aboutie":
            [seance] = seances
            rendu = seance.compte_rendu
            assert rendu.lieu_id == AUTRE.id and rendu.beneficiaire_id is not None
        else:
            assert seances == []
        # and each step came after the one before
        instants = [e.timestamp for e in events if not isinstance(e, ActiviteEnregistree)]
        assert instants == sorted(instants)
        assert max(instants).date() < AUJOURDHUI


def test_recent_referrals_may_still_be_under_way() -> None:
    statuts, _ = _issues(jours=3)
    assert set(statuts) & set(EN_COURS)
    assert "expiree" not in statuts and "aboutie" not in statuts


def test_a_person_at_ease_is_not_oriented_to_a_place() -> None:
    statuts, _ = _issues(jours=60, niveau=4)
    assert sum(statuts.values()) == 0
