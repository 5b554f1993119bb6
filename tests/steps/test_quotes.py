"""The quote step: quotation-mark styles, speakers, mixed and reported speech, and non-quotes."""
from __future__ import annotations

import pytest

from dyads.quotes.marks import find_mark_spans
from dyads.registry import build_step
from dyads.steps.quotes import QuoteStep

from ..conftest import SEED, make_article


def seed_body() -> str:
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("The remarks come after")
    end_marker = "strategic balance of forces."
    return raw[start:raw.index(end_marker) + len(end_marker)]


def run(text: str, **options):
    article = make_article(text)
    QuoteStep(**options).process(article)
    return article


def direct(article):
    return [q for q in article.quotes if q.kind == "direct"]


def speaker(article, q) -> str:
    return article.text[q.speaker_start:q.speaker_end] if q.speaker_start >= 0 else ""


@pytest.fixture(scope="module")
def seed():
    return run(seed_body())


# ---------------------------------------------------------------- the seed article
def test_seed_has_exactly_the_two_direct_quotes(seed):
    qs = direct(seed)
    assert [q.text for q in qs] == [
        ("There’s no Cold War [between Russia and the US]. On the contrary, we have the closest partnership "
         "and very good potential for its improvement,"),
        "still isn’t ready to build relations with Russia on equal footing.",
    ]
    first, second = qs
    assert first.cue == "stressed" and first.speaker_text == "the Russian FM"
    assert speaker(seed, first) == "the Russian FM"
    assert second.speaker_text == "the Kremlin"


def test_seed_postponed_is_a_mixed_quote_of_lavrov(seed):
    mixed = [q for q in seed.quotes if q.kind == "mixed"]
    assert [q.text.rstrip(",") for q in mixed] == ["postponed"]
    assert mixed[0].speaker_text == "Lavrov"


def test_seed_names_and_scare_quotes_are_not_speech(seed):
    texts = [q.text for q in seed.quotes if q.kind in ("direct", "mixed")]
    assert not any("2+2" in t for t in texts)
    assert not any("rogue states" == t for t in texts)
    skipped = {s["text"]: s["reason"] for s in seed.extras["quote_marks_skipped"]}
    assert "2+2" in skipped and "rogue states" in skipped


def test_seed_reported_speech(seed):
    indirect = {q.cue: q for q in seed.quotes if q.kind == "indirect"}
    assert indirect["stated"].text.startswith("Russia acted in accordance with its own legislation")
    assert indirect["stated"].speaker_text == "The Foreign Minister"
    assert indirect["pointed out"].speaker_text == "Lavrov"
    assert indirect["said"].speaker_text in ("the Kremlin", "Russia")


def test_offsets_ids_and_order(seed):
    assert [q.id for q in seed.quotes] == [f"q{i}" for i in range(1, len(seed.quotes) + 1)]
    assert [q.start for q in seed.quotes] == sorted(q.start for q in seed.quotes)
    for q in seed.quotes:
        assert seed.text[q.start:q.end] == q.text
        if q.speaker_start >= 0:
            assert seed.text[q.speaker_start:q.speaker_end] == q.speaker_text


def test_registered_with_keyword_settings():
    step = build_step("quotes", indirect=False)
    assert isinstance(step, QuoteStep)
    a = make_article('The minister said that the talks had failed. "We will try again next week," he added.')
    step.process(a)
    assert [q.kind for q in a.quotes] == ["direct"]


# ---------------------------------------------------------------- quotation-mark styles
@pytest.mark.parametrize("text", [
    'Merkel said: "We will help Greece with everything we have."',
    "Merkel said: \u201cWe will help Greece with everything we have.\u201d",
    "Merkel said: \u00abWe will help Greece with everything we have.\u00bb",
    "Merkel said: \u201eWe will help Greece with everything we have.\u201c",
    "Merkel said: \u2018We will help Greece with everything we have.\u2019",
])
def test_every_mark_style(text):
    a = run(text)
    qs = direct(a)
    assert [q.text for q in qs] == ["We will help Greece with everything we have."]
    assert qs[0].speaker_text == "Merkel" and qs[0].cue == "said"


def test_apostrophes_do_not_close_single_quotes():
    a = run("\u2018Russia\u2019s position hasn\u2019t changed at all\u2019 \u2013 Lavrov tells the press")
    assert [q.text for q in direct(a)] == ["Russia\u2019s position hasn\u2019t changed at all"]


