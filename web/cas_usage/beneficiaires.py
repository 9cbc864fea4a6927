"""Use cases of this context: see web/cas_usage/financements.py for the shape."""

from __future__ import annotations

from web.exposition import CasUsage

BENEFICIAIRES: list[CasUsage] = []
