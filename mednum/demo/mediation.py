"""The demo's mediation: ~5,000 people accompanied by 40 mediators over two years, ~50,000
activities, diagnostics with level progressions; by commune and by season. A mediator works
only at their places open that day (recorded by then and not closed yet: the registry's own
history, mednum/demo/lieux_histoire.py).

Events come from the domain's own decide functions (every rule applies), saved in batches
rather than one command at a time: two minutes less on `make run`'s first start. Ids are
fixed (uuid5), and records already in the store are skipped, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.activites.commands import EnregistrerActivite
from domain.activites.decide import enregistrer_activite
from domain.activites.events import ParticipantsAnonymes
from domain.activites.regles import Verifications
from domain.base import Contexte, Evenement
from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.beneficiaires.decide import enregistrer_beneficiaire
from domain.beneficiaires.events import Profil
from domain.diagnostics.commands import RealiserDiagnostic
from domain.diagnostics.decide import realiser_diagnostic
from domain.grille import GRILLE_COURANTE
from domain.lieux.events import LieuFerme
from domain.lieux.state import Lieu
from domain.lieux.state import fold as fold_lieu
from mednum.demo.acteurs import NOMS, PRENOMS
from mednum.demo.mediation_donnees import ATELIERS, BESOINS, DEMARCHES, SAISON, STATUTS
from mednum.demo.orientations import Destinations, orientation_apres_diagnostic
from mednum.services.executeur import Hub

PARIS = ZoneInfo("Europe/Paris")
_NAMESPACE = uuid.UUID("9e3c2a71-4b5d-4f60-8a1e-2c7b9d0f3e58")
MEDIATEURS = 40
PERSONNES = 5_000
PART_SUIVIS = 0.3
JOURS = 730
LOT = 500  # events per transaction
MEDIATRICE_DEMO = "mediatrice@mednum-demo.fr"


class _Personne:
    def __init__(self, ident: UUID, statut: str, suivi: bool, debut: int) -> None:
        self.id, self.statut, self.suivi = ident, statut, suivi
        self.debut = debut  # day index of the first visit
        self.seances = 0


def load_demo_mediation(
    hub: Hub,
    lieu_ids: list[UUID],
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    *,
    nb_personnes: int = PERSONNES,
    nb_mediateurs: int = MEDIATEURS,
    nb_jours: int = JOURS,
) -> tuple[int, str]:
    """Returns (events saved, the demo mediator's e-mail); 0 events on a second run. The
    sizes can be made smaller (tests)."""
    rng = random.Random(seed)
    aujourdhui = dt.datetime.now(PARIS).date()
    premier_jour = aujourdhui - dt.timedelta(days=nb_jours)
    ouverture = ouvertures(hub, lieu_ids)
    lieux = [lieu for lieu, _ in ouverture.values()]
    communes = {lieu.code_insee: lieu.commune for lieu in lieux}
    mediateurs = _mediateurs(rng, nb_mediateurs)
    # A mediator starts at a place the registry had when the two years began (when there is
    # one), and may work at a second one; each works only at their places open that day.
    anciens = [lieu for lieu, (du, _) in ouverture.values() if du <= premier_jour] or lieux
    postes = [_postes(rng, anciens, lieux) for _ in mediateurs]
    sauve = 0
    lot: list[Evenement] = []

    def ajouter(events: list[Any]) -> None:
        nonlocal sauve
        lot.extend(events)
        if len(lot) >= LOT:
            sauve += _sauver(hub, lot)
            lot.clear()
            if progress is not None:
                progress(sauve)

    personnes = []
    for index in range(nb_personnes):
        mediateur = index % nb_mediateurs
        statut = rng.choices([s for s, _ in STATUTS], weights=[w for _, w in STATUTS])[0]
        personne = _Personne(
            uuid.uuid5(_NAMESPACE, f"personne-{index}"),
            statut,
            rng.random() < PART_SUIVIS,
            rng.randrange(max(1, nb_jours - 20)),
        )
        personnes.append(personne)
        lieu = rng.choice(postes[mediateur])
        ajouter(
            _enregistrer_personne(
                personne, mediateurs[mediateur], lieu, premier_jour, rng, communes
            )
        )
    par_mediateur = [personnes[m::nb_mediateurs] for m in range(nb_mediateurs)]
    vers = Destinations(lieux, aujourdhui)
    for jour in range(nb_jours):
        date = premier_jour + dt.timedelta(days=jour)
        if date.weekday() >= 5:
            continue
        for mediateur, email in enumerate(mediateurs):
            poste = [lieu for lieu in postes[mediateur] if ouvert(ouverture[lieu.id][1], date)]
            if not poste:
                continue
            suivies = par_mediateur[mediateur]
            attendu = 2.5 * SAISON[date.month]
            for numero in range(_poisson(rng, attendu)):
                cle = f"{jour}-{mediateur}-{numero}"
                if rng.random() < 0.06:
                    ajouter(_atelier(cle, email, jour, date, poste, suivies, rng))
                else:
                    ajouter(
                        _individuel(cle, email, jour, date, poste, suivies, rng, communes, vers)
                    )
    if lot:
        sauve += _sauver(hub, lot)
    if progress is not None:
        progress(sauve)
    return sauve, MEDIATRICE_DEMO


def ouvertures(
    hub: Hub, lieu_ids: list[UUID]
) -> dict[UUID, tuple[Lieu, tuple[dt.date, dt.date | None]]]:
    """Each place (merged ones left out) with the days it was open, in Paris: from the day it
    was recorded to the day before it closed, as its events' timestamps say."""
    sortie = {}
    for lieu_id in lieu_ids:
        events = hub.events(lieu_id)
        lieu = fold_lieu(events)
        if lieu is None or lieu.fusionne_dans is not None:
            continue
        fermetures = [e.timestamp for e in events if isinstance(e, LieuFerme)]
        sortie[lieu_id] = (
            lieu,
            (
                events[0].timestamp.astimezone(PARIS).date(),
                fermetures[0].astimezone(PARIS).date() if fermetures else None,
            ),
        )
    return sortie


def ouvert(periode: tuple[dt.date, dt.date | None], jour: dt.date) -> bool:
    du, fermeture = periode
    return du <= jour and (fermeture is None or jour < fermeture)


def _postes(rng: random.Random, anciens: list[Lieu], lieux: list[Lieu]) -> list[Lieu]:
    if not lieux:
        return []
    premier = rng.choice(anciens)
    second = rng.choice(lieux) if rng.random() < 1 / 3 else premier
    return [premier] if second.id == premier.id else [premier, second]


def _mediateurs(rng: random.Random, nombre: int) -> list[str]:
    emails = [MEDIATRICE_DEMO]
    while len(emails) < nombre:
        prenom, nom = rng.choice(PRENOMS), rng.choice(NOMS)
        email = f"{_ascii(prenom)}.{_ascii(nom)}@mednum-demo.fr"
        if email not in emails:
            emails.append(email)
    return emails


def _ascii(texte: str) -> str:
    brut = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in brut.lower() if c.isalnum() or c == "-")


