"""Fill a fresh database with N realistic activities for the report bench, without the event
store: events built in memory (fixed seed) go straight to the real projections."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
import uuid
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import asyncpg

from bench.common import note
from bench.histoire_registre import lieu_recense
from domain.activites.events import ActiviteEnregistree, CompteRendu, ParticipantsAnonymes
from domain.activites.referentiel import (
    AUTONOMIES,
    DUREES_RAPIDES,
    MATERIELS,
    NIVEAUX_ATELIER,
    STRUCTURES_REDIRECTION,
)
from domain.beneficiaires.events import BeneficiaireEnregistre, Profil
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.evaluation.rapport import Territoire
from domain.grille.thematiques import THEMATIQUES_MEDIATION
from mednum.infra.communes import referentiel_communes
from projections.activites import ActivitesProjection
from projections.base import Projection
from projections.evaluation import EvaluationProjection
from projections.lieux import LieuxProjection

REGION = Territoire(niveau="region", code="27", nom="Bourgogne-Franche-Comté")
# Events per batch: 1/20 of the size, at least 5,000 (the cubes do not depend on it).
LOT_MIN, LOTS = 5_000, 20
LIEUX = 300
PERSONNES = 150_000
DEBUT, JOURS = dt.date(2024, 1, 1), (dt.date(2026, 12, 31) - dt.date(2024, 1, 1)).days + 1
_THEMES = tuple(THEMATIQUES_MEDIATION)


class Generateur:
    """Three years of a hub in Bourgogne-Franche-Comté: 60 % individual sessions (half with a
    followed person, half anonymous with a profile), 40 % workshops (2-5 followed people and
    0-8 anonymous ones given as counts); followed people drawn from a pool with Zipf-ish reuse."""

    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        communes = [
            c
            for c in referentiel_communes()
            if c.region == REGION.code and c.latitude is not None and c.codes_postaux
        ]
        poids = list(accumulate(max(c.population, 300) ** 0.6 for c in communes))
        debut = dt.datetime(2023, 12, 1, 9, tzinfo=dt.UTC)
        self.lieux = [
            lieu_recense(rng, c, debut + dt.timedelta(hours=i), "coordination@mednum.example")
            for i, c in enumerate(rng.choices(communes, cum_weights=poids, k=LIEUX))
        ]
        self.ids_lieux = [e.originator_id for e in self.lieux]
        self.communes = [c.code_insee for c in rng.choices(communes, cum_weights=poids, k=2_000)]
        self.personnes = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(PERSONNES)]
        # 1 / (rank + 10,000): the busiest person comes about 16 times as often as the rarest.
        self.poids = list(accumulate(1 / (i + 10_000) for i in range(PERSONNES)))
        self.mediateurs = [f"mediateur{i}@mednum.example" for i in range(400)]

    def _suivis(self, n: int) -> tuple[uuid.UUID, ...]:
        return tuple(dict.fromkeys(self.rng.choices(self.personnes, cum_weights=self.poids, k=n)))

    def _parts(self, total: int, valeurs: dict[str, str]) -> dict[str, int]:
        parts: dict[str, int] = {}
        reste = self.rng.randint(0, total)  # the others are « non communiqué »
        for valeur in self.rng.sample(list(valeurs), 2):
            n = self.rng.randint(0, reste)
            if n:
                parts[valeur] = parts.get(valeur, 0) + n
            reste -= n
        return parts

    def activite(self, jour: int) -> ActiviteEnregistree:
        """An activity recorded on day `jour` of the three years, about that day or just before."""
        rng = self.rng
        date = DEBUT + dt.timedelta(days=max(0, jour - rng.choice((0, 0, 0, 1, 2, 7))))
        tirage = rng.random()
        type_lieu = (
            "lieu_activite" if tirage < 0.8 else "domicile" if tirage < 0.9 else
            "autre" if tirage < 0.95 else "a_distance"
        )  # fmt: skip
        commun: dict[str, Any] = {
            "date": date,
            "duree": rng.choice(DUREES_RAPIDES),
            "type_lieu": type_lieu,
            "lieu_id": rng.choice(self.ids_lieux) if type_lieu == "lieu_activite" else None,
            "commune": rng.choice(self.communes) if type_lieu in ("domicile", "autre") else None,
            "materiel": tuple(rng.sample(list(MATERIELS), rng.randint(1, 2))),
            "thematiques": tuple(rng.sample(_THEMES, rng.randint(1, 3))),
        }
        if rng.random() < 0.6:
            oriente = rng.random() < 0.1
            suivi = rng.random() < 0.5
            cr = CompteRendu(
                type="individuel",
                autonomie=rng.choice(list(AUTONOMIES)),
                oriente_vers_structure=oriente,
                structure_de_redirection=rng.choice(list(STRUCTURES_REDIRECTION))
                if oriente
                else None,
                beneficiaire_id=self._suivis(1)[0] if suivi else None,
                profil=None if suivi else self._profil(),
                **commun,
            )
        else:
            total = rng.randint(0, 8)
            cr = CompteRendu(
                type="collectif",
                titre_atelier=f"Atelier {rng.choice(_THEMES)}",
                niveau=rng.choice(list(NIVEAUX_ATELIER)),
                beneficiaires=self._suivis(rng.randint(2, 5)),
                participants=ParticipantsAnonymes(
                    total=total,
                    deja_accompagne=rng.randint(0, total),
                    genres=self._parts(total, GENRES),
                    tranches_age=self._parts(total, TRANCHES_AGE),
                    statuts_sociaux=self._parts(total, STATUTS_SOCIAUX),
                ),
                **commun,
            )
        mediateur = rng.choice(self.mediateurs)
        return ActiviteEnregistree(
            originator_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            originator_version=1,
            timestamp=dt.datetime.combine(date, dt.time(16), tzinfo=dt.UTC),
            auteur=mediateur,
            mediateur=mediateur,
            compte_rendu=cr,
        )

    def beneficiaires(self, seed: int) -> list[BeneficiaireEnregistre]:
        """Each followed person's record with a profile, drawn apart so that the sessions stay
        the same whatever draws this."""
        rng = random.Random(seed)
        moment = dt.datetime(2023, 12, 15, 9, tzinfo=dt.UTC)
        return [
            BeneficiaireEnregistre(
                originator_id=personne,
                originator_version=1,
                timestamp=moment,
                auteur=self.mediateurs[0],
                mediateur=self.mediateurs[0],
                profil=self._profil(rng),
            )
            for personne in self.personnes
        ]

    def _profil(self, rng: random.Random | None = None) -> Profil:
        rng = rng or self.rng
        return Profil(
            genre=rng.choice(list(GENRES)),
            tranche_age=rng.choice(list(TRANCHES_AGE)),
            statut_social=rng.choice(list(STATUTS_SOCIAUX)),
            commune_residence=rng.choice(self.communes) if rng.random() < 0.5 else None,
            deja_accompagne=rng.random() < 0.3,
        )


async def _appliquer(p: Projection, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
    async with conn.transaction():
        await p.write(conn, await p.prepare(conn, events))


async def remplir(dsn: str, total: int, seed: int) -> None:
    """`total` activities over the three years, in the order they are recorded, through the
    real projections: `activites` and `evaluation` side by side on two connections."""
    gen = Generateur(seed)
    activites, evaluation = ActivitesProjection(), EvaluationProjection()
    a, b = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        # Its `DELETE … WHERE beneficiaire_id = any($1)` gets a generic plan after five runs,
        # whose recheck searches the array linearly for every row: one took over 10 minutes.
        await b.execute("SET plan_cache_mode = force_custom_plan")
        await _appliquer(LieuxProjection(), a, gen.lieux)
        await _appliquer(evaluation, b, gen.lieux)
        personnes = gen.beneficiaires(seed + 1)
        for depart in range(0, len(personnes), 10_000):
            await _appliquer(evaluation, b, personnes[depart : depart + 10_000])
        debut, taille = time.perf_counter(), max(LOT_MIN, total // LOTS)
        for depart in range(0, total, taille):
            lot = [
                gen.activite(i * JOURS // total) for i in range(depart, min(depart + taille, total))
            ]
            await asyncio.gather(_appliquer(activites, a, lot), _appliquer(evaluation, b, lot))
            faites = depart + len(lot)
            if faites % 100_000 == 0 or faites == total:
                rate = faites / (time.perf_counter() - debut)
                note(f"{faites:,} activities projected ({rate:,.0f}/s)")
        for sql in ("VACUUM ANALYZE", "CHECKPOINT"):
            await a.execute(sql)
    finally:
        await a.close()
        await b.close()


# --- the baseline: the same figures by SQL over the raw sessions ----------------------------
