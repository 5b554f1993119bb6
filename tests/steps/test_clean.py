"""The clean step: flattened pages lose their boilerplate and keep the whole story."""
from __future__ import annotations

import json
import time

from dyads.models import Article
from dyads.readers import read_inputs
from dyads.steps.clean import MAX_TAG_ATTRIBUTES, CleanStep, strip_huge_tags
from dyads.textclean import clean_dump

from ..conftest import SEED, SHARED

EXPECTED = json.loads((SHARED / "seed" / "expected.json").read_text(encoding="utf-8"))


def test_seed_dump_is_cleaned():
    (a,) = CleanStep()(read_inputs([SEED]))
    assert a.text.startswith(EXPECTED["text_starts_with"])
    assert a.text.endswith(EXPECTED["text_ends_with"])
    for junk in EXPECTED["boilerplate_not_in_text"]:
        assert junk not in a.text
    assert a.title == EXPECTED["title"]
    assert a.keywords == EXPECTED["keywords"]


def test_dump_cleaner_on_another_kind_of_page():
    page = "\n".join([  # noqa: FLY002 - one line of the page per list item
        "Home", "World", "Politics", "Skip to content",
        "Ministers agree to new talks on border dispute",
        "By Jane Doe",
        "We use cookies to improve your experience. Accept cookies",
        "The foreign ministers of both countries agreed on Tuesday to hold new talks next month.",
        "Related: Border clashes leave three dead",
        "Officials said the meeting would take place in Geneva, a neutral venue for both sides.",
        "It is the first such meeting in two years.",
        "Share this:", "Twitter", "Facebook", "Like this:", "Loading...",
        "© 2024 Example News. All rights reserved.",
    ])
    r = clean_dump(page)
    assert r.text.startswith("The foreign ministers")
    assert r.text.endswith("It is the first such meeting in two years.")
    assert "cookies" not in r.text and "Related" not in r.text


def test_jsonl_text_is_kept_as_given_and_empty_text_is_dropped():
    step = CleanStep()
    good = Article(id="r", raw_text="Friday, May 1\n\n\nA short line.\n\n\nAnother one.", input_kind="record")
    empty = Article(id="e", html="<html><body></body></html>", input_kind="html")
    out = list(step([good, empty]))
    assert [a.id for a in out] == ["r"]
    assert out[0].text == "Friday, May 1\n\nA short line.\n\nAnother one."
    assert [f.reason for f in step.failures] == ["no_text"]


def test_html_goes_through_trafilatura_with_metadata():
    html = ("<html><head><title>Talks resume | Example News</title>"
            '<meta property="article:published_time" content="2021-03-04"></head><body>'
            "<nav><a href='/'>Home</a></nav><article><h1>Talks resume</h1>"
            + "".join(f"<p>Paragraph {i} of the story says the talks resumed in Vienna on Monday.</p>" for i in range(5))
            + "</article><footer>Contact us</footer></body></html>")
    (a,) = CleanStep()([Article(id="h", html=html, input_kind="html")])
    assert "Paragraph 0 of the story" in a.text and "Contact us" not in a.text
    assert a.published == "2021-03-04"


def test_a_tag_with_too_many_attributes_loses_them_before_parsing():
    # libxml2 is quadratic in a tag's attributes (200,000: minutes, in C, out of the time limit's reach)
    story = ("<p>Russia said on Monday it would hold talks with the United States in Geneva next week, "
             "the foreign ministry said in a statement.</p>")
    attrs = " ".join(f'a{i}="x y"' for i in range(200_000))
    html = f"<html><body><div class='story' {attrs}>{story}</div></body></html>"
    assert strip_huge_tags(html) == f"<html><body><div>{story}</div></body></html>"
    t0 = time.monotonic()
    (a,) = CleanStep()([Article(id="x", html=html, input_kind="html")])
    assert time.monotonic() - t0 < 10
    assert a.text.startswith("Russia said on Monday")
    normal = f"<div class='story' {' '.join(f'a{i}=1' for i in range(MAX_TAG_ATTRIBUTES - 1))}>{story}</div>"
    assert strip_huge_tags(normal) == normal


def test_long_dumps_are_cleaned_in_linear_time():
    lines = [f"Paragraph {i} says that the minister met his counterpart on Monday." for i in range(100_000)]
    t0 = time.monotonic()
    r = clean_dump("\n".join(lines))
    assert time.monotonic() - t0 < 30  # about 4 s
    assert r.text.count("\n\n") == len(lines) - 1
