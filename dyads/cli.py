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


def report_skip(s) -> None:
    """One line on stderr for a document `ingest` left out as a duplicate (a `dyads.ingest.Skipped`)."""
    click.echo(f"dyads: skipped duplicate {s.describe()}", err=True)


ACTORS_OPTION = click.option(
    "--actors", "actors_file", type=click.Path(exists=True, dir_okay=False),
    help="CSV of your own actors (name,code[,type,aliases,surname,office,role,start,end]) that "
         "extends or overrides the shipped dictionary.")


TIME_LIMIT_OPTION = click.option(
    "--time-limit", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
    help="Most time the steps may spend on one document; a document over it is skipped and reported "
         "as time_limit (default 60; 0: no limit).")


def step_options(actors_file: str | None) -> dict[str, dict]:
    """Step settings from the command line's options."""
    return {"actors": {"extra_actors": actors_file}} if actors_file else {}


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
@ACTORS_OPTION
@TIME_LIMIT_OPTION
def extract(inputs: tuple[str, ...], fmt: str, output: str, actors_file: str | None,
            time_limit: float | None) -> None:
    """Extract articles, actors, quotes and events from INPUTS and print one record per article.

    Records follow shared/eval/SCHEMA.md. A document that cannot be read is reported on stderr
    and, in JSON output, as a record with an "error" field; the others go on.
    """
    from .deadline import DEFAULT_TIME_LIMIT
    from .deadline import time_limit as limit_time
    from .pipeline import build_steps, process

    failures: list[Failure] = []

    def on_failure(f: Failure) -> None:
        failures.append(f)
        report_failure(f)

    try:
        steps = build_steps(options=step_options(actors_file))
        articles, runner = process(inputs, steps=steps, on_failure=on_failure)
        limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
        with click.open_file(output, "w", encoding="utf-8") as out, limit_time(limit):
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
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per transaction (default 64).")
@click.option("--progress", is_flag=True,
              help="Report each committed batch on stderr (with --workers: progress bars, also on a terminal).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Run on a local Dask cluster of this many processes (one thread each).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run on the Dask cluster of this scheduler (workers must share the run folder).")
@click.option("--shard-size", type=click.IntRange(min=1), default=None,
              help="With --workers/--scheduler: documents per shard (default 100).")
@click.option("--run-dir", type=click.Path(file_okay=False), default=None,
              help="With --workers/--scheduler: folder for shards and done-markers (default DB.runs/RUN-ID).")
@click.option("-v", "--verbose", is_flag=True,
              help="List on stderr each document skipped as a duplicate: id, origin, and why "
                   "(already stored, or repeated in the input).")
@ACTORS_OPTION
@TIME_LIMIT_OPTION
def ingest(inputs: tuple[str, ...], db: str, batch_size: int | None, progress: bool, workers: int | None,
           scheduler: str | None, shard_size: int | None, run_dir: str | None, verbose: bool,
           actors_file: str | None, time_limit: float | None) -> None:
    """Process INPUTS and store them in the database. Articles already stored are skipped.

    Each batch is one transaction: an interrupted ingest keeps the batches it committed, and
    running it again completes it. With --workers or --scheduler the inputs are split into shards
    run on Dask; each finished shard is one transaction, and a re-run skips the shards done.
    """
    from .deadline import DEFAULT_TIME_LIMIT
    from .deadline import time_limit as limit_time
    from .ingest import BATCH_SIZE, ingest_inputs, ingest_sharded

    if workers or scheduler:
        from .runners.shards import RUNNER_OPTIONS, SHARD_SIZE

        options = step_options(actors_file)
        if time_limit is not None:
            options[RUNNER_OPTIONS] = {"time_limit": time_limit}
        try:
            result = ingest_sharded(inputs, db, workers=workers, scheduler=scheduler,
                                    shard_size=shard_size or SHARD_SIZE, run_dir=run_dir,
                                    on_failure=report_failure, progress=progress or sys.stderr.isatty(),
                                    options=options)
        except DyadsError as exc:
            raise click.ClickException(str(exc)) from exc
        for s in result.skipped_docs if verbose else ():
            report_skip(s)
        click.echo(result.describe())
        if result.processed == 0 and result.shards_skipped < result.shards:
            raise click.ClickException("nothing could be processed")
        return

    def on_batch(n: int, counts: dict[str, int]) -> None:
        click.echo(f"dyads: batch {n} committed: {counts.get('articles', 0)} added, "
                   f"{counts.get('skipped', 0)} already stored", err=True)

    try:
        with limit_time(DEFAULT_TIME_LIMIT if time_limit is None else time_limit):
            result = ingest_inputs(inputs, db, on_failure=report_failure, batch_size=batch_size or BATCH_SIZE,
                                   on_batch=on_batch if progress else None,
                                   options=step_options(actors_file), on_skip=report_skip if verbose else None)
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
def _reading(db: str, *, sandbox: bool = False):
    """The store at `db`, opened read-only (and sandboxed: no other files); library errors become CLI errors."""
    from .store import Store

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `dyads ingest INPUT --db {db}` first")
    try:
        with Store.open(db, read_only=True, sandbox=sandbox) as store:
            yield store
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc


