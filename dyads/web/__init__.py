"""The read-only web dashboard: `dyads serve`."""
