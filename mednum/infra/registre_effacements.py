"""The erasure ledger: every destroyed key, listed in a file of the data dir, outside the
database and so outside its backups.

A restore brings back the keys as they were when the backup was taken; the ledger says which
of them were destroyed since, so that `mednum restore` destroys them again. Without it a
restore would resurrect people who asked to be forgotten.

One JSON line per erasure, appended with O_APPEND and fsync'd before the key is destroyed: a
crash between the two leaves an entry for a key still present, which the next restore (or a
new erasure) destroys anyway; the other order could lose an erasure.

Each entry says what the key was (`nature`): a beneficiary's, an aidant's, or a mediator's
notes key (the notes of their anonymous sessions and workshops). Lines written before the
field existed are beneficiaries'.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from uuid import UUID

import msgspec

logger = logging.getLogger(__name__)
NOM_FICHIER = "effacements.jsonl"


Nature = Literal["beneficiaire", "aidant", "notes_mediateur"]


class Effacement(msgspec.Struct, frozen=True):
    personne_id: UUID  # the key's id (a person's id, or a mediator's notes key)
    efface_le: datetime
    motif: str
    nature: Nature = "beneficiaire"


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(Effacement).decode


class RegistreEffacements:
    def __init__(self, chemin: Path) -> None:
        self.chemin = chemin

    @classmethod
    def du_dossier(cls, data_dir: Path) -> RegistreEffacements:
        return cls(Path(data_dir) / NOM_FICHIER)

    def inscrire(
        self,
        personne_id: UUID,
        motif: str,
        le: datetime | None = None,
        nature: Nature = "beneficiaire",
    ) -> None:
        """Append one erasure and make it durable (file and, when new, its directory)."""
        entree = Effacement(personne_id, le or datetime.now(UTC), motif, nature)
        self.chemin.parent.mkdir(parents=True, exist_ok=True)
        nouveau = not self.chemin.exists()
        fd = os.open(self.chemin, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, _encode(entree) + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        if nouveau:
            dossier = os.open(self.chemin.parent, os.O_RDONLY)
            try:
                os.fsync(dossier)
            finally:
                os.close(dossier)

    def entrees(self) -> Iterator[Effacement]:
        """Every erasure, oldest first. A line cut short by a crash is skipped (its key was not
        destroyed yet: the write comes first)."""
        try:
            lignes = self.chemin.read_bytes().splitlines()
        except FileNotFoundError:
            return
        for numero, ligne in enumerate(lignes, 1):
            if not ligne.strip():
                continue
            try:
                yield _decode(ligne)
            except (msgspec.ValidationError, msgspec.DecodeError):
                logger.warning("%s, ligne %s illisible : ignorée", self.chemin, numero)

    def depuis(self, instant: datetime) -> list[Effacement]:
        return [e for e in self.entrees() if e.efface_le >= instant]
