"""Importing a La Coop XLSX export of activities (mednum/echanges/coop_xlsx.py reads it), and
MedNum's own export, older ones included.

Rows are grouped by « ID CRA » (a workshop has one row per participant) into one
EnregistrerActivite each, checked by the same rules as the form. The activity's id derives
from the mediator and the ID CRA, so importing the same file again records nothing; an « ID
CRA » that is already a MedNum activity (our own export, brought back) is not recorded twice.

People are imported anonymously, with their statistics fields: a La Coop export holds names
but no consent record of ours, and matching names would guess. A place of activity is the
registry's place of the same name in the same commune; otherwise « Autre lieu » in that commune,
said in the report. Every refusal names the file's column.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Callable, Collection
from typing import Any
from uuid import UUID

import msgspec

from domain.activites.commands import EnregistrerActivite
from domain.activites.referentiel import AUTONOMIES, NIVEAUX_ATELIER, RETARD_MAX_JOURS
from domain.beneficiaires import referentiel as personnes
from domain.errors import DomainError
from mednum.accounts import User
from mednum.echanges import coop_format as coop
from mednum.echanges.coop_xlsx import THEMATIQUES, AnonymesLus, ClasseurLu
from mednum.infra.validation import traduire
from mednum.services.activites import Activites

_NAMESPACE = uuid.UUID("5c0a1f5e-7d3b-4e8a-9f21-3b6c8d0e4a72")
NON_COMMUNIQUE = coop.NON_COMMUNIQUE
AUTONOMIE = "Niveau d’autonomie (ou de l’atelier)"
MOTIF_IMPORT = "Import d'un export de La Coop de la médiation numérique"
# The command's fields, as the file's columns (to name the column in a refusal).
COLONNE_DU_CHAMP = {
    "type": "Type",
    "date": "Date",
    "motif_retard": "Date",
    "duree": "Durée (min)",
    "type_lieu": "Canaux d’accompagnement",
    "lieu_id": "Nom du lieu",
    "commune": "Code Insee",
    "materiel": "Matériel numérique utilisé",
    "thematiques": "Thématique(s) d’accompagnement",
    "tags": "Tags",
    "precisions_demarche": "Nom de la démarche administrative",
    "autonomie": AUTONOMIE,
    "niveau": AUTONOMIE,
    "oriente_vers_structure": "Bénéficiaire réorienté",
    "structure_de_redirection": "Structure de redirection",
    "profil": "Genre du bénéficiaire",
    "titre_atelier": "Nom de l’atelier",
    "participants": "Participants",
}
_COLONNE_DU_PROFIL = {
    "genre": "Genre du bénéficiaire",
    "tranche_age": "Tranche d’âge du bénéficiaire",
    "annee_naissance": "Tranche d’âge du bénéficiaire",
    "statut_social": "Statut du bénéficiaire",
    "commune_residence": "Code Insee du bénéficiaire",
}


class Statut(enum.StrEnum):
    CREEE = "créée"
    INCHANGEE = "déjà importée"
    REJETEE = "rejetée"


class LigneImport(msgspec.Struct, frozen=True, kw_only=True):
    id_cra: str
    statut: Statut
    lignes: list[int] = msgspec.field(default_factory=list)  # the file's row numbers
    activite_id: str | None = None
    raison: str | None = None
    champ: str | None = None  # the file's column the refusal is about
    corrections: list[str] = msgspec.field(default_factory=list)


class RapportImport(msgspec.Struct, kw_only=True):
    lignes: list[LigneImport] = msgspec.field(default_factory=list)

    def compte(self, statut: Statut) -> int:
        return sum(1 for ligne in self.lignes if ligne.statut is statut)


def _inverse(*libelles: dict[str, str]) -> dict[str, str]:
    """Loose label → value, for La Coop's labels, ours and the values themselves."""
    return {coop.cle(v): k for table in libelles for k, v in table.items()} | {
        coop.cle(k): k for table in libelles for k in table
    }


