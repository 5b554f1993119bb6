"""Tests of dyads/tone.py: VADER tone of sentences and documents on GDELT's scale."""
from __future__ import annotations

import pytest

from dyads.tone import document_tone, sentence_tone, split_sentences


def test_sentence_tone_sign_and_scale():
    attack = "Gunmen killed twelve people and wounded dozens in a brutal attack on the market."
    praise = "The minister praised the excellent cooperation and welcomed the peaceful agreement."
    neutral = "The delegation arrived in Geneva on Tuesday."
    assert -100 <= sentence_tone(attack) < -20
    assert 20 < sentence_tone(praise) <= 100
    assert sentence_tone(neutral) == 0.0 and sentence_tone("   ") == 0.0
    assert sentence_tone("The talks were not successful.") < 0 < sentence_tone("The talks were successful.")


def test_document_tone_weighs_sentences_by_length():
    text = ("Gunmen killed twelve people in a brutal attack.\n\nThe delegation arrived in Geneva on Tuesday "
            "and met officials from the foreign ministry and the United Nations office.")
    parts = split_sentences(text)
    assert len(parts) == 2
    words = [len(p.split()) for p in parts]
    expected = sum(sentence_tone(p) * w for p, w in zip(parts, words)) / sum(words)
    assert document_tone(text) == pytest.approx(expected, abs=1e-3)
    assert sentence_tone(parts[0]) < document_tone(text) < 0
    assert document_tone("") is None and document_tone(" \n ") is None


def test_split_sentences():
    text = "“We will not refuse,” Lavrov said. He left! Did he? Yes.\nNew line"
    assert split_sentences(text) == ["“We will not refuse,” Lavrov said.", "He left!", "Did he?", "Yes.",
                                     "New line"]
