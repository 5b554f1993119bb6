"""The pattern data (dyads/data/patterns/*.toml) and its loader: each trigger on a small sentence."""
from __future__ import annotations

import pytest

from tests.conftest import make_article


def code(text: str):
    """Events of `text`, coded without actors: sides keep their words, codes stay empty."""
    from dyads.steps.events import EventStep

    return EventStep(require_source=False).process(make_article(text)).events


def found(text: str) -> set[tuple[str, str]]:
    return {(e.cameo, e.pattern_id) for e in code(text) if not e.negated}


# ------------------------------------------------------------------ loader
def test_ids_unique_and_codes_known():
    from dyads.events.cameo import load_tables
    from dyads.events.patterns import load_patterns

    ps = load_patterns()
    ids = [p.id for p in ps.patterns]
    assert len(ids) == len(set(ids))
    t = load_tables()
    for p in ps.patterns:
        assert t.name(p.cameo), p.id
        for v in p.embed.values():
            assert v == "=" or t.name(v), (p.id, v)


def test_keep_code_in_frames():
    from dyads.events.patterns import load_patterns

    f = load_patterns().frame("15.prepare-to.v")
    assert f.compose("194") == "152" and f.compose("057") == "057" and f.compose("0871") == "0871"


# ------------------------------------------------------------------ triggers
@pytest.mark.parametrize("text, cameo, pid", [
    ("The IAEA dispatched inspectors to Iran.", "090", "09.send-inspectors.v"),
    ("China summoned the US ambassador over the arms sales to Taiwan.", "114", "11.summon-envoy.v"),
    ("The parliament voted to expel United States troops from the country.", "166", "16.expel-troops.v"),
    ("Britain voted to leave the European Union in 2016.", "160", "16.leave-org.v"),
    ("Both houses of parliament held a minute of silence in Chirac's honor.", "017", "01.symbolic.v"),
    ("Russian troops are poised to attack the city.", "152", "15.prepare-to.v"),
    ("Australia joined the US-led coalition in the Gulf.", "060", "06.join-coalition.v"),
    ("Biden attacked Trump for the tweet, claiming he used it to distract from the funeral.", "111",
     "11.attack-for.v"),
    ("Rebels attacked the town for the second time this week.", "190", "19.fight.v"),  # a time is no reason
    ("The government asked the judge to delay his ruling, but he declined.", "120", "12.refuse-to.v"),
])
def test_trigger(text, cameo, pid):
    assert (cameo, pid) in found(text)


def test_a_decline_of_nothing_by_no_person_is_a_fall():
    assert not [c for c, _ in found("Since the repeal of Prohibition in 1933, the party has declined.")]
    assert not [c for c, _ in found("Sales declined by 5 percent last year.")]


def test_seizing_an_opportunity_seizes_nothing():
    assert not found("Melbourne can seize the opportunity to be the business centre of the region.")
    assert ("1711", "17.confiscate.v") in found("Police in Melbourne seized these firearms.")


def test_withdrawing_own_troops_is_not_expelling():
    assert not any(c.startswith("16") for c, _ in found("We need to withdraw our troops from Syria."))


def test_summoning_a_witness_is_no_complaint():
    assert not any(c.startswith("11") for c, _ in found("The court summoned the former minister to testify."))


def test_preparing_keeps_the_act():
    got = found("The two leaders are preparing to sign a trade deal.")
    assert got and all(c.startswith("05") for c, _ in got)


# ------------------------------------------------------------------ troops sent to a side, things offered, fights
def test_committing_to_send_troops_to_a_country_is_intent_to_protect_it():
    from dyads.events.cameo import load_tables
    from dyads.events.lexicon import SENT_TO_CODE

    assert load_tables().name(SENT_TO_CODE)
    ev = code("The United States was more forceful in blaming Iran for the attack, committing to send more "
              "troops to Saudi Arabia.")
    assert any(e.cameo == SENT_TO_CODE and e.target.text == "Saudi Arabia" for e in ev)
    assert all(not e.cameo.startswith("13") for e in ev)
    threat = code("Russia threatened to send troops to Ukraine.")
    assert any(e.cameo.startswith("13") for e in threat)  # the threat frame stays a threat
    border = code("India pledged to deploy troops along the border with China.")
    assert all(e.cameo != SENT_TO_CODE for e in border)  # along a border: no one's side


def test_a_thing_offered_to_no_one_named_is_no_intent():
    ev = code("American Airlines and JetBlue are among the airlines affected, as they both offer flights to "
              "Cuban cities other than Havana.")
    assert not [e for e in ev if e.cameo.startswith("03")]
    assert not [e for e in code("And they both offered very great scholarships.") if e.cameo.startswith("03")]
    assert [e for e in code("Russia offered Ukraine a discount on gas.") if e.cameo.startswith("03")]


def test_a_fight_for_a_cause_is_no_force():
    assert not [e for e in code("Organizers of the rally said they were fighting corruption and dishonesty.")
                if e.cameo.startswith("19")]
    assert not [e for e in code('Jennifer Lu said, "We still need to fight for co-adoption rights."')
                if e.cameo.startswith("19")]
    war = code("Armenia and Azerbaijan fought a war over the Nagorno-Karabakh region in 1994.")
    assert [e for e in war if e.cameo.startswith("19")]
    assert [e for e in code("Government troops fought rebels near Aleppo.") if e.cameo.startswith("19")]


def test_armed_forces_leaving_a_country_retreat():
    # wn-157; the doer's nouns (`source_nouns`) keep travel out ("the minister left Iraq")
    ev = code("U.S. troops left Iraq in 2011, then at the Iraqi government's request returned three years later.")
    assert [(e.cameo, e.target.text) for e in ev if e.pattern_id == "08.forces-leave.v"] == [("0874", "Iraq")]
    assert ("0874", "08.forces-leave.v") in found("Hundreds of Russian soldiers left Syria last week.")
    assert ("0874", "08.forces-leave.v") in found("Ethiopian troops departed from Somalia in January.")
    for text in ("The minister left Iraq on Tuesday.", "Israeli forces left two Palestinians dead.",
                 "Troops left behind weapons in Kabul.", "British troops left for Afghanistan."):
        assert not [e for e in code(text) if e.pattern_id == "08.forces-leave.v"], text
    # what the leaving is embedded in keeps its own code: wanting forces out demands withdrawal
    want = code("The civil war has been ongoing for seventeen years; the Taliban wants foreign forces to leave.")
    assert [e for e in want if e.cameo == "106"]


def test_a_bomb_rammed_into_a_target_is_a_bombing():
    # wn-016: the parser makes the bomb the subject; the step reads a weapon as an unknown doer
    ev = code("A car bomb was on Monday rammed into a military base in Maidan Shahr.")
    # a car bomb is a vehicle bombing (1832): the doer's own act gives the code (steps/events.py, +doer-act)
    assert [e for e in ev if e.cameo == "1832" and "military base" in e.target.text]
    assert ("183", "18.ram-bomb.v") in found("Militants rammed a truck bomb into the gate of the police station.")
    assert not [e for e in code("A bus crashed into a tunnel in Winchester.") if e.cameo.startswith("18")]
