"""Verifying a place, and merging duplicates in a way that can be undone.

A merge keeps one place and hides the other. The kept place gains what it lacked: the
duplicate's value for an empty field, the union for a list. Both sides are recorded as events
(`LieuFusionne` on the duplicate, `LieuAbsorbe` on the kept place, with the values before),
so an un-merge can put everything back, except fields someone changed since the merge.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.base import Contexte, a_jour, suivant
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.lieux.commands import AnnulerFusion, EcarterDoublon, FusionnerLieux, VerifierLieu
from domain.lieux.decide import lieu_ouvert
from domain.lieux.events import (
    CHAMPS_STANDARD,
    AbsorptionAnnulee,
    Apport,
    DoublonEcarte,
    FusionAnnulee,
    LieuAbsorbe,
    LieuFusionne,
    LieuVerifie,
)
from domain.lieux.referentiel import SERVICES
from domain.lieux.state import Lieu

CHAMPS_FUSIONNES = ("complement_adresse", "services", "horaires", *CHAMPS_STANDARD)


def verifier_lieu(lieu: Lieu | None, commande: VerifierLieu, ctx: Contexte) -> list[LieuVerifie]:
    lieu = lieu_ouvert(lieu, commande.version)
    return [suivant(LieuVerifie, lieu, ctx)]


def fusionner_lieux(
    garde: Lieu | None, doublon: Lieu | None, commande: FusionnerLieux, ctx: Contexte
) -> list[LieuFusionne | LieuAbsorbe]:
    garde = lieu_ouvert(garde, commande.version)
    if doublon is None:
        raise IntrouvableError("Le lieu en double n'existe pas dans le registre.", "doublon")
    if doublon.id == garde.id:
        raise DomainError("Un lieu ne peut pas être fusionné avec lui-même.", "doublon")
    if doublon.version != commande.version_doublon:
        raise ConflitDeVersion(commande.version_doublon, doublon.version)
    if doublon.ferme or doublon.fusionne_dans is not None:
        raise DomainError(
            "Le lieu en double est fermé ou déjà fusionné : il ne peut pas être fusionné.",
            "doublon",
        )
    if doublon.fusions:
        raise DomainError(
            "Le lieu en double a lui-même absorbé d'autres fiches : annulez d'abord ces "
            "fusions, ou gardez-le plutôt que l'autre.",
            "doublon",
        )
    apport: dict[str, object] = {}
    for champ in CHAMPS_FUSIONNES:
        actuelle, autre = garde.valeur(champ), doublon.valeur(champ)
        if isinstance(actuelle, tuple):
            assert isinstance(autre, tuple)
            union = _union(champ, actuelle, autre)
            if union != actuelle:
                apport[champ] = union
        elif actuelle is None and autre is not None:
            apport[champ] = autre
    avant = {champ: garde.valeur(champ) for champ in apport}
    return [
        suivant(LieuFusionne, doublon, ctx, dans=garde.id),
        # The kept place's event comes last: its version is the command's answer.
        suivant(
            LieuAbsorbe,
            garde,
            ctx,
            doublon=doublon.id,
            apport=apport_de(apport),
            avant=apport_de(avant),
        ),
    ]


def annuler_fusion(
    doublon: Lieu | None, garde: Lieu | None, commande: AnnulerFusion, ctx: Contexte
) -> list[FusionAnnulee | AbsorptionAnnulee]:
    doublon = a_jour(doublon, commande.version, "Ce lieu n'existe pas dans le registre.", "lieu_id")
    if doublon.fusionne_dans is None or garde is None:
        raise DomainError("Ce lieu n'est pas fusionné : il n'y a rien à annuler.", "lieu_id")
    fusion = next(f for f in garde.fusions if f.doublon == doublon.id)
    avant = fusion.avant.valeurs()
    retabli = {
        champ: avant[champ]
        for champ, valeur in fusion.apport.valeurs().items()
        if garde.valeur(champ) == valeur  # changed since the merge: the later value stays
    }
    return [
        suivant(AbsorptionAnnulee, garde, ctx, doublon=doublon.id, retabli=apport_de(retabli)),
        # The command's place (the duplicate) comes last: its version is the answer.
        suivant(FusionAnnulee, doublon, ctx, de=garde.id),
    ]


def ecarter_doublon(
    lieu: Lieu | None, autre: UUID, commande: EcarterDoublon, ctx: Contexte
) -> list[DoublonEcarte]:
    if lieu is None:
        raise IntrouvableError("Ce lieu n'existe pas dans le registre.", "lieu_id")
    if autre == lieu.id:
        raise DomainError("Un lieu ne peut pas être le doublon de lui-même.", "autre")
    if autre in lieu.doublons_ecartes:
        return []
    return [suivant(DoublonEcarte, lieu, ctx, autre=autre)]


def apport_de(valeurs: dict[str, object]) -> Apport:
    standard = {c: v for c, v in valeurs.items() if c in CHAMPS_STANDARD}
    propres = {c: v for c, v in valeurs.items() if c not in CHAMPS_STANDARD}
    return msgspec.convert(
        {**propres, **({"standard": standard} if standard else {})}, Apport, from_attributes=True
    )


def _union(champ: str, actuelle: tuple[str, ...], autre: tuple[str, ...]) -> tuple[str, ...]:
    union = actuelle + tuple(v for v in autre if v not in actuelle)
    return tuple(sorted(union, key=SERVICES.index)) if champ == "services" else union
