"""Text likeness for duplicate detection, by a maintained library (rapidfuzz), behind the
domain's `Ratio` interface (domain/lieux/doublons.py)."""

from __future__ import annotations

from rapidfuzz.distance import Indel


def ratio_rapidfuzz(a: str, b: str) -> float:
    """2 × (longest common subsequence) / (total length), as difflib's ratio approximates;
    exact, and in C."""
    return float(Indel.normalized_similarity(a, b))
