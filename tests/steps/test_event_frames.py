"""Frames and the grammar they read (dyads/events/matcher.py, grammar.py, roles.py): what a frame reaches
through, clauses that code nothing, and parser errors with a general repair."""
from __future__ import annotations

import pytest

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
