"""Pipeline steps: each a small callable with one job (see base.Step)."""
