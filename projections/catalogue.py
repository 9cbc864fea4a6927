"""Every read model of the hub; a new one is added here and catches up by itself."""

from __future__ import annotations

from projections.base import Projection
from projections.lieux import LieuxProjection


def all_projections() -> list[Projection]:
    return [LieuxProjection()]
