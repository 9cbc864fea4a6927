"""Rules on beneficiaries: decide(state, command) -> events, or a French refusal."""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.base import Contexte, a_jour, a_la_version, premier, suivant
from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    Identite,
    IdentiteModifiee,
    Profil,
    ProfilModifie,
)
from domain.beneficiaires.referentiel import (
    GENRES,
    NON_COMMUNIQUE,
    STATUTS_SOCIAUX,
    TRANCHES_AGE,
    tranche_age,
)
from domain.beneficiaires.state import Beneficiaire
from domain.errors import DomainError, Erreurs, IntrouvableError, valeur_inconnue
from domain.lieux.standard import valider_telephone
from domain.textes import COURRIEL

MOTIFS_ANONYMISATION = ("effacement", "retention")
_IDENTITE = ("prenom", "nom", "telephone", "courriel", "notes")


def enregistrer_beneficiaire(
    beneficiaire_id: UUID,
    commande: EnregistrerBeneficiaire,
    commune_connue: bool,
    ctx: Contexte,
) -> list[BeneficiaireEnregistre]:
    # Independent rules: every field's refusal is reported at once.
    erreurs = Erreurs()
    with erreurs.garde():
        profil = _profil(
            {
                "genre": commande.genre,
                "tranche_age": commande.tranche_age,
                "annee_naissance": commande.annee_naissance,
                "statut_social": commande.statut_social,
                "commune_residence": commande.commune_residence,
                "deja_accompagne": commande.deja_accompagne,
            },
            commune_connue,
            ctx,
        )
    saisie = {champ: getattr(commande, champ) for champ in _IDENTITE}
    identite = None
    with erreurs.garde():
        if commande.suivi:
            identite = _identite(saisie, commande.consentement)
        elif any(_texte(v) for v in saisie.values()):
            raise DomainError(
                "Un bénéficiaire anonyme n'a ni nom ni coordonnées : cochez « suivi » avec le "
                "consentement de la personne, ou laissez ces champs vides.",
                "suivi",
            )
    erreurs.lever()
    return [
        premier(
            BeneficiaireEnregistre,
            beneficiaire_id,
            ctx,
            mediateur=ctx.auteur,
            profil=profil,
            identite=identite,
            consentement_le=ctx.aujourdhui if identite else None,
        )
    ]


def modifier_beneficiaire(
    beneficiaire: Beneficiaire | None,
    commande: ModifierBeneficiaire,
    commune_connue: bool,
    ctx: Contexte,
) -> list[ProfilModifie | IdentiteModifiee]:
    beneficiaire = _existant(beneficiaire, commande.version)
    actuel = msgspec.structs.asdict(beneficiaire.profil)
    saisi = {
        champ: valeur
        for champ in actuel
        if (valeur := getattr(commande, champ)) is not msgspec.UNSET
    }
    if "annee_naissance" in saisi and "tranche_age" not in saisi:
        saisi["tranche_age"] = None  # derived again from the new year (or left as it was)
    events: list[ProfilModifie | IdentiteModifiee] = []
    profil = _profil(actuel | saisi, commune_connue, ctx) if saisi else beneficiaire.profil
    if profil != beneficiaire.profil:
        events.append(suivant(ProfilModifie, beneficiaire, ctx, profil=profil))
    changements = {
        champ: valeur
        for champ in _IDENTITE
        if (valeur := getattr(commande, champ)) is not msgspec.UNSET
    }
    if changements:
        if beneficiaire.anonymise:
            raise DomainError(
                "L'identité de cette personne a été effacée : elle ne peut plus être saisie "
                "sur cette fiche.",
                "nom",
            )
        avant = msgspec.structs.asdict(beneficiaire.identite) if beneficiaire.identite else {}
        consentement = commande.consentement or beneficiaire.identite is not None
        identite = _identite(avant | changements, consentement)
        if identite != beneficiaire.identite:
            events.append(
                a_la_version(
                    IdentiteModifiee,
                    beneficiaire.id,
                    beneficiaire.version + len(events) + 1,
                    ctx,
                    identite=identite,
                    consentement_le=None if beneficiaire.identite else ctx.aujourdhui,
                )
            )
    return events


def anonymiser_beneficiaire(
    beneficiaire: Beneficiaire | None, commande: AnonymiserBeneficiaire, ctx: Contexte
) -> list[BeneficiaireAnonymise]:
    if beneficiaire is None:
        raise IntrouvableError("Cette personne n'existe pas (ou plus).", "beneficiaire_id")
    if commande.motif not in MOTIFS_ANONYMISATION:
        raise DomainError(
            f"Motif inconnu : « {commande.motif} » (effacement ou retention).", "motif"
        )
    if beneficiaire.anonymise:
        return []
    return [suivant(BeneficiaireAnonymise, beneficiaire, ctx, motif=commande.motif)]


