"""Group exact and near-duplicate copies of a story (syndication, reposts) into clusters.

Every article gets `extras["sketch"]` (see `dyads.syndication.sketch`), which the store's writer
clusters against what it holds (`dyads.syndication.assign_clusters`): that is how `dyads ingest`
clusters, whatever the number of workers. With `index=True` (the default; `dyads extract` uses it)
the step also clusters the stream itself and sets `extras["cluster_id"]` (the id of the first member
seen), `extras["original_id"]` (the earliest dated member known so far; undated members count as
later than dated ones, and ties go to the first seen) and `extras["duplicate_of"]` ("" for the
original itself). Copies are matched as `dyads.syndication` describes: exact word hash, MinHash LSH
confirmed by Jaccard similarity or containment, or a canonical URL naming another member's URL.

With `index=True` the step keeps its state in the instance, so one instance must see the whole
stream. An original that arrives after its copies updates the copies still held (`remember` most
recent articles); `clusters()` gives the final grouping whatever the order.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..errors import ConfigError
from ..models import Article
from ..registry import register
from ..syndication import (
    CONTAINMENT,
    LSH_THRESHOLD,
    NUM_PERM,
    SCHEME,
    THRESHOLD,
    UnionFind,
    copies,
    normal_words,
    sketch,
)
from .base import Step

__all__ = ["Cluster", "DedupStep", "normal_words"]


@dataclass(slots=True)
class Cluster:
    """The members of one cluster, in the order seen, and the member taken as the original."""

    id: str
    members: list[str] = field(default_factory=list)
    original: str = ""
    original_date: str = ""


def _earlier(date: str, than: str) -> bool:
    """Whether ISO date `date` comes before `than`; an empty date is later than any date."""
    return bool(date) and (not than or date < than)


@register("dedup")
class DedupStep(Step):
    """Sets `extras["cluster_id"]`, `extras["original_id"]` and `extras["duplicate_of"]`."""

    def __init__(self, *, threshold: float = THRESHOLD, containment: float = CONTAINMENT,
                 num_perm: int = NUM_PERM, remember: int = 1000, index: bool = True) -> None:
        super().__init__()
        if not 0 < threshold <= 1 or not 0 < containment <= 1:
            raise ConfigError("dedup: threshold and containment must be in (0, 1]")
        try:
            from datasketch import MinHash, MinHashLSH
        except ImportError:  # pragma: no cover - a declared dependency
            raise ConfigError("dedup needs datasketch: pip install datasketch") from None
        self._minhash = MinHash
        self.threshold, self.containment, self.num_perm = threshold, containment, num_perm
        self.remember = remember
        self.index = index
        self._lsh = MinHashLSH(threshold=min(LSH_THRESHOLD, threshold), num_perm=num_perm)
        self._sketch: dict[str, tuple[np.ndarray, int]] = {}  # id -> (MinHash values, number of shingles)
        self._by_hash: dict[str, str] = {}  # text hash -> article id
        self._by_url: dict[str, str] = {}  # url -> article id
        self._uf = UnionFind()  # over article ids, in the order seen: the first seen names the cluster
        self._clusters: dict[str, Cluster] = {}  # root id -> cluster
        self._dates: dict[str, str] = {}
        self._recent: OrderedDict[str, Article] = OrderedDict()

    # ------------------------------------------------------------ union-find
    def _root(self, id: str) -> str:
        return self._uf.find(id)

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return ra
        keep_id = self._uf.union(ra, rb)
        keep, gone = self._clusters[keep_id], self._clusters[rb if keep_id == ra else ra]
        keep.members += gone.members
        if _earlier(gone.original_date, keep.original_date) or (
                gone.original_date == keep.original_date and self._order(gone.original) < self._order(keep.original)):
            keep.original, keep.original_date = gone.original, gone.original_date
        del self._clusters[gone.id]
        return keep.id

    def _order(self, id: str) -> int:
        return self._uf.order.get(id, 1 << 62)

    # ------------------------------------------------------------ matching
    def _near(self, id: str, sk: dict) -> list[str]:
        """Ids of earlier articles whose text is a near copy of sketch `sk`; indexes this one."""
        if sk["minhash"] is None:
            return []
        m = self._minhash(num_perm=self.num_perm, hashvalues=sk["minhash"], scheme=SCHEME)
        found = [other for other in self._lsh.query(m)
                 if copies(sk["minhash"], sk["shingles"], *self._sketch[other],
                           threshold=self.threshold, containment=self.containment)]
        self._lsh.insert(id, m)
        self._sketch[id] = (np.asarray(sk["minhash"], dtype=np.uint32), sk["shingles"])  # 512 bytes
        return found

    def process(self, article: Article) -> Article:
        sk = article.extras.get("sketch")
        if sk is None:
            sk = article.extras["sketch"] = sketch(article.text or article.raw_text or "", self.num_perm)
        if not self.index:
            return article
        id = article.id
        if id not in self._uf.parent:  # a re-run of the same article (runner retries) is not re-added
            self._uf.add(id, len(self._uf.order))
            self._dates[id] = article.published or ""
            self._clusters[id] = Cluster(id=id, members=[id], original=id, original_date=self._dates[id])
            if sk["shingles"]:
                h = sk["hash"]
                if h in self._by_hash:
                    self._union(self._by_hash[h], id)
                else:
                    self._by_hash[h] = id
                    for other in self._near(id, sk):
                        self._union(other, id)
            canonical = article.extras.get("canonical_url") or ""
            for url in {article.url, canonical} - {""}:
                if url in self._by_url:
                    self._union(self._by_url[url], id)
                else:
                    self._by_url[url] = id
        cluster = self._clusters[self._root(id)]
        self._label(article, cluster)
        if len(cluster.members) > 1:
            self.stats["duplicates"] += article.id != cluster.original
            for other in cluster.members:  # an earlier original may have been displaced
                held = self._recent.get(other)
                if held is not None and held is not article:
                    self._label(held, cluster)
        self._recent[id] = article
        self._recent.move_to_end(id)
        while len(self._recent) > self.remember:
            self._recent.popitem(last=False)
        return article

    @staticmethod
    def _label(article: Article, cluster: Cluster) -> None:
        article.extras["cluster_id"] = cluster.id
        article.extras["original_id"] = cluster.original
        article.extras["duplicate_of"] = "" if article.id == cluster.original else cluster.original

    def clusters(self) -> dict[str, Cluster]:
        """Every cluster so far, by cluster id (singletons included)."""
        return dict(self._clusters)

    def cluster_of(self, id: str) -> Cluster:
        """The cluster of article `id`; raises KeyError for an id not seen."""
        return self._clusters[self._root(id)]
