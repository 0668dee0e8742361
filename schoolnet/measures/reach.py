"""Reach of system leaders: how many schools each leader reaches, and each school's nearest leader.

The Education Select Committee asked for system leaders to be designated "in
areas where they are currently lacking", and heard that distance inhibits
joint work. The functions here measure both ways a leader reaches a school,
through the network and across the map:

- :func:`reach`: how many schools each leader reaches, by phase and in need;
- :func:`nearest_leader`: each school's nearest leader, and how many are near.

:mod:`schoolnet.measures.coverage` turns them into the schools in need that no leader
covers, and where to designate next. Who is in need and who leads are those of
:func:`schoolnet.in_need` and :func:`schoolnet.system_leaders`, so that every
measure answers them the same way. The conventions shared by these measures
are these.

- **A hop** is one tie of any kind in ``G`` (cluster, alliance, hub, trust,
  federation, company or brokered support), taken in either direction.
  Parallel ties count once and self-loops not at all. Every tie of ``G``
  counts, so build the network for the date wanted; to count only some kinds
  of tie, measure ``schoolnet.select_kinds(G, kinds)``. A hub is a star, so
  the members of a hub are two hops apart, through its lead.
- **A distance** is straight-line, on the British National Grid, from the
  KD-tree of :class:`schoolnet.geo.Locator`. A school without coordinates is
  at no known distance from any other. Pass ``km=()`` (or ``km=None`` where
  ``km`` is a single radius) to measure in hops only: then no coordinates are
  needed. Otherwise a network whose schools have no coordinates raises
  :class:`schoolnet.errors.MissingCoordinatesError`.
- **hops and km** take one form everywhere: where a measure counts within
  several, ``hops`` is a whole number or several (``2``, ``(1, 2)``, ``()``
  for none) and ``km`` a distance or several (``10``, ``(5, 10, 20)``,
  ``()``); where one rule decides, each is one number, or None for none.
- **A leader reaches itself**, at 0 hops and 0 km: a leader in need covers
  itself. :func:`reach` counts the *other* schools a leader reaches.
- **Ties** between equally near leaders, or equally good candidates, go to the
  lowest URN.
- **Need** is worked out once: ``need = schoolnet.in_need(G)``, passed to each
  measure as ``need=need``. Left out, each measure works it out again, and
  the default definition measures isolation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

import networkx as nx
import numpy as np
import pandas as pd

from .._validate import distances_km, whole_numbers
from ..geo import Locator
from ..network.convert import node_values, with_labels
from ..tables.schema import PHASES
from ._proximity import Schools, missing_where, nearest_table, ones_at, pairs_within_km, within_hops
from .need import Leaders, Need, in_need, system_leaders

__all__ = ["DEFAULT_HOPS", "DEFAULT_KM", "nearest_leader", "reach"]

#: The default numbers of hops of :func:`reach` and :func:`nearest_leader`.
DEFAULT_HOPS: Final = (1, 2)

#: The default radii, in km, of :func:`reach` and :func:`nearest_leader`.
DEFAULT_KM: Final = (5.0, 10.0, 20.0)


def _label(value: float) -> str:
    """A number as it appears in a column name: 10 -> "10", 2.5 -> "2.5"."""
    return f"{value:g}"


def _slug(value: object) -> str:
    """A phase as it appears in a column name: "alternative provision" -> "alternative_provision"."""
    return re.sub(r"[^0-9a-z]+", "_", str(value).lower()).strip("_")


def _tally_columns(phases_of: pd.Series, need: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The suffixes of the columns of a tally (all schools, each phase, in need), and a 0/1 matrix of them."""
    codes, distinct = pd.factorize(phases_of, use_na_sentinel=True)
    code_of = {str(p): i for i, p in enumerate(distinct)}
    phases = [p for p in PHASES if p in code_of] + sorted(set(code_of) - set(PHASES))
    columns = [np.ones(len(phases_of)), *(codes == code_of[p] for p in phases), need]
    return ["", *(f"_{_slug(p)}" for p in phases), "_in_need"], np.column_stack(columns).astype(np.float64)


