"""Syndicated and duplicate copies of a story: sketches of a text, and the writer's clustering.

A *sketch* of an article's clean text is the hash of its normalised words (exact copies) and a
MinHash of its word 5-grams (near copies: a repost with other page text around the story, or a
lightly edited copy). Sketches are made in the pipeline (by the `dedup` step, on any worker); the
clusters are assigned by the one process that writes the store (`assign_clusters`), against what
the store already holds and in the order articles are written, so a database gets the same
clusters whatever the number of workers and however often an ingest was killed and re-run.

Two texts are copies when their estimated Jaccard similarity reaches `THRESHOLD`, or when the
shorter one is contained in the longer for `CONTAINMENT` of its shingles, or when they have the
same text hash, or when one page's canonical URL is the other's URL. Candidates come from MinHash
LSH buckets (kept in the `lsh_buckets` table), each then confirmed on the full sketches.
A cluster is named by its first written member (the first 16 hex digits of its article key); when
a new copy bridges two clusters, the older cluster's name wins. The cluster's original, the earliest
dated member, is computed by the `clusters` view, so it is always up to date.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

WORD = re.compile(r"\w+")
# Words per shingle. Five-word shingles make chance overlaps between different stories rare.
SHINGLE_WORDS = 5
# Texts shorter than this (in words) are matched by exact hash (and URL) only.
MIN_WORDS_NEAR = 30
NUM_PERM = 128
# datasketch's permutation scheme (2.0's default, named so stored sketches stay comparable).
SCHEME = "affine32"
# Candidates are drawn around this Jaccard similarity, then confirmed with the thresholds below.
LSH_THRESHOLD = 0.3
THRESHOLD = 0.7     # estimated Jaccard similarity of two copies
CONTAINMENT = 0.85  # share of the shorter text's shingles found in the longer one
CLUSTER_ID_CHARS = 16


def normal_words(text: str) -> list[str]:
    """Words of `text`, NFKC-normalised and case-folded; punctuation and spacing do not count."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def shingles(words: list[str], n: int = SHINGLE_WORDS) -> set[bytes]:
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(max(len(words) - n + 1, 1))}


def sketch(text: str, num_perm: int = NUM_PERM) -> dict:
    """{"hash", "shingles", "minhash"} of a clean text; minhash is None below MIN_WORDS_NEAR words."""
    from datasketch import MinHash

    words = normal_words(text)
    sh = shingles(words) if words else set()
    minhash = None
    if len(words) >= MIN_WORDS_NEAR:
        m = MinHash(num_perm=num_perm, scheme=SCHEME)
        m.update_batch(list(sh))
        minhash = [int(v) for v in m.hashvalues]
    return {"hash": text_hash(words), "shingles": len(sh), "minhash": minhash}


def copies(a: Sequence[int], na: int, b: Sequence[int], nb: int, *, threshold: float = THRESHOLD,
           containment: float = CONTAINMENT) -> bool:
    """Whether two MinHash sketches (with their shingle counts) are copies of one text."""
    j = float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
    inter = j * (na + nb) / (1 + j)  # |A∩B| from the Jaccard estimate and the set sizes
    return j >= threshold or inter / max(min(na, nb), 1) >= containment


@lru_cache(maxsize=4)
def lsh_shape(num_perm: int = NUM_PERM, threshold: float = LSH_THRESHOLD) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for `threshold`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def buckets(minhash: Sequence[int]) -> list[tuple[int, int]]:
    """(band, bucket) pairs of a MinHash: texts sharing one pair are candidate copies."""
    b, r = lsh_shape(len(minhash))
    arr = np.asarray(minhash, dtype=np.uint64)
    return [(i, int.from_bytes(hashlib.blake2b(arr[i * r:(i + 1) * r].tobytes(), digest_size=8).digest(),
                               "little")) for i in range(b)]


@dataclass(slots=True)
class Sketch:
    key: str
    text_hash: str
    shingles: int
    minhash: list[int] | None
    urls: frozenset[str]
    bands: list[tuple[int, int]] = field(default_factory=list)  # its LSH buckets, made once

    def __post_init__(self) -> None:
        if self.minhash is not None and not self.bands:
            self.bands = buckets(self.minhash)


