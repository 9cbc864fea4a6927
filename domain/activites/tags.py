"""A mediator's own tags on sessions (La Coop's « Tags »: a project, a public, a partner…).

Free short words, normalised so that « Seniors », « seniors » and « seniors  » are one tag;
bounded so that a tag stays a tag, not a note. No comma inside one: the form separates tags
with commas, so a comma could not come back from a correction unchanged."""

from __future__ import annotations

from collections.abc import Iterable

from domain.errors import DomainError

TAG_MAX = 80  # La Coop's nomMaxLength (saveTagValidation.ts)
TAGS_MAX = 20


def tags_valides(tags: Iterable[str]) -> tuple[str, ...]:
    """Blanks collapsed, empties dropped, duplicates (ignoring case) dropped keeping the first
    spelling, in the given order; or a refusal naming « tags »."""
    retenus: dict[str, str] = {}
    for brut in tags:
        tag = " ".join(brut.split())
        if not tag:
            continue
        if "," in tag:
            raise DomainError(
                f"Le tag « {tag} » contient une virgule : séparez les tags par des virgules, "
                "sans virgule dans un tag.",
                "tags",
            )
        if len(tag) > TAG_MAX:
            raise DomainError(
                f"Le tag « {tag[:30]}… » est trop long ({len(tag)} caractères, "
                f"{TAG_MAX} au plus) : un tag est un mot ou deux.",
                "tags",
            )
        retenus.setdefault(tag.casefold(), tag)
    if len(retenus) > TAGS_MAX:
        raise DomainError(
            f"{len(retenus)} tags : {TAGS_MAX} au plus pour une activité.",
            "tags",
        )
    return tuple(retenus.values())
