"""Parsing and evaluating `horaires` (OSM `opening_hours` subset) of mediation places."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.lieux.horaires import (
    FIN_DE_NUIT_MAX,
    Horaires,
    HorairesInvalides,
    Plage,
    decrire_jours,
    normaliser_horaires,
    ouvert_le,
    parse_horaires,
)
from domain.lieux.prochaine_ouverture import prochain_changement

EXEMPLE = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
LUNDI = datetime.datetime(2024, 1, 1)  # a Monday
CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def est_ouvert(horaires: Horaires, moment: datetime.datetime, *, jour_ferie: bool = False) -> bool:
    """Open at `moment` by the one next-opening rule, that day a public holiday or not."""
    feries = {moment.date()} if jour_ferie else set()
    return prochain_changement(horaires, moment, feries).ouvert


def a(jour: int, heure: str) -> datetime.datetime:
    h, m = heure.split(":")
    return LUNDI + datetime.timedelta(days=jour, hours=int(h), minutes=int(m))


def test_the_standards_example_gives_the_week_and_is_already_canonical() -> None:
    horaires = parse_horaires(EXEMPLE)

    semaine_de_travail = (Plage(540, 720), Plage(840, 1110))
    assert horaires.semaine == (*[semaine_de_travail] * 5, (Plage(510, 720),), ())
    assert horaires.jours_feries is None
    assert horaires.commentaire is None
    assert horaires.texte == EXEMPLE == normaliser_horaires(EXEMPLE)


def test_whitespace_case_dashes_and_single_digit_hours_are_tolerated() -> None:
    texte = "  mo - fr 9:00 – 12:00 , 14:00-18:30 ;sa 08:30-12:00 ; "

    assert normaliser_horaires(texte) == EXEMPLE


def test_lists_ranges_and_wrapping_ranges_select_their_days() -> None:
    assert [ouvert_le(parse_horaires("Mo,We,Fr 10:00-12:00"), j) for j in range(7)] == [
        True, False, True, False, True, False, False,
    ]  # fmt: skip
    assert [ouvert_le(parse_horaires("Sa-Mo 10:00-12:00"), j) for j in range(7)] == [
        True, False, False, False, False, True, True,
    ]  # fmt: skip


def test_a_later_rule_replaces_earlier_ones_for_the_days_it_names() -> None:
    horaires = parse_horaires("Mo-Fr 09:00-18:00; We 14:00-18:00; Fr off")

    assert horaires.semaine[1] == (Plage(540, 1080),)
    assert horaires.semaine[2] == (Plage(840, 1080),)
    assert horaires.semaine[4] == ()
    assert horaires.texte == "Mo,Tu,Th 09:00-18:00; We 14:00-18:00"


def test_off_and_closed_are_synonyms_and_a_closed_week_reads_off() -> None:
    assert normaliser_horaires("Mo-Su closed") == normaliser_horaires("off") == "off"
    assert not any(ouvert_le(parse_horaires("Mo-Su off"), j) for j in range(7))


def test_an_additional_rule_after_a_comma_adds_spans() -> None:
    horaires = parse_horaires("Mo-Fr 09:00-12:00, We 14:00-17:00")

    assert horaires.semaine[2] == (Plage(540, 720), Plage(840, 1020))
    assert horaires.texte == "Mo,Tu,Th,Fr 09:00-12:00; We 09:00-12:00,14:00-17:00"


def test_24_7_is_always_open_unless_a_holiday_rule_says_otherwise() -> None:
    toujours = parse_horaires("24/7")
    assert toujours.semaine == ((Plage(0, 1440),),) * 7
    assert toujours.texte == "24/7" == normaliser_horaires("Mo-Su 00:00-24:00")
    assert all(est_ouvert(toujours, a(j, "03:17"), jour_ferie=True) for j in range(7))

    sauf_feries = parse_horaires("24/7; PH off")
    assert sauf_feries.texte == "24/7; PH off"
    assert not est_ouvert(sauf_feries, a(0, "10:00"), jour_ferie=True)


def test_days_without_times_are_open_all_day() -> None:
    horaires = parse_horaires("Sa")

    assert horaires.semaine[5] == (Plage(0, 1440),)
    assert horaires.texte == "Sa 00:00-24:00"
    assert est_ouvert(horaires, a(5, "23:59"))
    assert not est_ouvert(horaires, a(6, "00:00"))


def test_a_span_past_midnight_belongs_to_its_start_day_and_spills_into_the_next() -> None:
    horaires = parse_horaires("Fr 22:00-02:00; Su 23:00-01:30")

    assert horaires.semaine[4] == (Plage(1320, 1560),)
    assert not ouvert_le(horaires, 5)
    assert est_ouvert(horaires, a(4, "23:00"))
    assert est_ouvert(horaires, a(5, "01:59"))
    assert not est_ouvert(horaires, a(5, "02:00"))
    assert est_ouvert(horaires, a(0, "01:00"))  # Sunday night into Monday
    assert horaires.texte == "Fr 22:00-02:00; Su 23:00-01:30"


def test_an_end_at_24_00_closes_at_midnight() -> None:
    horaires = parse_horaires("Mo 14:00-24:00")

    assert horaires.semaine[0] == (Plage(840, 1440),)
    assert est_ouvert(horaires, a(0, "23:59"))
    assert not est_ouvert(horaires, a(1, "00:00"))


def test_overlapping_spans_merge_and_equal_days_group() -> None:
    texte = "We 09:00-12:00; Tu 10:00-11:00; Mo 11:00-12:00,09:00-11:30"

    assert normaliser_horaires(texte) == "Mo,We 09:00-12:00; Tu 10:00-11:00"


def test_a_comment_is_kept_and_written_back() -> None:
    horaires = parse_horaires('Mo-Fr 09:00-12:00 " sur rendez-vous "')

    assert horaires.commentaire == "sur rendez-vous"
    assert horaires.texte == 'Mo-Fr 09:00-12:00 "sur rendez-vous"'
    assert parse_horaires(horaires.texte) == horaires


def test_days_named_with_only_a_comment_are_not_counted_open() -> None:
    horaires = parse_horaires('Mo-Fr 09:00-12:00; We "sur rendez-vous"')

    assert not ouvert_le(horaires, 2)
    assert horaires.commentaire == "sur rendez-vous"
    assert parse_horaires(horaires.texte) == horaires


def test_public_holidays_follow_the_weekday_unless_a_ph_rule_exists() -> None:
    sans_regle = parse_horaires("Mo-Fr 09:00-12:00")
    fermes = parse_horaires("Mo-Fr 09:00-12:00; PH off")
    matin = parse_horaires("Mo-Fr,PH 10:00-12:00")

    assert est_ouvert(sans_regle, a(0, "10:00"), jour_ferie=True)
    assert fermes.jours_feries == ()
    assert est_ouvert(fermes, a(0, "10:00"))
    assert not est_ouvert(fermes, a(0, "10:00"), jour_ferie=True)
    assert matin.jours_feries == (Plage(600, 720),)
    assert est_ouvert(matin, a(6, "11:00"), jour_ferie=True)
    assert matin.texte == "Mo-Fr 10:00-12:00; PH 10:00-12:00"


def test_ouvert_le_refuses_a_day_outside_the_week() -> None:
    with pytest.raises(ValueError):
        ouvert_le(parse_horaires(EXEMPLE), 7)


def test_decrire_jours_speaks_french() -> None:
    assert decrire_jours(parse_horaires(EXEMPLE)) == [
        ("lundi", "9 h – 12 h, 14 h – 18 h 30"),
        ("mardi", "9 h – 12 h, 14 h – 18 h 30"),
        ("mercredi", "9 h – 12 h, 14 h – 18 h 30"),
        ("jeudi", "9 h – 12 h, 14 h – 18 h 30"),
        ("vendredi", "9 h – 12 h, 14 h – 18 h 30"),
        ("samedi", "8 h 30 – 12 h"),
        ("dimanche", "fermé"),
    ]
    nuit = decrire_jours(parse_horaires("Fr 22:00-02:00; Sa; PH off"))
    assert nuit[4:] == [
        ("vendredi", "22 h – 2 h le lendemain"),
        ("samedi", "24 h sur 24"),
        ("dimanche", "fermé"),
        ("jours fériés", "fermé"),
    ]


@pytest.mark.parametrize(
    ("texte", "attendus"),
    [
        ("", ["vides"]),
        (" ; ", ["vides"]),
        ("Sun 10:00-12:00", ["« Sun »", "« Su »"]),
        ("Lundi-Vendredi 09:00-12:00", ["« Lundi »", "« Mo »"]),
        ("Mo-Fr 9h-12h", ["« 9h-12h »", "« 09:00-12:00 »"]),
        ("Mo 9h30 - 12h", ["« 9h30 - 12h »", "« 09:30-12:00 »"]),
        ("Mo 14h", ["« 14h »", "HH:MM"]),
        ("Mo 9-12", ["« 9-12 »", "« 09:00-12:00 »"]),
        ("Mo 09:00-12", ["« 12 »", "HH:MM"]),
        ("Jan-Mar Mo 09:00-12:00", ["« Jan »", "pas encore"]),
        ("juillet 09:00-12:00", ["« juillet »", "pas encore"]),
        ("week 1-53/2 Mo 09:00-12:00", ["« week »", "pas encore"]),
        ("2024 Mo 09:00-12:00", ["« 2024 »", "pas encore"]),
        ("SH off", ["« SH »", "vacances scolaires"]),
        ("Mo 09:00-sunset", ["« sunset »", "pas encore"]),
        ("Mo[1] 09:00-12:00", ["« Mo[1] »", "pas encore"]),
        ("Mo 10:00+", ["« 10:00+ »", "pas encore"]),
        ("Mo 09:00-12:00 || Tu 10:00-12:00", ["« || »", "« ; »"]),
        ('Mo 09:00-12:00 "sur rendez-vous', ['« "sur rendez-vous »', "guillemet"]),
        ("Mo “sur rendez-vous”", ["« “ »", "guillemets droits"]),
        ("Mo 25:00-26:00", ["« 25:00 »", "23:59"]),
        ("Mo 09:60-12:00", ["« 09:60 »", "00 à 59"]),
        ("Mo 09:00-49:00", ["« 49:00 »", "48:00"]),
        ("Mo 09:00", ["« 09:00 »", "début et la fin"]),
        ("Mo 09:00-", ["« 09:00- »", "début et la fin"]),
        ("Mo 09:00-09:00", ["« 09:00-09:00 »", "00:00-24:00"]),
        ("Mo- 09:00-12:00", ["« Mo- »", "« Mo-Fr »"]),
        ("Mo 09:00-12:00 Tu 10:00-12:00", ["« Tu »", "« ; »"]),
        ("Mo off 09:00-12:00", ["« 09:00 »", "« Mo off »"]),
        ("Mo-Fr 09:00-12:00, We", ["« We »", "sans heures"]),
        ("Mo 09:00-12:00 et 14:00-18:00", ["« et »", "Mo, Tu"]),
        ("Mo 09:00-12:00 sur rendez-vous", ["« sur »", "guillemets droits"]),
        ("Su fermé", ["« fermé »", "« off »"]),
        ("Mo-Fr,jours fériés 09:00-12:00", ["« jours »"]),
        ("Mo-Fr,JF 09:00-12:00", ["« JF »", "« PH »"]),
        ("Mo-Fr: 09:00-12:00", ["« : »", "« Mo-Fr: »"]),
        ("Mo 09:00-12:00,", ["« , »"]),
        ("- Mo", ["« - »"]),
    ],
)
def test_errors_quote_the_faulty_piece_and_say_how_to_write_it(
    texte: str, attendus: list[str]
) -> None:
    with pytest.raises(HorairesInvalides) as erreur:
        parse_horaires(texte)

    assert isinstance(erreur.value, DomainError)
    assert erreur.value.champ == "horaires"
    for attendu in attendus:
        assert attendu in erreur.value.message


# -- properties ---------------------------------------------------------------------------------

Regle = tuple[set[int], list[tuple[int, int]], bool, str, str]
# A span past midnight ends by 06:00 (FIN_DE_NUIT_MAX): a later end is refused as reversed.
plages = st.builds(
    lambda debut, duree: (debut, debut + duree), st.integers(0, 1439), st.integers(1, 1439)
).filter(lambda plage: plage[1] <= 1440 + FIN_DE_NUIT_MAX)
regles = st.lists(
    st.tuples(
        st.sets(st.integers(0, 7), min_size=1),  # 7: PH
        st.lists(plages, max_size=3),  # empty: "off"
        st.booleans(),  # write contiguous days as a range
        st.sampled_from([";", " ; ", "; "]),
        st.sampled_from(["", ' "sur rendez-vous"', ' " fermé  en août "']),
    ),
    min_size=1,
    max_size=6,
)


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def ecrire(regle: Regle) -> str:
    jours, spans, en_plage, _, commentaire = regle
    ordre = sorted(j for j in jours if j < 7)
    if en_plage and len(ordre) > 1 and ordre[-1] - ordre[0] == len(ordre) - 1:
        codes = [f"{CODES[ordre[0]]}-{CODES[ordre[-1]]}"]
    else:
        codes = [CODES[j] for j in ordre]
    selecteur = ",".join(codes + ["PH"] * (7 in jours))
    heures = ",".join(f"{hm(d)}-{hm(f if f <= 1440 else f - 1440)}" for d, f in spans)
    return f"{selecteur} {heures or 'off'}{commentaire}"


@given(regles, st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1439), st.booleans())))
def test_generated_weeks_survive_normalisation_and_agree_with_the_next_opening_rule(
    liste: list[Regle], moments: list[tuple[int, int, bool]]
) -> None:
    texte = "".join(ecrire(r) + r[3] for r in liste)
    modele: list[list[tuple[int, int]] | None] = [[] for _ in range(7)] + [None]
    for jours, spans, *_ in liste:
        for j in jours:
            modele[j] = spans

    horaires = parse_horaires(texte)

    assert parse_horaires(normaliser_horaires(texte)) == horaires
    assert normaliser_horaires(horaires.texte) == horaires.texte
    for jour, minute, ferie in moments:
        du_jour = modele[7] if ferie and modele[7] is not None else modele[jour]
        veille = modele[(jour - 1) % 7]
        attendu = any(d <= minute < f for d, f in du_jour or []) or any(
            d <= minute + 1440 < f for d, f in veille or []
        )
        moment = LUNDI + datetime.timedelta(days=jour, minutes=minute)
        assert est_ouvert(horaires, moment, jour_ferie=ferie) is attendu, (texte, jour, minute)
    assert [ouvert_le(horaires, j) for j in range(7)] == [bool(m) for m in modele[:7]]
    assert (horaires.jours_feries is None) is (modele[7] is None)


@given(regles)
def test_horaires_is_a_hashable_value(liste: list[Regle]) -> None:
    horaires = parse_horaires("; ".join(ecrire(r) for r in liste))

    assert isinstance(horaires, Horaires)
    assert len(horaires.semaine) == 7
    assert hash(horaires) == hash(parse_horaires(horaires.texte))


@given(st.text(alphabet=st.sampled_from(list('MoTuFrSaPHf0129:-,; "/h|+[x')), max_size=30))
def test_any_text_either_parses_or_raises_horaires_invalides(texte: str) -> None:
    try:
        horaires = parse_horaires(texte)
    except HorairesInvalides as erreur:
        assert erreur.champ == "horaires"
    else:
        assert parse_horaires(horaires.texte) == horaires
