"""Public orientation pages: the citizen's questionnaire (works without JavaScript: a GET
form whose answers come back as the query), the printable referral sheet, and the receiving
place's confirmation link. Nothing about the person is stored unless they ask to keep their
orientation, and then without identity. No URL carries personal data."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.orientation import questionnaire as q
from domain.orientation.commands import ConfirmerPriseEnCharge, ProposerOrientation
from domain.orientation.regles import REGLES
from mednum.composition import Services
from projections.lieux_requetes import LieuVue, lire_lieu
from projections.orientation_requetes import position_de_commune, rechercher
from projections.orientations import orientation_du_lien
from projections.ouverture import PARIS
from web.api.orientations import confirmer_par_lien
from web.auth.guards import public
from web.formulaires import (
    FormulaireInvalide,
    command_id_lu,
    convertir,
    erreurs_de,
    liste,
    texte,
)
from web.templating import date_fr, page

QUESTIONS = {
    "besoins": q.BESOINS,
    "equipements": q.EQUIPEMENTS,
    "aisances": {code: libelle for code, (libelle, _) in q.AISANCES.items()},
    "facons": q.FACONS,
    "contraintes": q.CONTRAINTES,
    "disponibilites": q.DISPONIBILITES,
}
PAR_OFFRE = 3  # places per offer on a phone screen; the map has the others
# What to bring, by offer: the sheet's checklist.
A_APPORTER = {
    "faire_pour": (
        "Une pièce d'identité",
        "Les courriers ou documents liés à la démarche",
        "Vos identifiants (e-mail, numéro d'allocataire, numéro fiscal…) si vous en avez",
    ),
    "acces_equipement": ("Une pièce d'identité", "Un justificatif de ressources si vous en avez"),
}
A_APPORTER_DEFAUT = (
    "Votre téléphone, tablette ou ordinateur si vous en avez un, et son chargeur",
    "Vos identifiants et mots de passe si vous les avez notés",
)


def pourquoi_ce_lieu(lieu: LieuVue, offre: str) -> list[str]:
    """What makes the place fit the offer, from the place's own record (the sheet's URL
    names only the place and the offer: never the person's answers)."""
    regle = REGLES[offre]
    raisons = []
    # R4 and R5 look for the person's themes, which the sheet does not know: say them all.
    services = [s for s in regle.services if s in lieu.services] or lieu.services
    if services:
        raisons.append("Ce lieu propose : " + ", ".join(services).lower() + ".")
    labels = [d for d in regle.dispositifs if d in lieu.dispositif_programmes_nationaux]
    if labels:
        raisons.append("Vous y trouverez : " + ", ".join(labels) + ".")
    modalites = [m for m in regle.modalites if m in lieu.modalites_accompagnement]
    if modalites:
        raisons.append("Vous pouvez y être aidé : " + ", ".join(modalites).lower() + ".")
    if lieu.prise_en_charge_specifique:
        raisons.append(
            "Accueil adapté : " + ", ".join(lieu.prise_en_charge_specifique).lower() + "."
        )
    return raisons


def reponses_de(form: dict[str, Any]) -> dict[str, Any]:
    """The questionnaire's answers as the domain reads them (blank answers left out)."""
    valeurs: dict[str, Any] = {
        "aisance": texte(form, "aisance"),
        "urgent": texte(form, "urgent") == "oui",
        "contraintes": [c for c in liste(form, "contraintes") if c],
        "disponibilites": [d for d in liste(form, "disponibilites") if d],
    }
    for champ in ("besoin", "equipement", "facon"):
        if texte(form, champ):
            valeurs[champ] = texte(form, champ)
    return valeurs