_TYPES = _inverse(coop.TYPES)
_CANAUX = _inverse(coop.CANAUX)
_MATERIELS = _inverse(coop.MATERIELS)
_THEMATIQUES = _inverse(THEMATIQUES)
_REDIRECTIONS = _inverse(coop.REDIRECTIONS)
_GENRES = _inverse(coop.GENRES, personnes.GENRES)
_TRANCHES = _inverse(coop.TRANCHES, personnes.TRANCHES_AGE)
_STATUTS = _inverse(coop.STATUTS, personnes.STATUTS_SOCIAUX)
_AUTONOMIES = {f"{n}/3": v for v, n in coop.ETOILES_AUTONOMIE.items()} | _inverse(AUTONOMIES)
_NIVEAUX = {f"{n}/3": v for v, n in coop.ETOILES_NIVEAU.items()} | _inverse(NIVEAUX_ATELIER)
_OUI_NON = {"oui": True, "non": False}


def importer_activites(
    activites: Activites,
    classeur: ClasseurLu,
    user: User,
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
    deja_dans_mednum: Collection[str] = (),
) -> RapportImport:
    groupes: dict[str, list[dict[str, Any]]] = {}
    for ligne in classeur.lignes:
        groupes.setdefault(str(ligne.get("ID CRA") or "").strip(), []).append(ligne)
    rapport = RapportImport()
    for id_cra, rangs in groupes.items():
        numeros = [int(r["_ligne"]) for r in rangs if "_ligne" in r]
        if id_cra and id_cra in deja_dans_mednum:
            resultat = LigneImport(
                id_cra=id_cra, statut=Statut.INCHANGEE, raison="activité déjà dans MedNum"
            )
        else:
            anonymes = classeur.anonymes.get(id_cra)
            resultat = _importer(activites, id_cra, rangs, anonymes, user, trouver_lieu, aujourdhui)
        rapport.lignes.append(msgspec.structs.replace(resultat, lignes=numeros))
    return rapport


def _importer(
    activites: Activites,
    id_cra: str,
    rangs: list[dict[str, Any]],
    anonymes: AnonymesLus | None,
    user: User,
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
) -> LigneImport:
    corrections: list[str] = []
    try:
        if not id_cra:
            raise DomainError("ligne sans identifiant : elle ne peut pas être rattachée.", "ID CRA")
        cle = f"{user.email}\x1f{id_cra}"
        corps = corps_commande(rangs, anonymes, trouver_lieu, aujourdhui, corrections)
        corps["command_id"] = str(uuid.uuid5(_NAMESPACE, cle + "\x1fcommande"))
        commande = msgspec.convert(corps, EnregistrerActivite)
        resultat = activites.enregistrer(commande, user, uuid.uuid5(_NAMESPACE, cle))
    except msgspec.ValidationError as erreur:
        return _rejet(id_cra, traduire(str(erreur)), _colonne_du_chemin(str(erreur)))
    except DomainError as refus:
        return _rejet(id_cra, refus.message, _colonne(refus.champ))
    return LigneImport(
        id_cra=id_cra,
        statut=Statut.INCHANGEE if resultat.rejoue else Statut.CREEE,
        activite_id=str(resultat.id),
        corrections=corrections,
    )


def _rejet(id_cra: str, raison: str, colonne: str | None) -> LigneImport:
    return LigneImport(id_cra=id_cra, statut=Statut.REJETEE, raison=raison, champ=colonne)


def _colonne(champ: str | None) -> str | None:
    """The file's column for a command's field (« profil.genre » → « Genre du bénéficiaire »);
    a name that already is a column stays as it is."""
    if not champ:
        return None
    tete, _, reste = champ.partition(".")
    if tete == "profil" and reste:
        return _COLONNE_DU_PROFIL.get(reste.split(".")[0], COLONNE_DU_CHAMP["profil"])
    return COLONNE_DU_CHAMP.get(tete.split("[")[0], champ)


