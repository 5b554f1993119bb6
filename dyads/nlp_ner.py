"""spaCy's greedy entity recognizer, decoded with whole-array operations: the same entities.

The model's recognizer (a BILUO transition system over the tokens, one action per token) spends
half its time in the transition loop: each token's 74 candidate actions are checked one by one,
and in the compiled spaCy 3.8 each check takes and releases the GIL several times. Here:

- The network is the model's own: its tok2vec and the precomputed first layer (`lower`) run as in
  spaCy; the state's three features, their sum, the bias and the maxout are added in spaCy's order.
- While no entity is open, a state's features depend on the next token alone, and so do the valid
  actions (O; U-label unless the token is a space; B-label unless it is a space, the last token or
  before a sentence start): every token's best action is worked out at once, for the whole batch.
- Inside an entity only I-label and L-label of the open label are valid: two scores per token.
- The scores' dot products are summed in the order of BLIS's reference kernel, the one spaCy's
  `sgemm` runs on this machine: the same float32 roundings, so the same argmax, ties included.
  `supports` checks that order against BLIS itself; where BLIS uses another kernel (another
  machine), or anything else differs (beam search, unseen classes, other actions, entities already
  set on a doc), the model's own component runs.

The equality with the model's own recognizer is tested in tests/steps/test_parse.py.
"""
from __future__ import annotations

import math

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.model import Model

# Rows of the "no entity open" score table computed at once (bounds the temporary arrays).
ROWS_AT_ONCE = 2048
KINDS = "BILU"
# Largest score table (rows x classes) summed by a running sum rather than column by column.
SMALL_PRODUCT = 512


def _dot_in_order(H: numpy.ndarray, W: numpy.ndarray) -> numpy.ndarray:
    """H @ W.T in float32, each dot product summed term by term from the first (BLIS reference order).
    Few rows: a running sum of the products (ufunc.accumulate adds strictly in order); many: a
    column at a time."""
    if H.shape[0] * W.shape[0] <= SMALL_PRODUCT:
        return numpy.add.accumulate(H[:, None, :] * W[None, :, :], axis=2)[:, :, -1]
    acc = numpy.zeros((H.shape[0], W.shape[0]), dtype=numpy.float32)
    for k in range(H.shape[1]):
        acc += H[:, k, None] * W[None, :, k]
    return acc


def _blis_sums_in_order() -> bool:
    """Whether the BLIS that spaCy's parser calls sums a dot product term by term (no FMA, one block)."""
    from thinc.backends.numpy_ops import NumpyOps

    rng = numpy.random.default_rng(9)
    ops = NumpyOps()
    for m in (1, 2, 3, 17, 100):
        H = rng.standard_normal((m, 64)).astype("f")
        W = rng.standard_normal((74, 64)).astype("f")
        if not numpy.array_equal(ops.gemm(H, W, trans2=True), _dot_in_order(H, W)):
            return False
    return True


