"""Demo trainings: ~6 training paths and ~30 sessions over the past and next months, with
enrolments, a waiting list here and there, attendance and completions for the past ones.

Everything goes through the real commands. Ids and command ids are uuid5 of fixed names, so
a second run creates nothing. Dates count from the Monday of the week of the first run (read
back from the first session when it exists), so a later run sends the very same commands.
Past steps are run with the hub's clock set to when they would have happened: enrolments a
week before the session, attendance and completion on its last evening.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from domain.acteurs.state import fold_aidant
from domain.formations.commands import (
    CreerParcours,
    CreneauSaisi,
    EnregistrerPresences,
    InscrireAidant,
    Module,
    Presence,
    ProgrammerSession,
    TerminerFormation,
)
from domain.formations.events import Creneau
from domain.formations.outils import PARIS
from domain.lieux.state import fold as fold_lieu
from mednum.services.executeur import Hub, Resultat
from mednum.services.formations import Formations

DEMO_AUTHOR = "demo@mednum"
_NAMESPACE = uuid.UUID("0c3f6a2e-9b71-4d5a-8e2f-41d7b6c9a803")
PROS = [
    "conseiller_numerique",
    "mediateur_numerique_salarie",
    "agent_france_services",
    "travailleur_social",
    "agent_accueil",
]
TOUS = [*PROS, "benevole", "service_civique"]

# (title, hours, modules, target types, qualification, description)
PARCOURS: tuple[tuple[str, float, list[tuple[str, float]], list[str], str | None, str], ...] = (
    (
        "Formation Aidants Connect",
        14,
        [
            ("Le cadre : mandat, RGPD et responsabilités", 3.5),
            ("Créer et gérer un mandat", 3.5),
            ("Mises en situation", 7),
        ],
        PROS,
        "formation_aidants_connect",
        "Pour réaliser des démarches en ligne à la place d'une personne, en toute sécurité "
        "juridique. Suivie du test PIX, elle ouvre l'habilitation Aidants Connect.",
    ),
    (
        "Parcours REMN / CCP « Accompagner différents publics »",
        35,
        [
            ("Diagnostiquer les besoins numériques", 7),
            ("Concevoir un accompagnement", 7),
            ("Animer un atelier collectif", 7),
            ("Accompagner les démarches en ligne", 7),
            ("Préparer l'évaluation du CCP", 7),
        ],
        ["conseiller_numerique", "mediateur_numerique_salarie"],
        "ccp_titre_professionnel",
        "Prépare un bloc du titre professionnel Responsable d'espace de médiation numérique.",
    ),
    (
        "Accueillir les publics éloignés du numérique",
        7,
        [("Repérer les fragilités numériques", 3), ("Postures d'accueil et orientation", 4)],
        [
            "agent_accueil",
            "agent_france_services",
            "travailleur_social",
            "benevole",
            "service_civique",
        ],
        None,
        "Reconnaître une difficulté avec le numérique et orienter vers le bon lieu.",
    ),
    (
        "Accompagner les démarches en ligne en sécurité",
        7,
        [
            ("Identité numérique et FranceConnect", 3.5),
            ("Arnaques, mots de passe et données personnelles", 3.5),
        ],
        TOUS,
        None,
        "Les bons réflexes pour aider sans faire à la place, et protéger les données.",
    ),
    (
        "Animer un atelier numérique collectif",
        7,
        [("Préparer sa séance", 3), ("Animer et faire pratiquer", 4)],
        ["conseiller_numerique", "mediateur_numerique_salarie", "benevole", "service_civique"],
        None,
        "Construire et animer un atelier de découverte pour un petit groupe.",
    ),
    (
        "Les outils de la coopération : Pix, Coop et cartographie",
        3.5,
        [("Prise en main des outils", 3.5)],
        ["conseiller_numerique", "mediateur_numerique_salarie"],
        None,
        "Une demi-journée pour tenir à jour son lieu, ses accompagnements et ses parcours Pix.",
    ),
)
# Weeks from the anchor Monday of each path's sessions: 30 sessions, about 4 months back and
# 3 months ahead.
SEMAINES = (-16, -11, -6, -2, 3, 9)
FORMATEURS = (
    ("Camille Martin", "Coop numérique BFC"),
    ("Julien Perrin", "Hinaura formation"),
    ("Sophie Bernard", None),
    ("Nadia Benali", "La Mednum"),
    ("Thomas Girard", "PIMMS Médiation Dijon"),
)


def _id(*parts: object) -> UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(map(str, parts)))


def _paris(jour: date, heure: int) -> datetime:
    return datetime.combine(jour, time(heure), tzinfo=PARIS).astimezone(UTC)


def _creneaux(debut: date, heures: float) -> list[Creneau]:
    if heures <= 3.5:
        return [Creneau(jour=debut, moment="matin")]
    return [Creneau(jour=debut + timedelta(days=n)) for n in range(max(1, round(heures / 7)))]


def demo_formations(
    hub: Hub, aidant_ids: list[UUID], lieu_ids: list[UUID], seed: int = 2026
) -> int:
    """Returns how many commands changed something (0 on a second run)."""
    demo = _Demo(hub, seed)
    # Each open place and each active aidant with when it was recorded: a session is held at
    # a place, and enrols aidants, that the registry had by then.
    lieux: dict[UUID, datetime] = {}
    for lieu_id in lieu_ids:
        events = hub.events(lieu_id)
        lieu = fold_lieu(events)
        if lieu is not None and not lieu.ferme:
            lieux[lieu_id] = events[0].timestamp
    types: dict[UUID, tuple[str, datetime]] = {}
    for aidant_id in aidant_ids:
        events = hub.events(aidant_id)
        aidant = fold_aidant(events)
        if aidant is not None and not aidant.desactive:
            types[aidant_id] = (aidant.type_aidant, events[0].timestamp)
    lundi = demo.ancre()
    for rang, (titre, heures, modules, cibles, qualification, description) in enumerate(PARCOURS):
        parcours_id = _id("parcours", seed, rang)
        demo.a(_paris(lundi + timedelta(weeks=SEMAINES[0] - 4), 10)).creer_parcours(
            CreerParcours(
                command_id=_id("parcours-cmd", seed, rang),
                titre=titre,
                duree_heures=heures,
                modules=[Module(titre=t, heures=h) for t, h in modules],
                types_aidant=cibles,
                qualification_delivree=qualification,
                description=description,
            ),
            DEMO_AUTHOR,
            parcours_id=parcours_id,
        )
        public = {a: arrivee for a, (t, arrivee) in types.items() if t in cibles}
        for numero, semaine in enumerate(_semaines(rang)):
            debut = lundi + timedelta(weeks=semaine, days=(rang + numero) % 3)
            demo.session(parcours_id, debut, heures, lieux, public, (seed, rang, numero))
    return demo.ecrits


def _semaines(rang: int) -> tuple[int, ...]:
    return SEMAINES[:5] if rang % 2 else SEMAINES[1:]


class _Demo:
    def __init__(self, hub: Hub, seed: int) -> None:
        self.hub = hub
        self.seed = seed
        self.formations = Formations(hub)
        self.ecrits = 0

    def a(self, moment: datetime) -> Formations:
        """The service with the hub's clock at `moment` (never later than now)."""
        moment = min(moment, datetime.now(UTC))
        formations = Formations(Hub(self.hub.app, self.hub.communes, clock=lambda: moment))
        return _Comptage(formations, self)  # type: ignore[return-value]

    def ancre(self) -> date:
        """The Monday the demo's dates count from: the first run's, or this week's."""
        premiere = self.formations.session(_id("session", self.seed, 0, 0))
        if premiere is not None:
            return premiere.debut - timedelta(weeks=_semaines(0)[0])
        aujourdhui = datetime.now(PARIS).date()
        return aujourdhui - timedelta(days=aujourdhui.weekday())

    def session(
        self,
        parcours_id: UUID,
        debut: date,
        heures: float,
        recenses: dict[UUID, datetime],
        arrivees: dict[UUID, datetime],
        cle: tuple[int, int, int],
    ) -> None:
        """`recenses`: the places, `arrivees`: the aidants it may have, with when each was
        recorded."""
        # One generator per session: its choices do not depend on the other sessions'.
        rng = random.Random("/".join(map(str, cle)))
        session_id = _id("session", *cle)
        programmation = _paris(debut, 9) - timedelta(days=30)
        lieux = [i for i, quand in recenses.items() if quand < programmation]
        public = [a for a, quand in arrivees.items() if quand < programmation]
        creneaux = _creneaux(debut, heures)
        fin = creneaux[-1].jour
        a_distance = not lieux or rng.random() < 0.3
        formateur, organisme = rng.choice(FORMATEURS)
        capacite = rng.choice((8, 10, 12))
        self.a(programmation).programmer_session(
            ProgrammerSession(
                command_id=_id("session-cmd", *cle),
                parcours_id=parcours_id,
                debut=debut,
                fin=fin,
                creneaux=[]
                if creneaux[0].moment == "journee"
                else [CreneauSaisi(jour=c.jour, moment=c.moment) for c in creneaux],
                mode="distance" if a_distance else "presentiel",
                lieu_id=None if a_distance else rng.choice(lieux),
                modalites_distance=(
                    "Classe virtuelle : le lien est envoyé aux inscrits la veille."
                    if a_distance
                    else None
                ),
                formateur=formateur,
                organisme=organisme,
                capacite=capacite,
            ),
            DEMO_AUTHOR,
            session_id=session_id,
        )
        # A full session now and then: its last ones wait for a place.
        nombre = min(len(public), capacite + (2 if rng.random() < 0.3 else -rng.randint(0, 3)))
        inscription = self.a(_paris(debut, 9) - timedelta(days=7))
        for aidant_id in rng.sample(public, max(0, nombre)):
            inscription.inscrire(
                session_id,
                InscrireAidant(command_id=_id("inscription", *cle, aidant_id), aidant_id=aidant_id),
                DEMO_AUTHOR,
            )
        if fin >= datetime.now(PARIS).date():
            return
        # The last evening: the attendance sheet, then completion for those present throughout.
        soir = self.a(_paris(fin, 18))
        session = self.formations.session(session_id)
        feuille: list[Presence] = []
        complets = []
        for inscrit in session.avec_statut("inscrit") if session else []:
            manque = rng.randrange(len(creneaux)) if rng.random() < 0.12 else -1
            feuille += [
                Presence(aidant_id=inscrit.aidant_id, creneau=c.cle, present=n != manque)
                for n, c in enumerate(creneaux)
            ]
            if manque < 0:
                complets.append(inscrit.aidant_id)
        if feuille:
            soir.enregistrer_presences(
                session_id,
                EnregistrerPresences(command_id=_id("presences", *cle), presences=feuille),
                DEMO_AUTHOR,
            )
        for aidant_id in complets:
            soir.terminer_formation(
                session_id,
                TerminerFormation(command_id=_id("fin", *cle, aidant_id), aidant_id=aidant_id),
                DEMO_AUTHOR,
            )


class _Comptage:
    """The service, counting the commands that changed something."""

    def __init__(self, formations: Formations, demo: _Demo) -> None:
        self._formations = formations
        self._demo = demo

    def __getattr__(self, nom: str) -> Callable[..., Resultat]:
        action = getattr(self._formations, nom)

        def compter(*args: Any, **kwargs: Any) -> Resultat:
            resultat: Resultat = action(*args, **kwargs)
            self._demo.ecrits += 0 if resultat.rejoue else 1
            return resultat

        return compter
