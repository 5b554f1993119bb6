"""Group exact and near-duplicate copies of a story (syndication, reposts) into clusters.

Every article gets `extras["cluster_id"]` (the id of the first member seen), `extras["original_id"]`
(the earliest dated member known so far; undated members count as later than dated ones, and ties
go to the first seen) and `extras["duplicate_of"]` ("" for the original itself). Exact copies are
found by a hash of the normalised words; near copies by MinHash LSH over word shingles, confirmed by
the estimated Jaccard similarity or by containment (a repost with extra page text around the
story). A page whose canonical URL is another member's URL joins that member's cluster too.

The step keeps its state in the instance, so one instance must see the whole stream. An original
that arrives after its copies updates the copies still held (`remember` most recent articles);
`clusters()` gives the final grouping whatever the order.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..models import Article
from ..registry import register
from .base import Step

WORD = re.compile(r"\w+")
# Words per shingle. Five-word shingles make chance overlaps between different stories rare.
SHINGLE_WORDS = 5
# Articles shorter than this (in words) are matched by exact hash only.
MIN_WORDS_NEAR = 30
# The LSH index returns candidates around this Jaccard similarity; each is then confirmed below.
LSH_THRESHOLD = 0.3


def normal_words(text: str) -> list[str]:
    """Words of `text`, NFKC-normalised and case-folded; punctuation and spacing do not count."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def shingles(words: list[str], n: int = SHINGLE_WORDS) -> set[bytes]:
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(max(len(words) - n + 1, 1))}


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

    def __init__(self, *, threshold: float = 0.7, containment: float = 0.85, num_perm: int = 128,
                 remember: int = 1000) -> None:
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
        self._lsh = MinHashLSH(threshold=min(LSH_THRESHOLD, threshold), num_perm=num_perm)
        self._sketch: dict[str, tuple[object, int]] = {}  # id -> (MinHash, number of shingles)
        self._by_hash: dict[str, str] = {}  # text hash -> article id
        self._by_url: dict[str, str] = {}  # url -> article id
        self._parent: dict[str, str] = {}  # union-find over article ids
        self._clusters: dict[str, Cluster] = {}  # root id -> cluster
        self._dates: dict[str, str] = {}
        self._recent: OrderedDict[str, Article] = OrderedDict()
        self._seen_order: dict[str, int] = {}

    # ------------------------------------------------------------ union-find
    def _root(self, id: str) -> str:
        while self._parent[id] != id:
            self._parent[id] = self._parent[self._parent[id]]
            id = self._parent[id]
        return id

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return ra
        ca, cb = self._clusters[ra], self._clusters[rb]
        # the cluster seen first keeps its id
        keep, gone = (ca, cb) if self._order(ca.id) <= self._order(cb.id) else (cb, ca)
        self._parent[self._root(gone.id)] = keep.id
        self._parent[gone.id] = keep.id
        keep.members += gone.members
        if _earlier(gone.original_date, keep.original_date) or (
                gone.original_date == keep.original_date and self._order(gone.original) < self._order(keep.original)):
            keep.original, keep.original_date = gone.original, gone.original_date
        del self._clusters[gone.id]
        return keep.id

    def _order(self, id: str) -> int:
        return self._seen_order.get(id, 1 << 62)

    # ------------------------------------------------------------ matching
    def _near(self, id: str, words: list[str]) -> list[str]:
        """Ids of earlier articles whose text is a near copy of `words`; indexes this one."""
        if len(words) < MIN_WORDS_NEAR:
            return []
        sh = shingles(words)
        m = self._minhash(num_perm=self.num_perm)
        m.update_batch(list(sh))
        found = []
        for other in self._lsh.query(m):
            om, on = self._sketch[other]
            j = m.jaccard(om)
            # |A∩B| from J and the sizes; containment of the smaller set in the larger
            inter = j * (len(sh) + on) / (1 + j)
            if j >= self.threshold or inter / min(len(sh), on) >= self.containment:
                found.append(other)
        self._lsh.insert(id, m)
        self._sketch[id] = (m, len(sh))
        return found

    def process(self, article: Article) -> Article:
        id = article.id
        if id not in self._parent:  # a re-run of the same article (runner retries) is not re-added
            self._seen_order[id] = len(self._seen_order)
            self._parent[id] = id
            self._dates[id] = article.published or ""
            self._clusters[id] = Cluster(id=id, members=[id], original=id, original_date=self._dates[id])
            words = normal_words(article.text or article.raw_text or "")
            if words:
                h = text_hash(words)
                if h in self._by_hash:
                    self._union(self._by_hash[h], id)
                else:
                    self._by_hash[h] = id
                    for other in self._near(id, words):
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
