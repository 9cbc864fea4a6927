"""The French messages for unreadable opening hours, and the guesses behind their suggestions.

Kept apart from the parser (domain/lieux/horaires.py) so that the grammar reads on its own.
"""

from __future__ import annotations

import re

from domain.errors import DomainError

CODES_JOURS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
NOMS_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class HorairesInvalides(DomainError):
    """The `horaires` text cannot be read; the message quotes the faulty piece."""

    def __init__(self, message: str) -> None:
        super().__init__(message, champ="horaires")


_EX = "« Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 »"
_MESSAGES = {
    "vide": f"Horaires vides : indiquez les jours et les heures, ex. {_EX}.",
    "jour": "Jour inconnu « {} » dans les horaires : écrivez « {} ». Utilisez Mo, Tu, We, Th, "
    "Fr, Sa, Su (ex. « Mo-Fr 09:00-12:00 »).",
    "mot": "Mot inconnu « {} » dans les horaires : écrivez les jours (Mo, Tu, We, Th, Fr, Sa, "
    f"Su, PH) puis les heures, ex. {_EX} ; un commentaire se met entre guillemets droits, "
    'ex. « Mo 09:00-12:00 "sur rendez-vous" ».',
    "ferie": "« {} » : écrivez « PH » pour les jours fériés (ex. « PH off »).",
    "ferme": "« {} » : écrivez « off » pour un jour fermé (ex. « Su off »).",
    "non_pris": "« {1} » : les horaires ne prennent pas encore en charge {0} ; décrivez une "
    f"semaine type, ex. {_EX}, et précisez le reste dans un commentaire entre guillemets droits.",
    "heure_h": "Heure mal écrite « {} » : utilisez le format HH:MM, ici « {} » (ex. "
    "« 09:00-12:00 »).",
    "heure": "Heure invalide « {} » : les minutes vont de 00 à 59 et les heures de 00:00 à {} "
    "(ex. « 09:00-12:00 », « 14:00-24:00 »).",
    "plage": "Plage horaire incomplète « {} » : indiquez le début et la fin, ex. « 09:00-12:00 ».",
    "plage_vide": "Plage horaire vide « {} » : la fin doit différer du début (ex. "
    "« 09:00-12:00 », ou « 00:00-24:00 » pour toute la journée).",
    "plage_inversee": "Plage horaire à l'envers « {} » : elle finit avant de commencer. "
    "Écrivez « {}-{} » ; une ouverture de nuit qui se termine après minuit finit au plus tard "
    "à 06:00 (ex. « 22:00-02:00 »).",
    "jours": "Plage de jours incomplète « {} » : indiquez le dernier jour, ex. « Mo-Fr ».",
    "non_ferme": 'Commentaire non fermé « {} » : terminez-le par un guillemet droit (").',
    "repli": "Les règles de repli « {} » ne sont pas prises en charge : séparez les règles par "
    f"« ; », ex. {_EX}.",
    "guillemet": "Guillemet « {} » dans « {} » : mettez les commentaires entre guillemets "
    'droits, ex. « Mo-Fr 09:00-12:00 "sur rendez-vous" ».',
    "caractere": "Caractère inattendu « {} » dans « {} » : écrivez les horaires comme " + _EX + ".",
    "additive": "Règle additionnelle « {} » sans heures : après une virgule, indiquez des heures "
    "(ex. « Mo-Fr 09:00-12:00, We 14:00-17:00 ») ou séparez les règles par « ; ».",
    "separateur": "Séparateur manquant avant « {} » : séparez les règles par « ; », ex. "
    "« Mo 09:00-12:00; Tu 10:00-12:00 ».",
    "heures_ici": "Heures « {} » inattendues ici : écrivez soit « Mo off », soit "
    "« Mo 09:00-12:00 », les plages séparées par des virgules.",
    "inattendu": "« {} » inattendu dans les horaires : écrivez les jours puis les heures, "
    f"ex. {_EX}.",
}


def erreur(code: str, *morceaux: str) -> HorairesInvalides:
    return HorairesInvalides(_MESSAGES[code].format(*morceaux))


_AUTRES_NOMS = (  # English and French day names users write instead of the OSM codes
    "mon monday lun lundi lu",
    "tue tues tuesday mar mardi ma",
    "wed wednesday mer mercredi me",
    "thu thur thurs thursday jeu jeudi je",
    "fri friday ven vendredi ve",
    "sat saturday sam samedi",
    "sun sunday dim dimanche di",
)
_JOURS_ETRANGERS = {
    n: code for code, ns in zip(CODES_JOURS, _AUTRES_NOMS, strict=True) for n in ns.split()
}
_MOIS_RE = re.compile(
    r"(jan|f[eé]v|feb|mars|avr|apr|ma[iy]|jui?n|jui?l|ao[uû]|aug|sep|oct|nov|d[eé]c)\w*"
)
_NON_PRIS = {
    **dict.fromkeys(
        ("sunrise", "sunset", "dawn", "dusk"), "les heures solaires (lever, coucher du soleil)"
    ),
    "week": "les numéros de semaine",
    "sh": "les vacances scolaires",
    "easter": "les dates",
}
MOTS = {"ph": "ph", "off": "off", "closed": "off", "open": "open"}


def mot_inconnu(mot: str) -> HorairesInvalides:
    cle = mot.lower()
    if cle in _JOURS_ETRANGERS:
        return erreur("jour", mot, _JOURS_ETRANGERS[cle])
    if cle in _NON_PRIS or _MOIS_RE.fullmatch(cle):
        return erreur("non_pris", _NON_PRIS.get(cle, "les mois"), mot)
    if cle in ("jf", "ferie", "feries", "férié", "fériés"):
        return erreur("ferie", mot)
    if cle in ("ferme", "fermé", "fermée", "fermeture"):
        return erreur("ferme", mot)
    return erreur("mot", mot)


def heure_mal_ecrite(morceau: str) -> HorairesInvalides:
    heures = [f"{int(h):02d}:{m or '00'}" for h, m in re.findall(r"(\d+)\s*h?\s*(\d\d)?", morceau)]
    return erreur("heure_h", morceau, "-".join(heures))


def caractere_inattendu(texte: str, pos: int) -> HorairesInvalides:
    car = texte[pos]
    morceau = next(m.group() for m in re.finditer(r"[^\s;,]+", texte) if m.end() > pos)
    if car in "[]":
        return erreur("non_pris", "les occurrences d'un jour dans le mois", morceau)
    if car in "+/":
        return erreur("non_pris", "les heures de fin ouvertes, décalages et répétitions", morceau)
    return erreur("guillemet" if car in "“”«»'‘’" else "caractere", car, morceau)
