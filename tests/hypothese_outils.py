"""Hypothesis settings shared by the property tests that must draw the same cases everywhere."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings


def memes_cas(exemples: int, *, en_base: bool = False) -> settings:
    """`exemples` cases, the same on every run and machine: derandomized, no saved examples
    replayed first (`database=None`), no deadline.

    `en_base`, for an oracle against a database: shrinking a history takes minutes there, so a
    failing case is reported as drawn; and the cases share the test's database fixture."""
    if not en_base:
        return settings(
            max_examples=exemples,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
    return settings(
        max_examples=exemples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
