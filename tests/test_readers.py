"""Reading inputs: every kind of file, and bad documents recorded without stopping the batch."""
from __future__ import annotations

import gzip
import io
import json

from dyads.models import Article, Failure
from dyads.readers import decode, doc_id, read_inputs, read_stdin

from .conftest import SEED


def test_doc_id_strips_extensions(tmp_path):
    assert doc_id(tmp_path / "0a1b2c.html.gz") == "0a1b2c"
    assert doc_id(tmp_path / "000_2342fa2aa6b80750.txt") == "000_2342fa2aa6b80750"
    assert doc_id(tmp_path / "report.v2.final") == "report.v2"


def test_seed_is_read_as_a_flattened_page():
    (a,) = read_inputs([SEED])
    assert isinstance(a, Article) and a.id == "000_2342fa2aa6b80750"
    assert a.input_kind == "page" and a.raw_text.startswith("‘No Cold War’")


def test_folder_html_gzip_and_jsonl(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.html.gz").write_bytes(gzip.compress(b"<html><body><p>Hi there</p></body></html>"))
    (tmp_path / "b.txt").write_text("Plain words here.", encoding="utf-8")
    recs = [{"id": "r1", "text": "One.", "url": "http://x/1", "date": "2020-01-02"}, {"id": "r2", "html": "<p>x</p>"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n{broken\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("never read", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    by_id = {i.id: i for i in items}
    assert set(by_id) == {"b", "r1", "r2", "c-3", "a"}
    assert by_id["a"].input_kind == "html" and "Hi there" in by_id["a"].html
    assert by_id["r1"].input_kind == "record" and by_id["r1"].published == "2020-01-02"
    assert by_id["r2"].input_kind == "html"
    assert isinstance(by_id["c-3"], Failure) and by_id["c-3"].reason == "bad_json"


def test_bad_documents_become_failures_and_the_batch_goes_on(tmp_path):
    (tmp_path / "1-empty.txt").write_bytes(b"  \n")
    (tmp_path / "2-binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "3-truncated.html.gz").write_bytes(gzip.compress(b"<p>" + b"x" * 5000)[:40])
    (tmp_path / "4-good.txt").write_text("A good document with words.", encoding="utf-8")
    items = list(read_inputs([tmp_path, tmp_path / "missing.txt"]))
    reasons = {i.id: (i.reason if isinstance(i, Failure) else "ok") for i in items}
    assert reasons == {"1-empty": "empty", "2-binary": "binary", "3-truncated": "bad_gzip",
                       "4-good": "ok", "missing": "not_found"}


def test_legacy_encoding_is_detected_not_replaced():
    text = "Le président a déclaré que la réunion était reportée à l'été prochain, à Genève."
    decoded = decode(text.encode("cp1252"))
    assert "\ufffd" not in decoded
    assert "président" in decoded and "été" in decoded


def test_stdin_jsonl_and_plain():
    items = list(read_stdin(io.BytesIO(b'{"id": "s1", "text": "Hello."}\n{"id": "s2", "text": ""}\n')))
    assert isinstance(items[0], Article) and items[0].id == "s1"
    assert isinstance(items[1], Failure) and items[1].reason == "empty"
    (one,) = read_stdin(io.BytesIO(b"Just some text."))
    assert one.id == "stdin" and one.raw_text == "Just some text."
