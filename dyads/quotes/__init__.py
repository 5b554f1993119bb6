"""Quote finding and attribution (see steps/quotes.py for the step).

marks.py pairs quotation marks; direct.py decides whether a quoted span is speech and finds its cue;
attribution.py turns a cue into the words that name the speaker; indirect.py finds reported speech;
cues.py holds the word lists.
"""
from .marks import MarkSpan, find_mark_spans

__all__ = ["MarkSpan", "find_mark_spans"]
