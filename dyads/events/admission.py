"""Admissions: a speaker that admits a blameworthy act of its own side acknowledges responsibility to its victim.

"Representatives from Iran acknowledged their government had shot down a Ukrainian passenger jet": the
matcher codes the act (Iran -> Ukraine, 190) and the verb of admitting (015, kept as a plain statement only
when its clause codes nothing); this adds the admission itself, Iran -> Ukraine 015 (CAMEO 1.1b3: "Acknowledge
or claim responsibility"). Data: [admission] and [blame] in dyads/data/patterns/discourse/reported.toml.
"""
from __future__ import annotations

from . import discourse as d


def admissions(article, vs, coded, make_event) -> list:
    """015 events from the speakers in `vs` (discourse.Voice) to the targets of their own side's blameworthy
    acts (events in `coded`) told in what they admit."""
    rules = d.load_rules()
    cfg = rules.admission or {}
    if not cfg:
        return []
    verbs = set(cfg.get("patterns", []))
    out = []
    for v in vs:
        if v.pattern_id not in verbs or not v.actor.code:
            continue
        for e in coded:
            t = d.token_at(article.doc, e.trigger_start)
            if (t is None or t.i not in v.tokens or t.i == v.trigger.i or e.negated
                    or e.cameo[:2] not in rules.blame_roots or not e.target.code or not e.source.code):
                continue
            own = e.source.actor_id == v.actor.id or e.source.code[:3] == v.actor.code[:3]
            if own and e.target.code[:3] != v.actor.code[:3]:
                out.append(make_event(v, e.target, str(cfg["cameo"]), cfg["id"], float(cfg["confidence"]), v.trigger))
                break
    return out
