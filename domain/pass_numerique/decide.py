"""Rules of the Pass numérique: what an order is, who may hand out which carnet, and when a
pass can be scanned. decide(state, command, …) -> events, or a refusal in French."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.acteurs.validation import date_passee, texte_facultatif, texte_obligatoire
from domain.base import Contexte, Evenement, premier, suivant
from domain.errors import DomainError, IntrouvableError, valeur_inconnue
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.events import (
    CarnetInjecte,
    CarnetsRemis,
    CommandePassPassee,
    PassScanne,
)
from domain.pass_numerique.referentiel import (
    CARNETS_MAX,
    NIVEAUX_PERIMETRE,
    PASS_PAR_CARNET_MAX,
    VALEUR_FACIALE_MAX,
    fin_tolerance,
    validite_par_defaut,
)
from domain.pass_numerique.state import Carnet, CommandePass, carnet_id

DATE_MIN = date(2015, 1, 1)
"""The first pass (« chèque culture numérique APTIC ») were tested in Gironde in 2015."""
VALIDITE_MAX = timedelta(days=5 * 366)


def _entier(valeur: int, minimum: int, maximum: int, champ: str, quoi: str) -> int:
    if not minimum <= valeur <= maximum:
        raise DomainError(
            f"Le champ « {champ} » ({quoi}) doit être compris entre {minimum} et {maximum}.",
            champ,
        )
    return valeur


def passer_commande(
    commande_id: UUID, commande: PasserCommande, perimetre_existe: bool, ctx: Contexte
) -> list[Evenement]:
    commanditaire = texte_obligatoire(
        commande.commanditaire, "commanditaire", "qui commande les pass (ex. Conseil départemental)"
    )
    if commande.perimetre_niveau not in NIVEAUX_PERIMETRE:
        raise valeur_inconnue(
            "Niveau de périmètre inconnu",
            commande.perimetre_niveau,
            NIVEAUX_PERIMETRE,
            "perimetre_niveau",
        )
    if not perimetre_existe:
        raise DomainError(
            f"Aucun territoire de niveau « {commande.perimetre_niveau} » n'a le code "
            f"« {commande.perimetre_code} » : vérifiez-le (ex. 27 pour la région "
            "Bourgogne-Franche-Comté, 58 pour la Nièvre, 21231 pour Dijon).",
            "perimetre_code",
        )
    if commande.date_commande < DATE_MIN:
        raise DomainError(
            f"La date de commande ({commande.date_commande:%d/%m/%Y}) est trop ancienne : "
            "vérifiez l'année.",
            "date_commande",
        )
    date_passee(commande.date_commande, ctx.aujourdhui, "date_commande", "de commande")
    validite = commande.date_validite or validite_par_defaut(commande.date_commande)
    if validite < commande.date_commande:
        raise DomainError(
            f"La fin de validité ({validite:%d/%m/%Y}) précède la date de commande : corrigez-la.",
            "date_validite",
        )
    if validite - commande.date_commande > VALIDITE_MAX:
        raise DomainError(
            "La validité des pass dépasse cinq ans : vérifiez la date de fin de validité.",
            "date_validite",
        )
    return [
        premier(
            CommandePassPassee,
            commande_id,
            ctx,
            commanditaire=commanditaire,
            perimetre_niveau=commande.perimetre_niveau,
            perimetre_code=commande.perimetre_code.strip(),
            date_commande=commande.date_commande,
            nb_carnets=_entier(commande.nb_carnets, 1, CARNETS_MAX, "nb_carnets", "carnets"),
            pass_par_carnet=_entier(
                commande.pass_par_carnet, 1, PASS_PAR_CARNET_MAX, "pass_par_carnet", "pass"
            ),
            valeur_faciale=_entier(
                commande.valeur_faciale, 100, VALEUR_FACIALE_MAX, "valeur_faciale", "centimes"
            ),
            date_validite=validite,
        )
    ]


def _commande(etat: CommandePass | None) -> CommandePass:
    if etat is None:
        raise IntrouvableError("Cette commande de pass n'existe pas.", "commande_id")
    return etat


def _carnet_emis(etat: CommandePass, numero: int, champ: str) -> None:
    if numero > etat.nb_carnets:
        raise DomainError(
            f"Le carnet n° {numero} n'existe pas : cette commande compte {etat.nb_carnets} "
            "carnets, numérotés à partir de 1.",
            champ,
        )


def _date_valide(
    etat: CommandePass,
    jour: date,
    ctx: Contexte,
    champ: str,
    quoi: str,
    apres: tuple[str, date] | None = None,
) -> date:
    """A date in the life of the order's pass (« de remise », « du scan »): not in the future,
    not before what it follows (`apres`: what, and its date), within the order's validity."""
    date_passee(jour, ctx.aujourdhui, champ, quoi)
    # What it directly follows first: a date before the order is before that too, and the
    # nearer step says more.
    precedents = [apres] if apres else []
    for precedent, depuis in (*precedents, ("la commande", etat.date_commande)):
        if jour < depuis:
            raise DomainError(
                f"La date {quoi} ({jour:%d/%m/%Y}) précède {precedent} "
                f"({depuis:%d/%m/%Y}) : corrigez-la.",
                champ,
            )
    limite = fin_tolerance(etat.date_validite)
    if jour > limite:
        raise DomainError(
            f"Les pass de cette commande ne sont plus valables depuis le "
            f"{limite + timedelta(days=1):%d/%m/%Y} (fin de validité le "
            f"{etat.date_validite:%d/%m/%Y}, plus un mois de tolérance) : refusé.",
            champ,
        )
    return jour


