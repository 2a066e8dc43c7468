"""The indicator catalogue (indicators.yaml), loaded and validated once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).with_name("indicators.yaml")


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class UnitClass:
    key: str
    canonical: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    unit_class: str
    unit: str
    description: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    version: int
    units: dict[str, UnitClass]
    indicators: dict[str, Indicator]
    terms: tuple[str, ...]

    def dictionary_words(self) -> list[str]:
        """Words for the segmenter's user dictionary: curated terms plus every alias."""
        words = dict.fromkeys(self.terms)
        for ind in self.indicators.values():
            words.update(dict.fromkeys((ind.name, *ind.aliases)))
        return list(words)


def _require(entry: dict, field: str, where: str) -> object:
    if field not in entry or entry[field] in (None, ""):
        raise CatalogueError(f"{where}: missing field '{field}'")
    return entry[field]


def parse_catalogue(data: dict, source: str = "indicators.yaml") -> Catalogue:
    """Validate the parsed YAML; every error names the file, the entry and the field."""
    units: dict[str, UnitClass] = {}
    for key, spec in (data.get("units") or {}).items():
        where = f"{source}: units.{key}"
        words: tuple[str, ...] = tuple(_require(spec, "words", where))  # type: ignore[arg-type]
        units[key] = UnitClass(key, str(_require(spec, "canonical", where)), words)
    indicators: dict[str, Indicator] = {}
    for i, entry in enumerate(data.get("indicators") or []):
        where = f"{source}: indicators[{i}]"
        key = str(_require(entry, "key", where))
        where = f"{source}: indicator '{key}'"
        if key in indicators:
            raise CatalogueError(f"{where}: duplicate key")
        unit_class = str(_require(entry, "unit_class", where))
        if unit_class not in units:
            raise CatalogueError(f"{where}: unknown unit_class '{unit_class}'")
        indicators[key] = Indicator(
            key=key,
            name=str(_require(entry, "name", where)),
            unit_class=unit_class,
            unit=units[unit_class].canonical,
            description=str(_require(entry, "description", where)),
            aliases=tuple(entry.get("aliases") or ()),
        )
    if not indicators:
        raise CatalogueError(f"{source}: no indicators")
    return Catalogue(
        version=int(data.get("version", 1)),
        units=units,
        indicators=indicators,
        terms=tuple(data.get("terms") or ()),
    )


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    with open(path, encoding="utf-8") as f:
        return parse_catalogue(yaml.safe_load(f), source=path.name)
