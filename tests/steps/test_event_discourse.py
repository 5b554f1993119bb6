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


def wikinews_events(article_id: str):
    """Events of one article of the shared Wikinews corpus (../shared/data/wikinews-en)."""
    import json

    from tests.conftest import SHARED

    with (SHARED / "data/wikinews-en/articles.jsonl").open(encoding="utf-8") as f:
        return coded(next(r["text"] for line in f if (r := json.loads(line))["id"] == article_id))


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


# ------------------------------------------------------------------ attitude verbs (events/attitude.py)
def test_a_warning_of_a_situation_is_a_pessimistic_comment_not_a_threat():
    ev = coded("US President-elect Joe Biden warned the delayed transition could be a threat to national security.")
    assert "13" not in roots(ev)
    assert any(e.cameo == "012" and e.pattern_id == "01.warning.v" for e in ev)
    ev = coded("US Secretary of State Mike Pompeo warned that Iran could attack US forces.")
    assert "13" not in roots(ev) and ("USA", "IRN", "01") in triples(ev)


def test_a_warning_of_ones_own_act_stays_a_threat():
    assert "13" in roots(coded("Iran warned that it would close the Strait of Hormuz."))
    assert "13" in roots(coded("Cairo's security chief has warned that police will no longer tolerate rallies."))
    ev = coded('"These attacks are our right, and we warn the Saudis that our targets will keep expanding", '
               'Houthi spokesman Yahya Saree said.')
    assert ("YEM", "SAU", "13") in triples(ev)


def test_warning_someone_against_an_act_threatens_them_without_that_act():
    ev = coded("Iran warned the United States against attacking its ships.")
    assert ("IRN", "USA", "13") in triples(ev)
    assert all(e.cameo == "130" for e in ev if e.cameo.startswith("13"))


def test_hoping_another_actor_acts_is_an_appeal():
    ev = coded('British Prime Minister Boris Johnson said, "I hope that Iran will release the sailors."')
    assert ("GBR", "IRN", "02") in triples(ev)
    ev = coded('British Prime Minister Boris Johnson said, "I hope the talks succeed."')
    assert "02" not in roots(ev) and any(e.cameo == "013" for e in ev)


def test_opposing_a_statement_is_disapproval_opposing_a_plan_rejection():
    assert ("BRA", "FRA", "11") in triples(coded("Brazilian President Jair Bolsonaro opposed Macron's statement."))
    assert ("RUS", "USA", "12") in triples(coded("Russia opposed the US plan."))


def test_media_and_academics_make_no_plain_statement():
    assert "01" not in roots(coded("Reuters reported the attack was the deadliest this year."))
    assert "01" not in roots(coded("Harvard University professor John Smith said the vaccine was safe."))
    assert "01" in roots(coded("Iranian President Hassan Rouhani said the vaccine was safe."))


def test_violence_with_no_doer_and_no_place_has_no_event():
    ev = coded('"Our citizens, police and reporters have been injured during violent incidents," '
               'Hong Kong leader Carrie Lam said.')
    assert "18" not in roots(ev)
    assert ("IRQ", "USA", "19") in triples(coded("Three US soldiers were killed in a car bombing in Baghdad."))


# ------------------------------------------------------------------ admissions, demands answered, appeals by letter
def test_admitting_an_act_of_ones_own_side_acknowledges_responsibility_to_its_victim():
    ev = coded("Representatives from Iran acknowledged their government had shot down a Ukrainian passenger jet.")
    assert ("IRN", "UKR", "01") in triples(ev)
    assert ("IRN", "UKR", "19") in triples(ev)


def test_a_demand_answered_was_made_of_whoever_answers_it():
    ev = coded("The Israeli government rejected the demands of Hamas.")
    assert ("PSE", "ISR", "10") in triples(ev)


def test_a_participle_of_asking_is_addressed_to_whom_the_writer_wrote():
    ev = coded("The British government wrote to Russia asking for an explanation.")
    assert ("GBR", "RUS", "02") in triples(ev)
    assert "01" not in roots(ev)  # the letter is coded as the appeal


def test_speaking_with_a_leader_is_consultation_but_not_with_the_press():
    assert ("GBR", "USA", "04") in triples(coded(
        "British Foreign Secretary Dominic Raab spoke with US Secretary of State Mike Pompeo."))
    assert "04" not in roots(coded("British Foreign Secretary Dominic Raab spoke to the BBC on Monday."))
    assert ("CHN", "JPN", "04") in triples(coded("China raised the issue with Japan."))


