"""A mediator's own tags on activities (La Coop's « Tags »): normalised, bounded, corrected,
and absent from events written before they existed."""

from __future__ import annotations

from uuid import uuid4

import msgspec

from domain.activites.commands import CorrigerActivite
from domain.activites.decide import corriger_activite, enregistrer_activite
from domain.activites.events import ActiviteEnregistree
from domain.activites.historique import historique
from domain.activites.tags import TAG_MAX, TAGS_MAX
from tests.unit.test_activites import CTX, VERIFS, atelier, commande, enregistree, refus


def test_tags_are_trimmed_deduplicated_ignoring_case_and_kept_in_order() -> None:
    # given a session tagged with stray spaces, an empty tag and a duplicate in other case
    cmd = commande(tags=["  Seniors ", "Quartier   des Grésilles", "", "seniors", "CCAS"])
    # when it is decided
    events = enregistrer_activite(uuid4(), cmd, VERIFS, CTX)
    # then the tags are clean, first spelling kept, in the mediator's order
    assert events[0].compte_rendu.tags == ("Seniors", "Quartier des Grésilles", "CCAS")


def test_a_workshop_has_tags_too() -> None:
    # given a workshop with a tag, when recorded, then it keeps it
    assert enregistree(atelier(tags=["Atelier d’initiation"])).compte_rendu.tags == (
        "Atelier d’initiation",
    )


def test_a_tag_with_a_comma_is_refused_naming_the_field() -> None:
    # given a tag holding a comma (the form's separator)
    # when recorded, then it is refused in French, on « tags »
    erreur = refus(commande(tags=["Seniors, quartier"]))
    assert erreur.champ == "tags" and "virgule" in erreur.message


def test_a_tag_longer_than_la_coops_limit_is_refused() -> None:
    # given a tag one character over La Coop's 80
    # when recorded, then refused on « tags »; exactly 80 is accepted
    erreur = refus(commande(tags=["x" * (TAG_MAX + 1)]))
    assert erreur.champ == "tags" and str(TAG_MAX) in erreur.message
    assert enregistree(commande(tags=["x" * TAG_MAX])).compte_rendu.tags == ("x" * TAG_MAX,)


def test_more_than_twenty_distinct_tags_are_refused() -> None:
    # given 21 distinct tags, when recorded, then refused; 20 (and duplicates) are fine
    erreur = refus(commande(tags=[f"t{i}" for i in range(TAGS_MAX + 1)]))
    assert erreur.champ == "tags" and str(TAGS_MAX) in erreur.message
    vingt = [f"t{i}" for i in range(TAGS_MAX)] + ["T0"]
    assert len(enregistree(commande(tags=vingt)).compte_rendu.tags) == TAGS_MAX


def test_correcting_the_tags_changes_only_them_and_the_history_says_so() -> None:
    # given a tagged session
    activite = enregistree(commande(tags=["Seniors"]))
    # when its tags are corrected
    correction = msgspec.convert(
        {"command_id": str(uuid4()), "version": 1, "tags": ["Seniors", "CCAS"]}, CorrigerActivite
    )
    events = corriger_activite(activite, correction, VERIFS, CTX)
    # then one correction, of the tags only, readable in the history
    assert len(events) == 1 and events[0].champs == ("tags",)
    assert events[0].compte_rendu.tags == ("Seniors", "CCAS")
    premier = enregistrer_activite(activite.id, commande(tags=["Seniors"]), VERIFS, CTX)[0]
    lignes = historique([premier, events[0]])
    assert lignes[1].details == ["tags : Seniors → Seniors, CCAS"]


def test_an_event_written_before_tags_existed_reads_as_no_tags() -> None:
    # given an ActiviteEnregistree stored without « tags » (as every older event)
    event = enregistrer_activite(uuid4(), commande(), VERIFS, CTX)[0]
    stocke = msgspec.json.decode(msgspec.json.encode(event))
    assert "tags" not in stocke["compte_rendu"]  # omitted when empty, as older events
    # when it is read back, then its tags are empty
    relu = msgspec.json.decode(msgspec.json.encode(stocke), type=ActiviteEnregistree)
    assert relu.compte_rendu.tags == ()
