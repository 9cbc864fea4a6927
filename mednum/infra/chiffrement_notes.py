"""An activity's free-text notes, encrypted in the event log (crypto-shredding, as identities).

Whose key: the followed person's for an individual session with one (erasing the person erases
the notes of their sessions); otherwise — an anonymous person, a workshop — a key of the
mediator's, named `cle_mediateur(e-mail)`, which erasing the aidant who holds that account
destroys.

Stored form: the event's `compte_rendu` has no `notes`; beside it, `notes_chiffrees` holds
{"titulaire": key id, "chiffre": "v1:…"} (AES-256-GCM, the key id as associated data). The key
id travels with the ciphertext, so reading needs no rule. Events written before this had their
notes in clear inside `compte_rendu`: they read as they are (nothing to decrypt). Notes whose
key is gone — or that do not decrypt — read as None, never as an error.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from domain.activites.events import ActiviteCorrigee, ActiviteEnregistree
from mednum.infra.chiffrement import chiffrer, dechiffrer_ou_rien
from mednum.infra.topics import resoudre

EVENEMENTS = (ActiviteEnregistree, ActiviteCorrigee)
CHAMP = "notes_chiffrees"
# Names a mediator's key after their account's e-mail: no lookup, the same in every process.
_ESPACE_MEDIATEURS = uuid.UUID("0b6c5d3e-8f1a-4c2b-9e7d-5a4f3c2b1d0e")
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


def cle_mediateur(email: str) -> UUID:
    """The id of a mediator's notes key (in `cles_personnes`, beside people's keys)."""
    return uuid.uuid5(_ESPACE_MEDIATEURS, email.strip().lower())


@functools.cache
def concerne(topic: str) -> bool:
    return resoudre(topic) in EVENEMENTS


def titulaire(evenement: ActiviteEnregistree | ActiviteCorrigee) -> UUID:
    """Whose key encrypts this event's notes."""
    cr = evenement.compte_rendu
    if cr.type == "individuel" and cr.beneficiaire_id is not None:
        return cr.beneficiaire_id
    if evenement.mediateur:
        return cle_mediateur(evenement.mediateur)
    return evenement.originator_id  # a correction written before it named its mediator


def etat_chiffre(evenement: Any, cle_de: Callable[[UUID], bytes]) -> bytes:
    donnees = msgspec.to_builtins(evenement)
    notes = donnees["compte_rendu"].pop("notes", None)
    if notes is not None:
        porteur = titulaire(evenement)
        donnees[CHAMP] = {
            "titulaire": str(porteur),
            "chiffre": chiffrer(cle_de(porteur), porteur, notes),
        }
    return _encode(donnees)


def evenement_dechiffre(topic: str, etat: bytes, cle_de: Callable[[UUID], bytes | None]) -> Any:
    donnees = _decode(etat)
    chiffrees = donnees.pop(CHAMP, None)
    if chiffrees is not None:
        porteur = UUID(chiffrees["titulaire"])
        notes = dechiffrer_ou_rien(cle_de(porteur), porteur, chiffrees["chiffre"])
        donnees["compte_rendu"]["notes"] = notes
    return msgspec.convert(donnees, resoudre(topic))
