"""The lines a map draws for a network's ties: large groups as spokes, and the focus of an area first.

Both the static maps (:func:`schoolnet.plot_network` and the maps drawn on it)
and the interactive one (:func:`schoolnet.explore`) draw the same lines, worked
out here once:

- a group of more than ``star_above`` schools is drawn as spokes from its lead
  school (or, without one, from the centroid of its members) to each other
  member, not as the ``n(n-1)/2`` ties of its clique;
- in a network selected to an area (:meth:`schoolnet.Tables.select`,
  ``read_gias(la=...)``), the ties among boundary schools, the partners across
  the border kept for their ties to the area, are left out: a map of the area
  shows the area's ties, and a boundary school only with its ties to it.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from ..geo import Locator
from ..network.build import PLAIN_TIE
from ..network.convert import in_focus, ties_frame

__all__ = ["LINE_COLUMNS", "Star", "focus_mask", "group_stars", "network_lines", "tie_table"]

#: The columns of :func:`network_lines`' table.
LINE_COLUMNS: Final = ("kind", "group_id", "since", "until", "u", "v", "x0", "y0", "x1", "y1", "spoke")


class Star(NamedTuple):
    """A group drawn as spokes: from ``centre`` (its ``lead``, or the centroid when ``lead`` is None) to ``ends``."""

    group_id: str
    kind: str
    lead: object
    centre: np.ndarray
    members: np.ndarray
    ends: np.ndarray


def focus_mask(G: nx.Graph, urns: pd.Index) -> np.ndarray:
    """Whether each of ``urns`` is a focus school of ``G`` (every school is, in a network of no selection).

    Examples
    --------
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[2]["in_focus"] = False
    >>> focus_mask(G, pd.Index([2, 1])).tolist()
    [False, True]
    """
    return in_focus(G).reindex(urns, fill_value=True).to_numpy(dtype=bool)


def group_stars(
    G: nx.Graph, ties: pd.DataFrame, where: Locator, star_above: int | None
) -> tuple[pd.DataFrame, list[Star]]:
    """Replace the ties of each group of more than ``star_above`` schools by spokes from its centre.

    Returns the ties left, and each group drawn as a star. The groups and their
    sizes come from the live memberships in ``G.graph["memberships"]``; the
    centre is the group's lead school when it has one with coordinates, and
    otherwise the centroid of its members.

    Examples
    --------
    Four schools of one trust, school 1 its lead; with ``star_above=3`` the
    six ties of the clique become three spokes from school 1:

    >>> G = nx.complete_graph([1, 2, 3, 4], create_using=nx.MultiGraph)
    >>> nx.set_edge_attributes(G, "trust", "kind"); nx.set_edge_attributes(G, "T1", "group_id")
    >>> nx.set_node_attributes(G, {u: float(u) for u in G}, "easting"); nx.set_node_attributes(G, 0.0, "northing")
    >>> G.graph["memberships"] = pd.DataFrame(
    ...     {"urn": [1, 2, 3, 4], "group_id": "T1", "kind": "trust", "lead": [True, False, False, False]})
    >>> from schoolnet.network.convert import nodes_frame
    >>> left, (star,) = group_stars(G, ties_frame(G), Locator(nodes_frame(G)), 3)
    >>> len(left), star.lead, star.ends[:, 0].tolist()
    (0, 1, [2.0, 3.0, 4.0])
    """
    memberships = G.graph.get("memberships")
    if star_above is None or not isinstance(memberships, pd.DataFrame) or ties.empty:
        return ties, []
    live = memberships[memberships["urn"].isin(list(G)) & memberships["group_id"].isin(set(ties["group_id"]))]
    live = live.drop_duplicates(["group_id", "urn"])
    size = live.groupby("group_id")["urn"].size()
    big = set(size.index[size > star_above])
    members = live[live["group_id"].isin(big).to_numpy()]
    if members.empty:
        return ties, []
    names = members["group_id"].astype(str).to_numpy()
    order = np.argsort(names, kind="stable")
    members, names = members.iloc[order], names[order]
    every_xy = where.points(members["urn"].to_numpy())  # once for all, then each group's rows
    every_urn = np.array(members["urn"].tolist(), dtype=object)  # the URNs as they are, not numpy ints
    every_lead = members["lead"].to_numpy(dtype=bool) if "lead" in members else np.zeros(len(members), dtype=bool)
    groups, starts = np.unique(names, return_index=True)
    kinds = members["kind"].astype(str).to_numpy()
    stars = []
    for group, rows in zip(groups, np.split(np.arange(len(members)), starts[1:]), strict=True):
        xy, urns = every_xy[rows], every_urn[rows]
        has = np.isfinite(xy).all(axis=1)
        if not has.any():
            continue
        leads = np.flatnonzero(has & every_lead[rows])
        centre = xy[leads[0]] if len(leads) else xy[has].mean(axis=0)
        ends = has.copy()
        if len(leads):
            ends[leads[0]] = False
        lead = urns[leads[0]] if len(leads) else None
        stars.append(Star(str(group), str(kinds[rows[0]]), lead, centre, urns[ends], xy[ends]))
    return ties[~ties["group_id"].isin(big).to_numpy()], stars


def tie_table(G: nx.Graph, kinds: object = None) -> pd.DataFrame:
    """The ties of ``G`` with a kind, a partnership and dates each (blank if unknown), without loops.

    Only the ties of ``kinds`` when given. A tie of no kind is a plain tie.

    Examples
    --------
    >>> G = nx.MultiGraph([(1, 2, {"kind": "cluster"}), (2, 3), (3, 3)])
    >>> tie_table(G)[["u", "v", "kind"]].values.tolist()
    [[1, 2, 'cluster'], [2, 3, 'tie']]
    """
    ties = ties_frame(G)
    for column, blank in (("kind", PLAIN_TIE), ("group_id", None), ("since", None), ("until", None)):
        if column not in ties.columns:
            ties[column] = blank
    ties["kind"] = ties["kind"].fillna(PLAIN_TIE).astype(str)
    ties = ties[(ties["u"] != ties["v"]).to_numpy(dtype=bool)]
    if kinds is not None:
        ties = ties[ties["kind"].isin(list(kinds)).to_numpy(dtype=bool)]  # type: ignore[call-overload]
    return ties.reset_index(drop=True)


def network_lines(
    G: nx.Graph,
    where: Locator,
    *,
    kinds: object = None,
    star_above: int | None = None,
    ties: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, int]:
    """The lines to draw for the ties of ``G``, one row each, and how many groups are drawn as stars.

    Each row is a tie or a spoke (``spoke`` true; ``u`` is then the group's
    lead, or missing for its centroid): its ``kind``, ``group_id``, ``since``
    and ``until``, its two schools ``u`` and ``v``, and its two ends ``x0``,
    ``y0``, ``x1``, ``y1`` on the British National Grid. ``ties`` is
    :func:`tie_table` of ``G``, when the caller has it already. Lines to a school
    without coordinates are left out, and so are the lines between two
    boundary schools (a spoke from a centroid counts as boundary at that end).

    Examples
    --------
    School 3 is a boundary school: its tie to 2, in the area, is drawn, and
    its tie to 4, also across the border, is not.

    >>> G = nx.MultiGraph([(1, 2), (2, 3), (3, 4)], kind="cluster")
    >>> nx.set_node_attributes(G, {u: 1000.0 * u for u in G}, "easting"); nx.set_node_attributes(G, 0.0, "northing")
    >>> nx.set_node_attributes(G, {3: False, 4: False}, "in_focus")
    >>> from schoolnet.network.convert import nodes_frame
    >>> lines, stars = network_lines(G, Locator(nodes_frame(G)))
    >>> lines[["u", "v", "x0", "x1"]].values.tolist(), stars
    ([[1, 2, 1000.0, 2000.0], [2, 3, 2000.0, 3000.0]], 0)
    """
    if ties is None:
        ties = tie_table(G)
    if kinds is not None:
        ties = ties[ties["kind"].isin(list(kinds)).to_numpy(dtype=bool)]  # type: ignore[call-overload]
    ties, stars = group_stars(G, ties, where, star_above)
    spokes = [len(star.members) for star in stars]
    lines = pd.DataFrame(
        {
            column: np.concatenate(
                [
                    ties[column].to_numpy(dtype=object),
                    *[np.full(n, value(star), dtype=object) for star, n in zip(stars, spokes, strict=True)],
                ]
            )
            for column, value in (
                ("kind", lambda star: star.kind),
                ("group_id", lambda star: star.group_id),
                ("since", lambda star: None),
                ("until", lambda star: None),
                ("u", lambda star: star.lead),
            )
        }
    )
    lines["v"] = np.concatenate([ties["v"].to_numpy(dtype=object), *[s.members.astype(object) for s in stars]])
    a = np.vstack(
        [where.points(ties["u"].to_numpy()), *[np.tile(s.centre, (n, 1)) for s, n in zip(stars, spokes, strict=True)]]
    )
    b = np.vstack([where.points(ties["v"].to_numpy()), *[s.ends for s in stars]])
    lines[["x0", "y0"]], lines[["x1", "y1"]] = a.reshape(-1, 2), b.reshape(-1, 2)
    lines["spoke"] = np.repeat([False, True], [len(ties), sum(spokes)])
    placed = np.isfinite(lines[["x0", "y0", "x1", "y1"]].to_numpy(dtype=float)).all(axis=1)
    focus = in_focus(G)
    near = lines["u"].map(focus).fillna(False).to_numpy(dtype=bool) | lines["v"].map(focus).fillna(False).to_numpy(bool)
    return lines[placed & near].reset_index(drop=True), len(stars)
