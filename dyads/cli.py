"""The `dyads` command: a thin layer over the library. Library errors become ClickExceptions here."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import click

from .errors import DyadsError
from .models import Failure
from .record import article_record, failure_record

DEFAULT_DB = "dyads.duckdb"
FORMATS = click.Choice(["table", "csv", "json"])


def report_failure(f: Failure) -> None:
    click.echo(f"dyads: skipped {f.id} ({f.origin}): {f.reason}" + (f": {f.detail}" if f.detail else ""),
               err=True)


def sample_corpus() -> list[Path]:
    """The bundled sample corpus: the seed page and 295 English Wikinews articles."""
    root = resources.files("dyads") / "data" / "sample"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".txt", ".jsonl")))


def print_frame(df, fmt: str, out=None) -> None:
    """A DataFrame as an aligned table, CSV or JSON records; dates as YYYY-MM-DD."""
    import pandas as pd

    out = out or sys.stdout
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    if fmt == "csv":
        df.to_csv(out, index=False)
    elif fmt == "json":
        out.write(df.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n")
    elif df.empty:
        out.write("(no rows)\n")
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 250):
            out.write(df.to_string(index=False) + "\n")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dyads")
def main() -> None:
    """dyads: who did what to whom, and who said what, from raw news pages.

    Read pages (text dumps, HTML, JSON Lines, folders, '-' for stdin), find actors, quotes and
    CAMEO/PLOVER events with their evidence, and keep them in a local DuckDB database.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="One JSON record per line, one JSON list, or a summary table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Write here instead of standard output.")
def extract(inputs: tuple[str, ...], fmt: str, output: str) -> None:
    """Extract articles, actors, quotes and events from INPUTS and print one record per article.

    Records follow shared/eval/SCHEMA.md. A document that cannot be read is reported on stderr
    and, in JSON output, as a record with an "error" field; the others go on.
    """
    from .pipeline import process

    failures: list[Failure] = []

    def on_failure(f: Failure) -> None:
        failures.append(f)
        report_failure(f)

    try:
        articles, runner = process(inputs, on_failure=on_failure)
        with click.open_file(output, "w", encoding="utf-8") as out:
            records = []
            for a in articles:
                rec = article_record(a)
                if fmt == "jsonl":
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                else:
                    records.append(rec)
            if fmt == "jsonl":
                for f in failures:
                    out.write(json.dumps(failure_record(f), ensure_ascii=False) + "\n")
            elif fmt == "json":
                records += [failure_record(f) for f in failures]
                json.dump(records, out, ensure_ascii=False, indent=1)
                out.write("\n")
            else:
                for r in records:
                    out.write(f"{r['id']}\t{len(r['actors'])} actors\t{len(r['quotes'])} quotes\t"
                              f"{len(r['events'])} events\t{r['title'][:70]}\n")
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if runner.stats.done == 0:
        raise click.ClickException(f"nothing could be processed ({runner.stats.read} documents read)")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
def ingest(inputs: tuple[str, ...], db: str) -> None:
    """Process INPUTS and store them in the database. Articles already stored are skipped."""
    from .ingest import ingest_inputs

    try:
        result = ingest_inputs(inputs, db, on_failure=report_failure)
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(result.describe())
    if result.processed == 0:
        raise click.ClickException("nothing could be processed")


@main.command()
@click.option("--db", default=None, help="Database to create (default: a fresh dyads-demo.duckdb here).")
def demo(db: str | None) -> None:
    """Ingest the bundled sample corpus into a fresh database and print a summary."""
    from .ingest import ingest_inputs
    from .queries import summary
    from .store import Store

    path = Path(db or "dyads-demo.duckdb")
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    inputs = sample_corpus()
    click.echo(f"Ingesting the sample corpus ({', '.join(p.name for p in inputs)}) into {path} ...")
    try:
        result = ingest_inputs([str(p) for p in inputs], str(path), on_failure=report_failure)
        click.echo(result.describe())
        with Store.open(str(path), read_only=True) as store:
            s = summary(store)
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("")
    click.echo("Summary")
    for key in ("articles", "actors", "quotes", "events"):
        click.echo(f"  {key:<9}{s[key]:>8}")
    click.echo("\nTop dyads (source -> target: events, mean Goldstein)")
    print_frame(s["top_dyads"], "table")
    click.echo(f"\nNext: dyads events --db {path} --source RUS --target USA")
    click.echo(f"      dyads timeline RUS USA --db {path} --by month")


def _query_command(name: str, help: str):
    def decorate(f):
        f = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)(f)
        f = click.option("--limit", type=int, default=50, show_default=True)(f)
        f = click.option("--until", help="Latest publication date, YYYY-MM-DD.")(f)
        f = click.option("--since", help="Earliest publication date, YYYY-MM-DD.")(f)
        f = click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")(f)
        return main.command(name=name, help=help)(f)
    return decorate


@contextmanager
def _reading(db: str):
    """The store at `db`, opened read-only; library errors become CLI errors."""
    from .store import Store

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `dyads ingest INPUT --db {db}` first")
    try:
        with Store.open(db, read_only=True) as store:
            yield store
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc


@_query_command("events", "List events, newest first. Codes match by prefix (RUS matches RUSGOV).")
@click.option("--actor", help="Source or target: code prefix or name.")
@click.option("--source", help="Source actor: code prefix or name.")
@click.option("--target", help="Target actor: code prefix or name.")
def events_cmd(db, since, until, limit, fmt, actor, source, target) -> None:
    from . import queries

    with _reading(db) as store:
        print_frame(queries.events(store, actor=actor, source=source, target=target, since=since,
                                   until=until, limit=limit), fmt)


@_query_command("quotes", "List quotes with their speakers, newest first.")
@click.option("--actor", "--speaker", "speaker", help="Speaker: name or code prefix.")
def quotes_cmd(db, since, until, limit, fmt, speaker) -> None:
    from . import queries

    with _reading(db) as store:
        print_frame(queries.quotes(store, speaker=speaker, since=since, until=until, limit=limit), fmt)


@_query_command("actors", "List actors with how often they are named, act, are acted on and speak.")
@click.option("--actor", help="Name or code prefix.")
def actors_cmd(db, since, until, limit, fmt, actor) -> None:
    from . import queries

    with _reading(db) as store:
        print_frame(queries.actors(store, actor=actor, since=since, until=until, limit=limit), fmt)


@main.command()
@click.argument("src")
@click.argument("tgt")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--since", help="Earliest publication date, YYYY-MM-DD.")
@click.option("--until", help="Latest publication date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def timeline(src, tgt, db, by, since, until, fmt) -> None:
    """Events SRC -> TGT per period: count and mean Goldstein. Codes match by prefix."""
    from . import queries

    with _reading(db) as store:
        print_frame(queries.timeline(store, src, tgt, by=by, since=since, until=until), fmt)


if __name__ == "__main__":
    main()
