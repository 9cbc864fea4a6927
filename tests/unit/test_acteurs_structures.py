"""Rules for structures: SIRET with its key, Aidants Connect types, commune, places."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.acteurs.commands import (
    DetacherLieu,
    FermerStructure,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
)
from domain.acteurs.decide_structures import (
    detacher_lieu,
    fermer_structure,
    modifier_structure,
    rattacher_lieu,
    recenser_structure,
)
from domain.acteurs.events import LieuRattache, StructureRecensee
from domain.acteurs.state import Structure, fold_structure
from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError
from domain.lieux.referentiel import CommuneRef
from tests.web.test_acteurs_api import SIRET, structure_body

CTX = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 1, 10, tzinfo=UTC))
DIJON = CommuneRef(code_insee="21231", nom="Dijon", codes_postaux=("21000",), departement="21")
LIEU = UUID("00000000-0000-4000-8000-000000000001")


def commande(**changes: object) -> RecenserStructure:
    # Two spaces inside the name: the recorded name has one.
    valeurs = structure_body(nom="Centre social  des Grésilles")
    return msgspec.convert(valeurs | changes, RecenserStructure)


def recensee(**changes: object) -> Structure:
    events = recenser_structure(uuid4(), commande(**changes), DIJON, {LIEU: True}, CTX)
    structure = fold_structure(events)  # type: ignore[arg-type]
    assert structure is not None
    return structure


def test_a_structure_is_registered_with_its_commune_and_places() -> None:
    # given a valid command naming an open place
    # when it is decided
    events = recenser_structure(
        uuid4(), commande(siret="212 102 313 00013", lieux=[str(LIEU)]), DIJON, {LIEU: True}, CTX
    )
    # then the structure is registered, then the place attached, in order
    recensee_, rattache = events
    assert isinstance(recensee_, StructureRecensee) and isinstance(rattache, LieuRattache)
    assert (recensee_.siret, recensee_.nom, recensee_.commune) == (
        SIRET,
        "Centre social des Grésilles",
        "Dijon",
    )
    assert (rattache.originator_version, rattache.lieu_id) == (2, LIEU)


@pytest.mark.parametrize("siret", ["21210231300012", "2121023110001", "W212002311", "abc"])
def test_a_siret_with_a_wrong_key_or_length_is_refused(siret: str) -> None:
    # given a SIRET that is not 14 digits with a valid key
    # when the structure is registered, then the refusal names the field
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(siret=siret), DIJON, {}, CTX)
    assert refus.value.champ == "siret"
    assert "clé de contrôle" in refus.value.message


def test_the_type_must_be_an_aidants_connect_organisation_type() -> None:
    # given the exact label in another case and with a typographic apostrophe: accepted
    events = recenser_structure(
        uuid4(), commande(type_structure="maison de l’emploi"), DIJON, {}, CTX
    )
    assert isinstance(events[0], StructureRecensee)
    assert events[0].type_structure == "Maison de l'emploi"
    # given an unknown type: refused, with the list
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(type_structure="Mairie"), DIJON, {}, CTX)
    assert refus.value.champ == "type_structure"
    assert "Municipalités" in refus.value.message


def test_an_unknown_commune_or_a_foreign_postcode_is_refused() -> None:
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(code_insee="99999"), None, {}, CTX)
    assert refus.value.champ == "code_insee"
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(code_postal="25000"), DIJON, {}, CTX)
    assert refus.value.champ == "code_postal"


def test_unknown_or_closed_places_are_refused() -> None:
    ailleurs = uuid4()
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(lieux=[str(ailleurs)]), DIJON, {}, CTX)
    assert refus.value.champ == "lieux" and "n'existe pas" in refus.value.message
    with pytest.raises(DomainError) as refus:
        recenser_structure(uuid4(), commande(lieux=[str(LIEU)]), DIJON, {LIEU: False}, CTX)
    assert "fermé" in refus.value.message


def test_a_change_keeps_only_what_changed_and_checks_the_version() -> None:
    # given a registered structure (version 1)
    structure = recensee()
    # when the same name and a new website are sent
    [modifiee] = modifier_structure(
        structure,
        ModifierStructure(
            command_id=uuid4(), version=1, nom=structure.nom, site_web="https://cs-gresilles.fr"
        ),
        None,
        CTX,
    )
    # then only the website is in the event
    assert modifiee.champs_modifies() == {"site_web": "https://cs-gresilles.fr"}
    # and a stale version is a conflict
    with pytest.raises(ConflitDeVersion):
        modifier_structure(structure, ModifierStructure(command_id=uuid4(), version=3), None, CTX)


def test_attaching_is_idempotent_and_a_closed_structure_refuses_changes() -> None:
    structure = recensee()
    [rattache] = rattacher_lieu(
        structure, RattacherLieu(command_id=uuid4(), lieu_id=LIEU), {LIEU: True}, CTX
    )
    avec = fold_structure([*_history(structure), rattache])
    assert avec is not None and avec.lieux == (LIEU,)
    assert rattacher_lieu(avec, RattacherLieu(command_id=uuid4(), lieu_id=LIEU), {}, CTX) == []
    [detache] = detacher_lieu(avec, DetacherLieu(command_id=uuid4(), lieu_id=LIEU), CTX)
    assert detache.lieu_id == LIEU
    [fermee] = fermer_structure(avec, FermerStructure(command_id=uuid4(), version=2), CTX)
    closed = msgspec.structs.replace(avec, fermee=True, version=3)
    with pytest.raises(DomainError) as refus:
        rattacher_lieu(closed, RattacherLieu(command_id=uuid4(), lieu_id=LIEU), {LIEU: True}, CTX)
    assert "fermée" in refus.value.message
    assert fermee.originator_version == 3


def _history(structure: Structure) -> list[StructureRecensee]:
    return [
        StructureRecensee(
            originator_id=structure.id,
            originator_version=1,
            timestamp=CTX.maintenant,
            auteur=CTX.auteur,
            **{
                k: getattr(structure, k)
                for k in StructureRecensee.__struct_fields__
                if k not in ("originator_id", "originator_version", "timestamp", "auteur")
            },
        )
    ]