class OrientationPages(Controller):
    guards = [public]

    @get("/orientation")
    async def questionnaire(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Template:
        form = dict(request.query_params.dict())
        valeurs = reponses_de(form)
        commune = texte(form, "commune")
        resultats, erreurs, autour_de, hors_territoire = None, {}, None, None
        maintenant = datetime.now(PARIS)
        if form.get("aisance") is not None:
            try:
                reponses = convertir(valeurs, q.Reponses)
                situation = q.situation(reponses)
                if not commune:
                    raise DomainError("Indiquez votre commune (nom ou code postal).", "commune")
                position = await position_de_commune(db, commune)
                autour_de, hors_territoire = position.libelle, position.hors_territoire
                resultats = await rechercher(
                    db,
                    situation,
                    position,
                    disponibilites=tuple(
                        d for d in q.DISPONIBILITES if d in reponses.disponibilites
                    ),
                    maintenant=maintenant,
                    par_offre=PAR_OFFRE,
                )
            except FormulaireInvalide as invalide:
                erreurs = invalide.erreurs
            except DomainError as refus:
                erreurs = erreurs_de(refus)
        if form.get("aisance") is not None and not texte(form, "aisance"):
            erreurs = {
                "aisance": "Répondez à cette question : elle choisit l'aide qui vous convient."
            }
            resultats = None
        return page(
            request,
            "orientation.html",
            nav_actif="orientation",
            valeurs=valeurs,
            commune=commune,
            erreurs=erreurs,
            resultats=resultats,
            autour_de=autour_de,
            hors_territoire=hors_territoire,
            date_du_jour=date_fr(maintenant, with_time=False),
            a_apporter=A_APPORTER,
            a_apporter_defaut=A_APPORTER_DEFAUT,
            status_code=422 if erreurs else 200,
            **QUESTIONS,
        )

    @post("/orientation/garder")
    async def garder(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect | Template:
        """The citizen asked to keep their orientation: an anonymous OrientationProposee
        (level, flags and chosen place; never who they are)."""
        try:
            situation = q.situation(convertir(reponses_de(data), q.Reponses))
            lieu = UUID(texte(data, "lieu"))
            commande = ProposerOrientation(
                command_id=command_id_lu(data.get("command_id")),
                niveau=situation.niveau,
                drapeaux=list(situation.drapeaux),
                thematiques=list(situation.thematiques),
                regle=texte(data, "regle"),
                lieux_proposes=[lieu],
                lieu_choisi=lieu,
            )
            await asyncio.to_thread(composition.orientations.proposer, commande, None)
        except (ValueError, FormulaireInvalide, DomainError):
            return page(
                request,
                "erreur.html",
                status_code=422,
                status=422,
                detail="Votre choix n'a pas pu être enregistré : refaites le questionnaire.",
            )
        return Redirect(
            path="/orientation/fiche",
            query_params={"lieu": str(lieu), "offre": texte(data, "regle"), "gardee": "1"},
        )

    @get("/orientation/fiche")
    async def fiche(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Template:
        """The referral sheet: place, address, hours, phone, what to bring. Only a place and
        an offer in the URL, so it can be shared and printed safely."""
        params = request.query_params
        regle = REGLES.get(str(params.get("offre", "")))
        try:
            lieu = await lire_lieu(db, UUID(str(params.get("lieu", ""))))
        except ValueError:
            lieu = None
        if lieu is None or regle is None or lieu.ferme:
            return page(
                request,
                "erreur.html",
                status_code=404,
                status=404,
                detail="Ce lieu ou cette offre n'existe pas (ou plus) : refaites la recherche "
                "sur la page « Trouver de l'aide ».",
            )
        return page(
            request,
            "orientation_fiche.html",
            nav_actif="orientation",
            lieu=lieu,
            regle=regle,
            gardee=params.get("gardee") == "1",
            a_apporter=A_APPORTER.get(regle.offre_type, A_APPORTER_DEFAUT),
            pourquoi=pourquoi_ce_lieu(lieu, regle.code),
            adresse=str(request.base_url).rstrip("/")
            + f"/orientation/fiche?lieu={lieu.id}&offre={regle.code}",
            date_du_jour=date_fr(datetime.now(PARIS), with_time=False),
        )

    @get("/orientation/prise-en-charge/{jeton:str}")
    async def lien(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        jeton: FromPath[str],
    ) -> Template:
        """The receiving place's page: what is asked, and one button. No identity shown."""
        orientations = composition.orientations
        orientation_id = await orientation_du_lien(db, orientations.empreinte(jeton[:200]))
        orientation = (
            await asyncio.to_thread(orientations.orientation, orientation_id)
            if orientation_id
            else None
        )
        if orientation is None:
            return page(
                request,
                "orientation_confirmation.html",
                erreur="Ce lien de confirmation n'est pas (ou plus) valable. Demandez à la "
                "personne qui a fait l'orientation de vous en envoyer un nouveau.",
                status_code=404,
            )
        lieu = await lire_lieu(db, orientation.lieu_choisi) if orientation.lieu_choisi else None
        return page(
            request,
            "orientation_confirmation.html",
            orientation=orientation,
            regle=REGLES[orientation.regle],
            lieu=lieu,
        )

    @post("/orientation/prise-en-charge/{jeton:str}")
    async def confirmer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        jeton: FromPath[str],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        try:
            commande = ConfirmerPriseEnCharge(
                command_id=command_id_lu(data.get("command_id")), jeton=jeton[:200]
            )
            await confirmer_par_lien(db, composition.orientations, commande)
        except DomainError as refus:
            return page(
                request, "orientation_confirmation.html", erreur=refus.message, status_code=422
            )
        return page(request, "orientation_confirmation.html", confirmee=True)