def reach(
    G: nx.Graph,
    leaders: Leaders = None,
    *,
    hops: int | Iterable[int] = DEFAULT_HOPS,
    km: float | Iterable[float] = DEFAULT_KM,
    need: Need = None,
) -> pd.DataFrame:
    """Count the schools each system leader reaches, through the network and across the map.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph;
        every tie counts as a hop, in either direction (see
        :mod:`schoolnet.measures.reach`).
    leaders : iterable of URNs, str or None, default None
        As :func:`schoolnet.system_leaders`: ``None`` for every school with a
        system-leader designation, a group kind such as ``"alliance"`` or
        ``"hub"`` for the leads of its live groups, or URNs.
    hops : int or iterable of int, default (1, 2)
        The numbers of hops to count within. ``()`` for none.
    km : float or iterable of float, default (5, 10, 20)
        The radii to count within, in km. ``()`` for none: then no
        coordinates are needed.
    need : pandas.Series, callable or None, default None
        Which schools are in need, as :func:`schoolnet.in_need`.

    Returns
    -------
    pandas.DataFrame
        One row per leader, indexed by URN in the graph's node order, with
        ``name``, ``phase`` and ``district``, then for each number of hops
        ``h`` and each radius ``r``:

        ``hops_<h>``
            The other schools within ``h`` hops of the leader.
        ``hops_<h>_<phase>``
            Those of each phase present in ``G`` (``primary``,
            ``secondary``, ``alternative_provision``, ...).
        ``hops_<h>_in_need``
            Those in need.
        ``km_<r>``, ``km_<r>_<phase>``, ``km_<r>_in_need``
            The same for the other schools within ``r`` km (``km_10``,
            ``km_2.5_primary``), including those at the leader's own site;
            missing (``<NA>``) for a leader without coordinates.

        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is not empty and no school has coordinates.

    See Also
    --------
    nearest_leader : the same reach, seen from each school.

    Examples
    --------
    Five schools 3 km apart on a line, each tied to the next; school 1 is an
    NLE, and 3 and 5 are judged inadequate:

    >>> import networkx as nx, schoolnet
    >>> G = nx.path_graph([1, 2, 3, 4, 5])
    >>> for urn, ofsted, district in [(1, "outstanding", "North"), (2, "good", "North"), (3, "inadequate", "North"),
    ...                               (4, "good", "South"), (5, "inadequate", "South")]:
    ...     G.add_node(urn, ofsted=ofsted, district=district, easting=3000 * (urn - 1), northing=0)
    >>> G.nodes[1]["designations"] = "NLE"
    >>> need = schoolnet.in_need(G)
    >>> table = reach(G, need=need, hops=(1, 2), km=(5, 10))
    >>> table[["hops_1", "hops_2", "hops_2_in_need", "km_5", "km_10", "km_10_in_need"]]
         hops_1  hops_2  hops_2_in_need  km_5  km_10  km_10_in_need
    urn
    1         1       2               1     1      3              1

    Within 2 hops of school 1 are 2 and 3, one of them in need; within 10 km
    are 2, 3 and 4 (3, 6 and 9 km away). Without coordinates, count in hops
    only:

    >>> P = nx.path_graph([1, 2, 3, 4])
    >>> reach(P, [1], hops=(1, 2, 3), km=())[["hops_1", "hops_2", "hops_3"]]
         hops_1  hops_2  hops_3
    urn
    1         1       2       3
    """
    steps, radii = whole_numbers("hops", hops), distances_km("km", km)
    schools = Schools(G)
    lead = schools.positions(system_leaders(G, leaders))
    flags = in_need(G, need).to_numpy(dtype=bool)
    suffixes, tally = _tally_columns(node_values(G, "phase"), flags)
    own = tally[lead]
    parts: list[pd.DataFrame] = []
    for h, within in within_hops(schools.adjacency, lead, steps).items():
        counts = within @ tally - own
        parts.append(_counts_frame(counts, [f"hops_{h}{s}" for s in suffixes], "int64"))
    if radii:
        what = f"reach with km={radii!r} (km=() counts network hops only)"
        source, rows, dist = pairs_within_km(schools, lead, radii[-1], what)
        placed = schools.locator(what).positions(schools.index[lead]) >= 0
        for r in radii:
            keep = (dist <= r) & (rows != lead[source])
            counts = ones_at(source[keep], rows[keep], (len(lead), len(schools))) @ tally
            frame = _counts_frame(counts, [f"km_{_label(r)}{s}" for s in suffixes], "Int64")
            frame.loc[~placed, :] = pd.NA
            parts.append(frame)
    table = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=range(len(lead)))
    table.index = schools.index[lead]
    out = with_labels(table, G)
    out.attrs["definition"] = {"leaders": len(lead), "hops": list(steps), "km": list(radii)}
    return out


