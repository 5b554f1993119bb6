"""Named heuristics for the plain-text dump cleaner (textclean.py), kept apart from its logic.

Each pattern is matched against one line of a flattened page, case-insensitively, after the line
is stripped. They describe widget text that blogs, CMSs and news sites put around a story.
"""
import re

# A line that is only this is page furniture, wherever it stands.
WIDGET_LINE = re.compile(
    r"""^(?:
        (?:link\ to|read\ the|see\ the|view)\ (?:the\ )?original(?:\ (?:article|story|post))?\s*:?.*
      | (?:source|via|originally\ published\ (?:at|on|by))\s*:.*
      | (?:tags?|tagged(?:\ with)?|filed\ under|categories|category|posted\ in|topics?|keywords)\s*:.*
      | leave\ a\ (?:reply|comment).*
      | (?:recent|related|popular|latest|more)\ (?:posts|articles|stories|news|comments|entries)\s*:?
      | (?:related|see\ also|read\ more|read\ next|more\ on\ this(?:\ story)?|continue\ reading)\b.{0,80}
      | %d\ bloggers\ like\ this:?
      | (?:like|share)\ this:?
      | (?:click\ to\ )?(?:share|email|print|tweet|pin)(?:\ (?:on|via)\ \w+)?(?:\ \(opens\ in\ new\ window\))?
      | share\ (?:on|via)\ .{0,40}
      | (?:follow|like)\ us\ on\ .{0,60}
      | (?:subscribe|sign\ up|log\ in|sign\ in|register)\b.{0,100}
      | (?:we\ use\ cookies|this\ (?:site|website)\ uses\ cookies|accept\ (?:all\ )?cookies|cookie\ (?:policy|settings)).*
      | (?:advertisement|sponsored(?:\ content)?|loading\.\.\.|skip\ to\ (?:main\ )?content|back\ to\ top)
      | (?:previous|next)\ (?:post|article|story)\s*:?.{0,120}
      | (?:\d+\ )?comments?(?:\ \(\d+\))?
      | (?:posted|published|written)\ by\ .{0,60}
      | (?:copyright|©|\(c\))\ .{0,120}
      | all\ rights\ reserved\.?
      | (?:home|menu|search|navigation)
      | loading\ comments.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A line made only of separators and punctuation ("Tags: , , , ," once its label is gone).
PUNCTUATION_LINE = re.compile(r"^[\W_]*$")
# A line is story text when it has at least this many words and ends like a sentence...
CONTENT_MIN_WORDS = 8
SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
# ...or when it is this long, whatever its end.
CONTENT_LONG_WORDS = 25
# A first line longer than this (in words) is not taken for a title.
TITLE_MAX_WORDS = 30
# A counter-and-tags line: at most this many short tokens before a repeat of the title.
TAG_PREFIX_MAX_TOKENS = 12
# After the last story line, sentences of at least this many words are still kept.
TAIL_MIN_WORDS = 4
