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
SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]」』）]*$""")
# ...or when it is this long, whatever its end.
CONTENT_LONG_WORDS = 25
# A first line longer than this (in words) is not taken for a title.
TITLE_MAX_WORDS = 30
# A counter-and-tags line: at most this many short tokens before a repeat of the title.
TAG_PREFIX_MAX_TOKENS = 12
# After the last story line, sentences of at least this many words are still kept.
TAIL_MIN_WORDS = 4

# Finding the story in a long page dump (the densest run of story lines, as in Finn et al.'s Body
# Text Extraction): a story line is worth its word count, any other line costs SHORT_LINE_COST, and
# the run of lines with the greatest total is the story. A story line has STORY_MIN_WORDS words and
# ends like a sentence, or has STORY_LONG_WORDS words.
SHORT_LINE_COST = 10
STORY_MIN_WORDS = 8
STORY_LONG_WORDS = 15
# A line that ends a clause (":" and ";" too) counts as ending a sentence for STORY_MIN_WORDS.
CLAUSE_END = re.compile(r"""[.!?…:;。！？：；]["'”’»)\]」』）]*$""")
# Characters of scripts written without spaces (Chinese, Japanese, Korean syllables count as words
# between spaces already): CJK_CHARS_PER_WORD of them count as one word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2
# Story lines after the first section break (comments, related stories) weigh this share of their words:
# a story comes before its comment thread.
AFTER_BREAK_WEIGHT = 0.3
# Story lines weigh less the later they come on the page, down to (1 - POSITION_DECAY) at its end:
# footers, disclaimers and teaser lists gather at the bottom.
POSITION_DECAY = 0.7
# Another run, before or after the best one, is kept too when its total is at least this share of the
# best run's (a story split by an advertisement or a gallery).
SECOND_RUN_SHARE = 0.5
# A header that opens a comment thread or a list of other stories: no run crosses it.
SECTION_BREAK = re.compile(
    r"""^(?:\d+\s+)?(?:comments?|responses?|replies|discussion|leave\ a\ (?:reply|comment)|post\ a\ comment
      |join\ the\ (?:conversation|discussion)|(?:related|recommended|popular|recent|latest|more)
        (?:\ (?:posts|articles|stories|news|reading|videos))?|you\ (?:may|might)\ also\ like
      |(?:most\ )?(?:read|popular|viewed)(?:\ (?:stories|articles|now|today))?|trending(?:\ now)?
      |.{1,60}\ (?:on|at)\ .{4,40}\d{2}.{0,20}\ said)\s*(?:\(\d+\))?\s*[:.…]*$""",
    re.IGNORECASE | re.VERBOSE,
)
