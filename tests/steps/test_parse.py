"""The parse step and dyads.nlp: the faster, lighter pipeline gives spaCy's own annotations exactly."""
from __future__ import annotations

import json

import numpy
import pytest
import spacy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.tokens import Span
from thinc.backends.numpy_ops import NumpyOps

from dyads import nlp as N
from dyads import nlp_ner as NE
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


def assert_same(a, b, exact_tensor: bool = True) -> None:
    """Same annotations; the same tensor, bit for bit, or (numpy's BLAS: sums in another order)
    within float32 rounding."""
    assert [t.text for t in a] == [t.text for t in b]
    assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
    assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    if exact_tensor:
        assert numpy.array_equal(a.tensor, b.tensor)
    else:
        assert a.tensor.shape == b.tensor.shape and numpy.allclose(a.tensor, b.tensor, rtol=1e-4, atol=1e-4)
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
    if NE.GreedyEntities.supports(own.get_pipe("ner")):  # BLIS sums as its reference kernel does
        assert "greedy_entities" in fast.pipe_names and "ner" not in fast.pipe_names


def numpy_blas(nlp) -> bool:
    return nlp.get_pipe("tok2vec").model.ops.use_blis is False


def test_same_annotations_as_the_models_own_components(pipelines):
    own, fast = pipelines
    exact = not numpy_blas(fast)
    texts = [PATTERN_TEXT, SEED.read_text(encoding="utf-8"), *wikinews(12), "", "\n\n", "Hello."]
    for a, b in zip(own.pipe(texts), fast.pipe(texts, batch_size=4)):
        assert_same(a, b, exact)
    # a second pass goes through the look-ups filled by the first
    for a, b in zip(own.pipe(texts[:3]), fast.pipe(texts[:3])):
        assert_same(a, b, exact)


def test_numpy_blas_on_one_thread(pipelines):
    _, fast = pipelines
    if not numpy_blas(fast):
        pytest.skip("no OpenBLAS thread call found: BLIS runs")
    ops = {id(node.ops) for _, p in fast.components if getattr(p, "model", None) is not None
           for node in p.model.walk()}
    assert len(ops) == 1
    assert N._one_blas_thread()


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


ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


def test_greedy_entities_are_the_recognizers_own(pipelines):
    """The decoder against the model's recognizer on the same parsed docs, one doc and batches alike."""
    own, fast = pipelines
    if "greedy_entities" not in fast.pipe_names:
        pytest.skip("BLIS on this machine does not sum as its reference kernel: the model's recognizer runs")
    ner, greedy = own.get_pipe("ner"), fast.get_pipe("greedy_entities")
    texts = [PATTERN_TEXT, SEED.read_text(encoding="utf-8"), *wikinews(30), "", "\n\n", "Hello.", "Paris",
             "Mr. John Smith of New York met Angela Merkel.\nUnited Nations Secretary General"]
    docs = [fast.make_doc(t) for t in texts]
    for name, proc in fast.pipeline:
        if name == "greedy_entities":
            break
        docs = [proc(d) for d in docs]
    copies = [d.copy() for d in docs]
    theirs = list(ner.pipe(copies, batch_size=8))
    for batch in (docs[:1], docs[1:4]):
        list(greedy.pipe(batch, batch_size=2))
    list(greedy.pipe(docs[4:], batch_size=32))
    assert sum(len(d.ents) for d in theirs) > 300
    for a, b in zip(theirs, docs):
        assert numpy.array_equal(a.to_array(ENT_ATTRS), b.to_array(ENT_ATTRS)), a.text[:60]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


def test_greedy_entities_leave_preset_entities_to_the_recognizer(pipelines):
    own, fast = pipelines
    texts = ["Angela Merkel visited Paris on Monday.", "The United Nations met in Geneva."]
    a, b = own.make_doc(texts[0]), fast.make_doc(texts[0])
    for doc in (a, b):
        doc.set_ents([Span(doc, 0, 2, label="ORG")], default="unmodified")
    for name, proc in own.pipeline:
        a = proc(a)
    b = fast(b)
    assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
    assert (b.ents[0].start, b.ents[0].end, b.ents[0].label_) == (0, 2, "ORG")


def test_dot_products_summed_in_blis_order():
    if not NE._blis_sums_in_order():
        pytest.skip("BLIS on this machine does not use its reference kernel")
    rng = numpy.random.default_rng(3)
    ops = NumpyOps()
    for m, c in ((1, 2), (1, 74), (9, 74), (300, 74)):
        H, W = rng.standard_normal((m, 64)).astype("f"), rng.standard_normal((c, 64)).astype("f")
        assert numpy.array_equal(NE._dot_in_order(H, W), ops.gemm(H, W, trans2=True))