def _colonne_du_chemin(message: str) -> str | None:
    trouve = re.search(r"at `\$\.([\w.\[\]]+)`", message)
    return _colonne(trouve.group(1)) if trouve else None


def corps_commande(
    rangs: list[dict[str, Any]],
    anonymes: AnonymesLus | None,
    trouver_lieu: Callable[[str, str], UUID | None],
    aujourdhui: dt.date,
    corrections: list[str],
) -> dict[str, Any]:
    """The EnregistrerActivite body of one « ID CRA »'s rows (not yet checked by the rules)."""
    premiere = rangs[0]
    type_ = _valeur(premiere, "Type", _TYPES)
    if type_ is None:
        raise DomainError(
            "indiquez « Accompagnement individuel » ou « Atelier collectif ».", "Type"
        )
    if type_ == "individuel" and len(rangs) > 1:
        raise DomainError(
            f"{len(rangs)} lignes pour un accompagnement individuel : une seule est attendue.",
            "ID CRA",
        )
    date = _date(premiere.get("Date"))
    corps: dict[str, Any] = {
        "type": type_,
        "date": date.isoformat(),
        "duree": _entier(premiere.get("Durée (min)"), "Durée (min)"),
        "materiel": _liste(premiere, "Matériel numérique utilisé", _MATERIELS),
        "thematiques": _liste(premiere, "Thématique(s) d’accompagnement", _THEMATIQUES),
        "tags": _tags(premiere, corrections),
        "precisions_demarche": _texte(premiere.get("Nom de la démarche administrative")),
    }
    if (aujourdhui - date).days > RETARD_MAX_JOURS:
        corps["motif_retard"] = MOTIF_IMPORT
    corps |= _lieu(premiere, trouver_lieu, corrections)
    if type_ == "individuel":
        corps["autonomie"] = _valeur(premiere, AUTONOMIE, _AUTONOMIES)
        oriente = _valeur(premiere, "Bénéficiaire réorienté", _OUI_NON) or False
        corps["oriente_vers_structure"] = oriente
        if oriente:
            corps["structure_de_redirection"] = _valeur(
                premiere, "Structure de redirection", _REDIRECTIONS
            )
        corps["profil"] = _profil(premiere)
    else:
        corps["titre_atelier"] = _texte(premiere.get("Nom de l’atelier"))
        corps["niveau"] = _valeur(premiere, AUTONOMIE, _NIVEAUX)
        corps["participants"] = _participants(rangs, anonymes, corrections)
    return corps


def _lieu(
    ligne: dict[str, Any],
    trouver_lieu: Callable[[str, str], UUID | None],
    corrections: list[str],
) -> dict[str, Any]:
    type_lieu = _valeur(ligne, "Canaux d’accompagnement", _CANAUX)
    if type_lieu is None:
        raise DomainError(
            "indiquez le canal (lieu d’activité, à domicile…).", "Canaux d’accompagnement"
        )
    code_insee = _texte(ligne.get("Code Insee"))
    champs: dict[str, Any] = {}
    if type_lieu == "lieu_activite":
        nom = _texte(ligne.get("Nom du lieu")) or ""
        lieu_id = trouver_lieu(nom, code_insee or "")
        if lieu_id is None:
            corrections.append(
                f"lieu « {nom} » absent du registre : enregistré comme « Autre lieu » "
                "dans sa commune"
            )
            type_lieu = "autre"
        champs["lieu_id"] = str(lieu_id) if lieu_id else None
    champs["type_lieu"] = type_lieu
    if type_lieu in ("domicile", "autre"):
        champs["commune"] = code_insee
    return champs


