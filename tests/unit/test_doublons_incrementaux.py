"""Recomputing only the pairs of the places a batch touched gives the same candidates as the
pairwise comparison of every place (what the projection relies on)."""

from __future__ import annotations

from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.lieux.doublons import Candidat, candidats_doublons, paires_touchees

NOMS = ("Médiathèque Champollion", "Mediatheque Champollion", "EPN Grésilles", "EPN Gresilles")


@st.composite
def registres(draw: st.DrawFn) -> tuple[list[Candidat], set[UUID]]:
    n = draw(st.integers(min_value=0, max_value=12))
    lieux = [
        Candidat(
            id=UUID(int=i + 1),
            nom=draw(st.sampled_from(NOMS)),
            adresse=draw(st.sampled_from(("1 rue Haute", "1 r. Haute", "3 place Carnot"))),
            code_insee=draw(st.sampled_from(("21231", "39198"))),
            latitude=47.3 + draw(st.integers(0, 20)) / 2000,
            longitude=5.0,
            pivot=draw(st.sampled_from((None, "12345678900011"))),
        )
        for i in range(n)
    ]
    touches = {lieu.id for lieu in lieux if draw(st.booleans())}
    return lieux, touches


@given(registres())
@settings(max_examples=300)
def test_touched_pairs_are_the_full_computation_restricted_to_them(
    donnees: tuple[list[Candidat], set[UUID]],
) -> None:
    # given a registry and the places a batch touched
    lieux, touches = donnees
    # when only their pairs are recomputed
    partielles = paires_touchees([c for c in lieux if c.id in touches], lieux)
    # then they are exactly the full computation's pairs that involve a touched place
    toutes = candidats_doublons(lieux)
    attendues = [p for p in toutes if p.a in touches or p.b in touches]
    cle = lambda p: (p.a, p.b)  # noqa: E731
    assert sorted(partielles, key=cle) == sorted(attendues, key=cle)