class UnionFind:
    """Union-find over names, each added with its order: a union keeps the older name's root."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.order: dict[str, int] = {}

    def add(self, name: str, order: int) -> None:
        if name not in self.parent:
            self.parent[name] = name
            self.order[name] = order

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        keep, gone = (ra, rb) if self.order[ra] <= self.order[rb] else (rb, ra)
        self.parent[gone] = keep
        return keep


def assign_clusters(con, arts: pd.DataFrame, sketches: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Cluster the new articles `arts` (columns key, url, text) against the store, in their order.

    `sketches` holds their article_sketches rows (article_key, text_hash, shingles, minhash,
    canonical_url); an article without one is sketched here from `arts["text"]`. Runs inside the writer's
    transaction on connection `con`. Returns ({new key: cluster id}, {old cluster id: new cluster
    id}) where the second maps stored clusters merged into another by a bridging copy.
    Also inserts the sketches (with their write order) and their LSH buckets.
    """
    given = {r.article_key: r for r in sketches.itertuples(index=False)}
    (row,) = con.execute("SELECT coalesce(max(seq), -1) FROM article_sketches").fetchall()
    next_seq = int(row[0]) + 1
    new: list[Sketch] = []
    canonical_of: dict[str, str | None] = {}
    for key, url, text in zip(arts["key"], arts["url"], arts["text"]):
        r = given.get(key)
        if r is None:  # made without the dedup step: sketch it here
            sk = sketch(text)
            th, n, mh, canonical = sk["hash"], sk["shingles"], sk["minhash"], None
        else:
            th, n, canonical = r.text_hash, int(r.shingles), None if _missing(r.canonical_url) else r.canonical_url
            mh = None if _missing(r.minhash) else [int(v) for v in r.minhash]
        canonical_of[key] = canonical
        new.append(Sketch(key, th, n, mh, frozenset(u for u in (url, canonical) if isinstance(u, str) and u)))
    stored = _stored_candidates(con, new)
    uf = UnionFind()
    for c, seq in stored["clusters"].items():
        uf.add(c, seq)
    cluster_of: dict[str, str] = dict(stored["cluster_of"])  # stored key -> its cluster
    sk_of: dict[str, Sketch] = dict(stored["sketches"])
    by_hash: dict[str, list[str]] = {}
    by_url: dict[str, list[str]] = {}
    by_bucket: dict[tuple[int, int], list[str]] = {}
    for s in stored["sketches"].values():
        _index(s, by_hash, by_url, by_bucket)
    out: dict[str, str] = {}
    sketch_rows, bucket_rows = [], []
    for i, s in enumerate(new):
        seq = next_seq + i
        name = s.key[:CLUSTER_ID_CHARS]
        uf.add(name, seq)
        found = set(by_hash.get(s.text_hash, ())) if s.text_hash else set()
        for u in s.urls:
            found.update(by_url.get(u, ()))
        bks = s.bands
        for bk in bks:
            for other in by_bucket.get(bk, ()):
                o = sk_of[other]
                if other not in found and o.minhash is not None and copies(
                        s.minhash, s.shingles, o.minhash, o.shingles):
                    found.add(other)
        for other in sorted(found, key=lambda k: uf.order[uf.find(cluster_of[k])]):
            uf.union(name, cluster_of[other])
        cluster_of[s.key] = name
        sk_of[s.key] = s
        _index(s, by_hash, by_url, by_bucket)
        sketch_rows.append((s.key, seq, s.text_hash, s.shingles, s.minhash, canonical_of[s.key]))
        bucket_rows += [(band, bucket, s.key) for band, bucket in bks]
    for s in new:
        out[s.key] = uf.find(cluster_of[s.key])
    merged = {c: uf.find(c) for c in stored["clusters"] if uf.find(c) != c}
    _insert_rows(con, "article_sketches", ("article_key", "seq", "text_hash", "shingles", "minhash",
                                           "canonical_url"), sketch_rows)
    _insert_rows(con, "lsh_buckets", ("band", "bucket", "article_key"), bucket_rows)
    return out, merged


