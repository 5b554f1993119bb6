"""Named heuristics for HTML extraction (extract.py): what to cut from trafilatura's output.

Each rule is general page furniture seen across news sites (related links, newsletter promos,
author contact lines, consent notices, share bars), never a pattern for one site or one page.
"""
import re

# A block (paragraph, heading, list item) at least this share of whose text sits inside links
# reads as a teaser for another page...
LINK_BLOCK_DENSITY = 0.6
# ...when it has at most this many words (a long paragraph with many links is still prose).
LINK_BLOCK_MAX_WORDS = 20
# A list at least this share of whose items are link teasers is a related-articles block.
LINK_LIST_SHARE = 0.5

# A whole block that is only this is furniture. Matched case-insensitively against the stripped text.
JUNK_BLOCK = re.compile(
    r"""^(?:
        (?:related|read\ more|read\ next|see\ more|see\ also|more\ on\ this|also\ on\ [\w.]+|also\ read
           |recommended|watch|listen|more\ from\ [\w .]{0,40}|most\ (?:read|popular|viewed)|trending
           |you\ (?:may|might)\ also\ like|don'?t\ miss|must\ read|top\ stories|editor'?s\ picks?)
           (?:\ (?:stories|articles|news|videos?|posts?|in\ [\w ]{1,30}))?\b\s*(?:[:|.…-]|\.\.\.).*
      | (?:related|read\ more|see\ more|don'?t\ miss|you\ (?:may|might)\ also\ like|most\ read(?:\ in\ [\w ]+)?
           |more\ (?:stories|articles|news)|recommended(?:\ for\ you)?|trending(?:\ now)?|top\ stories)
           (?:\ (?:stories|articles|posts|news|content|links|coverage|reading|videos))?\s*[:.…]*
      | (?:click|tap)\ here\b.{0,100}
      | (?:get|join|sign\ up|subscribe|register)\b.{0,120}\b(?:newsletter|inbox|subscription|free\ trial|our\ app|the\ app)\b.{0,120}
      | .{0,300}\bclick\ to\ tweet
      | (?:thanks?\ (?:you\ )?for\ (?:signing\ up|subscribing|reading)).{0,100}
      | (?:sorry!?|an\ error\ has\ occurred.{0,60}|there\ was\ an\ error\ processing.{0,80}|thank\ you)
      | (?:follow|like)\ (?:us|him|her|them|me|@\w+)\ on\ .{0,120}
      | follow\ .{1,60}\ on\ (?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b.{0,120}
      | (?:tags?|tagged(?:\ with)?|filed\ under|categor(?:y|ies)|topics?|keywords|labels?|share(?:\ this)?(?:\ article)?)\s*:?
      | .{0,80}\bfollow\ (?:us|him|her|them|me)\ on\ (?:twitter|facebook|instagram).{0,120}
      | (?:write\ to|email|e-mail|contact|reach)\ .{0,60}\ at\ \S+@\S+.{0,200}
      | .{0,160}\b(?:may\ be\ reached|can\ be\ reached)\ at\ .{0,200}
      | (?:have\ a\ (?:news\ )?tip|got\ a\ (?:news\ )?tip)\b.{0,200}
      | (?:share|tweet|email|print)(?:\ (?:this|on\ \w+|via\ \w+|article|story))?\s*[!:.]*
      | (?:order\ reprints|print\ article|reprints?|permissions)
      | like\ this\ (?:story|article)\?.{0,80}
      | (?:tell\ us\ what\ you\ think|leave\ a\ (?:comment|reply)|join\ the\ (?:conversation|discussion)
           |(?:show|view|load|read)\ (?:all\ )?comments?|comments?|\d+\ comments?|post\ a\ comment).{0,20}
      | (?:copyright|©|\(c\))\s.{0,200}
      | .{0,100}\ball\ rights\ reserved\b.{0,100}
      | this\ copy\ is\ for\ your\ personal,?\ non-?commercial\ use\ only.*
      | (?:we\ use\ cookies|this\ (?:site|website)\ uses\ cookies|by\ (?:continuing|using)\ (?:to\ use\ )?this\ (?:site|website)).*
      | (?:advertisement|sponsored(?:\ content)?|ad|loading\.*|skip\ (?:to\ )?(?:main\ )?content|back\ to\ top)
      | (?:updated|published|posted)(?:\ on|\ at)?:?\ .{0,40}\d.{0,30}
      | image\ (?:source|credit)s?:.{0,120}
      | (?:photo|image|video|picture)s?\ ?(?:credit|by)?\s*:\ .{0,120}
      | https?://\S+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A short block with a year and a clock time or a day number and nothing else much: a dateline
# in any language ("segunda-feira, 22 de janeiro de 2018 às 0:13").
DATELINE_MAX_WORDS = 10
# ...in which at least this share of the words carry digits, and no label ("Deadline: 3.11.2019").
DATELINE_DIGIT_SHARE = 0.3
LABEL = re.compile(r"^\s*\+|\w:\s")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
CLOCK_OR_DAY = re.compile(r"\b\d{1,2}[:h.]\d{2}\b|\b\d{1,2}(?:st|nd|rd|th|er|\.)?\b")
# A block made only of punctuation, separators or table rules ("- ", "|---|---|").
PUNCTUATION_BLOCK = re.compile(r"^\W*$")
# A block that is only a date or a time stamp (a dateline kept apart from the story).
DATE_BLOCK = re.compile(
    r"""^(?:(?:updated|published|posted)\s*:?\s*)?[\w.,]*\s*
    (?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?
      |\w+\.?\s+\d{1,2},?\s+\d{4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*\w{2,4})?)?
      |\d{1,2}\s+\w+\.?\s+\d{4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?)$""",
    re.IGNORECASE | re.VERBOSE,
)
# A paragraph of at least this many words, mostly outside links, is story prose. Link teasers are
# cut before the first and after the last prose paragraph, and in between only when written in capitals
# (at least SHOUT_MIN_WORDS words, SHOUT_SHARE of the letters upper case).
PROSE_MIN_WORDS = 15
SHOUT_MIN_WORDS = 4
SHOUT_SHARE = 0.9
# Blocks shorter than this many words are candidates for the line rules above (longer ones are prose).
JUNK_MAX_WORDS = 60
# Leading headings (before the first paragraph of text) that repeat the title or a part of it.
TITLE_SIMILARITY = 0.8
# trafilatura's fast path falls back to the page's whole text when it finds no article: a body of at
# most FLAT_MAX_BLOCKS blocks holding at least FLAT_MIN_LINES line breaks. Such pages get the full path.
FLAT_MAX_BLOCKS = 3
FLAT_MIN_LINES = 30
# A page paragraph of at least RESCUE_MIN_WORDS words that the extractor missed is put back when it
# sits in a container of the same tag and class as RESCUE_MIN_KEPT or more paragraphs it kept.
RESCUE_MIN_WORDS = 12
RESCUE_MIN_KEPT = 2
# A fast-path extraction shorter than FALLBACK_MIN_CHARS characters (once pruned) and than
# FALLBACK_MAX_SHARE of the text in the page's paragraphs (or with no paragraphs of text at all) gets
# trafilatura's full path too (readability and jusText comparison); the longer result is kept.
FALLBACK_MIN_CHARS = 1000
FALLBACK_MAX_SHARE = 0.5
# What splits a page title into headline and site name ("Headline | Site", "Site - Headline").
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—»›·•:]{1,2}|::)\s+")
SEPARATOR_JOIN = " - "
# Words that pages put before an author's name and extractors keep ("View all posts by Jane Doe").
AUTHOR_PREFIX = re.compile(
    r"""^(?:(?:view\ )?(?:all\ )?(?:posts|articles|stories)\ by|(?:posted|written|published)\ by|by
        |autor(?:in)?|author|责任编辑|作者|記者)(?:\s*[:：]\s*|\s+)(?=\w)""",
    re.IGNORECASE | re.VERBOSE,
)