def test_quote_over_several_paragraphs():
    text = ("\u201cWe have worked for months on this agreement,\u201d the envoy said.\n\n"
            "\u201cIt was not easy and it will not be easy to carry out.\n\n"
            "\u201cBut both sides now have a reason to keep it.\u201d\n\n"
            "The talks resume on Monday.")
    a = run(text)
    qs = direct(a)
    assert [q.text for q in qs] == [
        "We have worked for months on this agreement,",
        "It was not easy and it will not be easy to carry out.",
        "But both sides now have a reason to keep it.",
    ]
    assert {q.speaker_text for q in qs} == {"the envoy"}


def test_split_quote_is_two_quotes_with_one_speaker():
    a = run('"The presence of foreign forces is dangerous," he said, "and it must end soon."')
    qs = direct(a)
    assert [q.text for q in qs] == ["The presence of foreign forces is dangerous,", "and it must end soon."]
    assert [q.speaker_text for q in qs] == ["he", "he"]


def test_unbalanced_mark_does_not_swallow_the_next_quote():
    a = run("The so-called \u201c5+1\u2033 format met in Vienna. \u201cWe are close to a deal,\u201d the diplomat said.")
    assert [q.text for q in direct(a)] == ["We are close to a deal,"]
    a = run("The \u201cgroup of friends met in Geneva. \u201cWe are close to a deal,\u201d the diplomat said.")
    assert [q.text for q in direct(a)] == ["We are close to a deal,"]


def test_find_mark_spans_keeps_text_between_marks():
    text = 'He said "one two three" and \u201cfour five six\u201d.'
    assert [text[s.start:s.end] for s in find_mark_spans(text)] == ["one two three", "four five six"]


# ---------------------------------------------------------------- speakers
def test_inverted_attribution():
    a = run('"We are not going to give up on the talks," said Foreign Minister Sergei Lavrov.')
    assert direct(a)[0].speaker_text.endswith("Lavrov")


def test_according_to():
    a = run('According to the ministry, "the situation on the border is under full control."')
    q = direct(a)[0]
    assert q.cue == "according to" and q.speaker_text == "the ministry"


def test_quote_paragraph_without_cue_takes_the_previous_sentence_speaker():
    text = ("Prime Minister Boris Johnson told reporters on Monday that a deal was still possible.\n\n"
            "\u201cWe are working flat out to get it done by the end of the month.\u201d")
    q = direct(run(text))[0]
    assert "Johnson" in q.speaker_text


def test_colon_introduces_the_quote():
    a = run('Brazilian President Jair Bolsonaro rejected the offer: "We do not need lessons from anyone."')
    assert "Bolsonaro" in direct(a)[0].speaker_text


def test_unattributed_quote_keeps_no_speaker():
    a = run('The crowd gathered outside the parliament. "Free elections now and forever" was painted on a wall.')
    qs = direct(a)
    assert len(qs) == 1 and qs[0].speaker_id is None and qs[0].speaker_start == -1


def test_passive_said_names_no_speaker():
    a = run('The missile shield is said to be aimed at "rogue states" in the region.')
    assert not [q for q in a.quotes if q.kind in ("direct", "mixed")]


def test_as_reported_by_is_not_the_speaker():
    a = run('President Erdogan said, as reported by Hurriyet, "Hagia Sophia will no longer be a museum."')
    assert "Erdogan" in direct(a)[0].speaker_text


def test_speaker_resolves_to_an_existing_actor():
    from dyads.models import Actor, Mention

    a = make_article('"We will not accept this plan," Lavrov told reporters in Moscow.')
    i = a.text.index("Lavrov")
    a.actors = [Actor("a1", "Sergey Lavrov", "RUSGOV", mentions=[Mention("Lavrov", i, i + 6)])]
    QuoteStep().process(a)
    assert direct(a)[0].speaker_id == "a1"


# ---------------------------------------------------------------- mixed, scare quotes, titles
def test_short_quoted_words_in_reported_speech_are_mixed():
    a = run('The ministry said the election was "deeply flawed" and called for a recount.')
    mixed = [q for q in a.quotes if q.kind == "mixed"]
    assert [q.text for q in mixed] == ["deeply flawed"] and mixed[0].speaker_text == "The ministry"
    assert not direct(a)


def test_longer_fragment_inside_reported_speech_is_a_direct_quote():
    a = run('Rouhani said foreign powers should "get out of the region" as soon as possible.')
    q = direct(a)[0]
    assert q.text == "get out of the region" and q.speaker_text == "Rouhani"