def _existant(beneficiaire: Beneficiaire | None, version: int) -> Beneficiaire:
    return a_jour(
        beneficiaire, version, "Cette personne n'existe pas (ou plus).", "beneficiaire_id"
    )


def _profil(valeurs: dict[str, object], commune_connue: bool, ctx: Contexte) -> Profil:
    erreurs = Erreurs()
    genre = str(valeurs.get("genre") or NON_COMMUNIQUE)
    statut = str(valeurs.get("statut_social") or NON_COMMUNIQUE)
    with erreurs.garde():
        _dans(genre, GENRES, "genre", "le genre")
    with erreurs.garde():
        _dans(statut, STATUTS_SOCIAUX, "statut_social", "le statut")
    annee = valeurs.get("annee_naissance")
    tranche = valeurs.get("tranche_age")
    with erreurs.garde():
        tranche = _tranche(annee, tranche, ctx)
    with erreurs.garde():
        _dans(str(tranche or NON_COMMUNIQUE), TRANCHES_AGE, "tranche_age", "la tranche d'âge")
    commune = valeurs.get("commune_residence") or None
    with erreurs.garde():
        if commune is not None and not commune_connue:
            raise DomainError(
                f"Code INSEE de commune inconnu : « {commune} » (5 caractères, ex. 21231 pour "
                "Dijon ; ce n'est pas le code postal).",
                "commune_residence",
            )
    erreurs.lever()
    return Profil(
        genre=genre,
        tranche_age=str(tranche or NON_COMMUNIQUE),
        annee_naissance=annee if isinstance(annee, int) else None,
        statut_social=statut,
        commune_residence=str(commune) if commune else None,
        deja_accompagne=bool(valeurs.get("deja_accompagne")),
    )


def _tranche(annee: object, tranche: object, ctx: Contexte) -> object:
    """The age band: derived from the birth year when there is one (and must agree)."""
    if annee is None:
        return tranche
    assert isinstance(annee, int)
    if not 1900 <= annee <= ctx.maintenant.year:
        raise DomainError(
            f"Année de naissance impossible : {annee} (entre 1900 et {ctx.maintenant.year}).",
            "annee_naissance",
        )
    derivee = tranche_age(annee, ctx.maintenant.year)
    if tranche not in (None, derivee):
        raise DomainError(
            f"La tranche d'âge « {TRANCHES_AGE.get(str(tranche), tranche)} » ne correspond "
            f"pas à l'année de naissance {annee} ({TRANCHES_AGE[derivee]}) : corrigez "
            "l'une ou laissez la tranche vide.",
            "tranche_age",
        )
    return derivee


def _identite(valeurs: dict[str, object], consentement: bool) -> Identite:
    erreurs = Erreurs()
    with erreurs.garde():
        if not consentement:
            raise DomainError(
                "Pour suivre une personne nommément, son consentement est nécessaire : cochez "
                "la case après le lui avoir demandé, ou enregistrez-la anonymement.",
                "consentement",
            )
    prenom, nom = _texte(valeurs.get("prenom")), _texte(valeurs.get("nom"))
    with erreurs.garde():
        if not prenom:
            raise DomainError("Indiquez le prénom de la personne suivie.", "prenom")
    with erreurs.garde():
        if not nom:
            raise DomainError("Indiquez le nom de la personne suivie.", "nom")
    courriel = _texte(valeurs.get("courriel"))
    with erreurs.garde():
        if courriel and not COURRIEL.match(courriel):
            raise DomainError(f"Adresse e-mail invalide : « {courriel} ».", "courriel")
    telephone = None
    with erreurs.garde():
        telephone = valider_telephone(_texte(valeurs.get("telephone")))
    erreurs.lever()
    assert prenom and nom
    return Identite(
        prenom=prenom,
        nom=nom,
        telephone=telephone,
        courriel=courriel,
        notes=_texte(valeurs.get("notes")),
    )


def _dans(valeur: str, valeurs: dict[str, str], champ: str, quoi: str) -> None:
    if valeur not in valeurs:
        raise valeur_inconnue(f"Valeur inconnue pour {quoi}", valeur, valeurs, champ)


def _texte(valeur: object) -> str | None:
    if valeur is None:
        return None
    return " ".join(str(valeur).split()) or None
