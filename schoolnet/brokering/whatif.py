"""What if: add proposed support or partnerships, and see what they would change.

Before anyone commits to a brokerage round, an analyst can show a committee
what it would change. :func:`apply` adds proposed support links (such as the
pairs of :func:`schoolnet.assign_supporters`) or proposed partnerships (such
as a new cluster) to the tables, and returns new tables. :func:`compare`
measures the network before and after: the schools that would no longer be
isolated, coverage by area, and the change in centrality of the schools
involved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import networkx as nx
import pandas as pd

from ..errors import ParameterError
from ..measures.centrality import centrality
from ..measures.coverage import coverage
from ..measures.isolation import isolation
from ..measures.need import in_need
from ..network.build import AsOf, build_network, parse_as_of
from ..tables.tables import RawTable, Tables, assemble

__all__ = ["Comparison", "apply", "compare"]

#: Column added to the support, groups and memberships tables by :func:`apply`.
PROPOSED = "proposed"


def _proposal_frame(proposals: object) -> pd.DataFrame:
    frame = getattr(proposals, "pairs", proposals)
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"proposals: expected a DataFrame (or an Assignment), got {type(proposals).__name__}")
    return frame


def _support_rows(pairs: pd.DataFrame, start: pd.Timestamp, kind: str) -> pd.DataFrame:
    if {"supporter", "urn"} <= set(pairs.columns):
        supporter, supported = pairs["supporter"], pairs["urn"]
    else:
        supporter, supported = pairs["supporter_urn"], pairs["supported_urn"]
    out = pd.DataFrame(
        {
            "supporter_urn": supporter.to_numpy(),
            "supported_urn": supported.to_numpy(),
            "kind": pairs["kind"].to_numpy() if "kind" in pairs.columns else kind,
            "start": start,
            "end": pd.NaT,
            "focus": pairs["focus"].to_numpy() if "focus" in pairs.columns else PROPOSED,
        }
    )
    out.insert(
        0,
        "support_id",
        [f"{PROPOSED}:{a}>{b}" for a, b in zip(out["supporter_urn"], out["supported_urn"], strict=True)],
    )
    out[PROPOSED] = True
    return out


def _group_rows(rows: pd.DataFrame, start: pd.Timestamp, existing: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
    clash = sorted(set(rows["group_id"]) & set(existing))
    if clash:
        raise ParameterError(f"proposals: group_id {clash[0]!r} already exists; give proposed groups new ids")
    role = rows["role"] if "role" in rows.columns else pd.Series("member", index=rows.index)
    firsts = rows.drop_duplicates("group_id")
    leads = rows[role == "lead"].drop_duplicates("group_id").set_index("group_id")["urn"]
    groups = pd.DataFrame(
        {
            "group_id": firsts["group_id"].to_numpy(),
            "kind": firsts["kind"].to_numpy(),
            "name": firsts["name"].to_numpy() if "name" in rows.columns else firsts["group_id"].to_numpy(),
            "lead_urn": firsts["group_id"].map(leads).astype("Int64").to_numpy(),
            "opened": start,
            "closed": pd.NaT,
            PROPOSED: True,
        }
    )
    memberships = pd.DataFrame(
        {
            "group_id": rows["group_id"].to_numpy(),
            "urn": rows["urn"].to_numpy(),
            "joined": start,
            "left": pd.NaT,
            "role": role.to_numpy(),
            PROPOSED: True,
        }
    )
    return groups, memberships


def apply(tables: Tables, proposals: object, *, start: AsOf = None, kind: str = "brokered") -> Tables:
    """Add proposed support links or partnerships to the tables.

    Parameters
    ----------
    tables : Tables
        The tables as they are.
    proposals : Assignment or pandas.DataFrame
        Either support links, given as an :class:`schoolnet.Assignment` or a
        table with ``supporter`` and ``urn`` columns (such as its ``pairs``)
        or ``supporter_urn`` and ``supported_urn``; or partnerships, given as
        a table of memberships with ``group_id``, ``kind`` and ``urn``
        columns, and optionally ``name`` and ``role`` (``"lead"`` for the lead
        of an alliance or hub).
    start : str or date, optional
        The date the proposals would start; today by default. Build the
        network on or after it to see them.
    kind : str, default "brokered"
        The kind of the proposed support links, when ``proposals`` has no
        ``kind`` column.

    Returns
    -------
    Tables
        New tables with the proposals added and marked ``proposed = True`` in
        a ``proposed`` column; ``tables`` is not changed. The proposals are
        checked like any other rows: one that names an unknown school is set
        aside, with a warning. The rows set aside when ``tables`` was loaded
        stay in ``rejected``.

    Raises
    ------
    ParameterError
        If ``proposals`` is neither kind of table, or reuses a group id.

    Examples
    --------
    >>> import pandas as pd, schoolnet
    >>> tables = schoolnet.Tables.from_frames(pd.DataFrame({"urn": [1, 2, 3], "name": ["Ash", "Beech", "Cedar"]}))
    >>> after = apply(tables, pd.DataFrame({"supporter": [1], "urn": [2]}), start="2025-09-01")
    >>> after.support[["supporter_urn", "supported_urn", "kind", "proposed"]]
       supporter_urn  supported_urn      kind  proposed
    0              1              2  brokered      True
    >>> len(tables.support)
    0
    """
    when = parse_as_of(start)
    if when is None:
        raise ParameterError("start='all': expected a date on which the proposals would start")
    frame = _proposal_frame(proposals)
    support, groups, memberships = tables.support, tables.groups, tables.memberships
    if {"group_id", "kind", "urn"} <= set(frame.columns):
        new_groups, new_members = _group_rows(frame, when, groups.index)
        groups = pd.concat([tables.table("groups").assign(**{PROPOSED: False}), new_groups], ignore_index=True)
        memberships = pd.concat([memberships.assign(**{PROPOSED: False}), new_members], ignore_index=True)
        support = tables.table("support")
    elif {"supporter", "urn"} <= set(frame.columns) or {"supporter_urn", "supported_urn"} <= set(frame.columns):
        support = pd.concat(
            [tables.table("support").assign(**{PROPOSED: False}), _support_rows(frame, when, kind)], ignore_index=True
        )
        groups = tables.table("groups")
    else:
        raise ParameterError(
            "proposals: expected columns supporter and urn (support links), or group_id, kind and urn (partnerships); "
            f"got {', '.join(map(str, frame.columns))}"
        )
    raw = {
        "schools": RawTable.from_frame(tables.table("schools"), "schools"),
        "groups": RawTable.from_frame(groups, "groups"),
        "memberships": RawTable.from_frame(memberships, "memberships"),
        "support": RawTable.from_frame(support, "support"),
    }
    after = assemble(raw, source=f"{tables.source}, with proposals from {when.date().isoformat()}")
    rejected = (
        pd.concat([tables.rejected, after.rejected], ignore_index=True) if len(tables.rejected) else after.rejected
    )
    return replace(after, rejected=rejected)


@dataclass(frozen=True)
class Comparison:
    """What a set of proposals would change.

    Attributes
    ----------
    isolation : pandas.DataFrame
        The schools whose isolation would change: before and after.
    coverage : pandas.DataFrame
        Coverage by area of the schools in need before the proposals: before,
        after and the change.
    centrality : pandas.DataFrame
        For the schools whose ties would change: degree, betweenness and
        constraint before and after.
    summary : dict
        Headline figures as plain numbers.
    """

    isolation: pd.DataFrame
    coverage: pd.DataFrame
    centrality: pd.DataFrame
    summary: dict[str, Any]

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th>{k.replace('_', ' ')}</th><td>{v}</td></tr>" for k, v in self.summary.items())
        return f"<p><b>What the proposals would change</b></p><table>{rows}</table>"


def _network(data: Tables | nx.Graph, as_of: AsOf) -> nx.Graph:
    return build_network(data, as_of=as_of) if isinstance(data, Tables) else data


def compare(
    before: Tables | nx.Graph,
    after: Tables | nx.Graph,
    *,
    as_of: AsOf = None,
    by: str = "district",
    betweenness_k: int | None = None,
    seed: int | None = 0,
) -> Comparison:
    """Measure what changes between two networks, such as before and after :func:`apply`.

    Parameters
    ----------
    before, after : Tables or networkx.Graph
        The two states: tables (built into networks on ``as_of``) or networks.
    as_of : str or date, optional
        The date to build tables on; today by default. Choose it on or after
        the proposals' start.
    by : str, default "district"
        The area to compare coverage by.
    betweenness_k, seed : int, optional
        Passed to :func:`schoolnet.centrality` for both networks; on large
        networks a small ``betweenness_k`` keeps the comparison quick.

    Returns
    -------
    Comparison
        The schools in need are those of ``before`` (by
        :func:`schoolnet.in_need`), so that coverage is compared for the same
        schools; ``centrality`` lists the schools with a tie in one network and
        not the other.

    Examples
    --------
    Three schools 1 km apart, with no partnership, would be in a cluster:

    >>> import pandas as pd, schoolnet
    >>> schools = pd.DataFrame(
    ...     {"urn": [1, 2, 3], "name": ["Ash", "Beech", "Cedar"], "phase": "primary", "ofsted": "good",
    ...      "district": "North", "easting": [0, 1000, 2000], "northing": 0}
    ... )
    >>> tables = schoolnet.Tables.from_frames(schools)
    >>> cluster = pd.DataFrame({"group_id": "C1", "kind": "cluster", "urn": [1, 2, 3]})
    >>> change = compare(tables, apply(tables, cluster, start="2025-09-01"), as_of="2025-09-01")
    >>> change.summary["no_longer_isolated"], change.summary["schools_with_new_ties"]
    (3, 3)
    >>> change.centrality[["degree_before", "degree_after", "degree_change"]]
         degree_before  degree_after  degree_change
    urn
    1                0             2              2
    2                0             2              2
    3                0             2              2
    """
    G, H = _network(before, as_of), _network(after, as_of)
    iso_before, iso_after = isolation(G), isolation(H)
    columns = ["isolated", "partners", "reasons"]
    iso = iso_before[["name", "phase", "district"]].join(_side_by_side(iso_before[columns], iso_after[columns]))
    changed = iso[(iso["isolated_before"] != iso["isolated_after"]) | (iso["reasons_before"] != iso["reasons_after"])]

    need = in_need(G)
    cover = coverage(G, by=by, need=need)[["in_need", "covered", "share_covered"]]
    cover_after = coverage(H, by=by, need=need.reindex(list(H.nodes), fill_value=False))
    cover = cover[["in_need"]].join(
        _side_by_side(cover[["covered", "share_covered"]], cover_after[["covered", "share_covered"]])
    )
    cover["change"] = cover["covered_after"] - cover["covered_before"]
    cover = cover.sort_values(["change", "in_need"], ascending=False)

    involved = _involved(G, H)
    measures = ["degree", "betweenness", "constraint"]
    measured = [centrality(x, betweenness_k=betweenness_k, seed=seed)[measures].reindex(involved) for x in (G, H)]
    cent = _side_by_side(*measured)
    for m in measures:
        cent[f"{m}_change"] = cent[f"{m}_after"] - cent[f"{m}_before"]
    cent = iso_after[["name", "phase", "district"]].reindex(involved).join(cent)

    summary = {
        "schools_with_new_ties": len(involved),
        "no_longer_isolated": int((changed["isolated_before"] & ~changed["isolated_after"]).sum()),
        "newly_isolated": int((~changed["isolated_before"] & changed["isolated_after"]).sum()),
        "in_need_covered_before": int(cover["covered_before"].sum()),
        "in_need_covered_after": int(cover["covered_after"].sum()),
    }
    return Comparison(changed, cover, cent, summary)


def _side_by_side(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Two tables with the same columns, side by side, the columns suffixed ``_before`` and ``_after``."""
    return before.merge(after, left_index=True, right_index=True, how="outer", suffixes=("_before", "_after"))


def _involved(G: nx.Graph, H: nx.Graph) -> pd.Index:
    """The schools with a tie in one network and not the other."""

    def pairs(graph: nx.Graph) -> set[tuple[frozenset[object], object]]:
        keyed = graph.edges(keys=True) if graph.is_multigraph() else ((u, v, None) for u, v in graph.edges())
        return {(frozenset((u, v)), k) for u, v, k in keyed}

    differ = pairs(G) ^ pairs(H)
    touched = set().union(*(ends for ends, _ in differ)) if differ else set()
    order = {u: i for i, u in enumerate(G)}
    return pd.Index(sorted(touched, key=lambda u: order.get(u, len(order))), name="urn")
