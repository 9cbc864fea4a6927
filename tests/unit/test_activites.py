"""Rules for activities (comptes rendus d'activité): dates, duration, places, thématiques,
the individual's person and the workshop's participants, corrections and deletions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.activites.decide import corriger_activite, enregistrer_activite, supprimer_activite
from domain.activites.events import ActiviteCorrigee, ActiviteEnregistree, ActiviteSupprimee
from domain.activites.historique import historique
from domain.activites.regles import Verifications
from domain.activites.state import Activite, fold
from domain.base import Contexte
from domain.beneficiaires.events import BeneficiaireEnregistre, Profil
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError

# 23:30 in Dijon on 15 March 2026 is still the 15th there, though already the 15th 22:30 UTC.
CTX = Contexte(auteur="med@example.fr", maintenant=datetime(2026, 3, 15, 22, 30, tzinfo=UTC))
LIEU = UUID("00000000-0000-4000-8000-000000000001")
LIEU_FERME = UUID("00000000-0000-4000-8000-000000000002")
SUIVI = UUID("00000000-0000-4000-8000-0000000000a1")
ANONYMISE = UUID("00000000-0000-4000-8000-0000000000a2")
D_UN_AUTRE = UUID("00000000-0000-4000-8000-0000000000a3")
VERIFS = Verifications(
    lieux_ouverts={LIEU: True, LIEU_FERME: False},
    communes={"21231": "Dijon", "21054": "Beaune"},
    beneficiaires={SUIVI: "ok", ANONYMISE: "anonymise", D_UN_AUTRE: "autre_mediateur"},
)


def commande(**changes: Any) -> EnregistrerActivite:
    valeurs: dict[str, Any] = {
        "command_id": str(uuid4()),
        "type": "individuel",
        "date": "2026-03-15",
        "duree": 30,
        "type_lieu": "lieu_activite",
        "lieu_id": str(LIEU),
        "thematiques": ["email"],
    }
    return msgspec.convert(valeurs | changes, EnregistrerActivite)


def atelier(**changes: Any) -> EnregistrerActivite:
    valeurs: dict[str, Any] = {
        "type": "collectif",
        "titre_atelier": "Découvrir la messagerie",
        "niveau": "debutant",
        "participants": {"total": 8},
    }
    return commande(**(valeurs | changes))


def enregistree(cmd: EnregistrerActivite | None = None) -> Activite:
    activite = fold(enregistrer_activite(uuid4(), cmd or commande(), VERIFS, CTX))
    assert activite is not None
    return activite


def refus(cmd: EnregistrerActivite) -> DomainError:
    with pytest.raises(DomainError) as exc:
        enregistrer_activite(uuid4(), cmd, VERIFS, CTX)
    return exc.value


def test_an_individual_session_is_recorded_with_its_author_as_mediator() -> None:
    # given a typical session: today, 30 minutes, at a place, e-mail, a few anonymous facts
    cmd = commande(
        materiel=["telephone", "ordinateur", "telephone"],
        thematiques=["email", "diagnostic_numerique"],
        autonomie="partiellement_autonome",
        profil={"genre": "feminin", "annee_naissance": 1950},
        notes="  Revenir pour la sauvegarde  ",
    )
    # when it is decided
    events = enregistrer_activite(uuid4(), cmd, VERIFS, CTX)
    # then one event, owned by the mediator, values normalised in La Coop's order
    assert len(events) == 1 and isinstance(events[0], ActiviteEnregistree)
    cr = events[0].compte_rendu
    assert events[0].mediateur == "med@example.fr"
    assert cr.materiel == ("ordinateur", "telephone")
    assert cr.thematiques == ("diagnostic_numerique", "email")
    assert cr.notes == "Revenir pour la sauvegarde"
    # and the age band is derived from the birth year (76 in 2026)
    assert cr.profil == Profil(
        genre="feminin", annee_naissance=1950, tranche_age="soixante_dix_plus"
    )
    assert cr.nombre_participants == 1


def test_a_session_of_today_in_paris_is_not_in_the_future_though_utc_says_so() -> None:
    # given it is 23:30 on the 15th in Paris (22:30 UTC)
    # when a session dated the 15th is recorded, then it is accepted
    assert enregistree(commande(date="2026-03-15")).compte_rendu.date == date(2026, 3, 15)
    # and one dated the 16th is refused as in the future, naming the date
    erreur = refus(commande(date="2026-03-16"))
    assert erreur.champ == "date" and "futur" in erreur.message


def test_an_activity_older_than_90_days_needs_a_reason() -> None:
    # given a session 91 days ago
    # when recorded without a reason, then it is refused naming motif_retard
    erreur = refus(commande(date="2025-12-14"))
    assert erreur.champ == "motif_retard" and "90 jours" in erreur.message
    # when recorded with a reason, then it is accepted and the reason kept
    cr = enregistree(commande(date="2025-12-14", motif_retard="Fiches papier")).compte_rendu
    assert cr.motif_retard == "Fiches papier"
    # and exactly 90 days ago needs none
    assert enregistree(commande(date="2025-12-15")).compte_rendu.motif_retard is None


@pytest.mark.parametrize("duree", [0, -5, 601])
def test_a_duration_outside_1_to_600_minutes_is_refused(duree: int) -> None:
    # given a duration out of bounds, when recorded, then refused naming duree
    assert refus(commande(duree=duree)).champ == "duree"


@pytest.mark.parametrize("duree", [1, 600])
def test_durations_at_the_bounds_are_accepted(duree: int) -> None:
    assert enregistree(commande(duree=duree)).compte_rendu.duree == duree


def test_at_least_one_known_thematique_is_needed() -> None:
    # given no thématique, or an unknown one, when recorded, then refused naming thematiques
    assert refus(commande(thematiques=[])).champ == "thematiques"
    assert refus(commande(thematiques=["jardinage"])).champ == "thematiques"


def test_administrative_thematiques_only_with_aide_aux_demarches() -> None:
    # given an administrative thématique without « Aide aux démarches administratives »
    erreur = refus(commande(thematiques=["logement"]))
    # then it is refused, saying which box to tick
    assert erreur.champ == "thematiques" and "Aide aux démarches" in erreur.message
    # when it is ticked too, then it is accepted, with précisions
    cr = enregistree(
        commande(
            thematiques=["logement", "aide_aux_demarches_administratives"],
            precisions_demarche="Demande APL",
        )
    ).compte_rendu
    assert cr.thematiques == ("aide_aux_demarches_administratives", "logement")
    assert cr.precisions_demarche == "Demande APL"


def test_precisions_demarche_only_with_aide_aux_demarches() -> None:
    erreur = refus(commande(precisions_demarche="Demande APL"))
    assert erreur.champ == "precisions_demarche"


def test_structure_de_redirection_only_when_oriented() -> None:
    # given a structure without orientation, then refused
    erreur = refus(commande(structure_de_redirection="administration"))
    assert erreur.champ == "structure_de_redirection"
    # given an orientation to an unknown kind of structure, then refused
    cmd = commande(oriente_vers_structure=True, structure_de_redirection="mairie")
    assert refus(cmd).champ == "structure_de_redirection"
    # given an orientation to a known one, then kept
    cmd = commande(oriente_vers_structure=True, structure_de_redirection="aide_sociale")
    assert enregistree(cmd).compte_rendu.structure_de_redirection == "aide_sociale"


def test_each_type_of_place_needs_its_own_place() -> None:
    # given a place of activity without a place, or a closed or unknown one, then refused
    assert refus(commande(lieu_id=None)).champ == "lieu_id"
    assert refus(commande(lieu_id=str(LIEU_FERME))).champ == "lieu_id"
    assert refus(commande(lieu_id=str(uuid4()))).champ == "lieu_id"
    # given a home visit without a commune, or with an unknown code, then refused
    assert refus(commande(type_lieu="domicile", lieu_id=None)).champ == "commune"
    cmd = commande(type_lieu="domicile", lieu_id=None, commune="21000")
    assert refus(cmd).champ == "commune"
    # given a home visit naming a registry place, then refused
    assert refus(commande(type_lieu="domicile", commune="21231")).champ == "lieu_id"
    # given a remote session with a commune, then refused
    assert refus(commande(type_lieu="a_distance", lieu_id=None, commune="21231")).champ == (
        "commune"
    )
    # and the right combinations are accepted
    cr = enregistree(commande(type_lieu="autre", lieu_id=None, commune=" 21054 ")).compte_rendu
    assert (cr.lieu_id, cr.commune) == (None, "21054")
    cr = enregistree(commande(type_lieu="a_distance", lieu_id=None)).compte_rendu
    assert (cr.lieu_id, cr.commune) == (None, None)


def test_unknown_values_are_refused_naming_their_field() -> None:
    assert refus(commande(type="demarche")).champ == "type"
    assert refus(commande(type_lieu="mairie")).champ == "type_lieu"
    assert refus(commande(materiel=["smartphone"])).champ == "materiel"
    assert refus(commande(materiel=["aucun", "tablette"])).champ == "materiel"
    assert refus(commande(autonomie="total")).champ == "autonomie"
    assert refus(commande(profil={"genre": "x"})).champ == "profil.genre"
    assert refus(commande(profil={"annee_naissance": 2027})).champ == "profil.annee_naissance"
    assert refus(commande(profil={"commune_residence": "99999"})).champ == (
        "profil.commune_residence"
    )


def test_a_followed_person_must_be_mine_and_not_anonymised() -> None:
    # given my followed person, then the session is linked to them, with no anonymous profile
    cr = enregistree(commande(beneficiaire_id=str(SUIVI))).compte_rendu
    assert (cr.beneficiaire_id, cr.profil) == (SUIVI, None)
    # given an anonymised person, then refused saying so
    erreur = refus(commande(beneficiaire_id=str(ANONYMISE)))
    assert erreur.champ == "beneficiaire_id" and "anonymisé" in erreur.message
    # given another mediator's person or an unknown id, then the same « introuvable » answer
    autre = refus(commande(beneficiaire_id=str(D_UN_AUTRE)))
    inconnu = refus(commande(beneficiaire_id=str(uuid4())))
    assert "introuvable" in autre.message and "introuvable" in inconnu.message
    # given a followed person and an anonymous profile, then refused
    cmd = commande(beneficiaire_id=str(SUIVI), profil={"genre": "masculin"})
    assert refus(cmd).champ == "profil"


def test_a_workshop_keeps_anonymous_participants_as_counts() -> None:
    # given a workshop of 8 anonymous participants, 5 women and 2 men, 3 already seen, and
    # one followed person
    cmd = atelier(
        beneficiaires=[str(SUIVI), str(SUIVI)],
        participants={
            "total": 8,
            "deja_accompagne": 3,
            "genres": {"feminin": 5, "masculin": 2, "non_communique": 0},
            "statuts_sociaux": {"retraite": 8},
        },
    )
    # when recorded
    cr = enregistree(cmd).compte_rendu
    # then the counts are kept as counts (no invented people), zero counts dropped
    assert cr.participants is not None
    assert cr.participants.genres == {"feminin": 5, "masculin": 2}
    assert cr.participants.statuts_sociaux == {"retraite": 8}
    assert cr.beneficiaires == (SUIVI,)
    assert cr.nombre_participants == 9


def test_a_workshop_needs_a_participant_and_consistent_counts() -> None:
    # given no participant at all, then refused
    assert refus(atelier(participants={"total": 0})).champ == "participants"
    # given more women than participants, then refused naming the category
    cmd = atelier(participants={"total": 3, "genres": {"feminin": 2, "masculin": 2}})
    assert refus(cmd).champ == "participants.genres"
    # given more already-seen than participants, then refused
    cmd = atelier(participants={"total": 3, "deja_accompagne": 4})
    assert refus(cmd).champ == "participants.deja_accompagne"
    # given an unknown age band or a negative count, then refused
    cmd = atelier(participants={"total": 3, "tranches_age": {"mineur": 1}})
    assert refus(cmd).champ == "participants.tranches_age"
    assert refus(atelier(participants={"total": -1})).champ == "participants.total"
    # given a workshop with only followed people, then accepted
    cr = enregistree(atelier(participants=None, beneficiaires=[str(SUIVI)])).compte_rendu
    assert cr.participants is None and cr.nombre_participants == 1


def test_fields_of_the_other_type_are_refused() -> None:
    assert refus(commande(niveau="debutant")).champ == "niveau"
    assert refus(commande(participants={"total": 2})).champ == "participants"
    assert refus(atelier(autonomie="autonome")).champ == "autonomie"
    assert refus(atelier(beneficiaire_id=str(SUIVI))).champ == "beneficiaire_id"
    assert refus(atelier(niveau="expert")).champ == "niveau"


def corriger(activite: Activite, **changes: Any) -> list[ActiviteCorrigee]:
    cmd = msgspec.convert(
        {"command_id": str(uuid4()), "version": activite.version, **changes}, CorrigerActivite
    )
    return corriger_activite(activite, cmd, VERIFS, CTX)


def test_a_correction_records_the_whole_record_and_the_changed_fields() -> None:
    # given a recorded session
    activite = enregistree()
    # when its duration and thématiques are corrected
    events = corriger(activite, duree=45, thematiques=["email", "bureautique"])
    # then one event lists exactly what changed
    assert len(events) == 1
    assert events[0].champs == ("duree", "thematiques")
    assert events[0].compte_rendu.duree == 45
    # and correcting with the same values records nothing
    assert corriger(activite, duree=30) == []


def test_a_correction_follows_the_same_rules() -> None:
    activite = enregistree()
    with pytest.raises(DomainError) as exc:
        corriger(activite, duree=700)
    assert exc.value.champ == "duree"
    with pytest.raises(DomainError) as exc:
        corriger(activite, thematiques=["logement"])
    assert exc.value.champ == "thematiques"


def test_changing_the_type_of_place_drops_the_old_place() -> None:
    # given a session at a place, when corrected to a home visit in Beaune
    events = corriger(enregistree(), type_lieu="domicile", commune="21054")
    # then the place is gone and the commune set
    cr = events[0].compte_rendu
    assert (cr.type_lieu, cr.lieu_id, cr.commune) == ("domicile", None, "21054")


def test_an_old_activity_can_be_corrected_without_a_late_reason_if_its_date_stays() -> None:
    # given a session recorded 100 days ago with a reason, then its reason removed is refused
    # only if the date changes; its notes can be corrected freely
    activite = enregistree(commande(date="2025-12-05", motif_retard="Papier"))
    assert corriger(activite, notes="Ajout")[0].champs == ("notes",)
    with pytest.raises(DomainError) as exc:
        corriger(activite, date="2025-12-04", motif_retard=None)
    assert exc.value.champ == "motif_retard"


def test_a_correction_on_an_old_version_is_a_conflict() -> None:
    activite = enregistree()
    cmd = CorrigerActivite(command_id=uuid4(), version=3, duree=45)
    with pytest.raises(ConflitDeVersion):
        corriger_activite(activite, cmd, VERIFS, CTX)


def test_a_deletion_needs_a_reason_and_ends_corrections() -> None:
    activite = enregistree()
    # given no reason, then refused naming motif
    with pytest.raises(DomainError) as exc:
        supprimer_activite(
            activite, SupprimerActivite(command_id=uuid4(), version=1, motif=" "), CTX
        )
    assert exc.value.champ == "motif"
    # given a reason, then deleted
    events = supprimer_activite(
        activite, SupprimerActivite(command_id=uuid4(), version=1, motif="Doublon"), CTX
    )
    assert isinstance(events[0], ActiviteSupprimee)
    supprimee = fold([*enregistrer_activite(activite.id, commande(), VERIFS, CTX), *events])
    assert supprimee is not None and supprimee.supprimee
    # and a deleted activity can no longer be corrected
    with pytest.raises(DomainError):
        corriger(supprimee, duree=45)


def test_a_missing_activity_or_another_kind_of_record_is_not_found() -> None:
    # given the events of a beneficiary (another kind of record), then fold gives None
    autre = BeneficiaireEnregistre(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=CTX.maintenant,
        auteur="med@example.fr",
        mediateur="med@example.fr",
        profil=Profil(),
    )
    assert fold([autre]) is None
    with pytest.raises(IntrouvableError):
        supprimer_activite(None, SupprimerActivite(command_id=uuid4(), version=1, motif="x"), CTX)


def test_the_history_says_who_changed_what_and_when_in_french() -> None:
    # given a session recorded, corrected, then deleted
    activite_id = uuid4()
    events: list[Any] = enregistrer_activite(activite_id, commande(), VERIFS, CTX)
    activite = fold(events)
    assert activite is not None
    events += corriger(activite, duree=45, materiel=["tablette"])
    events += supprimer_activite(
        fold(events), SupprimerActivite(command_id=uuid4(), version=2, motif="Doublon"), CTX
    )
    # when its history is read
    lignes = historique(events, {LIEU: "Médiathèque"})
    # then each step is told in French, with the old and new values
    assert [ligne.quoi for ligne in lignes] == ["enregistrement", "correction", "suppression"]
    assert lignes[1].details == ["durée : 30 min → 45 min", "matériel : (vide) → Tablette"]
    assert lignes[2].details == ["motif : Doublon"]
    assert {ligne.qui for ligne in lignes} == {"med@example.fr"}
