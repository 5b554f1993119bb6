"""The parse step and dyads.nlp: the faster, lighter pipeline gives spaCy's own annotations exactly."""
from __future__ import annotations

import json

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from dyads import nlp as N
from dyads.models import Article
from dyads.steps.parse import ParseStep, _by_chars

from ..conftest import SEED, SHARED

ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
# The words the ruler's two-token and label-dependent patterns are about, and some line breaks.
PATTERN_TEXT = (
    "There is no doubt, and there were two of them. Y'all ain't seen nothin' yet, she said.\n"
    "We're gonna win and we gotta leave. Let's go! C'mon now.\n\n"
    "I told you it was late; they gave it to me and I thanked you. But she left anyway, but not now.\n"
    "What did he do? He did what he had done before: he has a plan, and does it.\n \n"
    "Which is the one that you want?  Those were the days. If it rains, we stay."
)


def wikinews(n: int) -> list[str]:
    with (SHARED / "data/wikinews-en/articles.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for _, line in zip(range(n), f)]


def assert_same(a, b) -> None:
    assert [t.text for t in a] == [t.text for t in b]
    assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
    assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    assert numpy.array_equal(a.tensor, b.tensor)
    assert [(s.start, s.end) for s in a.sents] == [(s.start, s.end) for s in b.sents]
    assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


@pytest.fixture(scope="module")
def pipelines():
    return N.load_nlp(fast=False), N.load_nlp(fast=True)


def test_fast_pipeline_replaces_the_ruler_and_lemmatizer(pipelines):
    own, fast = pipelines
    assert "attribute_ruler" in own.pipe_names and "lemmatizer" in own.pipe_names
    assert "token_attributes" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names


def test_same_annotations_as_the_models_own_components(pipelines):
    own, fast = pipelines
    texts = [PATTERN_TEXT, SEED.read_text(encoding="utf-8"), *wikinews(12), "", "\n\n", "Hello."]
    for a, b in zip(own.pipe(texts), fast.pipe(texts, batch_size=4)):
        assert_same(a, b)
    # a second pass goes through the look-ups filled by the first
    for a, b in zip(own.pipe(texts[:3]), fast.pipe(texts[:3])):
        assert_same(a, b)


def test_two_token_and_label_patterns_are_applied(pipelines):
    _, fast = pipelines
    doc = fast("We're gonna win. Let's go. There is a plan. I saw it.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert [t.lemma_ for t in doc if t.text == "'s"] == ["us"]
    assert [t.pos_ for t in doc if t.text == "is"] == ["VERB"]  # "there is": pattern on the pair
    assert str(doc[-2].morph) == "Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs"  # "it" as dobj


def test_embedding_cache_starts_afresh_when_full(pipelines, monkeypatch):
    own, _ = pipelines
    fast = spacy.load(N.MODEL)
    fast.add_pipe("paragraph_breaks", before="parser")
    monkeypatch.setattr(N, "EMBED_ROWS", 40)
    N._lighten(fast)
    caches = [n._func.__self__ for _, p in fast.pipeline if getattr(p, "model", None) is not None
              for n in p.model.walk() if isinstance(getattr(n._func, "__self__", None), N._EmbedCache)]
    assert caches and all(c.capacity == 40 for c in caches)
    texts = [s.text for s in own(PATTERN_TEXT).sents if s.text.strip()] + [PATTERN_TEXT]
    for a, b in zip(own.pipe(texts), fast.pipe(texts, batch_size=1)):  # fills, clears, too big
        assert_same(a, b)
    assert all(0 < len(c.slots) <= 40 for c in caches)


def test_unsupported_ruler_keeps_the_models_components():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"POS": "NOUN"}]], {"LEMMA": "x"})  # POS is set by the ruler itself: not a look-up
    with pytest.raises(N.Unsupported):
        N.TokenAttributes(ruler, None)


def _breaks_by_the_token(doc):
    """The line-break rule as first written, token by token, for comparison."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and not tok.is_space or tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def test_paragraph_breaks_as_first_written(pipelines):
    _, fast = pipelines
    for text in ("A b\nC d", "A b \n C d\n\n\nE", "A\r\nB \n", "\nA\n", "x", "", "A b.\t\nC", PATTERN_TEXT):
        a, b = fast.make_doc(text), fast.make_doc(text)
        N.paragraph_breaks(a)
        _breaks_by_the_token(b)
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b], text


def test_line_breaks_start_sentences(pipelines):
    _, fast = pipelines
    doc = fast("Storm hits coast\nThe storm hit the coast on Monday and it rained.")
    assert [s.text.strip() for s in doc.sents][:2] == ["Storm hits coast", "The storm hit the coast on Monday and it rained."]


def test_step_parses_in_batches_and_cuts_long_texts(monkeypatch):
    monkeypatch.setattr("dyads.steps.parse.MAX_CHARS", 40)
    texts = ["Russia said it would talk.", "The talks\nfailed on Monday in Geneva, officials said."]
    arts = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    out = list(ParseStep(batch_size=1)(arts))
    assert [a.doc.text for a in out] == [texts[0], texts[1][:40]]
    assert out[1].extras["warnings"] == ["text cut to 40 characters"]
    assert ParseStep(fast=False).nlp is N.load_nlp(fast=False)


def test_batches_by_characters():
    assert list(_by_chars(["aaaa", "bb", "ccccccc", "d"], 6)) == [["aaaa", "bb"], ["ccccccc"], ["d"]]
