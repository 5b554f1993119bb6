"""Frames and the grammar they read (dyads/events/matcher.py, grammar.py, roles.py): what a frame reaches
through, clauses that code nothing, and parser errors with a general repair."""
from __future__ import annotations

import pytest

from tests.conftest import make_article
from tests.steps.test_event_roles import found, one, words


@pytest.fixture(scope="module")
def matcher():
    from dyads.events.matcher import Matcher
    from dyads.events.patterns import load_patterns

    return Matcher(load_patterns())


def test_particle_after_a_long_object(matcher):
    code, _, src, _ = one(matcher, "Jakarta forced the UN refugee agency, UNHCR, out of the country.", "forced")
    assert code == "1663" and "Jakarta" in words(src)


def test_demand_with_a_passive_clause_that_codes_nothing(matcher):
    code, _, src, tgt = one(matcher, "Ibo traditional elders have demanded that control of the Nigerian Interior "
                                     "Ministry be taken away from Hausa politicians.", "demanded")
    assert code.startswith("10") and "elders" in words(src) and "Ministry" in words(tgt)


def test_appeal_with_a_subjunctive_clause_keeps_its_source(matcher):
    code, _, src, _ = one(matcher, "The commissioner urged the immunity be waived.", "urged")
    assert code.startswith("02") and "commissioner" in words(src)


def test_a_question_is_no_appeal(matcher):
    assert not [f for f in found(matcher, "The senator asked why the plan was changed.") if f[0].startswith("02")]


def test_an_order_of_no_one_for_something_unnamed_is_dropped(matcher):
    assert not [f for f in found(matcher, "Pelosi ordered the Capitol's flags be lowered to half staff.")
                if f[0].startswith("10")]


def test_nominal_attempt_names_its_target_through_its_verb(matcher):
    hits = [f for f in found(matcher, "An attempt to assassinate the governor of the Tyumen region was thwarted.")
            if f[0].startswith("18")]
    assert hits and "governor" in words(hits[0][3])


def test_verb_of_phase_between_frame_and_act(matcher):
    code, _, _, tgt = one(matcher, "The Macedonian army prepared to resume shelling Albanian rebel-held "
                                     "territory.", "prepared")
    assert code == "152" and "territory" in words(tgt)


def test_announced_sanction_is_no_threat(matcher):
    code, *_ = one(matcher, "The United States announced it would prohibit all aid to Albanian rebels.", "prohibit")
    assert code.startswith("16")
    code, *_ = one(matcher, "The EU said it would cut aid to Serbia unless it complied.", "cut")
    assert code.startswith("13")


def test_relative_pronoun_stands_for_the_noun_its_phrase_ends(matcher):
    hits = [f for f in found(matcher, "The United States announced a naval coalition to patrol the Persian Gulf "
                                      "which was joined by Australia and Bahrain.") if f[0].startswith("06")]
    assert hits and {"Australia", "Bahrain"} <= words(hits[0][2]) and "States" in words(hits[0][3])


def test_object_after_an_as_phrase(matcher):
    _, _, _, tgt = one(matcher, "Albania on Friday denounced as an ugly crime Serbia's suppression of ethnic "
                                "Albanian unrest in Montenegro.", "denounced")
    assert "suppression" in words(tgt) or "Serbia" in words(tgt)


def test_right_node_raising(matcher):
    _, _, _, tgt = one(matcher, "Sri Lanka has established diplomatic ties with and opened an embassy in Tehran.",
                       "established")
    assert "Tehran" in words(tgt)


def test_fronted_with_phrase_keeps_the_subject(matcher):
    code, _, src, _ = one(matcher, "With the signing of a memorandum on the cessation of hostilities, the Sudanese "
                                   "government and the rebels have agreed to allow humanitarian access.", "agreed")
    assert code.startswith("03") and "government" in words(src) and "memorandum" not in words(src)


