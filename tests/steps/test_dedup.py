"""The dedup step: syndicated copies share a cluster, and the earliest dated copy is the original."""
from __future__ import annotations

from dyads.models import Article
from dyads.readers import read_inputs
from dyads.steps.clean import CleanStep
from dyads.steps.dedup import DedupStep, normal_words

from ..conftest import SEED

BODY_START, BODY_END = "The remarks come after", "strategic balance of forces."


def seed_body() -> str:
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index(BODY_START)
    return raw[start:raw.index(BODY_END) + len(BODY_END)]


def html_repost(body: str) -> str:
    paras = "".join(f"<p>{p.strip()}</p>" for p in body.split("  ") if p.strip())
    return ("<html><head><title>No Cold War, says Lavrov | World Digest</title>"
            '<meta property="article:published_time" content="2013-08-12"></head><body>'
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>No Cold War, says Lavrov</h1>{paras}</article>"
            "<aside><h3>Most read</h3><ul><li><a href='/a'>Storm hits coast</a></li></ul></aside>"
            "<footer>© 2013 World Digest</footer></body></html>")


def test_original_and_two_reposts_form_one_cluster_whatever_the_order():
    body = seed_body()
    (dump,) = read_inputs([SEED])  # a blog repost: flattened text with widgets around the story
    original = Article(id="rt-original", url="https://example.org/news/lavrov-no-cold-war",
                       raw_text=body, input_kind="record", published="2013-08-10")
    page = Article(id="digest-copy", url="https://digest.example.com/lavrov", html=html_repost(body),
                   input_kind="html")
    dedup = DedupStep()
    out = list(dedup(CleanStep()([dump, original, page])))
    assert [a.id for a in out] == [dump.id, "rt-original", "digest-copy"]
    assert len({a.extras["cluster_id"] for a in out}) == 1
    # the dump came first, yet once the dated original is seen every member names it
    assert {a.extras["original_id"] for a in out} == {"rt-original"}
    assert out[1].extras["duplicate_of"] == "" and out[0].extras["duplicate_of"] == "rt-original"
    cluster = dedup.cluster_of("digest-copy")
    assert cluster.original == "rt-original" and sorted(cluster.members) == sorted(a.id for a in out)


def test_exact_copies_match_despite_punctuation_and_case():
    a = Article(id="a", text="The minister said talks would resume on Monday.", published="2020-01-02")
    b = Article(id="b", text="THE MINISTER SAID: talks would resume on Monday!!", published="2020-01-01")
    c = Article(id="c", text="A different story about the weather in Oslo today.")
    step = DedupStep()
    out = list(step([a, b, c]))
    assert out[0].extras["cluster_id"] == out[1].extras["cluster_id"] == "a"
    assert out[0].extras["original_id"] == "b"  # the earlier date wins, not the order seen
    assert out[2].extras["cluster_id"] == "c" and out[2].extras["original_id"] == "c"


def test_different_stories_on_the_same_topic_stay_apart():
    s1 = ("Russia and the United States held talks in Washington on Friday about missile defence, "
          "Syria and the fate of the former intelligence contractor, officials from both sides said. "
          "The meeting lasted four hours and ended without a joint statement.")
    s2 = ("The United Nations said on Friday that aid convoys had reached two besieged towns in Syria "
          "for the first time in months, carrying food and medicine for about forty thousand people. "
          "Fighting continued elsewhere in the country.")
    step = DedupStep()
    out = list(step([Article(id="1", text=s1), Article(id="2", text=s2)]))
    assert out[0].extras["cluster_id"] != out[1].extras["cluster_id"]


def test_a_retried_article_is_not_counted_twice():
    step = DedupStep()
    text = " ".join(f"word{i}" for i in range(60))
    list(step([Article(id="x", text=text)]))
    list(step([Article(id="x", text=text)]))
    assert step.cluster_of("x").members == ["x"]


def test_canonical_url_joins_a_copy_to_its_original():
    step = DedupStep()
    a = Article(id="a", url="https://news.example/a", text="Short original text.", published="2020-05-01")
    b = Article(id="b", url="https://mirror.example/b", text="Short copy, reworded entirely.",
                extras={"canonical_url": "https://news.example/a"})
    out = list(step([a, b]))
    assert out[1].extras["cluster_id"] == "a" and out[1].extras["original_id"] == "a"


def test_normal_words():
    assert normal_words("“Ｎo” Cold-War!") == ["no", "cold", "war"]


def test_an_edited_copy_is_found_by_minhash_not_by_hash():
    body = seed_body()
    edited = body.replace("Moscow has warned of taking countermeasures to maintain a strategic balance of forces.",
                          "Moscow has warned of countermeasures. Additional reporting by wire services.")
    original = Article(id="o", text=body, published="2013-08-10")
    copy = Article(id="c", text="Editor's note: this story first ran elsewhere.\n\n" + edited,
                   published="2013-08-11")
    step = DedupStep()
    out = list(step([copy, original]))
    assert normal_words(out[0].text) != normal_words(out[1].text)
    assert out[1].extras["cluster_id"] == "c" and {a.extras["original_id"] for a in out} == {"o"}
