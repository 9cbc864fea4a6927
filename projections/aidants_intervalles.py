"""The aidants as they stood at any instant: `aidants_intervalles` (migration 0059), the
validity intervals (projections/intervalles.py) of what M1.3 reads of an aidant."""

from __future__ import annotations

from typing import Any

from domain.acteurs.events import (
    AidantDesactive,
    AidantEnregistre,
    AidantHabiliteAidantsConnect,
    AidantModifie,
    HabilitationRetiree,
)
from projections.intervalles import IntervallesProjection


class AidantsIntervallesProjection(IntervallesProjection):
    name = "aidants_intervalles"
    event_types = (
        AidantEnregistre,
        AidantModifie,
        AidantDesactive,
        AidantHabiliteAidantsConnect,
        HabilitationRetiree,
    )
    table = "aidants_intervalles"
    tables = (table,)
    creation = AidantEnregistre
    suivis = ("type_aidant", "desactive", "lieux", "habilite", "habilitation_expire_le")

    def etat_initial(self, event: Any) -> dict[str, Any]:
        return {
            "type_aidant": event.type_aidant,
            "desactive": False,
            "lieux": list(event.lieux),
            "habilite": False,
            "habilitation_expire_le": None,
        }

    def plier(self, etat: dict[str, Any], event: Any) -> None:
        kind = type(event)
        if kind is AidantModifie:
            champs = event.champs_modifies()
            if "type_aidant" in champs:
                etat["type_aidant"] = champs["type_aidant"]
            if "lieux" in champs:
                etat["lieux"] = list(champs["lieux"])
        elif kind is AidantDesactive:
            etat["desactive"] = True
        elif kind is AidantHabiliteAidantsConnect:
            etat["habilite"] = True
            etat["habilitation_expire_le"] = event.expire_le
        elif kind is HabilitationRetiree:
            etat["habilite"] = False
            etat["habilitation_expire_le"] = None