def _ctx(email: str, date: dt.date, heure: int = 17) -> Contexte:
    instant = dt.datetime.combine(date, dt.time(heure, 30), PARIS)
    return Contexte(auteur=email, maintenant=instant)


def _enregistrer_personne(
    personne: _Personne,
    email: str,
    lieu: Lieu,
    premier_jour: dt.date,
    rng: random.Random,
    communes: dict[str, str],
) -> list[Any]:
    annee = {"retraite": (1935, 1960), "scolarise": (2005, 2012)}.get(personne.statut, (1962, 2004))
    champs: dict[str, Any] = {
        "genre": rng.choices(["feminin", "masculin", "non_communique"], [54, 40, 6])[0],
        "annee_naissance": rng.randint(*annee) if rng.random() < 0.7 else None,
        "statut_social": personne.statut,
        "commune_residence": lieu.code_insee if rng.random() < 0.8 else None,
    }
    if personne.suivi:
        champs |= {
            "suivi": True,
            "consentement": True,
            "prenom": rng.choice(PRENOMS),
            "nom": rng.choice(NOMS),
            # 06 10… to 06 39…: mainland mobiles (06 39 and 06 9x are not allotted; the
            # same single draw as before keeps the demo's other choices unchanged)
            "telephone": f"06{10**7 + rng.randrange(10**8) % (29 * 10**6):08d}"
            if rng.random() < 0.7
            else None,
        }
    commande = EnregistrerBeneficiaire(
        command_id=uuid.uuid5(personne.id, "enregistrement"), **champs
    )
    debut = premier_jour + dt.timedelta(days=personne.debut)
    return list(enregistrer_beneficiaire(personne.id, commande, True, _ctx(email, debut, 9)))