@pytest.mark.parametrize("text", [
    'He starred in the film "Gone with the Wind" in 1939.',
    'The site, known as "Welcome To Video", was shut down.',
    'The city is governed under the "one country, two systems" model.',
    'Officials blamed "human error" for the crash.',
    'At the panel "Breaking Into Comics," speakers shared their advice.',
    'She joined a group called "Friends of the Earth Action" in 1990.',
])
def test_titles_names_and_scare_quotes_are_not_direct(text):
    assert not direct(run(text))


# ---------------------------------------------------------------- reported speech
@pytest.mark.parametrize("text,cue,who,content", [
    ("The minister warned that sanctions would follow any attack.", "warned", "The minister",
     "sanctions would follow any attack"),
    ("Russia denied that its troops had crossed the border.", "denied", "Russia",
     "its troops had crossed the border"),
    ("According to police, three people were arrested at the scene.", "according to", "police",
     "three people were arrested at the scene"),
    ("The talks will resume next week, a spokesman said.", "said", "a spokesman", "The talks will resume next week"),
])
def test_reported_speech(text, cue, who, content):
    a = run(text)
    qs = [q for q in a.quotes if q.kind == "indirect"]
    assert len(qs) == 1
    q = qs[0]
    assert (q.cue, q.speaker_text, q.text) == (cue, who, content)
    assert a.text[q.start:q.end] == q.text


def test_no_reported_speech_from_a_negated_or_passive_cue():
    a = run("The president did not say that the border would close. It is said that the king is ill.")
    assert not a.quotes


def test_headline_speaker_after_a_dash():
    a = run("\u2018No Cold War\u2019 between Russia and US over Snowden issue \u2013 Lavrov")
    q = direct(a)[0]
    assert q.text == "No Cold War" and q.speaker_text == "Lavrov"


def test_speaker_named_at_the_end_of_a_quote_over_paragraphs_covers_all_its_pieces():
    text = ("\u201cThe water came up faster than anyone expected.\n\n"
            "\u201cWe lost everything in one night,\u201d said farmer Ahmed Khan.")
    qs = direct(run(text))
    assert len(qs) == 2 and all(q.speaker_text.endswith("Ahmed Khan") for q in qs)


def test_called_with_a_subject_is_speech():
    a = run('The novel, which the New York Times called "the steamiest book ever written by an octogenarian."')
    q = direct(a)[0]
    assert q.cue == "called" and q.speaker_text == "the New York Times"


# ---------------------------------------------------------------- speakers through the actor stage (issue 6)
def run_with_actors(text: str, published: str = ""):
    from dyads.steps.actors import ActorStep

    article = make_article(text)
    article.published = published
    ActorStep().process(article)
    QuoteStep().process(article)
    return article


def speaker_name(article, q) -> str:
    a = article.actor(q.speaker_id)
    return a.name if a is not None else ""


def test_read_the_statement_goes_to_its_issuer():
    text = ('On Monday the Northern Command released a statement about the attack. "Nobody was hurt in the '
            'attack on the base;" read the statement; "we will keep the base open."')
    art = run_with_actors(text)
    qs = direct(art)
    assert len(qs) == 2
    assert all(speaker(art, q) == "the Northern Command" for q in qs), [speaker(art, q) for q in qs]


def test_she_said_goes_to_the_woman_not_the_man_named_last():
    text = ('Lena Park met the minister Omar Haddad on Tuesday. Haddad left early. '
            'Speaking to reporters, she said, "We made real progress on the treaty today."')
    art = run_with_actors(text)
    (q,) = direct(art)
    assert speaker_name(art, q) == "Lena Park"


def test_title_of_country_before_a_name_read_as_an_organisation():
    text = 'President of Ukraine Volodymyr Zelenskyy said, "The talks in Paris were useful for both sides."'
    art = run_with_actors(text, published="2019-12-10")
    (q,) = direct(art)
    assert speaker_name(art, q) == "Volodymyr Zelenskyy"
    assert art.actor(q.speaker_id).code == "UKRGOV"


def test_organisation_speaker_has_its_full_name():
    text = 'The IMF said on Tuesday that the reforms were "a step in the right direction for the economy".'
    art = run_with_actors(text)
    (q,) = direct(art)
    assert speaker_name(art, q) == "International Monetary Fund"