def test_in_defiance_of_names_whom_a_protest_answers(matcher):
    _, _, _, tgt = one(matcher, "Hundreds of thousands of people blocked streets in Hong Kong in defiance of "
                                "Chinese authorities.", "blocked")
    assert tgt[0][0] == "authorities"


def test_in_response_to_names_no_target(matcher):
    assert not [f for f in found(matcher, "In response to the death, Pelosi ordered the flags be lowered.")
                if f[0].startswith("10")]


def test_whither_someone_goes_is_no_fallback_target(matcher):
    _, _, _, tgt = one(matcher, "Ousted President Askar Akayev has agreed to resign without returning to "
                                "Kyrgyzstan.", "agreed")
    assert "Kyrgyzstan" not in words(tgt)


# ------------------------------------------------------------------ acts only supposed, intents of no one
def test_an_act_in_an_if_clause_is_not_coded(matcher):
    assert not [f for f in found(matcher, "If we cannot resolve it, I will raise it with the White House myself.")
                if f[1] == "resolve"]


def test_what_a_bill_would_allow_is_not_an_act(matcher):
    hits = found(matcher, "Lam announced that her government will withdraw the bill, which would have allowed "
                          "China to extradite suspects.")
    assert not [f for f in hits if f[1] in ("allowed", "extradite")]


def test_or_shares_the_negation_of_the_first_verb():
    from dyads.events import grammar as g
    doc = make_article("The president did not concede or admit defeat.").doc
    assert g.negated(next(t for t in doc if t.text == "admit"))
    doc = make_article("The president did not concede and admitted defeat.").doc
    assert not g.negated(next(t for t in doc if t.text == "admitted"))


def test_readiness_of_no_one_toward_no_one_is_no_intent(matcher):
    assert not [f for f in found(matcher, "We are committed to keeping our border safe.") if f[0].startswith("03")]
    code, _, _, tgt = one(matcher, "Iran is ready to negotiate with the United States.", "ready")
    assert code.startswith("03") and "States" in words(tgt)


def test_failing_to_do_what_codes_nothing_rejects_nothing(matcher):
    assert not [f for f in found(matcher, "The Brexit Party failed to obtain any seats.") if f[0].startswith("12")]
    assert [f for f in found(matcher, "Palestinians and Israelis failed to reach agreement on the fate of the "
                                      "offices.") if f[0].startswith("12")]


def test_insisting_on_a_fact_is_no_demand(matcher):
    assert not [f for f in found(matcher, "She insisted she made the decision alone.") if f[0].startswith("10")]
    code, _, _, _ = one(matcher, "The President insists that the budget include funding for the wall.", "insists")
    assert code.startswith("10")


def test_recognition_needs_the_recognized_party():
    from dyads.events.patterns import load_patterns
    # "It has been recognized by UNESCO as part of our cultural heritage": no state recognized, no 054
    assert [p.needs_target for p in load_patterns().patterns if p.id == "05.recognize.v"] == [True]


def test_what_we_must_do_is_no_demand(matcher):
    hits = found(matcher, "Johnson said we must get Brexit done by October.")
    assert not [f for f in hits if f[0].startswith("10") and words(f[3])]
    hits = found(matcher, "Mubarak said that the US must be ready to mediate between Israelis and Palestinians.")
    assert [f for f in hits if f[0].startswith("10") and "US" in words(f[3])]


def test_conceding_nothing_is_negated():
    from dyads.events import grammar as g
    doc = make_article("They have conceded nothing in fact.").doc
    assert g.negated(next(t for t in doc if t.text == "conceded"))


def test_withdrawing_a_bill_yields_rather_than_retreats(matcher):
    code, _, _, _ = one(matcher, "The government withdrew the extradition bill on Wednesday.", "withdrew")
    assert code == "080"


def test_a_goal_urges_no_one(matcher):
    assert not [f for f in found(matcher, "One of the stated goals of the treaty is to encourage more trade.")
                if f[0].startswith("02")]
