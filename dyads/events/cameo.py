"""The CAMEO tables: code names, Goldstein weights, the CAMEO -> PLOVER type, quad class."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "cameo"
# Roots the PLOVER 2021 table leaves out (see data/cameo/README.md).
PLOVER_FOR_MISSING_ROOT = {"01": "STATEMENT", "02": "REQUEST"}
# quad class from the CAMEO root: 1 verbal cooperation .. 4 material conflict.
QUAD_BY_ROOT = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 10)},
                **{f"{r:02d}": 3 for r in range(10, 15)}, **{f"{r:02d}": 4 for r in range(15, 21)}}
_RUN_ON = re.compile(r"(\d{3,4}):\[-?[\d.]+\]\s*")


@dataclass(frozen=True)
class CameoTables:
    names: dict[str, str]
    goldstein: dict[str, float]
    plover: dict[str, str]

    def known(self, code: str) -> bool:
        return code in self.names

    def _lookup(self, table: dict, code: str):
        """The entry for `code`, else for its nearest shorter parent (1234 -> 123 -> 12)."""
        for n in range(len(code), 1, -1):
            c = code[:n]
            if c in table:
                return table[c]
            if n == 3 and c.endswith("0") and c[:2] in table:
                return table[c[:2]]
        return None

    def plover_type(self, code: str) -> str:
        got = self._lookup(self.plover, code)
        return got or PLOVER_FOR_MISSING_ROOT.get(code[:2], "")

    def goldstein_of(self, code: str) -> float:
        got = self._lookup(self.goldstein, code)
        return float(got) if got is not None else 0.0

    def name(self, code: str) -> str:
        return self.names.get(code, "")


def root(code: str) -> str:
    return code[:2]


def quad_class(code: str) -> int:
    return QUAD_BY_ROOT.get(root(code), 0)


def _read_names(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if "\t" not in line:
            continue
        code, desc = line.split("\t", 1)
        m = _RUN_ON.search(desc)
        if m:  # "...engagement106:[-5.0] Demand withdrawal" -> two codes
            names[m.group(1)] = desc[m.end():].strip()
            desc = desc[: m.start()]
        names[code.strip()] = desc.strip()
    return names


def _read_goldstein(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = float(parts[1])
    return out


def _read_plover(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2)
    return out


@lru_cache(maxsize=1)
def load_tables(directory: str | None = None) -> CameoTables:
    d = Path(directory) if directory else DATA
    return CameoTables(
        names=_read_names(d / "CAMEO.eventcodes.txt"),
        goldstein=_read_goldstein(d / "CAMEO.goldsteinscale.txt"),
        plover=_read_plover(d / "CAMEO2PLOVER-2021.txt"),
    )
