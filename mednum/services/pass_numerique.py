"""The write side of the Pass numérique: orders, hand-overs to distributors, carnets given
to people, pass scanned — through Hub.executer.

An order's stream holds the order and its hand-overs; each carnet has its own stream (its
injection, then its scans), so that places scanning different carnets never conflict.
"""

from __future__ import annotations

import csv
import re
from uuid import UUID, uuid5

import msgspec

from domain.acteurs.state import fold_structure
from domain.beneficiaires.events import BeneficiaireEnregistre
from domain.errors import DomainError, IntrouvableError
from domain.lieux.events import LieuRecense
from domain.lieux.state import fold as fold_lieu
from domain.pass_numerique import decide
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.state import (
    Carnet,
    CommandePass,
    carnet_id,
    fold_carnet,
    fold_commande,
)
from mednum.infra.validation import traduire
from mednum.services.executeur import Hub, Resultat


class PassNumerique:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def commande(self, commande_id: UUID) -> CommandePass | None:
        return fold_commande(self.hub.events(commande_id))

    def carnet(self, commande_id: UUID, numero: int) -> Carnet | None:
        return fold_carnet(self.hub.events(carnet_id(commande_id, numero)))

    def _perimetre_existe(self, niveau: str, code: str) -> bool:
        code = code.strip()
        if niveau == "commune":
            return self.hub.communes.get(code) is not None
        if niveau not in ("region", "departement", "epci"):
            return False
        return any(getattr(c, niveau) == code for c in self.hub.communes)

    def _lieu_existe(self, lieu_id: UUID) -> bool:
        events = self.hub.events(lieu_id)
        return bool(events) and isinstance(events[0], LieuRecense) and fold_lieu(events) is not None

    def _beneficiaire_existe(self, beneficiaire_id: UUID) -> bool:
        events = self.hub.events(beneficiaire_id)
        return bool(events) and isinstance(events[0], BeneficiaireEnregistre)

    def passer_commande(
        self, commande: PasserCommande, auteur: str, commande_id: UUID | None = None
    ) -> Resultat:
        """`commande_id` is drawn at random unless given (the demo fixes it)."""
        return self.hub.creer(
            commande,
            commande_id,
            lambda nouvel_id, ctx: decide.passer_commande(
                nouvel_id,
                commande,
                self._perimetre_existe(commande.perimetre_niveau, commande.perimetre_code),
                ctx,
            ),
            auteur,
        )

    def remettre_carnets(
        self, commande_id: UUID, commande: RemettreCarnets, auteur: str
    ) -> Resultat:
        structure_id = commande.distributeur_structure_id
        return self.hub.executer(
            commande,
            commande_id,
            lambda events, ctx: decide.remettre_carnets(
                fold_commande(events),
                commande,
                structure_id is not None
                and fold_structure(self.hub.events(structure_id)) is not None,
                ctx,
            ),
            auteur,
        )

    def injecter_carnet(self, commande_id: UUID, commande: InjecterCarnet, auteur: str) -> Resultat:
        beneficiaire_id = commande.beneficiaire_id
        return self.hub.executer(
            commande,
            carnet_id(commande_id, commande.numero_carnet),
            lambda events, ctx: decide.injecter_carnet(
                self.commande(commande_id),
                fold_carnet(events),
                commande,
                beneficiaire_id is not None and self._beneficiaire_existe(beneficiaire_id),
                ctx,
            ),
            auteur,
        )

    def scanner_pass(self, commande_id: UUID, commande: ScannerPass, auteur: str) -> Resultat:
        return self.hub.executer(
            commande,
            carnet_id(commande_id, commande.numero_carnet),
            lambda events, ctx: decide.scanner_pass(
                self.commande(commande_id),
                fold_carnet(events),
                commande,
                self._lieu_existe(commande.lieu_id),
                ctx,
            ),
            auteur,
        )


class VerdictScan(msgspec.Struct, frozen=True, kw_only=True):
    """What became of one row of an imported file of scans."""

    ligne: int
    """Line number in the file (the header is line 1)."""
    statut: str
    """« enregistre », « deja_enregistre » (the same row was imported before) or « refuse »."""
    message: str
    champ: str | None = None
    position: int | None = None
    """Where the scan sits in the log, when recorded (to read it back at once)."""


COLONNES_SCANS = ("numero_carnet", "numero_pass", "lieu_id", "date_scan")
"""Required columns of an import of scans (APTIC export); `service` is optional."""


def _date_lue(texte: str) -> str:
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", texte):
        jour, mois, annee = (int(g) for g in match.groups())
        return f"{annee:04d}-{mois:02d}-{jour:02d}"
    return texte


def lire_scans_csv(texte: str) -> csv.DictReader[str]:
    """The rows of a CSV of scans (« ; » or « , » separated), or a DomainError on its header."""
    lignes = texte.lstrip("\ufeff").splitlines()
    entete = lignes[0] if lignes else ""
    lecteur = csv.DictReader(lignes, delimiter=";" if ";" in entete else ",")
    colonnes = [c.strip() for c in lecteur.fieldnames or []]
    manquantes = [c for c in COLONNES_SCANS if c not in colonnes]
    if manquantes:
        raise DomainError(
            "Colonnes manquantes dans l'en-tête du fichier : "
            + ", ".join(manquantes)
            + " (attendu : numero_carnet;numero_pass;lieu_id;date_scan;service).",
            "csv",
        )
    lecteur.fieldnames = colonnes
    return lecteur


def importer_scans(
    service: PassNumerique, commande_id: UUID, texte: str, auteur: str
) -> list[VerdictScan]:
    """Each row is a scan command of its own: a refused row does not stop the others. A row
    imported again (same content) is recognised by its derived command_id."""
    if service.commande(commande_id) is None:
        raise IntrouvableError("Cette commande de pass n'existe pas.", "commande_id")
    verdicts: list[VerdictScan] = []
    for ligne, row in enumerate(lire_scans_csv(texte), start=2):
        valeurs = {k: (v or "").strip() for k, v in row.items() if k}
        contenu = "|".join(valeurs.get(c, "") for c in (*COLONNES_SCANS, "service"))
        try:
            commande = msgspec.convert(
                {
                    "command_id": str(uuid5(commande_id, f"import-scan/{contenu}")),
                    "numero_carnet": valeurs["numero_carnet"],
                    "numero_pass": valeurs["numero_pass"],
                    "lieu_id": valeurs["lieu_id"],
                    "date_scan": _date_lue(valeurs["date_scan"]),
                    "service": valeurs.get("service") or None,
                },
                ScannerPass,
                strict=False,
            )
            resultat = service.scanner_pass(commande_id, commande, auteur)
        except msgspec.ValidationError as exc:
            champ = str(exc).rsplit("$.", 1)[-1].rstrip("`") if "$." in str(exc) else None
            verdicts.append(
                VerdictScan(ligne=ligne, statut="refuse", message=traduire(str(exc)), champ=champ)
            )
            continue
        except DomainError as refus:
            verdicts.append(
                VerdictScan(ligne=ligne, statut="refuse", message=refus.message, champ=refus.champ)
            )
            continue
        if resultat.rejoue:
            verdicts.append(
                VerdictScan(ligne=ligne, statut="deja_enregistre", message="Déjà importée.")
            )
        else:
            verdicts.append(
                VerdictScan(
                    ligne=ligne,
                    statut="enregistre",
                    message="Enregistrée.",
                    position=resultat.notification_id,
                )
            )
    return verdicts