def remettre_carnets(
    etat: CommandePass | None,
    commande: RemettreCarnets,
    structure_existe: bool,
    ctx: Contexte,
) -> list[Evenement]:
    """`structure_existe`: whether the named distributor structure is in the registry."""
    etat = _commande(etat)
    debut, fin = commande.numero_debut, commande.numero_fin
    if fin < debut:
        raise DomainError(
            f"Le dernier carnet (n° {fin}) précède le premier (n° {debut}) : corrigez la plage.",
            "numero_fin",
        )
    _carnet_emis(etat, fin, "numero_fin")
    nom = texte_facultatif(commande.distributeur_nom)
    if (commande.distributeur_structure_id is None) == (nom is None):
        raise DomainError(
            "Indiquez le distributeur : soit une structure du registre, soit un nom (pas les "
            "deux).",
            "distributeur_structure_id",
        )
    if commande.distributeur_structure_id is not None and not structure_existe:
        raise DomainError(
            "Cette structure n'existe pas dans le registre : choisissez une structure recensée "
            "ou indiquez le nom du distributeur.",
            "distributeur_structure_id",
        )
    for remise in etat.remises:
        if remise.numero_debut <= fin and debut <= remise.numero_fin:
            raise DomainError(
                f"Les carnets n° {max(debut, remise.numero_debut)} à "
                f"{min(fin, remise.numero_fin)} ont déjà été remis le "
                f"{remise.date_remise:%d/%m/%Y} : choisissez une autre plage.",
                "numero_debut",
            )
    _date_valide(etat, commande.date_remise, ctx, "date_remise", "de remise")
    return [
        suivant(
            CarnetsRemis,
            etat,
            ctx,
            numero_debut=debut,
            numero_fin=fin,
            distributeur_structure_id=commande.distributeur_structure_id,
            distributeur_nom=nom,
            date_remise=commande.date_remise,
        )
    ]


def injecter_carnet(
    etat: CommandePass | None,
    carnet: Carnet | None,
    commande: InjecterCarnet,
    beneficiaire_existe: bool,
    ctx: Contexte,
) -> list[Evenement]:
    etat = _commande(etat)
    numero = commande.numero_carnet
    _carnet_emis(etat, numero, "numero_carnet")
    if carnet is not None:
        raise DomainError(
            f"Le carnet n° {numero} a déjà été remis à une personne le "
            f"{carnet.date_injection:%d/%m/%Y}.",
            "numero_carnet",
        )
    remise = etat.remise_de(numero)
    if remise is None:
        raise DomainError(
            f"Le carnet n° {numero} n'a été confié à aucun distributeur : enregistrez d'abord "
            "sa remise au distributeur.",
            "numero_carnet",
        )
    if commande.beneficiaire_id is not None and not beneficiaire_existe:
        raise DomainError(
            "Cette personne n'existe pas dans le fichier des bénéficiaires : choisissez une "
            "fiche existante ou laissez le champ vide.",
            "beneficiaire_id",
        )
    jour = _date_valide(
        etat,
        commande.date_injection,
        ctx,
        "date_injection",
        "de remise à la personne",
        apres=("celle où le distributeur a reçu le carnet", remise.date_remise),
    )
    return [
        premier(
            CarnetInjecte,
            carnet_id(etat.id, numero),
            ctx,
            commande_id=etat.id,
            numero_carnet=numero,
            date_injection=jour,
            distributeur_structure_id=remise.distributeur_structure_id,
            distributeur_nom=remise.distributeur_nom,
            beneficiaire_id=commande.beneficiaire_id,
        )
    ]


def scanner_pass(
    etat: CommandePass | None,
    carnet: Carnet | None,
    commande: ScannerPass,
    lieu_existe: bool,
    ctx: Contexte,
) -> list[Evenement]:
    etat = _commande(etat)
    numero = commande.numero_carnet
    _carnet_emis(etat, numero, "numero_carnet")
    if not 1 <= commande.numero_pass <= etat.pass_par_carnet:
        raise DomainError(
            f"Le pass n° {commande.numero_pass} n'existe pas : les carnets de cette commande "
            f"comptent {etat.pass_par_carnet} pass, numérotés de 1 à {etat.pass_par_carnet}.",
            "numero_pass",
        )
    if carnet is None:
        raise DomainError(
            f"Le carnet n° {numero} n'a pas encore été remis à une personne : enregistrez "
            "d'abord sa remise (injection) avant de scanner ses pass.",
            "numero_carnet",
        )
    if commande.numero_pass in carnet.scannes:
        raise DomainError(
            f"Le pass n° {commande.numero_pass} du carnet n° {numero} a déjà été scanné : "
            "un pass ne sert qu'une fois.",
            "numero_pass",
        )
    if not lieu_existe:
        raise DomainError(
            "Ce lieu n'existe pas dans le registre : choisissez un lieu recensé.", "lieu_id"
        )
    jour = _date_valide(
        etat,
        commande.date_scan,
        ctx,
        "date_scan",
        "du scan",
        apres=("la remise du carnet à la personne", carnet.date_injection),
    )
    return [
        suivant(
            PassScanne,
            carnet,
            ctx,
            commande_id=etat.id,
            numero_carnet=numero,
            numero_pass=commande.numero_pass,
            lieu_id=commande.lieu_id,
            date_scan=jour,
            service=texte_facultatif(commande.service),
        )
    ]
