"""An activity's notes in the event log: whose key, the stored form, and reading them back
when the key is gone or is another one (no database: keys in a dict)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID, uuid4

import msgspec
from eventsourcing.utils import get_topic as topic_de

from domain.activites.events import ActiviteCorrigee, ActiviteEnregistree, CompteRendu
from mednum.infra.chiffrement import nouvelle_cle
from mednum.infra.chiffrement_notes import (
    cle_mediateur,
    etat_chiffre,
    evenement_dechiffre,
    titulaire,
)

MEDIATRICE = "Mediatrice@Example.fr"
NOTE = "Préfère être appelée le mardi"


def enregistree(**champs: object) -> ActiviteEnregistree:
    compte_rendu = CompteRendu(
        type="individuel",
        date=dt.date(2026, 3, 2),
        duree=30,
        type_lieu="domicile",
        notes=NOTE,
        **champs,  # type: ignore[arg-type]
    )
    return ActiviteEnregistree(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        auteur=MEDIATRICE,
        mediateur=MEDIATRICE,
        compte_rendu=compte_rendu,
    )


def coffre() -> tuple[dict[UUID, bytes], object]:
    cles: dict[UUID, bytes] = {}
    return cles, lambda personne: cles.setdefault(personne, nouvelle_cle())


def test_a_followed_persons_session_uses_her_key_an_anonymous_one_the_mediators() -> None:
    personne = uuid4()
    assert titulaire(enregistree(beneficiaire_id=personne)) == personne
    anonyme = enregistree()
    assert titulaire(anonyme) == cle_mediateur("mediatrice@example.fr ")  # one key per account
    atelier = msgspec.structs.replace(
        anonyme,
        compte_rendu=msgspec.structs.replace(
            anonyme.compte_rendu, type="collectif", beneficiaires=(personne, uuid4())
        ),
    )
    assert titulaire(atelier) == cle_mediateur(MEDIATRICE)
    # a correction written before corrections named their mediator: the activity's own key
    ancienne = ActiviteCorrigee(
        originator_id=anonyme.originator_id,
        originator_version=2,
        timestamp=anonyme.timestamp,
        auteur=MEDIATRICE,
        compte_rendu=anonyme.compte_rendu,
        champs=("notes",),
    )
    assert titulaire(ancienne) == anonyme.originator_id


def test_notes_are_stored_encrypted_and_read_back_then_erased_with_the_key() -> None:
    # given a session with notes about a followed person, stored
    personne = uuid4()
    evenement = enregistree(beneficiaire_id=personne)
    cles, cle_de = coffre()
    etat = etat_chiffre(evenement, cle_de)  # type: ignore[arg-type]
    # then the stored state holds no note, and the key id beside the ciphertext
    assert NOTE.encode() not in etat and "Préfère".encode() not in etat
    stocke = msgspec.json.decode(etat)
    assert "notes" not in stocke["compte_rendu"]
    assert stocke["notes_chiffrees"]["titulaire"] == str(personne)
    topic = topic_de(ActiviteEnregistree)
    # and it reads back whole with the key
    assert evenement_dechiffre(topic, etat, cles.get) == evenement
    # when the key is destroyed, or another one made for the same id, the notes read as None
    del cles[personne]
    assert evenement_dechiffre(topic, etat, cles.get).compte_rendu.notes is None
    cles[personne] = nouvelle_cle()
    relu = evenement_dechiffre(topic, etat, cles.get)
    assert relu.compte_rendu.notes is None and relu.compte_rendu.beneficiaire_id == personne


def test_an_event_written_with_clear_notes_reads_as_it_was() -> None:
    evenement = enregistree()
    ancien = msgspec.json.encode(evenement)  # notes inside compte_rendu, in clear
    assert evenement_dechiffre(topic_de(ActiviteEnregistree), ancien, {}.get) == evenement