class GreedyEntities:
    """Replaces the component `ner` (kept, disabled) where `supports(ner)`; see the module docstring."""

    def __init__(self, ner) -> None:
        self.ner = ner
        self.tok2vec, self.lower, self.upper = ner.model.layers
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        labels = [n[2:] for n in names if n.startswith("B-")]
        index = {n: i for i, n in enumerate(names)}
        self.B = numpy.array([index[f"B-{x}"] for x in labels])
        self.U = numpy.array([index[f"U-{x}"] for x in labels])
        self.I = {index[f"B-{x}"]: index[f"I-{x}"] for x in labels}
        self.L = {index[f"B-{x}"]: index[f"L-{x}"] for x in labels}
        strings = ner.vocab.strings
        self.label_of = {index[f"{k}-{x}"]: strings.add(x) for x in labels for k in "BU"}
        self.O = index["O"]
        self.n_classes = len(names)

    @staticmethod
    def supports(ner) -> bool:
        try:
            model = ner.model
            if ner.cfg.get("beam_width", 1) != 1 or model.attrs.get("unseen_classes") or not model.attrs.get("has_upper"):
                return False
            if len(model.layers) != 3 or not isinstance(model.layers[1], Model):
                return False
            lower, upper = model.layers[1], model.layers[2]
            if (lower.name, lower.get_dim("nF"), lower.get_dim("nP")) != ("precomputable_affine", 3, 2):
                return False
            if upper.name != "linear" or upper.get_dim("nI") != lower.get_dim("nO"):
                return False
            names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
            labels = [n[2:] for n in names if n.startswith("B-")]
            expected = [f"{k}-{x}" for k in KINDS for x in labels] + ["U-", "O"]
            if names != expected or upper.get_dim("nO") != len(names):
                return False
        except (AttributeError, KeyError, ValueError):
            return False
        return _blis_sums_in_order()

    # ------------------------------------------------------------------ component API
    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            for part in minibatch(by_length, size=max(batch_size // 4, 2)):
                self._annotate(list(part))
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        if not any(len(d) for d in docs) or any(d.to_array(ENT_IOB).any() for d in docs if len(d)):
            self.ner.set_annotations(docs, self.ner.predict(docs))  # entities already set: spaCy decides
            return
        found = self.predict(docs)
        if found is None:
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        for doc, ents in zip(docs, found):
            doc.set_ents([Span(doc, s, e, label=lab, kb_id=doc[s].ent_kb_id) for s, e, lab in ents],
                         default="outside")

    # ------------------------------------------------------------------ decoding
    def predict(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]] | None:
        """Each doc's entities (start, end, label id), or None where the scores hold a NaN."""
        tokvecs = self.tok2vec.predict(docs)
        cached = self.lower.predict(tokvecs)  # (tokens + 1, 3 features, hidden, pieces); row 0: padding
        bias = self.lower.get_param("b")
        W, b = self.upper.get_param("W"), self.upper.get_param("b")
        n_tok = cached.shape[0] - 1
        best = numpy.empty(n_tok, dtype=numpy.int64)
        starts = numpy.concatenate([d.to_array(SENT_START).astype(numpy.int64) for d in docs])
        space = numpy.concatenate([d.to_array(IS_SPACE).astype(bool) for d in docs])
        last = numpy.zeros(n_tok, dtype=bool)
        last[numpy.cumsum([len(d) for d in docs]) - 1] = True
        next_starts = numpy.zeros(n_tok, dtype=bool)
        next_starts[:-1] = starts[1:] == 1
        can_begin = ~(space | last | next_starts)
        for lo in range(0, n_tok, ROWS_AT_ONCE):  # no entity open: features (next token, none, none)
            hi = min(n_tok, lo + ROWS_AT_ONCE)
            S = self._scores(self._hidden(cached[1 + lo:1 + hi, 0], cached[0, 1], cached[0, 2], bias), W, b)
            if numpy.isnan(S).any():
                return None
            valid = numpy.zeros(S.shape, dtype=bool)
            valid[:, self.O] = True
            valid[:, self.U] = ~space[lo:hi, None]
            valid[:, self.B] = can_begin[lo:hi, None]
            best[lo:hi] = numpy.where(valid, S, -numpy.inf).argmax(axis=1)
        out = []
        offset = 0
        for doc in docs:
            n = len(doc)
            ents = []
            cursor = 0
            for t in numpy.flatnonzero(best[offset:offset + n] != self.O).tolist():
                if t < cursor:
                    continue
                a = int(best[offset + t])
                if a not in self.I:  # U-label
                    ents.append((t, t + 1, self.label_of[a]))
                    cursor = t + 1
                    continue
                end = self._entity_end(cached, bias, W, b, offset, t, n, starts, self.I[a], self.L[a])
                if end is None:
                    return None
                ents.append((t, end, self.label_of[a]))
                cursor = end
            out.append(ents)
            offset += n
        return out

    def _entity_end(self, cached, bias, W, b, offset: int, start: int, n: int, starts, i_move: int, l_move: int):
        """The end of an entity opened at `start`: at each next token, I-label (while valid) or L-label."""
        rows = numpy.array([i_move, l_move])
        Wr, br = W[rows], b[rows]
        g0 = offset + start
        t = start + 1
        while True:
            if t + 1 >= n or starts[offset + t + 1] == 1:  # I invalid: L is the only valid action
                return t + 1
            g = offset + t
            h = self._hidden(cached[1 + g, 0][None], cached[1 + g0, 1], cached[g, 2], bias)
            s_i, s_l = self._scores(h, Wr, br)[0].tolist()
            if math.isnan(s_i) or math.isnan(s_l):
                return None
            if s_l > s_i:  # first valid maximum: I (lower index) unless L is strictly higher
                return t + 1
            t += 1

    @staticmethod
    def _hidden(f0: numpy.ndarray, f1: numpy.ndarray, f2: numpy.ndarray, bias: numpy.ndarray) -> numpy.ndarray:
        """Maxout of ((0 + f0) + f1) + f2 + bias, as spaCy's predict_states sums them (float32)."""
        u = numpy.zeros(f0.shape, dtype=numpy.float32)
        u += f0
        u += f1
        u += f2
        u += bias
        return numpy.where(u[..., 0] > u[..., 1], u[..., 0], u[..., 1])

    @staticmethod
    def _scores(H: numpy.ndarray, W: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
        S = _dot_in_order(H, W)
        S += b
        return S


@Language.factory("greedy_entities")
def make_greedy_entities(nlp: Language, name: str) -> GreedyEntities:
    return GreedyEntities(nlp.get_pipe("ner"))
