"""Opening hours (`horaires`) of a mediation place, in OpenStreetMap `opening_hours` syntax.

The national standard stores them as an OSM string, e.g. `Mo-Fr 09:00-12:00,14:00-18:30; Sa
08:30-12:00`. Full OSM grammar is large (months, weeks, dates, school holidays, sunrise…); real
data, and the subset the national ANCT library validates, describe a *typical week*. So this
module supports exactly that:

- rules separated by `;`, a later rule replacing earlier ones for the days it names; an
  additional rule after a comma (`Mo-Fr 09:00-12:00, We 14:00-17:00`) adds to them instead;
- a day selector: `Mo`…`Su`, ranges `Mo-Fr`, wrapping `Sa-Mo`, lists `Mo,We,Fr`, `PH` (public
  holidays); no selector means every day;
- time spans `HH:MM-HH:MM`, comma separated (an end before the start, `22:00-02:00`, belongs to
  the start day and spills into the next; ends up to `48:00` are accepted), or `off`/`closed`,
  or nothing (open all day); `24/7` alone;
- a comment in double quotes (`"sur rendez-vous"`), kept as one note for the place; days named
  with a comment but no times are not counted as open.

Anything else (month/week/date selectors, `SH`, `sunrise`, `||`…) is refused with a French
message saying it is not supported yet, so it can be added later without changing the meaning
of stored data; common mistakes (`9h-12h`, `Sun`, `Lundi`) get the right spelling suggested.
`PH` is an eighth pseudo-day: a weekday rule written after it does not override it (in OSM it
would, which is rarely what the author meant).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from domain.lieux.horaires_erreurs import (
    CODES_JOURS,
    MOTS,
    NOMS_JOURS,
    HorairesInvalides,
    caractere_inattendu,
    erreur,
    heure_mal_ecrite,
    mot_inconnu,
)

__all__ = [
    "FIN_DE_NUIT_MAX",
    "Horaires",
    "HorairesInvalides",
    "Plage",
    "decrire_jours",
    "normaliser_horaires",
    "ouvert_le",
    "parse_horaires",
    "plages_fr",
]

JOUR = 1440  # minutes in a day
# A span ending before it starts runs past midnight (OSM): allowed for night openings only,
# ending by 06:00; « Mo-Fr 14:00-12:00 » is a typing error, not a 22-hour day.
FIN_DE_NUIT_MAX = 6 * 60
_CODES = CODES_JOURS
_NOMS = NOMS_JOURS


@dataclass(frozen=True, slots=True, order=True)
class Plage:
    """An opening span in minutes from 00:00 of its day; `fin` exceeds 1440 past midnight."""

    debut: int
    fin: int


@dataclass(frozen=True, slots=True)
class Horaires:
    """A parsed weekly schedule. `texte` is the canonical text (see `normaliser_horaires`).

    `semaine` has 7 entries, Monday first, each with sorted, merged spans. `jours_feries` is
    `None` when no `PH` rule exists (a holiday then follows its weekday), `()` for `PH off`.
    """

    texte: str
    semaine: tuple[tuple[Plage, ...], ...]
    jours_feries: tuple[Plage, ...] | None = None
    commentaire: str | None = None


_Jour = tuple[Plage, ...]
_TOUTE_LA_JOURNEE: _Jour = (Plage(0, JOUR),)

# -- error messages (French, for the user; each quotes the faulty piece) -------------------------

# -- tokens -------------------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # day, ph, off, open, always, time, dash, comma, semi, comment
    text: str
    start: int
    end: int
    day: int = -1


_TOKEN_RE = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>"[^"]*")
    |(?P<unclosed>"[^"]*$)
    |(?P<always>24/7)
    |(?P<hourh>\d{1,2}\s*[hH]\s*(?:\d\d)?(?:\s*[-–—]\s*\d{1,2}\s*[hH]\s*(?:\d\d)?)?)
    |(?P<time>\d{1,2}:\d\d)
    |(?P<number>\d+(?:\s*[-–—]\s*\d+(?![\d:]))?)
    |(?P<word>[^\W\d_]+)
    |(?P<fallback>\|\|)
    |(?P<semi>;)
    |(?P<comma>,)
    |(?P<dash>[-–—])
    |(?P<other>.)""",
    re.VERBOSE,
)