# ------------------------------------------------------------------ a target from the sentences before
REPEATED_APPEAL = (
    "Northamptonshire's chief constable Nick Adderley wrote to the US Embassy in London asking to waive "
    "her diplomatic immunity. Both he and the county's Police and Crime Commissioner Stephen Mold, urged "
    "the immunity be waived.")


def test_an_appeal_made_again_to_no_one_named_goes_to_the_one_appealed_to_before():
    ev = coded(REPEATED_APPEAL)
    again = [e for e in ev if e.trigger == "urged"]
    assert len(again) == 2  # both appealed
    for e in again:
        assert (e.source.code[:3], e.target.code[:3], e.cameo[:2]) == ("GBR", "USA", "02")
        assert e.pattern_id.endswith("+context")  # says where the target came from
        assert REPEATED_APPEAL[e.target.start:e.target.end] == "the US Embassy"  # the earlier mention
        assert e.target.start < e.sentence_start


def test_without_context_the_repeated_appeal_keeps_no_target():
    from dyads.steps.actors import ActorStep
    from dyads.steps.events import EventStep
    from dyads.steps.quotes import QuoteStep

    article = QuoteStep().process(ActorStep().process(make_article(REPEATED_APPEAL)))
    ev = EventStep(context=False).process(article).events
    assert all(not e.target.code for e in ev if e.trigger == "urged")


def test_an_act_of_another_kind_takes_no_target_from_the_sentence_before():
    ev = coded("Pelosi asked Trump to release the funds. The Senate refused.")
    refused = [e for e in ev if e.cameo.startswith("12")]
    assert refused and all(not e.target.code for e in refused)  # the appeal's target is not the refusal's


# ------------------------------------------------------------------ improper acts, findings
def test_an_act_said_to_be_done_improperly_judges_its_doer():
    ev = coded("Protesters in Iraq have claimed Iran, especially, amongst other outside parties, is unduly "
               "influencing their government.")
    assert ("IRQ", "IRN", "11") in triples(ev)
    assert ("IRQ", "IRN", "11") in triples(coded("Iraqi protesters said that Iran is unduly influencing "
                                                 "their government."))


def test_the_finding_of_an_inquiry_blames_the_doer():
    ev = coded("A UN report concluded that Saudi agents murdered Khashoggi.")
    assert any(e.cameo == "112" and e.target.code.startswith("SAU") for e in ev)
    # a neutral attribution tells of the act without blaming anyone
    assert not [e for e in coded("Police said gunmen killed five Iraqi soldiers.") if e.cameo.startswith("11")]


def test_a_saying_coded_as_an_appeal_is_not_also_a_plain_statement():
    ev = coded("Senator Mitt Romney said the president should accept the election outcome.")
    said = [e for e in ev if e.trigger == "said"]
    assert [e.cameo[:2] for e in said] == ["02"]


def test_an_attack_by_no_one_named_with_a_weapon_but_no_place_is_of_the_articles_country():
    ev = coded("Fighting continues in Afghanistan. Afghanistan's army said the attack in Afghanistan killed 12 "
               "soldiers. The training centre belongs to the National Directorate for Security; it was targeted "
               "with a car bomb.")
    targeted = [e for e in ev if e.trigger == "targeted"]
    assert targeted and targeted[0].source.code == "AFG" and targeted[0].source.text == ""


def test_an_act_told_again_with_its_target_in_its_own_words_is_coded_once():
    ev = coded("A few hours before the crash, Iran launched missiles targeting US troops in Iraq.")
    force = [e for e in ev if e.cameo.startswith("19") and not e.negated]
    assert force and all(e.target.code[:3] == "USA" for e in force)


def test_two_acts_joined_by_and_stay_two():
    ev = coded("Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar and exploded a "
               "series of bombs in the capital Kabul.")
    assert {e.trigger.split()[0] for e in ev if e.cameo.startswith("18")} >= {"kidnapped", "exploded"}


def test_a_protest_of_legislators_naming_no_one_is_addressed_to_their_government():
    ev = coded('Members of the British House of Commons protested by shouting "shame on you!" and holding signs.')
    protest = [e for e in ev if e.cameo.startswith("14")]
    assert protest and protest[0].target.code == "GBRGOV" and protest[0].target.text == ""
    assert protest[0].pattern_id.endswith("+own-government")