def _choisir(rng: random.Random, poids: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in poids], weights=[w for _, w in poids])[0]


def _individuel(
    cle: str,
    email: str,
    jour: int,
    date: dt.date,
    poste: list[Lieu],
    personnes: list[_Personne],
    rng: random.Random,
    communes: dict[str, str],
    vers: Destinations,
) -> list[Any]:
    """A session; a followed person's first diagnostic may lead to a referral."""
    personne = _personne_du_jour(personnes, jour, rng)
    thematique = _choisir(rng, BESOINS[personne.statut] if personne else BESOINS["non_communique"])
    thematiques = [thematique]
    if thematique == "aide_aux_demarches_administratives":
        demarche = "argent_impots" if date.month in (4, 5) and rng.random() < 0.5 else None
        thematiques.append(demarche or _choisir(rng, DEMARCHES))
    lieu = rng.choice(poste)
    seances = personne.seances if personne else 0
    autonomie = ("entierement_accompagne", "partiellement_autonome", "autonome")[
        min(2, seances // 4 + (rng.random() < 0.3))
    ]
    champs: dict[str, Any] = {
        "type": "individuel",
        "date": date,
        "duree": rng.choices([30, 45, 60, 90], weights=[3, 4, 5, 2])[0],
        "materiel": [rng.choices(["telephone", "ordinateur", "tablette"], [5, 4, 2])[0]],
        "thematiques": thematiques,
        "autonomie": autonomie,
    }
    if rng.random() < 0.06:
        champs |= {"type_lieu": "domicile", "commune": lieu.code_insee}
    else:
        champs |= {"type_lieu": "lieu_activite", "lieu_id": lieu.id}
    if rng.random() < 0.08:
        champs |= {
            "oriente_vers_structure": True,
            "structure_de_redirection": rng.choice(
                ["aide_aux_demarches_administratives", "aide_sociale", "administration"]
            ),
        }
    events: list[Any] = []
    if personne is not None:
        champs["beneficiaire_id"] = personne.id
        personne.seances += 1
        if personne.suivi and personne.seances % 5 == 1:
            diagnostic = _diagnostic(cle, email, date, personne, rng)
            events += diagnostic
            if personne.seances == 1:
                events += orientation_apres_diagnostic(
                    cle, email, date, personne.id, diagnostic, lieu, vers
                )
    else:
        champs["profil"] = Profil(
            genre=rng.choices(["feminin", "masculin", "non_communique"], [54, 40, 6])[0],
            statut_social=rng.choices([s for s, _ in STATUTS], [w for _, w in STATUTS])[0],
        )
    commande = EnregistrerActivite(command_id=uuid.uuid5(_NAMESPACE, f"cmd-{cle}"), **champs)
    activite_id = uuid.uuid5(_NAMESPACE, f"activite-{cle}")
    verifs = _verifications(lieu, communes, [personne.id] if personne else [])
    return [*events, *enregistrer_activite(activite_id, commande, verifs, _ctx(email, date))]


def _atelier(
    cle: str,
    email: str,
    jour: int,
    date: dt.date,
    poste: list[Lieu],
    personnes: list[_Personne],
    rng: random.Random,
) -> list[Any]:
    titre, thematique, niveau = rng.choice(ATELIERS)
    suivis = [p.id for p in _connues(personnes, jour) if p.suivi and rng.random() < 0.02][:4]
    anonymes = rng.randint(2, 9)
    femmes = sum(rng.random() < 0.55 for _ in range(anonymes))
    lieu = rng.choice(poste)
    commande = EnregistrerActivite(
        command_id=uuid.uuid5(_NAMESPACE, f"cmd-{cle}"),
        type="collectif",
        date=date,
        duree=rng.choice([90, 120, 120, 150]),
        type_lieu="lieu_activite",
        lieu_id=lieu.id,
        materiel=["tablette" if "tablette" in titre else "ordinateur"],
        thematiques=[thematique],
        titre_atelier=titre,
        niveau=niveau,
        beneficiaires=suivis,
        participants=_participants(anonymes, femmes),
    )
    verifs = _verifications(lieu, {}, suivis)
    activite_id = uuid.uuid5(_NAMESPACE, f"activite-{cle}")
    return list(enregistrer_activite(activite_id, commande, verifs, _ctx(email, date)))


def _participants(total: int, femmes: int) -> ParticipantsAnonymes:
    return ParticipantsAnonymes(total=total, genres={"feminin": femmes, "masculin": total - femmes})


def _verifications(lieu: Lieu, communes: dict[str, str], ids: list[UUID]) -> Verifications:
    return Verifications(
        lieux_ouverts={lieu.id: True},
        communes=communes,
        beneficiaires=dict.fromkeys(ids, "ok"),
    )


def _connues(personnes: list[_Personne], jour: int) -> Iterator[_Personne]:
    """The people this mediator has met by that day."""
    return (p for p in personnes if p.debut <= jour)


def _personne_du_jour(
    personnes: list[_Personne], jour: int, rng: random.Random
) -> _Personne | None:
    """Someone this mediator already knows (more often the followed ones), or an anonymous
    visitor (one session in three)."""
    if rng.random() < 0.33:
        return None
    connues = list(_connues(personnes, jour))
    if not connues:
        return None
    poids = [4 if p.suivi else 1 for p in connues]
    return rng.choices(connues, weights=poids)[0]


def _diagnostic(
    cle: str, email: str, date: dt.date, personne: _Personne, rng: random.Random
) -> list[Any]:
    """A first diagnostic, then one every five sessions: scores rise with the sessions."""
    progres = personne.seances // 8
    base = {"retraite": 0, "scolarise": 2}.get(personne.statut, 1)
    scores = {
        f"S{i}": min(4, max(0, base + progres + rng.choice((-1, 0, 0, 1)))) for i in range(1, 7)
    }
    commande = RealiserDiagnostic(
        command_id=uuid.uuid5(_NAMESPACE, f"diag-cmd-{cle}"),
        beneficiaire_id=personne.id,
        date=date,
        source="observation",
        scores=scores,
        cible=min(4, base + 2),
    )
    diagnostic_id = uuid.uuid5(_NAMESPACE, f"diagnostic-{cle}")
    return list(realiser_diagnostic(diagnostic_id, commande, GRILLE_COURANTE, _ctx(email, date)))


def _poisson(rng: random.Random, moyenne: float) -> int:
    """Knuth's method: fine for the small means of a day's sessions."""
    limite, produit, n = pow(2.718281828459045, -moyenne), rng.random(), 0
    while produit > limite:
        produit *= rng.random()
        n += 1
    return n


def _sauver(hub: Hub, events: list[Evenement]) -> int:
    """Save a batch, leaving out the records already in the store (a second run)."""
    ids = list({e.originator_id for e in events})
    with hub.app.recorder.datastore.transaction(commit=False) as curs:  # type: ignore[attr-defined]
        curs.execute(
            "SELECT DISTINCT originator_id FROM mednum_events WHERE originator_id = any(%s)",
            (ids,),
        )
        deja = {row["originator_id"] for row in curs.fetchall()}
    nouveaux = [e for e in events if e.originator_id not in deja]
    if nouveaux:
        hub.app.save(*nouveaux)
    return len(nouveaux)
