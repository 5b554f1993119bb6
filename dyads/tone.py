"""Tone of sentences and documents, from the VADER sentiment lexicon (vaderSentiment, MIT licence).

Tone is on GDELT's scale: the share of the text's sentiment that is positive minus the share that is
negative, times 100, so -100 (all negative) .. +100 (all positive), 0 neutral; news usually scores
between -30 and +30. VADER weighs each word by its lexicon valence and handles negation ("not
good"), intensifiers ("very") and contrast ("but"). A document's tone is the mean of its sentences'
tones weighted by their length in words, so each sentence is scored on its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .errors import ConfigError

# Sentence ends: . ! ? (maybe followed by a closing quote or bracket) then space, or a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
TONE_SCALE = 100.0  # GDELT's tone is a percentage


@lru_cache(maxsize=1)
def _analyzer():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # a missing dependency is a setup error, said with the fix
        raise ConfigError("tone needs vaderSentiment: pip install vaderSentiment") from exc
    return SentimentIntensityAnalyzer()


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`: split after . ! ? and at line breaks; empty pieces left out."""
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def sentence_tone(sentence: str) -> float:
    """The tone of one sentence, -100..+100 (see the module docstring); 0.0 for an empty one."""
    if not sentence.strip():
        return 0.0
    scores = _analyzer().polarity_scores(sentence)
    return round(TONE_SCALE * (scores["pos"] - scores["neg"]), 3)


def document_tone(text: str) -> float | None:
    """The tone of a document: its sentences' tones, weighted by word count; None without words."""
    total = weight = 0.0
    for s in split_sentences(text):
        words = len(s.split())
        total += sentence_tone(s) * words
        weight += words
    return round(total / weight, 3) if weight else None
