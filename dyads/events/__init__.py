"""Event coding: CAMEO tables, patterns as data, matching over the dependency parse.

The step that uses it is dyads/steps/events.py.
"""
from .cameo import CameoTables, load_tables, quad_class, root
from .matcher import Found, Matcher
from .patterns import Pattern, PatternSet, load_patterns

__all__ = ["CameoTables", "Found", "Matcher", "Pattern", "PatternSet", "load_patterns", "load_tables",
           "quad_class", "root"]
