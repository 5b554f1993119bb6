"""HTML extraction: trafilatura plus our clean-up rules, the page's metadata, and full visible text."""
from __future__ import annotations

from dyads.extract import extract_html
from dyads.html import visible_text

STORY = [
    "The foreign ministers of both countries agreed on Tuesday to hold new talks in Geneva next month.",
    "Officials said the meeting would take place at a neutral venue chosen by the United Nations.",
    "It will be the first such meeting in two years, after a long dispute over the border region.",
    "Both governments said they hoped the talks would lead to a lasting agreement on trade and security.",
]


def page(body: str, head: str = "") -> str:
    return (f"<html lang='en-GB'><head><title>Ministers agree to new talks | Example News</title>{head}"
            "<meta property='og:site_name' content='Example News'>"
            "<link rel='canonical' href='https://news.example.org/2024/talks'>"
            "<meta name='author' content='Jane Doe'>"
            "<meta property='article:published_time' content='2024-03-05T10:00:00Z'>"
            "<meta name='keywords' content='diplomacy, border'>"
            f"</head><body>{body}</body></html>")


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def test_furniture_is_cut_and_the_story_kept():
    related = "".join(f"<li><a href='/story/{i}'>Another headline number {i} about other things</a></li>"
                      for i in range(5))
    body = ("<nav><a href='/'>Home</a></nav><article><h1>Ministers agree to new talks</h1>"
            + paragraphs(STORY[:2])
            + "<p>Sign up for our daily newsletter and get the news in your inbox.</p>"
            + paragraphs(STORY[2:])
            + "<p>Follow us on Twitter and Facebook for more updates.</p>"
            + f"<h3>Related stories</h3><ul>{related}</ul>"
            + "<p>© 2024 Example News. All rights reserved.</p></article>")
    found = extract_html(page(body))
    assert found is not None
    for line in STORY:
        assert line in found.text
    for junk in ("newsletter", "Follow us", "Another headline", "All rights reserved", "Related stories"):
        assert junk not in found.text, junk
    assert not found.text.startswith("Ministers agree")  # the heading repeating the title is cut
    assert {rule for rule, _ in found.dropped} >= {"title", "furniture"}


def test_metadata():
    found = extract_html(page("<article>" + paragraphs(STORY) + "</article>"))
    assert found.title == "Ministers agree to new talks"
    assert found.published == "2024-03-05"
    assert found.authors == ["Jane Doe"]
    assert found.site_name == "Example News"
    assert found.language == "en"
    assert found.canonical_url == "https://news.example.org/2024/talks"
    assert "diplomacy" in found.tags


def test_story_split_over_sibling_containers_is_put_back_in_order():
    more = [f"Paragraph {w} of the second part goes on with the details of the talks and the delegations."
            for w in ("one", "two", "three")]
    body = ("<main><div class='article-body'>" + paragraphs(STORY) + "</div>"
            "<div class='ad-slot'><p>Advertisement</p></div>"
            "<div class='article-body'>" + paragraphs(more) + "</div></main>"
            "<footer><p>About us and our many other wonderful publications around the world today.</p></footer>")
    found = extract_html(page(body))
    for line in STORY + more:
        assert line in found.text, line
    assert found.text.index(STORY[-1]) < found.text.index(more[0])
    assert "About us" not in found.text


def test_nothing_to_extract():
    assert extract_html("") is None
    assert extract_html("<html><body></body></html>") is None


def test_visible_text_renders_blocks_as_lines_and_drops_scripts():
    html = ("<html><head><title>T</title><style>p{}</style></head><body><div>Menu <a href='/'>Home</a></div>"
            "<script>var x = 1;</script><p>First <b>bold</b> line.</p><p style='display:none'>hidden</p>"
            "<table><tr><td>a</td><td>b</td></tr></table><ul><li>one</li><li>two</li></ul></body></html>")
    assert visible_text(html).split("\n") == ["Menu Home", "First bold line.", "a b", "one", "two"]


def test_site_name_is_taken_off_the_title():
    found = extract_html(page("<article><h1>Ministers agree to new talks</h1>" + paragraphs(STORY) + "</article>"))
    assert found.title == "Ministers agree to new talks"
    html = page(paragraphs(STORY)).replace("Ministers agree to new talks | Example News",
                                          "Example News - Talks resume in Geneva")
    assert extract_html(html).title == "Talks resume in Geneva"


def test_author_names_lose_their_byline_words():
    from dyads.extract import _split_names

    assert _split_names("View all posts by Daniel Lemire") == ["Daniel Lemire"]
    assert _split_names("By Jane Doe; Byron Smith") == ["Jane Doe", "Byron Smith"]