def _profil(ligne: dict[str, Any]) -> dict[str, Any]:
    return {
        "genre": _valeur(ligne, "Genre du bénéficiaire", _GENRES) or NON_COMMUNIQUE,
        "tranche_age": _valeur(ligne, "Tranche d’âge du bénéficiaire", _TRANCHES) or NON_COMMUNIQUE,
        "statut_social": _valeur(ligne, "Statut du bénéficiaire", _STATUTS) or NON_COMMUNIQUE,
        "commune_residence": _texte(ligne.get("Code Insee du bénéficiaire")),
    }


def _participants(
    rangs: list[dict[str, Any]], anonymes: AnonymesLus | None, corrections: list[str]
) -> dict[str, Any]:
    """A workshop's rows become counts (La Coop's attributes of anonymous participants are
    drawn at random: counting them is all they are good for). A MedNum export's anonymous
    rows say « Non communiqué »: their counts come from its second sheet."""
    annonce = _texte(rangs[0].get("Participants")) or ""
    if "/" in annonce and annonce.rsplit("/", 1)[1] != str(len(rangs)):
        corrections.append(
            f"« Participants » annonce {annonce.rsplit('/', 1)[1]} personnes, le fichier en "
            f"contient {len(rangs)} : {len(rangs)} retenues"
        )
    comptes: dict[str, dict[str, int]] = {"genres": {}, "tranches_age": {}, "statuts_sociaux": {}}
    if anonymes is not None:
        for categorie, valeurs in comptes.items():
            valeurs.update(getattr(anonymes, categorie))
    for ligne in rangs:
        profil = _profil(ligne)
        for categorie, champ in (
            ("genres", "genre"),
            ("tranches_age", "tranche_age"),
            ("statuts_sociaux", "statut_social"),
        ):
            if profil[champ] != NON_COMMUNIQUE:
                valeurs = comptes[categorie]
                valeurs[profil[champ]] = valeurs.get(profil[champ], 0) + 1
    deja = anonymes.deja_accompagne if anonymes else 0
    return {"total": len(rangs), "deja_accompagne": deja, **comptes}


def _tags(ligne: dict[str, Any], corrections: list[str]) -> list[str]:
    """One tag a line; a comma (which our form uses between tags) becomes a dash."""
    tags = []
    for morceau in str(ligne.get("Tags") or "").splitlines():
        tag = " ".join(morceau.split())
        if "," in tag:
            propre = " ".join(tag.replace(",", " - ").split())
            corrections.append(f"tag « {tag} » : virgule remplacée, « {propre} »")
            tag = propre
        if tag:
            tags.append(tag)
    return tags


def _valeur(ligne: dict[str, Any], colonne: str, valeurs: dict[str, Any]) -> Any:
    texte = _texte(ligne.get(colonne))
    if texte is None:
        return None
    valeur = valeurs.get(coop.cle(texte))
    if valeur is None:
        raise DomainError(f"valeur inconnue « {texte} ».", colonne)
    return valeur


def _liste(ligne: dict[str, Any], colonne: str, valeurs: dict[str, str]) -> list[str]:
    """La Coop puts one value a line; older MedNum exports wrote « , » between them (no label
    of these lists holds a comma followed by a space)."""
    retenues = []
    for morceau in re.split(r"\n|, ", str(ligne.get(colonne) or "")):
        if not morceau.strip():
            continue
        valeur = valeurs.get(coop.cle(morceau))
        if valeur is None:
            raise DomainError(f"valeur inconnue « {morceau.strip()} ».", colonne)
        retenues.append(valeur)
    return retenues


def _date(valeur: Any) -> dt.date:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    texte = _texte(valeur) or ""
    for format_ in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise DomainError(f"date illisible « {texte} » : JJ/MM/AAAA attendu.", "Date")


def _entier(valeur: Any, colonne: str) -> int:
    try:
        return int(float(str(valeur)))
    except ValueError:
        raise DomainError(f"nombre attendu, pas « {valeur or ''} ».", colonne) from None


def _texte(valeur: Any) -> str | None:
    if valeur is None:
        return None
    return " ".join(str(valeur).split()) or None
