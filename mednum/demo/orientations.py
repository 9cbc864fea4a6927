"""The demo's referrals: after a followed person's first diagnostic, the mediator sometimes
orients them to another place of the département, by the rule their level calls for, and the
referral then goes the way referrals go (accepted and taken in charge by the place, declined,
left without an answer until it expires), each step on its own day, as the events' instants.
Those of the last month are still under way: the mediators' pages have some to follow up.

Built from the domain's decide functions, as the sessions are (mediation.py): the events are
what the web would have recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from typing import NamedTuple
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.activites.commands import EnregistrerActivite
from domain.activites.decide import enregistrer_activite
from domain.activites.regles import Verifications
from domain.base import Contexte, Evenement
from domain.diagnostics.events import NiveauEvalue
from domain.lieux.state import Lieu
from domain.orientation.commands import (
    AccepterOrientation,
    ConstaterAboutissement,
    ProposerOrientation,
    RefuserOrientation,
)
from domain.orientation.decide import (
    DELAI_EXPIRATION,
    accepter_orientation,
    confirmer_prise_en_charge,
    constater_aboutissement,
    expirer_orientation,
    proposer_orientation,
    refuser_orientation,
)
from domain.orientation.moteur import Situation, proposer
from domain.orientation.state import fold
from mednum.services.orientation import AUTEUR_LIEU, AUTEUR_SUIVI

PARIS = ZoneInfo("Europe/Paris")
_NAMESPACE = uuid.UUID("a4e1c7d2-6f3b-4b8a-9c05-7e2d1f8b3a64")
PART_ORIENTEES = 0.35
"""Of the followed people at their first diagnostic."""
MOTIFS = ("Horaires incompatibles", "Trop loin de chez moi", "Préfère continuer ici")


def _ctx(auteur: str, jour: dt.date, heure: int) -> Contexte:
    return Contexte(auteur=auteur, maintenant=dt.datetime.combine(jour, dt.time(heure), PARIS))


def _premiere_seance(
    cle: str, email: str, jour: dt.date, lieu: Lieu, personne: UUID
) -> list[Evenement]:
    """The person's first session at the place they were oriented to."""
    commande = EnregistrerActivite(
        command_id=uuid.uuid5(_NAMESPACE, f"seance-cmd-{cle}"),
        type="individuel",
        date=jour,
        duree=60,
        thematiques=["navigation_sur_internet"],
        type_lieu="lieu_activite",
        lieu_id=lieu.id,
        beneficiaire_id=personne,
    )
    verifications = Verifications(
        lieux_ouverts={lieu.id: True},
        communes={lieu.code_insee: lieu.commune},
        beneficiaires={personne: "ok"},
    )
    activite_id = uuid.uuid5(_NAMESPACE, f"seance-{cle}")
    return list(enregistrer_activite(activite_id, commande, verifications, _ctx(email, jour, 15)))


class Destinations(NamedTuple):
    """Where people can be oriented (the registry's places), and the day the demo is loaded."""

    lieux: list[Lieu]
    aujourdhui: dt.date


def orientation_apres_diagnostic(
    cle: str,
    email: str,
    date: dt.date,
    personne: UUID,
    diagnostic: list[Evenement],
    depart: Lieu,
    destinations: Destinations,
) -> list[Evenement]:
    """A referral of `personne` (diagnosed on `date`, at `depart`, by the events of
    `diagnostic`) and its outcome by the day the demo is loaded; none when the level calls
    for no place, or by chance. Its own random draws: the sessions' are left as they were."""
    lieux, aujourdhui = destinations
    niveau = next(e.niveau for e in diagnostic if isinstance(e, NiveauEvalue))
    rng = random.Random(f"orientation-{cle}")
    if rng.random() >= PART_ORIENTEES:
        return []
    regles = [p.regle for p in proposer(Situation(niveau=niveau)) if p.avec_lieux]
    ailleurs = [
        lieu for lieu in lieux if lieu.departement == depart.departement and lieu.id != depart.id
    ]
    if not regles or not ailleurs:
        return []
    lieu = rng.choice(ailleurs)
    ident = uuid.uuid5(_NAMESPACE, f"orientation-{cle}")
    commande = ProposerOrientation(
        command_id=uuid.uuid5(_NAMESPACE, f"proposer-{cle}"),
        beneficiaire_id=personne,
        niveau=niveau,
        regle=regles[0],
        lieux_proposes=[lieu.id],
    )
    events = proposer_orientation(ident, commande, email, _ctx(email, date, 17))

    def etape(jours: int) -> dt.date | None:
        jour = date + dt.timedelta(days=jours)
        return jour if jour < aujourdhui else None

    issue = rng.random()
    if issue < 0.15 and (jour := etape(rng.randint(1, 6))):
        refus = RefuserOrientation(
            command_id=uuid.uuid5(_NAMESPACE, f"refuser-{cle}"),
            version=1,
            motif=rng.choice(MOTIFS),
        )
        return events + refuser_orientation(fold(events), refus, _ctx(email, jour, 10))
    if issue < 0.75 and (jour := etape(rng.randint(1, 4))):
        empreinte = hashlib.sha256(f"demo-{cle}".encode()).hexdigest()
        accord = AccepterOrientation(
            command_id=uuid.uuid5(_NAMESPACE, f"accepter-{cle}"), version=1
        )
        events += accepter_orientation(fold(events), accord, empreinte, _ctx(email, jour, 11))
        if issue < 0.6 and (prise := etape((jour - date).days + rng.randint(1, 6))):
            events += confirmer_prise_en_charge(
                fold(events), empreinte, _ctx(AUTEUR_LIEU, prise, 14)
            )
            seance = etape((prise - date).days + rng.randint(2, 10))
            if seance is None:
                return events  # taken in charge, the first session still to come
            activite = _premiere_seance(cle, email, seance, lieu, personne)
            constat = ConstaterAboutissement(
                command_id=uuid.uuid5(_NAMESPACE, f"aboutie-{cle}"),
                activite_id=activite[0].originator_id,
                date=seance,
            )
            return [
                *events,
                *activite,
                *constater_aboutissement(fold(events), constat, _ctx(AUTEUR_SUIVI, seance, 18)),
            ]
    if expiree := etape(DELAI_EXPIRATION.days + 1):
        events += expirer_orientation(fold(events), _ctx(AUTEUR_SUIVI, expiree, 3))
    return events
