"""French labels of a place's fields, for histories and provenance tables."""

from __future__ import annotations

LIBELLES_CHAMPS = {
    "nom": "Nom",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "code_postal": "Code postal",
    "code_insee": "Code INSEE",
    "commune": "Commune",
    "departement": "Département",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "services": "Services",
    "horaires": "Horaires",
    "pivot": "SIRET ou RNA",
    "typologie": "Typologie",
    "telephone": "Téléphone",
    "courriels": "Courriels",
    "site_web": "Site web",
    "presentation_resume": "Présentation courte",
    "presentation_detail": "Présentation détaillée",
    "source": "Source",
    "itinerance": "Itinérance",
    "structure_parente": "Structure parente",
    "publics_specifiquement_adresses": "Publics spécifiquement accueillis",
    "prise_en_charge_specifique": "Prise en charge spécifique",
    "frais_a_charge": "Frais à charge",
    "dispositif_programmes_nationaux": "Dispositifs nationaux",
    "formations_labels": "Formations et labels",
    "autres_formations_labels": "Autres formations et labels",
    "modalites_acces": "Modalités d'accès",
    "modalites_accompagnement": "Modalités d'accompagnement",
    "fiche_acces_libre": "Fiche Accès libre",
    "prise_rdv": "Prise de rendez-vous",
}


def libelle_champ(champ: str) -> str:
    return LIBELLES_CHAMPS.get(champ, champ)


def valeur_fr(valeur: object) -> str:
    """A field's value as text: lists joined, an empty value as a dash."""
    if valeur is None or valeur == () or valeur == []:
        return "—"
    if isinstance(valeur, list | tuple):
        return " ; ".join(str(v) for v in valeur)
    return str(valeur)
