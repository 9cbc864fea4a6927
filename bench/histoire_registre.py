"""A realistic registry history for the benchmarks: places recorded on real communes
(weighted by population), then changed (hours, services, name, address, commune) and some
closed, as `LieuRecense`, `LieuModifie` and `LieuFerme` events."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

import msgspec

from domain.lieux.events import LieuFerme, LieuModifie, LieuRecense
from domain.lieux.referentiel import SERVICES
from domain.lieux.state import Lieu, evolve
from mednum.demo.lieux import HORAIRES, VOIES
from mednum.infra.communes import Commune, referentiel_communes

_TYPES = (
    "Médiathèque {c}",
    "France Services {c}",
    "Espace public numérique de {c}",
    "Centre social de {c}",
    "Mairie de {c} – point numérique",
    "CCAS de {c}",
    "Tiers-lieu La Fabrique ({c})",
    "Bibliothèque municipale de {c}",
    "PIMMS Médiation {c}",
    "Emmaüs Connect {c}",
)
_COMPLEMENTS = (None, "1er étage", "Salle 3", "Accueil", "Rez-de-chaussée", "Bâtiment B")
_AUTEURS = tuple(f"coordination{i}@mednum.example" for i in range(12))
_START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


class History(msgspec.Struct, kw_only=True):
    events: list[LieuRecense | LieuModifie | LieuFerme]
    places: int


def generate_history(total: int, places: int, seed: int = 2026) -> History:
    """`total` events on `places` places: creations spread evenly over the history, the rest
    modifications (95 %) and closures (5 %) of a random place still open at that moment."""
    rng = random.Random(seed)
    communes = [c for c in referentiel_communes() if c.latitude is not None and c.codes_postaux]
    cum = list(accumulate(max(c.population, 300) ** 0.6 for c in communes))
    sites = rng.choices(communes, cum_weights=cum, k=places)
    movers = rng.choices(communes, cum_weights=cum, k=max(1, total // 20))
    state: dict[uuid.UUID, Lieu] = {}
    open_ids: list[uuid.UUID] = []
    position: dict[uuid.UUID, int] = {}
    events: list[LieuRecense | LieuModifie | LieuFerme] = []
    created = 0
    for index in range(total):
        timestamp = _START + timedelta(seconds=90 * index)
        auteur = _AUTEURS[index % len(_AUTEURS)]
        event: LieuRecense | LieuModifie | LieuFerme
        if created < places and (not open_ids or created * total <= index * places):
            event = lieu_recense(rng, sites[created], timestamp, auteur)
            created += 1
            position[event.originator_id] = len(open_ids)
            open_ids.append(event.originator_id)
        else:
            lieu = state[open_ids[rng.randrange(len(open_ids))]]
            if rng.random() < 0.05:
                event = LieuFerme(
                    originator_id=lieu.id,
                    originator_version=lieu.version + 1,
                    timestamp=timestamp,
                    auteur=auteur,
                    motif=rng.choice(("Fin de la convention", "Déménagement", "")),
                )
                # O(1) removal from the open list.
                slot, last = position.pop(lieu.id), open_ids[-1]
                open_ids[slot] = last
                position[last] = slot
                open_ids.pop()
                if last == lieu.id:
                    position.pop(last, None)
            else:
                event = _modifie(rng, lieu, rng.choice(movers), timestamp, auteur)
        state[event.originator_id] = evolve(state.get(event.originator_id), event)
        events.append(event)
    return History(events=events, places=created)


def _services(rng: random.Random) -> tuple[str, ...]:
    chosen = set(rng.choices(SERVICES, k=rng.randint(1, 4)))
    return tuple(sorted(chosen, key=SERVICES.index))


def lieu_recense(
    rng: random.Random, commune: Commune, timestamp: datetime, auteur: str
) -> LieuRecense:
    assert commune.latitude is not None and commune.longitude is not None
    return LieuRecense(
        originator_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        originator_version=1,
        timestamp=timestamp,
        auteur=auteur,
        nom=rng.choice(_TYPES).format(c=commune.nom),
        adresse=f"{rng.randint(1, 80)} {rng.choice(VOIES)}",
        complement_adresse=rng.choice((None, None, None, *_COMPLEMENTS[1:])),
        code_postal=commune.codes_postaux[0],
        code_insee=commune.code_insee,
        commune=commune.nom,
        departement=commune.departement,
        latitude=round(commune.latitude + rng.uniform(-0.01, 0.01), 6),
        longitude=round(commune.longitude + rng.uniform(-0.015, 0.015), 6),
        services=_services(rng),
        horaires=rng.choice(HORAIRES) if rng.random() < 0.9 else None,
    )


def _modifie(
    rng: random.Random, lieu: Lieu, commune: Commune, timestamp: datetime, auteur: str
) -> LieuModifie:
    kind = rng.random()
    changes: dict[str, Any]
    if kind < 0.40:
        horaires = rng.choice([h for h in HORAIRES if h != lieu.horaires])
        changes = {"horaires": horaires}
    elif kind < 0.65:
        services = _services(rng)
        if services == lieu.services:
            services = (*services, SERVICES[-1]) if SERVICES[-1] not in services else services[1:]
        changes = {"services": services or (SERVICES[0],)}
    elif kind < 0.75:
        changes = {"nom": f"{lieu.nom} ({rng.randint(2, 99)})"[:250]}
    elif kind < 0.85:
        changes = {
            "adresse": f"{rng.randint(1, 80)} {rng.choice(VOIES)}",
            "latitude": round(lieu.latitude + rng.uniform(-0.002, 0.002), 6),
            "longitude": round(lieu.longitude + rng.uniform(-0.002, 0.002), 6),
        }
    elif kind < 0.95 or commune.code_insee == lieu.code_insee:
        complements = [c for c in _COMPLEMENTS if c != lieu.complement_adresse]
        changes = {"complement_adresse": rng.choice(complements)}
    else:
        assert commune.latitude is not None and commune.longitude is not None
        changes = {
            "code_insee": commune.code_insee,
            "code_postal": commune.codes_postaux[0],
            "commune": commune.nom,
            "departement": commune.departement,
            "latitude": round(commune.latitude, 6),
            "longitude": round(commune.longitude, 6),
        }
    return LieuModifie(
        originator_id=lieu.id,
        originator_version=lieu.version + 1,
        timestamp=timestamp,
        auteur=auteur,
        **changes,
    )
