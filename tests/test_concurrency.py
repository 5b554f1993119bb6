"""A real `dyads ingest` writing many batches while the CLI, `dyads.open` and a served dashboard read
the same file: no reader errs, the ingest is never kept out, and every read sees whole batches.

Each batch is one transaction committed with one timestamp (`articles.ingested_at`), so the states a
reader may see are the prefixes of the batches: after the ingest, `committed_states` rebuilds them
(articles -> events) and every observation must be one of them. The dashboard's article list is
checked across its two queries (total, then rows with their event counts): a request that straddled
two batches would show a total that disagrees with its rows.
"""
from __future__ import annotations

import http.client
import itertools
import json
import os
import subprocess
import sys
import threading
import time

import dyads
from dyads.locking import LOCK_TIMEOUT_ENV, SharedReader
from dyads.store import Store

from .conftest import ROOT

DOCS, BATCH = 40, 2
# general news-like sentences: who did what to whom, one distinct text per document
COUNTRIES = ("Russia", "the United States", "France", "Germany", "China", "Japan", "India", "Brazil", "Canada",
             "Mexico", "Italy", "Spain", "Turkey", "Iran", "Israel", "Egypt")
VERBS = ("condemned", "praised", "threatened", "accused", "met with", "criticized")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
COUNT_SQL = ("SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM events) AS events, "
             "(SELECT count(*) FROM events WHERE NOT negated) AS asserted")


def write_corpus(path) -> None:
    pairs = itertools.permutations(COUNTRIES, 2)
    with open(path, "w", encoding="utf-8") as out:
        for i, (a, b) in zip(range(DOCS), pairs):
            text = (f"{a} {VERBS[i % len(VERBS)]} {b} on {DAYS[i % len(DAYS)]} over the border dispute.\n\n"
                    f"Officials in {b} said the talks would go on.")
            out.write(json.dumps({"id": f"d{i:03d}", "title": f"{a} and {b}", "date": f"2020-01-{1 + i % 28:02d}",
                                  "text": text}) + "\n")


def committed_states(db: str) -> dict[int, tuple[int, int]]:
    """articles -> (events, events not negated) after each committed batch, and the empty store."""
    with Store.open(db, read_only=True) as store:
        df = store.query("""
            SELECT a.ingested_at, count(DISTINCT a.key) AS articles, count(e.seq) AS events,
                   count(e.seq) FILTER (WHERE NOT e.negated) AS asserted
            FROM articles a LEFT JOIN events e ON e.article_key = a.key GROUP BY ALL ORDER BY a.ingested_at""")
    states = {0: (0, 0)}
    total = [0, 0, 0]
    for row in df.itertuples():
        total = [total[0] + row.articles, total[1] + row.events, total[2] + row.asserted]
        states[total[0]] = (total[1], total[2])
    return states


def serve(reader: SharedReader):
    import uvicorn

    from dyads.web.app import LOOPBACK_HOSTS, create_app

    from .web.conftest import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(reader, allowed_hosts=list(LOOPBACK_HOSTS)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the dashboard did not start"
        time.sleep(0.05)
    return server, thread, port


def test_cli_api_and_dashboard_read_while_an_ingest_writes(tmp_path):
    src, db = tmp_path / "in.jsonl", str(tmp_path / "live.duckdb")
    write_corpus(src)
    Store.open(db).close()  # an empty store, so that the readers can start before the first batch
    env = {**os.environ, LOCK_TIMEOUT_ENV: "60"}
    seen: dict[str, list[tuple]] = {"cli": [], "api": [], "web": [], "web_list": []}
    errors: list[str] = []
    done = threading.Event()

    def web(port: int) -> None:
        try:
            read_pages(http.client.HTTPConnection("127.0.0.1", port, timeout=60))
        except Exception as exc:  # noqa: BLE001 - any error is a failure of this test
            errors.append(f"web: {exc!r}")

    def read_pages(c: http.client.HTTPConnection) -> None:
        for path in itertools.cycle(["/index.json", "/articles.json?limit=1000"]):
            if done.is_set():
                return
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            if r.status != 200:
                errors.append(f"web {path}: HTTP {r.status} {body[:300]!r}")
                continue
            data = json.loads(body)
            if path == "/index.json":
                seen["web"].append((data["counts"]["articles"], None, data["counts"]["events"]))
            else:
                seen["web_list"].append((data["total"], len(data["articles"]),
                                         sum(a["events"] for a in data["articles"])))

    def api() -> None:
        try:
            with dyads.open(db) as d:
                while not done.is_set():
                    row = d.sql(COUNT_SQL).iloc[0]
                    seen["api"].append((int(row["articles"]), int(row["events"]), int(row["asserted"])))
                    time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 - any error is a failure of this test
            errors.append(f"api: {exc!r}")

    reader = SharedReader(db)
    server, server_thread, port = serve(reader)
    threads = [threading.Thread(target=web, args=(port,), daemon=True), threading.Thread(target=api, daemon=True)]
    for t in threads:
        t.start()
    ingest = subprocess.Popen([sys.executable, "-c", "from dyads.cli import main; main()", "ingest", str(src),
                               "--db", db, "--batch-size", str(BATCH), "--progress"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 400
        while ingest.poll() is None and time.monotonic() < deadline:  # (a) the CLI reads in a loop
            r = subprocess.run([sys.executable, "-c", "from dyads.cli import main; main()", "sql", COUNT_SQL,
                                "--db", db, "--format", "json"], capture_output=True, text=True, cwd=ROOT, env=env,
                               timeout=120, check=False)
            if r.returncode != 0:
                errors.append(f"cli: {r.stderr[-500:]}")
            else:
                (row,) = json.loads(r.stdout)
                seen["cli"].append((row["articles"], row["events"], row["asserted"]))
        out, err = ingest.communicate(timeout=max(1, deadline - time.monotonic()))
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.communicate()
        done.set()
        for t in threads:
            t.join(60)
        server.should_exit = True
        server_thread.join(10)
        reader.close()
    assert ingest.returncode == 0, err[-2000:]
    assert f"{DOCS} articles added" in out, out
    assert err.count("committed") == DOCS // BATCH  # one transaction per batch
    assert not errors, errors[:5]

    states = committed_states(db)
    assert max(states) == DOCS and len(states) == DOCS // BATCH + 1
    for who in ("cli", "api", "web"):
        assert seen[who], who
        for articles, events, asserted in seen[who]:
            assert articles % BATCH == 0, (who, articles)  # whole batches only
            assert articles in states and asserted == states[articles][1], (who, articles, events, asserted)
            assert events is None or events == states[articles][0], (who, articles, events)
    for total, rows, events in seen["web_list"]:  # one request, two queries, one state
        assert total in states and rows == total and events == states[total][0], (total, rows, events)
    middle = {s[0] for who in ("cli", "api", "web") for s in seen[who]} - {0, DOCS}
    assert len(middle) >= 3, middle  # the readers did read while the batches were being written
    print(f"\nreads during the ingest: cli {len(seen['cli'])}, api {len(seen['api'])}, dashboard "
          f"{len(seen['web']) + len(seen['web_list'])}; {len(middle)} intermediate states seen; "
          f"dashboard reopened the file {reader.opens} times; 0 errors")
