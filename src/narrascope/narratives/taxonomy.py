"""The two-level narrative taxonomy and the rules that keep label sets consistent.

The built-in taxonomy is the one of the SemEval-2025 Task 10 narrative benchmark: 22 narratives
(11 about the Ukraine–Russia war, ``URW: …``; 10 about climate change, ``CC: …``; and
``Other``) and 95 sub-narratives ``DOMAIN: Narrative: Sub-narrative``, each narrative with an
``…: Other`` sub-narrative. Users with their own taxonomy give it as YAML
(:meth:`Taxonomy.from_yaml`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.errors import ResourceError

DATA = Path(__file__).parent / "data"
OTHER = "Other"


class TaxonomyError(ResourceError):
    """A taxonomy file or a label set does not fit the taxonomy; the message says which."""


@dataclass
class Taxonomy:
    narratives: list[str]
    #: sub-narrative -> its narrative
    parent: dict[str, str]
    name: str = "semeval2025"
    children: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.children = {n: [] for n in self.narratives}
        for sub, narrative in self.parent.items():
            if narrative not in self.children:
                raise TaxonomyError(f"sub-narrative {sub!r} has unknown narrative {narrative!r}")
            self.children[narrative].append(sub)

    @property
    def subnarratives(self) -> list[str]:
        return list(self.parent)

    @classmethod
    def builtin(cls) -> Taxonomy:
        narratives = _lines(DATA / "narratives.txt")
        parent = {}
        for sub in _lines(DATA / "subnarratives.txt"):
            narrative = sub.rsplit(": ", 1)[0]
            parent[sub] = narrative
        return cls(narratives, parent)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Taxonomy:
        """A user taxonomy::

            name: my-taxonomy
            narratives:
              Blaming refugees: [Refugees bring crime, Refugees cost money]
              Praise of the army: []
        """
        import yaml

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise TaxonomyError(f"{path}: cannot read taxonomy: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("narratives"), dict):
            raise TaxonomyError(f"{path}: expected a mapping with 'narratives'")
        narratives = [OTHER]
        parent = {}
        for narrative, subs in data["narratives"].items():
            narrative = str(narrative)
            narratives.append(narrative)
            for sub in [*(subs or []), "Other"]:
                full = f"{narrative}: {sub}"
                parent[full] = narrative
        return cls(sorted(set(narratives)), parent, name=str(data.get("name", Path(path).stem)))

    def to_dict(self) -> dict[str, object]:
        """The taxonomy as a model directory records it."""
        return {"name": self.name, "narratives": self.narratives, "parent": self.parent}

    @classmethod
    def from_dict(cls, data: dict) -> Taxonomy:
        return cls(data["narratives"], data["parent"], name=data["name"])

    def domain_of(self, label: str) -> str | None:
        """``URW``, ``CC``, or None (``Other``, or a taxonomy without domain prefixes)."""
        prefix = label.split(":", 1)[0]
        return prefix if prefix in ("URW", "CC") and label != prefix else None

    def other_of(self, narrative: str) -> str:
        return f"{narrative}: Other"

    def check(self, labels: Iterable[str], *, where: str = "") -> None:
        known = set(self.narratives) | set(self.parent) | {OTHER}
        unknown = [label for label in labels if label not in known]
        if unknown:
            raise TaxonomyError(f"{where}unknown label(s): {', '.join(map(repr, unknown))}")

    def consistent(self, narratives: Iterable[str], subnarratives: Iterable[str]
                   ) -> tuple[list[str], list[str]]:
        """Close a prediction under the hierarchy.

        A sub-narrative implies its narrative; a narrative with no sub-narrative gets its
        ``…: Other``; nothing at all is ``Other`` at both levels.

        >>> t = Taxonomy.builtin()
        >>> t.consistent([], ["URW: Discrediting Ukraine: Ukraine is a puppet of the West"])[0]
        ['URW: Discrediting Ukraine']
        >>> t.consistent(["CC: Downplaying climate change"], [])
        (['CC: Downplaying climate change'], ['CC: Downplaying climate change: Other'])
        >>> t.consistent([], [])
        (['Other'], ['Other'])
        """
        subs = {s for s in subnarratives if s in self.parent}
        coarse = {n for n in narratives if n in self.children} | {self.parent[s] for s in subs}
        for narrative in coarse:
            if not any(self.parent[s] == narrative for s in subs):
                subs.add(self.other_of(narrative))
        if not coarse:
            return [OTHER], [OTHER]
        return sorted(coarse), sorted(subs)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def samples_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """Mean over articles of the F1 between gold and predicted label sets (0 when both are
    empty), the SemEval-2025 Task 10 sub-task 2 metric.

    >>> samples_f1([["A", "B"], ["Other"]], [["A"], ["Other"]])
    0.8333333333333333
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold rows but {len(predicted)} predicted rows")
    total = 0.0
    for g, p in zip(gold, predicted, strict=True):
        g_set, p_set = set(g), set(p)
        if g_set or p_set:
            total += 2 * len(g_set & p_set) / (len(g_set) + len(p_set))
    return total / len(gold) if gold else 0.0