def test_a_demand_owned_by_citizens_is_made_of_their_government():
    ev = coded("Although the bill was suspended, Hong Kong protesters' demands have expanded to an investigation "
               "of the police.")
    demand = [e for e in ev if e.cameo[:2] == "10"]
    assert [(e.source.code, e.target.code) for e in demand] == [("HKGCVL", "HKGGOV")]
    assert demand[0].pattern_id.endswith("+own-government")
    # what the demands consist of is what is demanded, not an act of the demanders
    ev = coded("Iraqi protesters marched in Baghdad. Their demands have included dissolving Parliament.")
    assert [e.cameo[:2] for e in ev if e.trigger.startswith("dissolving")] == []
    # a demand noun with no owner and no addressee is no event
    assert not [e for e in coded("Demands for change grew louder in Iraq.") if e.cameo[:2] == "10"]


def test_a_pronoun_for_a_person_just_named_is_a_target_even_of_the_sources_country():
    ev = coded("US senators have broken with President Donald Trump and have urged him to move forward with the "
               "transition.")
    assert ("USALEG", "USAGOV", "02") in {(e.source.code, e.target.code, e.cameo[:2]) for e in ev}
    # "it" and "them" mostly stand for things: no target of the source's own country from them
    ev = coded("The US Congress approved a bill legalising abortion, but it was dismissed by the US Senate.")
    assert all(not e.target.code for e in ev if e.cameo[:2] == "12")


def test_protests_of_no_named_group_are_the_peoples_of_the_place():
    ev = coded("This took place as anti-government protests continue in Baghdad.")
    assert [(e.source.code, e.target.code, e.cameo[:2]) for e in ev] == [("IRQCVL", "IRQGOV", "14")]
    ev = coded("Protests against the US embassy erupted in Tehran on Sunday.")
    assert [(e.source.code, e.target.code) for e in ev if e.cameo[:2] == "14"] == [("IRNCVL", "USAGOV")]
    # a strike may be an airstrike, a rally an election rally: no crowd is read into them
    assert not [e for e in coded("The strike took place in Iraq, at Baghdad International Airport.")
                if e.cameo[:2] == "14"]


def test_a_border_with_a_country_is_no_relation_the_speaker_speaks_of():
    ev = wikinews_events("wn-006")
    said = [e for e in ev if e.sentence.startswith("United States President Donald Trump said on Friday")]
    assert said and all(e.target.code[:3] != "MEX" for e in said)


def test_two_who_fought_fought_each_other_two_who_attacked_did_not():
    ev = coded("Armenia and Azerbaijan fought a war over the Nagorno-Karabakh region in 1994.")
    assert {(e.source.code, e.target.code) for e in ev if e.cameo[:2] == "19"} == {("ARM", "AZE"), ("AZE", "ARM")}
    ev = coded("Russia and Syria attacked the town.")
    assert {(e.source.code, e.target.code) for e in ev if e.cameo[:2] == "19"} == {("RUS", ""), ("SYR", "")}


def test_a_person_of_no_known_role_telling_someone_to_act_has_no_default_addressee():
    ev = coded("She told me to just agree to do what they were asking me to do.")
    assert all(not e.pattern_id.endswith("+own-government") for e in ev)


def test_people_arrested_in_an_article_that_names_no_country_code_no_event_and_no_error():
    ev = coded("Protesters' demands include the release of protesters who were arrested.")
    assert all(e.cameo[:2] != "17" for e in ev)  # no country to give the arrest: none coded, no crash


def test_a_weapon_told_as_the_doer_with_no_place_is_of_the_articles_country():
    ev = coded("Fighting continues across Afghanistan. A car bomb was on Monday rammed into a military base in "
               "Afghanistan's Maidan Wardak province.")
    bomb = [e for e in ev if e.cameo.startswith("18")]
    assert bomb and bomb[0].source.text == "A car bomb" and bomb[0].source.code == "AFG"


def test_a_killing_done_by_an_act_of_force_takes_that_acts_code():
    ev = coded("A US airstrike killed an Iranian general in Baghdad.")
    killed = [e for e in ev if e.trigger == "killed"]
    assert killed and killed[0].cameo == "195" and killed[0].pattern_id.endswith("+doer-act")
    assert (killed[0].source.code[:3], killed[0].target.code[:3]) == ("USA", "IRN")


def test_an_act_told_as_a_purpose_is_no_blame():
    ev = coded('The US Central Command said in a statement, "US forces are in Iraq at the invitation of the '
               'Government of Iraq to defeat ISIS remnants."')
    assert not any(e.pattern_id == "11.reported-blame" for e in ev)


def test_a_statement_told_inside_another_speakers_quote_is_that_speakers_account():
    ev = coded('Turkish activist Hatice Cengiz said, "Crown Prince Mohammed bin Salman is saying that it happened '
               'under his watch."')
    assert all(e.trigger != "saying" for e in ev)
