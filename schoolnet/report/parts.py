"""The parts a report is made of: its tables, its sections, and what the sections share.

A section of the report is a function of a :class:`ReportContext` that
returns a :class:`Section`. The context builds the network and each measure
once, when a section first asks for it, so sections can share them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from ..measures.centrality import centrality
from ..measures.isolation import isolation
from ..measures.need import in_need
from ..network.build import AsOf, build_network
from ..network.convert import in_focus, nodes_frame
from ..read.gias import register_date
from ..read.ofsted import need_from_ofsted
from ..tables.tables import Tables

__all__ = ["ReportContext", "ReportTable", "Section"]


@dataclass(frozen=True)
class ReportTable:
    """A table of the report: shown in the page and written in full as CSV.

    Attributes
    ----------
    name : str
        The CSV file's name, without ``.csv``.
    caption : str
        What the table shows.
    frame : pandas.DataFrame
        The table.
    show : int or None
        How many rows to show in the page; ``None`` for all. The CSV has all.
    """

    name: str
    caption: str
    frame: pd.DataFrame
    show: int | None = 15


@dataclass(frozen=True)
class Section:
    """A section of the report.

    Attributes
    ----------
    key : str
        A short identifier, used as the HTML anchor.
    title : str
        The heading.
    text : str
        The findings in a few sentences (plain text; it is escaped), in
        paragraphs separated by a blank line.
    tables : tuple of ReportTable
        Its tables.
    figures : tuple of matplotlib.figure.Figure
        Its figures, embedded as PNG images.
    """

    key: str
    title: str
    text: str
    tables: tuple[ReportTable, ...] = ()
    figures: tuple[Figure, ...] = field(default=())


class ReportContext:
    """What the sections of a report share: the tables, the network, and measures computed once.

    Parameters
    ----------
    tables : Tables
        The data.
    as_of : str or date, optional
        The date of the network. By default, the data's own: a register
        extract's date (:func:`schoolnet.read.gias.register_date`), or else today;
        ``as_of_source`` says which.
    """

    def __init__(self, tables: Tables, *, as_of: AsOf = None) -> None:
        self.tables = tables
        self.as_of = as_of
        #: The matches of a cluster sheet's names, and sentences on other data added, for the first section.
        self.cluster_matches: pd.DataFrame | None = None
        self.notes: tuple[str, ...] = ()
        #: Where the network's date came from, in words.
        self.as_of_source = "the date asked for"
        if as_of is None:
            dated = register_date(tables)
            self.as_of, self.as_of_source = dated or (None, "today, as the data carry no date of their own")

    @cached_property
    def network(self) -> nx.MultiGraph:
        """The network on the report's date."""
        return build_network(self.tables, as_of=self.as_of)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """The schools of the network."""
        return nodes_frame(self.network)

    @cached_property
    def has_coordinates(self) -> bool:
        """Whether any school has coordinates, so that maps can be drawn."""
        return bool(self.nodes[["easting", "northing"]].notna().all(axis=1).any())

    def maps(self, *draw: Callable[[], tuple[Figure, object]]) -> tuple[Figure, ...]:
        """Draw maps, or none when no school has coordinates."""
        return tuple(d()[0] for d in draw) if self.has_coordinates else ()

    @cached_property
    def focus(self) -> pd.Index:
        """The URNs of the area's own schools: every school but the boundary schools kept across its border."""
        flags = in_focus(self.network)
        focus: pd.Index = pd.Index(flags.index[flags.to_numpy(dtype=bool)], name="urn")
        return focus

    def own(self, table: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
        """The rows of ``table`` about the area's own schools, by its index of URNs or by ``column``."""
        keys = table.index if column is None else table[column]
        own: pd.DataFrame = table[pd.Index(keys).isin(self.focus)]
        return own

    @cached_property
    def judged_in_need(self) -> pd.Series:
        """Which schools Ofsted's judgements alone put in need, by :func:`schoolnet.need_from_ofsted`'s defaults."""
        nodes = self.nodes
        return pd.Series(need_from_ofsted()(nodes).to_numpy(dtype=bool), index=nodes.index, name="judged")

    @cached_property
    def area(self) -> str | None:
        """The area column to compare schools by: district if recorded, else local authority, else none."""
        return next((c for c in ("district", "la") if self.nodes[c].notna().any()), None)

    @cached_property
    def centrality(self) -> pd.DataFrame:
        """Centrality of every school (sampled betweenness on large networks, with a fixed seed)."""
        return centrality(self.network, seed=0)

    @cached_property
    def need(self) -> pd.Series:
        """Which schools are in need of support, by the default definition."""
        return in_need(self.network)

    @cached_property
    def isolation(self) -> pd.DataFrame:
        """Isolation of every focus school, by the default definition."""
        return isolation(self.network)