@_query_command("events", "List events, newest first. Codes match by prefix (RUS matches RUSGOV).")
@click.option("--actor", help="Source or target: code prefix or name.")
@click.option("--source", help="Source actor: code prefix or name.")
@click.option("--target", help="Target actor: code prefix or name.")
@click.option("--aggregated", is_flag=True,
              help="One row per real-world event (its reports counted: mentions, sources, articles, tone).")
def events_cmd(db, since, until, limit, fmt, actor, source, target, aggregated) -> None:
    from . import queries

    with _reading(db) as store:
        if aggregated:
            print_frame(queries.event_groups(store, actor=actor, source=source, target=target, since=since,
                                             until=until, limit=limit), fmt)
        else:
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


@main.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["parquet", "csv", "jsonl", "gdelt", "plover"]),
              help="parquet, csv, jsonl: a folder, one file per table; gdelt: GDELT 2.0 event rows "
                   "(tab-separated); plover: PLOVER JSON records, one a line.")
@click.option("-o", "--output", required=True, type=click.Path(), help="Folder (tables) or file to write.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
@click.option("--header/--no-header", default=True, show_default=True,
              help="gdelt: write the column names as a first line (GDELT's own files have none).")
def export(fmt: str, output: str, db: str, header: bool) -> None:
    """Export the database's tables, or its aggregated events as GDELT or PLOVER records."""
    from .export import export as export_store

    with _reading(db) as store:
        try:
            paths = export_store(store, fmt, output, header=header)
        except DyadsError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {len(paths)} file(s): {', '.join(str(p) for p in paths)}", err=True)


@main.command()
@click.argument("query")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def sql(query: str, db: str, fmt: str) -> None:
    """Run one read-only SQL QUERY (SELECT or WITH ... SELECT) and print the result.

    Tables: articles, actors, mentions, quotes, events, event_groups, event_reports, failures; views
    event_evidence, clusters. The database is opened read-only, without access to other files; any other
    statement is refused.
    """
    with _reading(db, sandbox=True) as store:
        try:
            df = store.select(query)
        except DyadsError as exc:
            raise click.ClickException(str(exc)) from exc
        print_frame(df, fmt)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
@click.option("--window-days", type=click.IntRange(min=0), default=None,
              help="Days after an event's first report within which a report of the same source, "
                   "target and CAMEO code joins it (kept for later ingests; default: as stored, 3).")
def regroup(db: str, window_days: int | None) -> None:
    """Rebuild the aggregated events (one per real-world event) from the stored reports."""
    from .store import Store

    try:
        with Store.open(db) as store:
            n = store.regroup(window_days)
            click.echo(f"{n} aggregated events (window {store.window_days} days) in {db}")
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
def optimize(db: str) -> None:
    """Sort the events table by source, target and date so that dyad timelines read little."""
    from .store import Store

    try:
        with Store.open(db) as store:
            store.optimize()
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"optimized {db}")


@main.command()
@click.argument("article")
@click.option("--db", default=DEFAULT_DB, show_default=True,
              help="Where to look ARTICLE up by id when it is not a file.")
