"""Crypto-shredding of personal data: each person's identity is encrypted in the events with a
key of their own, kept apart in `cles_personnes`. Deleting the key erases the person from every
event, past and future reads alike, without touching the append-only log.

An event class lists its personal fields in `CHAMPS_PERSONNELS`; the key is the one of the
event's record (`originator_id`: the person), or of the person named in its field
`CHAMP_PERSONNE` when the record is about a person without being them (a diagnostic).
Stored form of such a field: a string "v1:" + base64(nonce ‖ AES-256-GCM ciphertext), the
person's id as associated data, so that a ciphertext cannot be moved to another person. A
field whose key is gone reads as None, or as the class's `VALEURS_EFFACEES[champ]` when the
field cannot be None (an erased aidant's name).
"""

from __future__ import annotations

import base64
import functools
import logging
import os
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mednum.infra.topics import resoudre

logger = logging.getLogger(__name__)
PREFIXE = "v1:"
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


@functools.cache
def champs_personnels(topic: str) -> tuple[str, ...]:
    return tuple(getattr(resoudre(topic), "CHAMPS_PERSONNELS", ()))


@functools.cache
def valeurs_effacees(topic: str) -> dict[str, Any]:
    return dict(getattr(resoudre(topic), "VALEURS_EFFACEES", {}))


@functools.cache
def champ_personne(topic: str) -> str | None:
    return getattr(resoudre(topic), "CHAMP_PERSONNE", None)


def personne_de(evenement: Any) -> UUID:
    """Whose key encrypts the event's personal fields."""
    champ = getattr(type(evenement), "CHAMP_PERSONNE", None)
    personne: UUID | None = getattr(evenement, champ) if champ else None
    return personne or evenement.originator_id


def personne_stockee(topic: str, etat: bytes, originator_id: UUID) -> UUID:
    """`personne_de` for a stored event, before it is decrypted."""
    champ = champ_personne(topic)
    valeur = _decode(etat).get(champ) if champ else None
    return UUID(valeur) if valeur else originator_id


def nouvelle_cle() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def chiffrer(cle: bytes, personne_id: UUID, valeur: Any) -> str:
    nonce = os.urandom(12)
    chiffre = AESGCM(cle).encrypt(nonce, _encode(valeur), personne_id.bytes)
    return PREFIXE + base64.b64encode(nonce + chiffre).decode()


def dechiffrer(cle: bytes, personne_id: UUID, texte: str) -> Any:
    brut = base64.b64decode(texte.removeprefix(PREFIXE))
    return _decode(AESGCM(cle).decrypt(brut[:12], brut[12:], personne_id.bytes))


def dechiffrer_ou_rien(cle: bytes | None, personne_id: UUID, texte: str) -> Any:
    """None when the key is gone — or is not the one that encrypted (a key made again for an
    erased person, say: what the old one encrypted stays erased)."""
    if cle is None:
        return None
    try:
        return dechiffrer(cle, personne_id, texte)
    except (InvalidTag, ValueError):
        logger.warning(
            "donnée personnelle indéchiffrable (clé %s) : lue comme effacée", personne_id
        )
        return None


def etat_chiffre(evenement: Any, champs: tuple[str, ...], cle_de: Callable[[UUID], bytes]) -> bytes:
    """The event as stored: its personal fields encrypted with its person's key."""
    donnees = msgspec.to_builtins(evenement)
    personne_id = personne_de(evenement)
    for champ in champs:
        if donnees.get(champ) is not None:
            donnees[champ] = chiffrer(cle_de(personne_id), personne_id, donnees[champ])
    return _encode(donnees)


def evenement_dechiffre(topic: str, etat: bytes, personne_id: UUID, cle: bytes | None) -> Any:
    """The event read back: personal fields decrypted, or None when the key is gone.
    `personne_id` is `personne_stockee(...)`, whose key `cle` is."""
    donnees = _decode(etat)
    effacees = valeurs_effacees(topic)
    for champ in champs_personnels(topic):
        valeur = donnees.get(champ)
        if isinstance(valeur, str) and valeur.startswith(PREFIXE):
            clair = dechiffrer_ou_rien(cle, personne_id, valeur)
            donnees[champ] = effacees.get(champ) if clair is None else clair
    return msgspec.convert(donnees, resoudre(topic))


class CoffreCles:
    """The keys, in PostgreSQL (table `cles_personnes`), through the event store's pool.

    Nothing is cached: a key deleted by an erasure in another process must stop working here
    at once."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore

    def cle(self, personne_id: UUID) -> bytes | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute("SELECT cle FROM cles_personnes WHERE personne_id = %s", (personne_id,))
            row = curs.fetchone()
        return bytes(row["cle"]) if row else None

    def cle_ou_nouvelle(self, personne_id: UUID) -> bytes:
        """The person's key, made on first use (committed at once: an unused key is harmless,
        a ciphertext without its key would be lost)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO cles_personnes (personne_id, cle) VALUES (%s, %s) "
                "ON CONFLICT (personne_id) DO NOTHING",
                (personne_id, nouvelle_cle()),
            )
            curs.execute("SELECT cle FROM cles_personnes WHERE personne_id = %s", (personne_id,))
            row = curs.fetchone()
        return bytes(row["cle"])

    def detruire(self, personne_id: UUID) -> bool:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM cles_personnes WHERE personne_id = %s", (personne_id,))
            return bool(curs.rowcount)