def _tokens(texte: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN_RE.finditer(texte):
        kind, text, day = m.lastgroup or "other", m.group(), -1
        if kind == "ws":
            continue
        if kind == "unclosed":
            raise erreur("non_ferme", text)
        if kind == "hourh" or (kind == "number" and re.fullmatch(r"\d\d?(\D+\d\d?)?", text)):
            raise heure_mal_ecrite(text)
        if kind == "number":
            raise erreur("non_pris", "les dates, années et numéros de semaine", text)
        if kind == "fallback":
            raise erreur("repli", text)
        if kind == "other":
            raise caractere_inattendu(texte, m.start())
        if kind == "word":
            if text.capitalize() in _CODES:
                kind, day = "day", _CODES.index(text.capitalize())
            elif text.lower() in MOTS:
                kind = MOTS[text.lower()]
            else:
                raise mot_inconnu(text)
        out.append(_Token(kind, text, m.start(), m.end(), day))
    return out


# -- parsing ------------------------------------------------------------------------------------


def _minutes(tok: _Token, *, fin: bool) -> int:
    h, m = (int(x) for x in tok.text.split(":"))
    if m > 59 or h > (48 if fin else 23) or h * 60 + m > 2 * JOUR:
        raise erreur("heure", tok.text, "48:00" if fin else "23:59")
    return h * 60 + m


class _Parser:
    """Reads the rules and applies them in order to 8 slots: Monday…Sunday, then `PH`."""

    def __init__(self, texte: str, tokens: list[_Token]) -> None:
        self.texte, self.toks, self.pos = texte, tokens, 0
        self.slots: list[list[Plage]] = [[] for _ in range(8)]
        self.ph = False  # whether a PH rule is in force
        self.commentaires: list[str] = []

    def kind(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.toks[i].kind if i < len(self.toks) else ""

    def rules(self) -> None:
        while self.pos < len(self.toks):
            if self.kind() == "semi":
                self.pos += 1
                continue
            self.rule()
            if self.kind() not in ("", "semi"):
                raise self.unexpected(self.toks[self.pos])

    def rule(self, *, additive: bool = False) -> None:
        start, kind = self.toks[self.pos].start, self.kind()
        days: set[int] = set()  # empty: no selector, i.e. every day
        plages: _Jour | None = _TOUTE_LA_JOURNEE
        if kind == "always" and not additive:
            self.pos += 1
        else:
            days = self.selector()
            kind = self.kind()
            plages = self.spans() if kind == "time" else None
            if kind in ("off", "open"):
                self.pos += 1
                plages = () if kind == "off" else _TOUTE_LA_JOURNEE
        comment = self.comment()
        if comment and comment not in self.commentaires:
            self.commentaires.append(comment)
        if additive and kind != "time":
            raise erreur("additive", self.texte[start : self.toks[self.pos - 1].end])
        if plages is None:
            if comment is None and not days:
                raise self.unexpected(self.toks[self.pos])
            if not days:
                return  # a comment alone changes no day
            # days named with only a comment are not known to be open
            plages = () if comment is not None else _TOUTE_LA_JOURNEE
        for j in days or range(7):
            self.slots[j] = self.slots[j] + list(plages) if additive else list(plages)
        if not days:  # a rule for every day also covers holidays again
            self.ph, self.slots[7] = False, []
        self.ph = self.ph or 7 in days
        if kind == "time" and self.kind() == "comma" and self.kind(1) in ("day", "ph"):
            self.pos += 1
            self.rule(additive=True)

    def selector(self) -> set[int]:
        days: set[int] = set()
        while self.kind() in ("day", "ph"):
            tok = self.toks[self.pos]
            self.pos += 1
            if tok.kind == "ph":
                days.add(7)
            elif self.kind() == "dash":
                if self.kind(1) != "day":
                    raise erreur("jours", f"{tok.text}-")
                end = self.toks[self.pos + 1].day
                self.pos += 2
                days.update((tok.day + i) % 7 for i in range((end - tok.day) % 7 + 1))
            else:
                days.add(tok.day)
            if self.kind() != "comma" or self.kind(1) not in ("day", "ph"):
                break
            self.pos += 1
        return days

    def spans(self) -> _Jour:
        out: list[Plage] = []
        while True:
            start = self.toks[self.pos]
            if self.kind(1) != "dash" or self.kind(2) != "time":
                raise erreur("plage", start.text + ("-" if self.kind(1) == "dash" else ""))
            end = self.toks[self.pos + 2]
            self.pos += 3
            debut, fin = _minutes(start, fin=False), _minutes(end, fin=True)
            if fin == debut:
                raise erreur("plage_vide", f"{start.text}-{end.text}")
            if fin < debut and fin > FIN_DE_NUIT_MAX:
                # OSM reads it as running past midnight; only a night opening means that.
                raise erreur("plage_inversee", f"{start.text}-{end.text}", end.text, start.text)
            out.append(Plage(debut, fin + JOUR if fin < debut else fin))
            if self.kind() == "comma" and self.kind(1) == "time":
                self.pos += 1
            elif self.kind() != "time":  # a missing comma between spans is tolerated
                return tuple(out)

    def comment(self) -> str | None:
        if self.kind() != "comment":
            return None
        self.pos += 1
        return " ".join(self.toks[self.pos - 1].text[1:-1].split())

    def unexpected(self, tok: _Token) -> HorairesInvalides:
        if tok.kind in ("day", "ph", "always"):
            return erreur("separateur", tok.text)
        return erreur("heures_ici" if tok.kind == "time" else "inattendu", tok.text)


def _merge(plages: list[Plage]) -> _Jour:
    out: list[Plage] = []
    for p in sorted(plages):
        if out and p.debut <= out[-1].fin:
            out[-1] = Plage(out[-1].debut, max(out[-1].fin, p.fin))
        else:
            out.append(p)
    return tuple(out)


# -- canonical text -----------------------------------------------------------------------------


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _plages_texte(plages: _Jour) -> str:
    # a span past midnight is written wrapped (22:00-02:00) unless that would be ambiguous
    fins = (p.fin - JOUR if p.debut > p.fin - JOUR > 0 else p.fin for p in plages)
    return ",".join(f"{_hm(p.debut)}-{_hm(fin)}" for p, fin in zip(plages, fins, strict=True))


def _jours_texte(jours: list[int]) -> str:
    parts = []
    for _, groupe in itertools.groupby(enumerate(jours), lambda ij: ij[1] - ij[0]):
        run = [_CODES[j] for _, j in groupe]  # consecutive days
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(run))
    return ",".join(parts)


def _canonique(semaine: tuple[_Jour, ...], feries: _Jour | None, note: str | None) -> str:
    rules: list[str] = []
    if all(jour == _TOUTE_LA_JOURNEE for jour in semaine):
        rules.append("24/7")
    else:
        groupes: dict[_Jour, list[int]] = {}
        for j, plages in enumerate(semaine):
            groupes.setdefault(plages, []).append(j)
        rules.extend(f"{_jours_texte(js)} {_plages_texte(p)}" for p, js in groupes.items() if p)
    semaine_rules = len(rules)
    if feries is not None:
        rules.append(f"PH {_plages_texte(feries)}" if feries else "PH off")
    if not rules:
        rules.append("off")
    if note:  # the comment goes on the last weekday rule
        rules[semaine_rules - 1 if semaine_rules else -1] += f' "{note}"'
    return "; ".join(rules)


# -- public API ---------------------------------------------------------------------------------


def parse_horaires(texte: str) -> Horaires:
    """Parse an OSM `opening_hours` string (supported subset: see the module docstring)."""
    tokens = _tokens(texte)
    if not any(tok.kind != "semi" for tok in tokens):
        raise erreur("vide")
    parser = _Parser(texte, tokens)
    parser.rules()
    jours = tuple(_merge(plages) for plages in parser.slots[:7])
    ph = _merge(parser.slots[7]) if parser.ph else None
    commentaire = " ; ".join(parser.commentaires) or None
    return Horaires(_canonique(jours, ph, commentaire), jours, ph, commentaire)


def normaliser_horaires(texte: str) -> str:
    """Canonical text of `texte`: two inputs with the same meaning give the same text."""
    return parse_horaires(texte).texte


def ouvert_le(horaires: Horaires, jour: int) -> bool:
    """Whether the place opens at all on weekday `jour` (0 = Monday)."""
    if not 0 <= jour <= 6:
        raise ValueError(f"jour doit être entre 0 (lundi) et 6 (dimanche), pas {jour}")
    return bool(horaires.semaine[jour])


def _heure_fr(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def plages_fr(plages: _Jour) -> str:
    if not plages:
        return "fermé"
    if plages == _TOUTE_LA_JOURNEE:
        return "24 h sur 24"
    parts = []
    for p in plages:
        fin = _heure_fr(p.fin) if p.fin <= JOUR else f"{_heure_fr(p.fin - JOUR)} le lendemain"
        parts.append(f"{_heure_fr(p.debut)} – {fin}")
    return ", ".join(parts)


def decrire_jours(horaires: Horaires) -> list[tuple[str, str]]:
    """French description per day for pages: `[("lundi", "9 h – 12 h, 14 h – 18 h 30"), …]`.

    Seven entries, Monday first, then `("jours fériés", …)` when there is a `PH` rule.
    """
    out = [(nom, plages_fr(p)) for nom, p in zip(_NOMS, horaires.semaine, strict=True)]
    if horaires.jours_feries is not None:
        out.append(("jours fériés", plages_fr(horaires.jours_feries)))
    return out
