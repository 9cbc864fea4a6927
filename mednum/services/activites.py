"""The write side of activities: one method per use case, through Hub.executer.

Before the rules run, the service looks up what they need (the place, the communes, the
people named) into a `Verifications`, so that decide functions stay pure. A mediator reaches
only their own activities and people; an admin reaches all. Another's record is answered as
missing (404), so that its existence is not revealed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.activites import decide as regles
from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.activites.events import CompteRendu
from domain.activites.regles import EtatBeneficiaire, Verifications
from domain.activites.state import Activite, fold
from domain.base import Contexte
from domain.beneficiaires.events import Profil
from domain.errors import IntrouvableError
from domain.lieux.events import LieuRecense
from domain.lieux.state import fold as fold_lieu
from mednum.accounts import Role, User
from mednum.services.beneficiaires import Beneficiaires, peut_acceder
from mednum.services.executeur import Hub, Resultat


def peut_acceder_activite(activite: Activite, user: User | None) -> bool:
    if user is None:
        return False
    return user.role is Role.ADMIN or activite.mediateur == user.email


class Activites:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.beneficiaires = Beneficiaires(hub)

    # --- reading the write side ------------------------------------------------------------

    def activite(self, activite_id: UUID) -> Activite | None:
        return fold(self.hub.events(activite_id))

    def activite_de(self, activite_id: UUID, user: User | None) -> Activite | None:
        """The activity if this user may reach it, else None (missing and forbidden alike)."""
        activite = self.activite(activite_id)
        return activite if activite and peut_acceder_activite(activite, user) else None

    def evenements_de(self, activite_id: UUID, user: User | None) -> list[Any] | None:
        """The activity's events (its history) if this user may reach it."""
        events = self.hub.events(activite_id)
        activite = fold(events)
        if activite is None or not peut_acceder_activite(activite, user):
            return None
        return events

    # --- use cases -------------------------------------------------------------------------

    def enregistrer(
        self, commande: EnregistrerActivite, user: User, activite_id: UUID | None = None
    ) -> Resultat:
        brut = regles.compte_rendu_brut(commande)
        return self.hub.creer(
            commande,
            activite_id,
            lambda nouvel_id, ctx: regles.enregistrer_activite(
                nouvel_id, commande, self._verifications(brut, user), ctx
            ),
            user.email,
        )

    def corriger(self, activite_id: UUID, commande: CorrigerActivite, user: User) -> Resultat:
        self._accessible(activite_id, user)

        def decide(events: list[Any], ctx: Contexte) -> list[Any]:
            activite = fold(events)
            verifs = Verifications()
            if activite is not None:
                nouveau = regles.corrige(activite.compte_rendu, commande)
                controler = regles.a_controler(activite.compte_rendu, commande)
                verifs = self._verifications(nouveau, user, controler)
            return regles.corriger_activite(activite, commande, verifs, ctx)

        return self.hub.executer(commande, activite_id, decide, user.email)

    def supprimer(self, activite_id: UUID, commande: SupprimerActivite, user: User) -> Resultat:
        self._accessible(activite_id, user)
        return self.hub.appliquer(
            commande, activite_id, fold, regles.supprimer_activite, user.email
        )

    # --- lookups ---------------------------------------------------------------------------

    def _accessible(self, activite_id: UUID, user: User) -> Activite:
        activite = self.activite_de(activite_id, user)
        if activite is None:
            raise IntrouvableError("Cette activité n'existe pas.", "activite_id")
        return activite

    def _verifications(
        self,
        compte_rendu: CompteRendu,
        user: User,
        controler: frozenset[str] = frozenset({"date", "lieu", "beneficiaires", "profil"}),
    ) -> Verifications:
        lieux: dict[UUID, bool] = {}
        if compte_rendu.lieu_id is not None and "lieu" in controler:
            ouvert = self._lieu_ouvert(compte_rendu.lieu_id)
            if ouvert is not None:
                lieux[compte_rendu.lieu_id] = ouvert
        codes = {compte_rendu.commune}
        if isinstance(compte_rendu.profil, Profil):
            codes.add(compte_rendu.profil.commune_residence)
        communes = {}
        for code in codes:
            ref = self.hub.communes.ref(code.strip()) if code else None
            if ref is not None:
                communes[ref.code_insee] = ref.nom
        personnes: dict[UUID, EtatBeneficiaire] = {}
        if "beneficiaires" in controler:
            ids = [*compte_rendu.beneficiaires]
            if compte_rendu.beneficiaire_id is not None:
                ids.append(compte_rendu.beneficiaire_id)
            for beneficiaire_id in set(ids):
                etat = self._etat_beneficiaire(beneficiaire_id, user)
                if etat is not None:
                    personnes[beneficiaire_id] = etat
        return Verifications(
            lieux_ouverts=lieux, communes=communes, beneficiaires=personnes, controler=controler
        )

    def _lieu_ouvert(self, lieu_id: UUID) -> bool | None:
        """Whether a registry place is open; None when the id names no place."""
        events = self.hub.events(lieu_id)
        # An id of another kind of record (a structure, a person) is no place.
        if not events or not isinstance(events[0], LieuRecense):
            return None
        lieu = fold_lieu(events)
        if lieu is None:
            return None
        return not lieu.ferme and lieu.fusionne_dans is None

    def _etat_beneficiaire(self, beneficiaire_id: UUID, user: User) -> EtatBeneficiaire | None:
        beneficiaire = self.beneficiaires.beneficiaire(beneficiaire_id)
        if beneficiaire is None:
            return None
        if not peut_acceder(beneficiaire, user):
            return "autre_mediateur"
        return "anonymise" if beneficiaire.anonymise else "ok"
