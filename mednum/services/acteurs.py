"""The write side of structures and aidants: one method per use case, through Hub.executer.

The trainings service calls `aidant()` and `enregistrer_qualification()` (a completed
training path records a qualification, which may habilitate the aidant).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from domain.acteurs import decide_aidants as aidants
from domain.acteurs import decide_qualifications as qualifications
from domain.acteurs import decide_structures as structures
from domain.acteurs.commands import (
    AffilierAidant,
    EffacerAidant,
    EnregistrerAidant,
    ModifierAidant,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
)
from domain.acteurs.events import StructureModifiee
from domain.acteurs.state import Aidant, Structure, fold_aidant, fold_structure
from domain.base import Contexte
from domain.lieux.events import LieuRecense
from domain.lieux.state import fold as fold_lieu
from mednum.infra.chiffrement_notes import cle_mediateur
from mednum.infra.registre_effacements import Nature, RegistreEffacements
from mednum.services.executeur import Hub, Resultat, sur_l_etat


class Acteurs:
    def __init__(self, hub: Hub, registre: RegistreEffacements | None = None) -> None:
        self.hub = hub
        # The erasure ledger outside the database, so that a restore can erase again.
        self.registre = registre

    # --- reading the write side ------------------------------------------------------------

    def structure(self, structure_id: UUID) -> Structure | None:
        return fold_structure(self.hub.events(structure_id))

    def aidant(self, aidant_id: UUID) -> Aidant | None:
        return fold_aidant(self.hub.events(aidant_id))

    def _lieux_ouverts(self, lieu_ids: Iterable[UUID]) -> dict[UUID, bool]:
        """For each named place that exists in the registry, whether it is open."""
        ouverts = {}
        for lieu_id in set(lieu_ids):
            events = self.hub.events(lieu_id)
            # An id of another kind of record (a structure, an aidant) is no place.
            if events and isinstance(events[0], LieuRecense):
                lieu = fold_lieu(events)
                if lieu is not None:
                    ouverts[lieu_id] = not lieu.ferme
        return ouverts

    # --- structures ------------------------------------------------------------------------

    def recenser_structure(
        self, commande: RecenserStructure, auteur: str, structure_id: UUID | None = None
    ) -> Resultat:
        """`structure_id` is drawn at random unless given (the demo fixes it)."""
        return self.hub.creer(
            commande,
            structure_id,
            lambda nouvel_id, ctx: structures.recenser_structure(
                nouvel_id,
                commande,
                self.hub.communes.ref(commande.code_insee.strip()),
                self._lieux_ouverts(commande.lieux),
                ctx,
            ),
            auteur,
        )

    def modifier_structure(
        self, structure_id: UUID, commande: ModifierStructure, auteur: str
    ) -> Resultat:
        def decide(events: list[Any], ctx: Contexte) -> list[StructureModifiee]:
            structure = fold_structure(events)
            # The commune is looked up only when the command changes the INSEE code.
            code_insee = commande.code_insee if isinstance(commande.code_insee, str) else None
            if code_insee is None and structure is not None:
                code_insee = structure.code_insee
            commune = self.hub.communes.ref(code_insee.strip()) if code_insee else None
            return structures.modifier_structure(structure, commande, commune, ctx)

        return self.hub.executer(commande, structure_id, decide, auteur)

    fermer_structure = sur_l_etat(fold_structure, structures.fermer_structure)

    def rattacher_lieu(self, structure_id: UUID, commande: RattacherLieu, auteur: str) -> Resultat:
        return self.hub.executer(
            commande,
            structure_id,
            lambda events, ctx: structures.rattacher_lieu(
                fold_structure(events), commande, self._lieux_ouverts([commande.lieu_id]), ctx
            ),
            auteur,
        )

    detacher_lieu = sur_l_etat(fold_structure, structures.detacher_lieu)

    # --- aidants ---------------------------------------------------------------------------

    def enregistrer_aidant(
        self, commande: EnregistrerAidant, auteur: str, aidant_id: UUID | None = None
    ) -> Resultat:
        return self.hub.creer(
            commande,
            aidant_id,
            lambda nouvel_id, ctx: aidants.enregistrer_aidant(
                nouvel_id, commande, self._lieux_ouverts(commande.lieux), ctx
            ),
            auteur,
        )

    def modifier_aidant(self, aidant_id: UUID, commande: ModifierAidant, auteur: str) -> Resultat:
        lieux = commande.lieux if isinstance(commande.lieux, list) else []
        return self.hub.executer(
            commande,
            aidant_id,
            lambda events, ctx: aidants.modifier_aidant(
                fold_aidant(events), commande, self._lieux_ouverts(lieux), ctx
            ),
            auteur,
        )

    desactiver_aidant = sur_l_etat(fold_aidant, aidants.desactiver_aidant)

    def effacer_aidant(self, aidant_id: UUID, commande: EffacerAidant, auteur: str) -> Resultat:
        """Record the erasure, then destroy the aidant's key (their name, e-mail and telephone
        in every event) and, when they have a MedNum account, its notes key (the notes of
        their anonymous sessions and workshops). The read models blank their copies."""
        aidant = self.aidant(aidant_id)
        resultat = self.hub.appliquer(
            commande, aidant_id, fold_aidant, aidants.effacer_aidant, auteur
        )
        cles: list[tuple[UUID, Nature]] = [(aidant_id, "aidant")]
        if aidant is not None and aidant.compte:
            cles.append((cle_mediateur(aidant.compte), "notes_mediateur"))
        for cle, nature in cles:
            if self.registre is not None:
                self.registre.inscrire(cle, commande.motif, nature=nature)
            self.hub.app.coffre.detruire(cle)
        return resultat

    def affilier_aidant(self, aidant_id: UUID, commande: AffilierAidant, auteur: str) -> Resultat:
        return self.hub.executer(
            commande,
            aidant_id,
            lambda events, ctx: aidants.affilier_aidant(
                fold_aidant(events), commande, self.structure(commande.structure_id), ctx
            ),
            auteur,
        )

    terminer_affiliation = sur_l_etat(fold_aidant, aidants.terminer_affiliation)
    enregistrer_qualification = sur_l_etat(fold_aidant, aidants.enregistrer_qualification)
    retirer_habilitation = sur_l_etat(fold_aidant, aidants.retirer_habilitation)
    corriger_qualification = sur_l_etat(fold_aidant, qualifications.corriger_qualification)
    annuler_qualification = sur_l_etat(fold_aidant, qualifications.annuler_qualification)
