"""Statements and reported speech: what a speaker's words are coded as, and whom they concern."""
from __future__ import annotations

from tests.conftest import make_article


def coded(text: str):
    """Events of `text` after the actor and quote steps: sides carry actor codes."""
    from dyads.steps.actors import ActorStep
    from dyads.steps.events import EventStep
    from dyads.steps.quotes import QuoteStep

    article = QuoteStep().process(ActorStep().process(make_article(text)))
    return EventStep().process(article).events


def triples(events):
    return {(e.source.code[:3], e.target.code[:3], e.cameo[:2]) for e in events if not e.negated}


def roots(events):
    return {e.cameo[:2] for e in events if not e.negated}


# ------------------------------------------------------------------ what the words do
def test_what_the_speaker_wants_of_another_actor_is_a_demand():
    ev = coded('Ukrainian President Volodymyr Zelenskyy said, "We expect from Iran a full and open investigation."')
    assert ("UKR", "IRN", "10") in triples(ev)
    assert "01" not in roots(ev)  # the statement is coded as the demand
    demand = next(e for e in ev if e.cameo.startswith("10"))
    assert demand.pattern_id == "10.reported-demand" and demand.trigger == "expect"


def test_wanting_with_no_other_actor_is_no_demand():
    ev = coded('Ukrainian President Volodymyr Zelenskyy said, "We need more time."')
    assert "10" not in roots(ev)


def test_what_the_speaker_says_it_will_do_is_an_intent():
    ev = coded('Turkish President Recep Tayyip Erdogan said, "After the elections, we will change the name of the museum."')
    assert ("TUR", "", "03") in triples(ev) and "01" not in roots(ev)
    ev = coded('British Prime Minister Boris Johnson said, "I will be raising it with the White House."')
    assert ("GBR", "USA", "03") in triples(ev)


def test_future_without_an_act_is_still_a_statement():
    ev = coded('Turkish President Recep Tayyip Erdogan said, "We shall overcome."')
    assert "03" not in roots(ev) and "01" in roots(ev)
    ev = coded('Turkish President Recep Tayyip Erdogan said, "We will not change the name."')
    assert "03" not in roots(ev)


def test_warm_words_said_of_another_actor_are_praise():
    ev = coded('Former French president Nicolas Sarkozy said of Jacques Chirac, "He was a great, brave and wise leader."')
    praise = [e for e in ev if e.cameo == "051"]
    assert praise and praise[0].pattern_id == "05.reported-praise" and praise[0].target.code[:3] == "FRA"


def test_warm_words_about_a_relation_are_no_praise():
    ev = coded('"There is no Cold War between Russia and the US. On the contrary, we have the closest partnership '
               'and very good potential," the Russian foreign minister Sergey Lavrov stressed.')
    assert not [e for e in ev if e.cameo.startswith("05")]


# ------------------------------------------------------------------ whom the words concern
def test_judgement_under_a_hedge_names_the_one_blamed():
    ev = coded('US Secretary of State Mike Pompeo said the crash was "likely" Iran\'s doing.')
    assert ("USA", "IRN", "11") in triples(ev) and "01" not in roots(ev)


def test_own_country_is_no_target_of_a_statement():
    ev = coded('US Vice President Mike Pence said the United States is "in the midst of a crisis on our southern border."')
    assert ("USA", "", "01") in triples(ev) and ("USA", "USA", "01") not in triples(ev)


def test_said_of_names_the_actor_spoken_of():
    ev = coded('French President Emmanuel Macron said of Germany, "It has been here for a long time."')
    assert ("FRA", "DEU", "01") in triples(ev)


def test_act_noun_with_its_doer_names_the_target():
    ev = coded("Turkish President Recep Tayyip Erdogan attacked the proclamation of the Golan Heights as Israeli "
               "territory by US President Donald Trump.")
    assert ("TUR", "USA", "11") in triples(ev)


# ------------------------------------------------------------------ statements told once
def test_words_coded_as_an_act_need_no_statement():
    ev = coded('"We strongly urge Iraqi leaders to reconsider," US State Department spokesperson Morgan Ortagus said.')
    assert ("USA", "IRQ", "02") in triples(ev)
    assert "01" not in roots(ev)


def test_apposition_read_as_two_subjects_is_one_speaker():
    ev = coded("The Labour Party's leader, Jeremy Corbyn announced he will not seek the leadership again.")
    assert len([e for e in ev if e.cameo.startswith("01")]) == 1


# ------------------------------------------------------------------ acts with no named doer
def test_people_arrested_with_no_doer_are_of_the_country_of_the_sentence():
    ev = coded("Thousands of protesters marched in Belgrade on Friday. At least 71 people were arrested in Serbia.")
    arrest = [e for e in ev if e.cameo == "173"]
    assert arrest and arrest[0].source.code == "SRBCOP" and arrest[0].target.code[:3] == "SRB"
    assert arrest[0].target.text == "At least 71 people"


def test_a_thing_acted_on_with_no_doer_takes_no_country():
    ev = coded("The Serbian parliament met in Belgrade. The bill was suspended.")
    assert not [e for e in ev if e.trigger.startswith("suspended")]


def test_a_sentence_given_is_a_conviction_by_the_courts():
    ev = coded("Former French president Jacques Chirac was convicted of corruption in 2011. He was given a two-year "
               "suspended sentence.")
    assert ("FRA", "FRA", "11") in triples(ev)
    assert any(e.pattern_id == "11.give-sentence.v" and e.source.code == "FRAJUD" for e in ev)


# ------------------------------------------------------------------ requests acted on
def test_an_act_done_at_someones_request_is_their_request():
    ev = coded("U.S. troops left Iraq in 2011, then at the Iraqi government's request returned three years later.")
    req = [e for e in ev if e.pattern_id == "02.on-request"]
    assert req and (req[0].source.code[:3], req[0].target.code[:3], req[0].cameo) == ("IRQ", "USA", "020")
    ev = coded("At the request of the Malian government, French troops intervened in Mali in 2013.")
    assert ("MLI", "FRA", "02") in triples(ev)


def test_a_request_of_no_one_is_no_event():
    ev = coded("At the request of the organisers, the match was postponed.")
    assert not [e for e in ev if e.pattern_id == "02.on-request"]


# ------------------------------------------------------------------ what the words judge
def test_the_attack_judged_is_the_last_act_of_force_told():
    ev = coded("The United States killed Iranian general Qasem Soleimani in an airstrike in Baghdad on Friday. "
               "Thousands mourned him in Tehran. The strike took place at Baghdad International Airport. "
               'The Foreign Ministry of Iraq characterized the attack as "a serious violation of Iraqi sovereignty".')
    assert ("IRQ", "USA", "11") in triples(ev)


def test_law_enforcement_praised_in_the_words_is_no_blame():
    ev = coded('United States Attorney Jessie K. Liu said, "Children around the world are safer because of the actions '
               'taken by U.S. and foreign law enforcement to prosecute those who exploit children."')
    assert not [e for e in ev if e.pattern_id == "11.reported-blame"]


def test_people_arrested_in_a_sentence_naming_no_place_are_of_the_articles_country():
    ev = coded("Hong Kong Chief Executive Carrie Lam withdrew the bill. Hong Kong police fired tear gas. Hong Kong "
               "protesters marched again. More than 1000 people have been arrested since the protests began in "
               "June, according to The Guardian.")
    arrest = [e for e in ev if e.cameo == "173" and e.target.text == "More than 1000 people"]
    assert arrest and arrest[0].source.code == "HKGCOP" and arrest[0].target.code == "HKG"