def _counts_frame(counts: np.ndarray, columns: list[str], dtype: Literal["int64", "Int64"]) -> pd.DataFrame:
    return pd.DataFrame(np.rint(counts).astype(np.int64), columns=columns).astype(dtype)


def nearest_leader(
    G: nx.Graph,
    *,
    leaders: Leaders = None,
    hops: int | Iterable[int] = DEFAULT_HOPS,
    km: float | Iterable[float] = DEFAULT_KM,
) -> pd.DataFrame:
    """Find each school's nearest system leader, in network hops and in km, and count the leaders near it.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    leaders : iterable of URNs, str or None, default None
        As :func:`schoolnet.system_leaders`.
    hops : int or iterable of int, default (1, 2)
        Count the leaders within each of these numbers of hops.
    km : float or iterable of float, default (5, 10, 20)
        Count the leaders within each of these radii, in km. ``()`` measures
        in hops only: the nearest leader in km is then left out too, and no
        coordinates are needed.

    Returns
    -------
    pandas.DataFrame
        One row per school, indexed by URN in the graph's node order, with
        ``name``, ``phase``, ``district``, then:

        ``nearest_by_hops``, ``hops``
            The nearest leader through the network and the hops to it;
            missing (``<NA>``) when no leader can be reached. A leader is its
            own nearest, at 0 hops. Among equally near leaders, the lowest URN.
        ``nearest_by_km``, ``km``
            The nearest leader in a straight line and the distance to it;
            missing without coordinates (unless ``km=()``).
        ``leaders_within_hops_<h>``
            The leaders within ``h`` hops, for each ``h`` in ``hops``
            (itself included, if a leader).
        ``leaders_within_km_<r>``
            The leaders within ``r`` km, for each ``r`` in ``km``; missing
            for a school without coordinates.

        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is not empty and no school has coordinates.

    Examples
    --------
    Five schools 3 km apart on a line, each tied to the next; schools 1 and 5
    lead:

    >>> import networkx as nx
    >>> G = nx.path_graph([1, 2, 3, 4, 5])
    >>> nx.set_node_attributes(G, {urn: 3000 * (urn - 1) for urn in G}, "easting")
    >>> nx.set_node_attributes(G, 0, "northing")
    >>> table = nearest_leader(G, leaders=[1, 5], hops=1, km=5)
    >>> table[["nearest_by_hops", "hops", "nearest_by_km", "km"]]
         nearest_by_hops  hops  nearest_by_km   km
    urn
    1                  1     0              1  0.0
    2                  1     1              1  3.0
    3                  1     2              1  6.0
    4                  5     1              5  3.0
    5                  5     0              5  0.0
    >>> table["leaders_within_km_5"].tolist()
    [1, 1, 0, 1, 1]

    School 3 is 2 hops and 6 km from both leaders: the lower URN, 1, is its
    nearest, and no leader is within 5 km of it.
    """
    steps, radii = whole_numbers("hops", hops), distances_km("km", km)
    schools = Schools(G)
    lead = schools.positions(system_leaders(G, leaders))
    what = f"nearest_leader with km={radii!r} (km=() measures network hops only)"
    table = nearest_table(schools, lead, use_km=bool(radii), what=what)
    for h, within in within_hops(schools.adjacency, lead, steps).items():
        table[f"leaders_within_hops_{h}"] = np.asarray(within.sum(axis=0)).ravel().astype(np.int64)
    if radii:
        where = schools.locator(what)
        at = schools.positions(where.urns)
        placed = lead[where.positions(schools.index[lead]) >= 0]
        leading = Locator(schools.nodes.iloc[placed], what=what) if placed.size else None
        for r in radii:
            counts = np.zeros(len(schools), dtype=np.int64)
            if leading is not None:
                counts[at] = leading.count_within(where.xy, r)
            unplaced = np.zeros(len(schools), dtype=bool)
            unplaced[schools.positions(where.missing)] = True
            table[f"leaders_within_km_{_label(r)}"] = missing_where(counts, unplaced)
    out = with_labels(table, G)
    out.attrs["definition"] = {"leaders": len(lead), "hops": list(steps), "km": list(radii)}
    return out