def _missing(value: object) -> bool:
    """None, or what pandas puts where a value was missing (NaN, NA)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _index(s: Sketch, by_hash: dict, by_url: dict, by_bucket: dict) -> None:
    if s.text_hash:
        by_hash.setdefault(s.text_hash, []).append(s.key)
    for u in s.urls:
        by_url.setdefault(u, []).append(s.key)
    for bk in s.bands:
        by_bucket.setdefault(bk, []).append(s.key)


def _stored_candidates(con, new: list[Sketch]) -> dict:
    """The stored articles that share a text hash, a URL or an LSH bucket with `new`: their sketches,
    their clusters, and each cluster's first write (for which name wins a merge)."""
    hashes = sorted({s.text_hash for s in new if s.text_hash})
    urls = sorted({u for s in new for u in s.urls})
    bks = sorted({bk for s in new for bk in s.bands})
    keys: set[str] = set()
    if hashes:
        con.register("_dyads_hashes", pd.DataFrame({"h": hashes}))
        keys.update(r[0] for r in con.execute(
            "SELECT article_key FROM article_sketches JOIN _dyads_hashes ON text_hash = h").fetchall())
        con.unregister("_dyads_hashes")
    if urls:
        con.register("_dyads_urls", pd.DataFrame({"u": urls}))
        keys.update(r[0] for r in con.execute("""
            SELECT a.key FROM articles a JOIN article_sketches s ON s.article_key = a.key
            JOIN _dyads_urls ON a.url = u
            UNION SELECT article_key FROM article_sketches JOIN _dyads_urls ON canonical_url = u""").fetchall())
        con.unregister("_dyads_urls")
    if bks:
        con.register("_dyads_buckets", pd.DataFrame({"band": [b for b, _ in bks],
                                                     "bucket": np.array([k for _, k in bks], dtype=np.uint64)}))
        keys.update(r[0] for r in con.execute("""
            SELECT DISTINCT l.article_key FROM lsh_buckets l
            JOIN _dyads_buckets q ON l.band = q.band AND l.bucket = q.bucket""").fetchall())
        con.unregister("_dyads_buckets")
    result: dict = {"sketches": {}, "cluster_of": {}, "clusters": {}}
    if not keys:
        return result
    con.register("_dyads_cand", pd.DataFrame({"k": sorted(keys)}))
    try:
        rows = con.execute("""
            SELECT a.key, a.url, a.cluster_id, s.text_hash, s.shingles, s.minhash, s.canonical_url
            FROM articles a JOIN _dyads_cand ON a.key = k
            JOIN article_sketches s ON s.article_key = a.key""").fetchall()
        names = sorted({r[2] for r in rows if r[2]})
        con.register("_dyads_names", pd.DataFrame({"c": names}))
        firsts = dict(con.execute("""
            SELECT a.cluster_id, min(coalesce(s.seq, -1)) FROM articles a
            JOIN _dyads_names ON a.cluster_id = c LEFT JOIN article_sketches s ON s.article_key = a.key
            GROUP BY a.cluster_id""").fetchall())
        con.unregister("_dyads_names")
    finally:
        con.unregister("_dyads_cand")
    for key, url, cluster, th, n, mh, canonical in rows:
        cluster = cluster or key[:CLUSTER_ID_CHARS]
        result["sketches"][key] = Sketch(key, th or "", n or 0, None if mh is None else list(mh),
                                         frozenset(u for u in (url, canonical) if u))
        result["cluster_of"][key] = cluster
        result["clusters"].setdefault(cluster, firsts.get(cluster, -1))
    return result


def _insert_rows(con, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    df = pd.DataFrame(rows, columns=list(cols))
    if table == "lsh_buckets":
        df["bucket"] = df["bucket"].astype(np.uint64)
    name = f"_dyads_{table}_rows"
    con.register(name, df)
    try:
        c = ", ".join(cols)
        con.execute(f"INSERT INTO {table} ({c}) SELECT {c} FROM {name}")
    finally:
        con.unregister(name)