@ACTORS_OPTION
def explain(article: str, db: str, actors_file: str | None) -> None:
    """Show why every event of ARTICLE exists: its sentence with the source, target and trigger
    marked, its codes and the pattern that fired.

    ARTICLE is an input file (processed now) or the id of an article in the database.
    """
    from .events.explain import explain_article

    if Path(article).exists() or article == "-":
        from .pipeline import build_steps, process

        try:
            articles, _ = process([article], steps=build_steps(options=step_options(actors_file)),
                                       on_failure=report_failure)
            found = list(articles)
        except DyadsError as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        with _reading(db) as store:
            found = list(store.read([article]))
        if not found:
            raise click.ClickException(f"no file {article!r} and no article with that id in {db}")
    for a in found:
        click.echo(explain_article(a))


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but a loopback address exposes the data to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--get", "get_path", metavar="PATH",
              help="Print the page at PATH (e.g. /events.json or '/dyad/RUS/USA.json?by=week') and exit "
                   "without starting a server.")
def serve(db: str, host: str, port: int, get_path: str | None) -> None:
    """Explore the database in a web browser: a read-only dashboard at http://HOST:PORT/.

    Every page also answers as JSON: add .json to its path (/index.json for the overview).
    """
    from .web.app import render
    from .web.app import serve as serve_app

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `dyads ingest INPUT --db {db}` first")
    try:
        if get_path is not None:
            status, _, body = render(db, get_path)
            click.echo(body, nl=not body.endswith("\n"))
            if status >= 400:
                raise click.ClickException(f"{get_path}: HTTP {status}")
            return
        click.echo(f"dyads: serving {db} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        serve_app(db, host, port)
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB database file.")
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="Time between polls: 30s, 15m, 1h, 1h30m (a bare number is seconds).")
@click.option("--once", is_flag=True, help="Poll every source once and exit (for cron).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per transaction (default 64); the watch state is saved after each.")
@click.option("--pages/--no-pages", default=True, show_default=True,
              help="Fetch the page of a feed item that carries only a summary (else store the summary).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False), default=None,
              help="Watch state file: items seen, validators, back-off (default DB.watch.json).")
@ACTORS_OPTION
def watch(sources: tuple[str, ...], db: str, every: str, once: bool, batch_size: int | None, pages: bool,
          state_path: str | None, actors_file: str | None) -> None:
    """Poll SOURCES (RSS/Atom feed URLs, feed or JSON Lines files, folders) and ingest what is new.

    Feeds are fetched with conditional GETs; only items not seen before are processed, and what was
    seen is remembered across restarts. A source that fails is retried later, with back-off, while
    the others go on. Ctrl-C or SIGTERM stops after the current batch (twice: at once).
    """
    import time

    from .ingest import BATCH_SIZE
    from .watch import Watcher, format_interval, parse_interval, stop_on_signals

    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None

    def log(message: str) -> None:
        click.echo(f"dyads: {message}", err=True)

    def on_batch(source: str, counts: dict[str, int]) -> None:
        log(f"{source}: batch committed: {counts.get('articles', 0)} added, "
            f"{counts.get('skipped', 0)} already stored")

    last: list = []  # the latest poll's reports

    def on_poll(n: int, reports: list) -> None:
        last[:] = reports
        for r in reports:
            if r.status != "not_modified" and (r.new or r.status != "ok"):
                log(f"{r.source}: {r.describe()}")
        added = sum(r.added for r in reports)
        failing = sum(r.status in ("error", "waiting") for r in reports)
        nxt = "" if once else f"; next poll in {format_interval(seconds)}"
        log(f"poll {n} at {time.strftime('%H:%M:%S')}: {added} added, {failing} of {len(reports)} "
            f"sources failing{nxt}")

    watcher = Watcher(sources, db, every=seconds, batch_size=batch_size or BATCH_SIZE, fetch_pages=pages,
                      state_path=state_path, options=step_options(actors_file), on_batch=on_batch,
                      on_failure=report_failure, log=log)
    try:
        watcher.check_store()
        with stop_on_signals(watcher) as received:
            if not once:
                log(f"watching {len(watcher.sources)} source(s) every {format_interval(seconds)} into {db} "
                    f"(state in {watcher.state_path}); Ctrl-C to stop")
            polls = watcher.run(polls=1 if once else None, on_poll=on_poll)
    except DyadsError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        log("interrupted; the batch in progress was not stored")
        sys.exit(130)
    if received:
        log(f"stopped on {received[0]} after {polls} poll(s)")
    if once and last and all(r.status in ("error", "waiting") for r in last):
        raise click.ClickException("every source failed")


if __name__ == "__main__":
    main()
