"""The orientation rules R1–R8, one by one, and their order."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.orientation.moteur import Situation, proposer
from domain.orientation.questionnaire import Reponses, situation
from domain.orientation.regles import DEMARCHES, REGLES_VERSION


def regles(s: Situation) -> list[str]:
    return [p.regle for p in proposer(s)]


def test_r1_urgent_demarche_with_a_low_level_is_done_for_the_person() -> None:
    # given an urgent démarche and a level of 1
    s = Situation(niveau=1, drapeaux=("demarche_urgente",))
    # when the rules run
    propositions = proposer(s)
    # then R1 comes first, now, with Aidants Connect / France Services places; R3 after
    assert [p.regle for p in propositions] == ["R1", "R3"]
    r1 = propositions[0]
    assert r1.services == (DEMARCHES,)
    assert r1.dispositifs == ("Aidants Connect", "France Services")
    assert r1.moment == "maintenant" and propositions[1].moment == "ensuite"
    assert "urgente" in r1.explications[0].texte
    assert r1.regles_version == REGLES_VERSION


def test_r1_does_not_fire_for_an_urgent_demarche_at_level_2() -> None:
    # given an urgent démarche but a person who applies known procedures alone
    # when / then only the level rule fires
    assert regles(Situation(niveau=2, drapeaux=("demarche_urgente",))) == ["R4"]


def test_r1_fires_whatever_the_level_when_the_person_wants_it_done() -> None:
    # given a level-3 person who wants the démarche done for them
    propositions = proposer(Situation(niveau=3, drapeaux=("souhaite_qu_on_fasse_pour_lui",)))
    # then R1, with that reason, then R5 later
    assert [p.regle for p in propositions] == ["R1", "R5"]
    assert "à votre place" in propositions[0].explications[0].texte


def test_r2_equipment_or_connection_comes_before_the_level_rule() -> None:
    # given a person without a connection, level 2
    propositions = proposer(Situation(niveau=2, drapeaux=("sans_connexion",)))
    # then R2 (access, connection) now, R4 next
    assert [p.regle for p in propositions] == ["R2", "R4"]
    assert "Accès internet et matériel informatique" in propositions[0].services
    assert "de connexion" in propositions[0].explications[0].texte


def test_r1_and_r2_combine_before_the_level_rule() -> None:
    s = Situation(niveau=0, drapeaux=("demarche_urgente", "sans_equipement"))
    assert regles(s) == ["R1", "R2", "R3"]


@pytest.mark.parametrize(("niveau", "regle"), [(0, "R3"), (1, "R3"), (2, "R4"), (3, "R5")])
def test_level_rules_r3_to_r5(niveau: int, regle: str) -> None:
    # given only a level
    propositions = proposer(Situation(niveau=niveau))
    # then the one level rule, now, with places to look for and the level in its reason
    assert [p.regle for p in propositions] == [regle]
    assert propositions[0].moment == "maintenant" and propositions[0].avec_lieux
    assert f"(niveau {niveau} sur 4)" in propositions[0].explications[0].texte


def test_r3_long_individual_path_prefers_individual_support() -> None:
    r3 = proposer(Situation(niveau=1))[0]
    assert r3.modalites == ("Accompagnement individuel",)
    assert r3.services == ("Maîtrise des outils numériques du quotidien",)


def test_r4_workshops_follow_the_persons_need_themes() -> None:
    # given a level-2 person whose need is security
    r4 = proposer(Situation(niveau=2, thematiques=("securite_numerique", "email")))[0]
    # then workshops on secure use of digital tools
    assert r4.modalites == ("Dans un atelier collectif",)
    assert r4.services == ("Utilisation sécurisée du numérique",)


def test_r5_one_off_help_allows_remote_help() -> None:
    r5 = proposer(Situation(niveau=3))[0]
    assert set(r5.modalites) == {"Accompagnement individuel", "À distance"}


def test_r6_no_mediation_needed_proposes_to_become_a_volunteer() -> None:
    # given an autonomous person
    propositions = proposer(Situation(niveau=4))
    # then R6, without places, suggesting volunteering
    assert [p.regle for p in propositions] == ["R6"]
    assert not propositions[0].avec_lieux
    assert "bénévole" in propositions[0].libelle


def test_r7_constraints_restrict_places_and_say_why() -> None:
    # given a deaf person who speaks little French, level 1
    s = Situation(niveau=1, drapeaux=("handicap_auditif", "langue"))
    r3 = proposer(s)[0]
    # then R3 carries both constraints and an R7 explanation
    assert r3.contraintes == (
        ("Langues étrangères (anglais)", "Langues étrangères (autres)"),
        ("Surdité",),
    )
    assert [e.regle for e in r3.explications] == ["R3", "R7"]
    assert "Surdité" in r3.explications[1].texte


def test_r7_is_not_added_to_a_proposal_without_places() -> None:
    r6 = proposer(Situation(niveau=4, drapeaux=("handicap_visuel",)))[0]
    assert r6.contraintes == () and [e.regle for e in r6.explications] == ["R6"]


def test_r8_declined_replaces_every_other_offer() -> None:
    propositions = proposer(Situation(niveau=1, drapeaux=("sans_equipement",), refuse=True))
    assert [p.regle for p in propositions] == ["R8"]
    assert not propositions[0].avec_lieux


def test_without_a_level_only_blockers_can_decide() -> None:
    # given no level and no blocker, the rules refuse, naming the field
    with pytest.raises(DomainError) as refus:
        proposer(Situation())
    assert refus.value.champ == "niveau"
    # given no level but no equipment, R2 alone
    assert regles(Situation(drapeaux=("sans_equipement",))) == ["R2"]


def test_an_impossible_level_is_refused_in_french() -> None:
    with pytest.raises(DomainError, match="niveau 7 n'existe pas"):
        proposer(Situation(niveau=7))


def test_questionnaire_answers_become_a_situation() -> None:
    # given a citizen without internet, unsure, urgent, wanting it done, who hears badly
    reponses = Reponses(
        besoin="demarche",
        equipement="sans_connexion",
        aisance="avec_aide",
        urgent=True,
        facon="pour_moi",
        contraintes=["handicap_auditif", "mobilite_reduite"],
    )
    # when translated
    s = situation(reponses)
    # then the self-declared level and the grid's flags
    assert s.niveau == 1
    assert set(s.drapeaux) == {
        "sans_connexion",
        "demarche_urgente",
        "souhaite_qu_on_fasse_pour_lui",
        "handicap_auditif",
        "mobilite_reduite",
    }
    assert s.thematiques == ("aide_aux_demarches_administratives",)
    assert regles(s) == ["R1", "R2", "R3"]


def test_questionnaire_refuses_an_unknown_answer_naming_the_question() -> None:
    with pytest.raises(DomainError) as refus:
        situation(Reponses(aisance="expert"))
    assert refus.value.champ == "aisance"
    assert "Êtes-vous à l'aise" in refus.value.message
