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
    (tmp_path / "README.md").write_text("# My crawl\n\nPages from June.", encoding="utf-8")
    (tmp_path / "sub" / "LICENSE").write_text("CC BY 2.5", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    by_id = {i.id: i for i in items}
    assert set(by_id) == {"b", "r1", "r2", "c-3", "a"}
    assert by_id["a"].input_kind == "html" and "Hi there" in by_id["a"].html
    assert by_id["r1"].input_kind == "record" and by_id["r1"].published == "2020-01-02"
    assert by_id["r2"].input_kind == "html"
    assert isinstance(by_id["c-3"], Failure) and by_id["c-3"].reason == "bad_json"
    # a folder's README and LICENSE are not articles; named explicitly, a file is always read
    assert [i.id for i in read_inputs([tmp_path / "README.md"])] == ["README"]


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


def _warc(path, records, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for url, status, ctype, body in records:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


PAGE = ("<html><head><title>T</title></head><body><p>Le président a déclaré que la réunion était "
        "reportée à l'été prochain, à Genève.</p></body></html>")


def test_warc_html_responses_become_articles(tmp_path):
    records = [
        ("https://example.org/a", "200 OK", "text/html; charset=utf-8", PAGE.encode("utf-8")),
        ("https://example.org/b", "200 OK", "text/html; charset=windows-1252", PAGE.encode("cp1252")),
        ("https://example.org/c", "200 OK", "text/html", PAGE.encode("cp1252")),  # no charset said
        ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("https://example.org/gone", "404 Not Found", "text/html", b"<html>missing</html>"),
        ("https://example.org/bin", "200 OK", "text/html", bytes(range(256)) * 4),
    ]
    for name, gz in (("crawl.warc.gz", True), ("crawl.warc", False)):
        _warc(tmp_path / name, records, gz=gz)
        items = list(read_inputs([tmp_path / name]))
        arts = [i for i in items if isinstance(i, Article)]
        assert [a.url for a in arts] == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
        assert all(a.id.startswith("urn:uuid:") and a.input_kind == "html" for a in arts)
        assert all("président" in a.html and "\ufffd" not in a.html for a in arts)
        fails = {i.detail if i.reason.startswith("http") else i.reason: i.reason
                 for i in items if isinstance(i, Failure)}
        assert fails == {"https://example.org/gone": "http_404", "binary": "binary"}


def test_truncated_warc_keeps_what_was_read(tmp_path):
    path = tmp_path / "cut.warc.gz"
    _warc(path, [(f"https://example.org/{i}", "200 OK", "text/html", PAGE.encode()) for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - len(data) // 5])  # inside the last record's headers
    items = list(read_inputs([path]))
    assert isinstance(items[0], Article) and isinstance(items[-1], Failure)
    assert items[-1].reason in ("bad_warc", "bad_record")


def test_warc_response_with_a_bad_content_length_is_recorded(tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"
    for length in (b"-5", b"abc"):
        path = tmp_path / f"bad{length.decode()}.warc"
        path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:r1>\r\n"
                         b"WARC-Target-URI: http://example.org/x\r\nContent-Length: " + length
                         + b"\r\n\r\n" + http[:12])
        items = list(read_inputs([path]))
        assert all(isinstance(i, Failure) for i in items) and items[0].reason == "bad_record"


FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example</title>
<item><title>Talks resume</title><link>https://example.org/talks</link>
<pubDate>Tue, 04 Mar 2021 10:00:00 GMT</pubDate><category>diplomacy</category>
<description>&lt;p&gt;Talks resumed in Vienna.&lt;/p&gt;&lt;p&gt;Both sides met.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/empty</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ex</title>
<entry><id>tag:example.org,2021:1</id><title>Aid arrives</title><link href="https://example.org/aid"/>
<updated>2021-05-01T08:30:00Z</updated><author><name>Jane Doe</name></author>
<content type="html">&lt;p&gt;Aid convoys reached the town.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feed_items(tmp_path):
    (tmp_path / "news.rss").write_bytes(FEED)
    (tmp_path / "news.atom").write_bytes(ATOM)
    items = list(read_inputs([tmp_path / "news.rss", tmp_path / "news.atom"]))
    talks, empty, aid = items
    assert talks.url == "https://example.org/talks" and talks.title == "Talks resume"
    assert talks.published == "2021-03-04T10:00:00Z" and talks.keywords == ["diplomacy"]
    assert talks.raw_text == "Talks resumed in Vienna.\n\nBoth sides met." and talks.input_kind == "record"
    assert isinstance(empty, Failure) and empty.reason == "empty"
    assert aid.id == "tag:example.org,2021:1" and aid.published == "2021-05-01T08:30:00Z"
    assert aid.extras["authors"] == ["Jane Doe"] and aid.raw_text == "Aid convoys reached the town."


def test_wrong_declared_charset_is_overruled():
    html = ('<html><head><meta charset="windows-1251"></head><body><p>Le président a déclaré que la réunion '
            "était reportée à l'été prochain, à Genève. Très bien.</p></body></html>")
    out = decode(html.encode("cp1252"))
    assert "réunion était reportée à l'été prochain, à Genève" in out
    russian = "<p>Президент России заявил, что переговоры продолжатся в Женеве на следующей неделе.</p>"
    assert "Президент" in decode(russian.encode("cp1251"), declared="windows-1251")


def test_size_cap_has_a_clear_message(tmp_path, monkeypatch):
    from dyads import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"y" * 50000))
    items = {i.id: i for i in read_inputs([tmp_path])}
    assert items["big"].reason == "too_large" and "limit is 1000" in items["big"].detail
    assert items["bomb"].reason == "too_large" and "decompressed" in items["bomb"].detail
