"""Professionally isolated schools: who they are, and why.

The local authority reports that schoolnet comes from say that every school
should belong to a cluster, so that none becomes professionally isolated.
:func:`isolation` says, for every school, how many partners it has and of what
kind, whether it belongs to the kinds of partnership it should, how far away
its partners are, and, for the schools it flags, the reasons in words.
:func:`isolation_summary` counts the isolated schools by area or phase.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ._matrix import collapsed_ties
from .convert import nodes_frame, with_labels
from .errors import ParameterError
from .geo import Locator
from .network import PLAIN_TIE, AsOf, parse_as_of
from .schema import EDGE_KINDS, SUPPORT

__all__ = ["isolation", "isolation_summary"]


def _ties(G: nx.Graph, as_of: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every tie from both ends (``school``, ``partner``, ``kind``), and the ties ended by ``as_of``."""
    rows = [
        (u, v, d.get("kind", PLAIN_TIE), d.get("group_id"), d.get("since"), d.get("until"))
        for u, v, d in G.edges(data=True)
        if u != v
    ]
    ties = pd.DataFrame(rows, columns=["u", "v", "kind", "partnership", "since", "until"])
    ties["since"] = pd.to_datetime(ties["since"])
    ties["until"] = pd.to_datetime(ties["until"])
    ended = ties.iloc[0:0]
    if as_of is not None:
        started = (ties["since"].isna() | (ties["since"] <= as_of)).to_numpy(dtype=bool)
        not_over = (ties["until"].isna() | (ties["until"] >= as_of)).to_numpy(dtype=bool)
        ended = ties[started & ~not_over]
        ties = ties[started & not_over]
    both = pd.concat(
        [
            pd.DataFrame({"school": ties["u"], "partner": ties["v"], "kind": ties["kind"]}),
            pd.DataFrame({"school": ties["v"], "partner": ties["u"], "kind": ties["kind"]}),
        ],
        ignore_index=True,
    )
    ended_rows = pd.concat(
        [
            pd.DataFrame(
                {"urn": ended[end], "partnership": ended["partnership"], "kind": ended["kind"], "end": ended["until"]}
            )
            for end in ("u", "v")
        ],
        ignore_index=True,
    )
    return both, ended_rows


def _pairs_of_kinds(G: nx.Graph) -> pd.DataFrame:
    """Each tied pair once per kind of tie between them, from both ends: ``school``, ``partner``, ``kind``."""
    ties = collapsed_ties(G)
    pair, kind = np.nonzero(ties.counts)
    nodes = np.asarray(ties.nodes, dtype=object) if ties.nodes else np.zeros(0, dtype=object)
    school, partner = ties.first[pair], ties.second[pair]
    names = np.asarray(ties.kinds, dtype=object)[kind] if len(kind) else np.zeros(0, dtype=object)
    return pd.DataFrame(
        {
            "school": pd.Series(np.concatenate([nodes[school], nodes[partner]]), dtype=object).infer_objects(),
            "partner": pd.Series(np.concatenate([nodes[partner], nodes[school]]), dtype=object).infer_objects(),
            "kind": np.concatenate([names, names]),
        }
    )


def _ended(G: nx.Graph, from_ties: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """Each school's partnerships that had ended by the date looked at."""
    recorded = G.graph.get("ended")
    frames = [from_ties]
    if isinstance(recorded, pd.DataFrame) and len(recorded):
        if as_of is not None:
            recorded = recorded[(recorded["end"] < as_of).to_numpy(dtype=bool)]
        frames.append(recorded[["urn", "partnership", "kind", "end"]])
    ended = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else from_ties
    return ended.drop_duplicates(["urn", "partnership"])


def _members_of(G: nx.Graph, kinds: Iterable[str], ties: pd.DataFrame, as_of: pd.Timestamp | None) -> dict[str, set]:
    """For each kind, the schools in a live group of that kind (from memberships, or from ties)."""
    memberships = G.graph.get("memberships")
    out: dict[str, set] = {}
    for kind in kinds:
        found = set(ties.loc[ties["kind"] == kind, "school"])
        if isinstance(memberships, pd.DataFrame):
            rows = memberships[memberships["kind"] == kind]
            if as_of is not None:
                live = (rows["start"].isna() | (rows["start"] <= as_of)) & (rows["end"].isna() | (rows["end"] >= as_of))
                rows = rows[live.to_numpy(dtype=bool)]
            found |= set(rows["urn"])
        out[kind] = found
    return out


def _check(require: Iterable[str] | str, min_partners: int, max_km: float | None) -> tuple[str, ...]:
    required = (require,) if isinstance(require, str) else tuple(require)
    unknown = [k for k in required if k not in EDGE_KINDS]
    if unknown:
        raise ParameterError(f"require: unknown kind {unknown[0]!r}; expected some of {', '.join(EDGE_KINDS)}")
    if isinstance(min_partners, bool) or not isinstance(min_partners, (int, np.integer)) or min_partners < 0:
        raise ParameterError(f"min_partners={min_partners!r}: expected a whole number of at least 0")
    if max_km is not None and (isinstance(max_km, bool) or not np.isfinite(max_km) or max_km <= 0):
        raise ParameterError(f"max_km={max_km!r}: expected a distance in km greater than 0, or None")
    return required


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def isolation(
    G: nx.Graph,
    *,
    require: Iterable[str] | str = ("cluster",),
    min_partners: int = 1,
    max_km: float | None = None,
    as_of: AsOf = None,
) -> pd.DataFrame:
    """Find the professionally isolated schools, and say why each is isolated.

    A school is **isolated** when any of these holds:

    - it is in no live group of a kind in ``require`` (by default, no cluster);
    - it has fewer than ``min_partners`` distinct *peer* partners: schools it
      is tied to by a partnership other than brokered support (by default,
      none). A school whose only ties are support it gives or receives has no
      peer partnership;
    - ``max_km`` is given and no partner is within ``max_km`` kilometres.

    The default follows the local authority reports: a school in no cluster,
    or with no live partnership of any kind, is isolated.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
        On a graph whose ties have no ``kind``, ``require`` is not applied,
        since no tie says what it is.
    require : str or iterable of str, default ("cluster",)
        The kinds of partnership every school should belong to. ``()``
        requires none.
    min_partners : int, default 1
        The fewest peer partners a school should have.
    max_km : float, optional
        If given, a school with no partner within this distance is isolated.
        Needs coordinates.
    as_of : str or date, optional
        Look only at the ties live on this date, using each tie's ``since``
        and ``until``. By default every tie of ``G`` counts: ``G`` is already
        built for a date. To look at several dates, build ``G`` with
        ``as_of="all"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by URN, one row per school, with columns:

        ``name``, ``phase``, ``district``
            The school.
        ``partners``
            Distinct partner schools, through ties of any kind.
        ``partners_<kind>``
            Distinct partner schools through ties of each kind.
        ``in_<kind>``
            Whether the school is in a live group of each required kind.
        ``nearest_partner_km``, ``farthest_partner_km``
            Distance to the nearest and farthest partner; NaN without partners
            or coordinates.
        ``isolated``
            Whether the school is isolated.
        ``reasons``
            Why, in words, separated by ``"; "``: for example ``"no cluster"``,
            ``"only partnership ended 2023-08-31"``, ``"support only, no peer
            partnership"``, ``"no partner within 10 km"``. Empty when not
            isolated.

        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``max_km`` is given and no school has coordinates.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = isolation(G)
    >>> table.loc[table["isolated"], "district"].value_counts().index[0]
    'Fellside'
    >>> "no cluster" in table.loc[table["isolated"], "reasons"].iloc[0]
    True
    """
    required = _check(require, min_partners, max_km)
    when = None if as_of is None else parse_as_of(as_of)
    nodes = nodes_frame(G)
    if when is None:
        # Without a date, only which kinds tie each pair matters: read it from the collapsed ties.
        ties, ended_ties = _pairs_of_kinds(G), pd.DataFrame(columns=["urn", "partnership", "kind", "end"])
    else:
        ties, ended_ties = _ties(G, when)
    kinds_known = bool(G.graph.get("kinds")) or (ties["kind"] != PLAIN_TIE).any()
    if not kinds_known:
        required = ()

    pairs = ties.drop_duplicates(["school", "partner", "kind"]) if when is not None else ties
    by_kind = pairs.groupby(["school", "kind"]).size().unstack(fill_value=0)
    present = [k for k in (*EDGE_KINDS, PLAIN_TIE) if k in set(G.graph.get("kinds", [])) | set(by_kind.columns)]
    by_kind = by_kind.reindex(index=nodes.index, columns=present, fill_value=0)
    partners = pairs.drop_duplicates(["school", "partner"]).groupby("school").size().reindex(nodes.index, fill_value=0)
    peers = (
        pairs[pairs["kind"] != SUPPORT]
        .drop_duplicates(["school", "partner"])
        .groupby("school")
        .size()
        .reindex(nodes.index, fill_value=0)
    )

    table = pd.DataFrame({"partners": partners.to_numpy()}, index=nodes.index)
    for kind in present:
        table[f"partners_{kind}"] = by_kind[kind].to_numpy()
    members = _members_of(G, required, ties, when)
    for kind in required:
        table[f"in_{kind}"] = nodes.index.isin(list(members[kind]))
    nearest, farthest = _partner_distances(nodes, pairs, need=max_km is not None)
    table["nearest_partner_km"] = nearest
    table["farthest_partner_km"] = farthest

    ended = _ended(G, ended_ties, when)
    reasons = _reasons(table, peers, ended, required, min_partners, max_km)
    table["isolated"] = reasons.str.len().gt(0).to_numpy()
    table["reasons"] = reasons.to_numpy()
    out = with_labels(table, G)
    out.attrs["definition"] = {
        "require": list(required),
        "min_partners": min_partners,
        "max_km": max_km,
        "as_of": None if when is None else when.date().isoformat(),
    }
    return out


def _partner_distances(nodes: pd.DataFrame, pairs: pd.DataFrame, *, need: bool) -> tuple[np.ndarray, np.ndarray]:
    has_xy = nodes[["easting", "northing"]].notna().all(axis=1).any()
    if not has_xy and not need:
        empty = np.full(len(nodes), np.nan)
        return empty, empty.copy()
    where = Locator(nodes, what="max_km")
    distinct = pairs.drop_duplicates(["school", "partner"])
    km = pd.Series(where.km_between(distinct["school"].to_numpy(), distinct["partner"].to_numpy()))
    grouped = km.groupby(distinct["school"].to_numpy())
    nearest = grouped.min().reindex(nodes.index).to_numpy(dtype=float)
    farthest = grouped.max().reindex(nodes.index).to_numpy(dtype=float)
    return nearest, farthest


def _reasons(
    table: pd.DataFrame,
    peers: pd.Series,
    ended: pd.DataFrame,
    required: tuple[str, ...],
    min_partners: int,
    max_km: float | None,
) -> pd.Series:
    """The reasons each school is isolated, in words."""
    last_end = ended.groupby(["urn", "kind"])["end"].max() if len(ended) else pd.Series(dtype="datetime64[ns]")
    ended_by_school = ended.groupby("urn").agg(n=("partnership", "nunique"), last=("end", "max"))
    member = {kind: table[f"in_{kind}"].to_numpy(dtype=bool) for kind in required}
    out: list[str] = []
    for i, (urn, partners, n_peers, nearest) in enumerate(
        zip(
            table.index,
            table["partners"].to_numpy(),
            peers.to_numpy(),
            table["nearest_partner_km"].to_numpy(),
            strict=True,
        )
    ):
        found: list[str] = []
        for kind in required:
            if not member[kind][i]:
                when = last_end.get((urn, kind))
                found.append(
                    f"no {kind} (its {kind} ended {when.date().isoformat()})" if when is not None else f"no {kind}"
                )
        if partners == 0:
            if urn in ended_by_school.index:
                n, last = ended_by_school.loc[urn, "n"], ended_by_school.loc[urn, "last"]
                found.append(
                    f"only partnership ended {last.date().isoformat()}"
                    if n == 1
                    else f"all {n} partnerships ended, the last on {last.date().isoformat()}"
                )
            else:
                found.append("no partnership of any kind")
        elif n_peers == 0 and min_partners > 0:
            found.append("support only, no peer partnership")
        elif n_peers < min_partners:
            found.append(f"only {_plural(int(n_peers), 'partner school')}, fewer than {min_partners}")
        if max_km is not None and partners > 0 and not nearest <= max_km:
            found.append(f"no partner within {max_km:g} km")
        out.append("; ".join(found))
    return pd.Series(out, index=table.index, dtype="str")


def isolation_summary(table: pd.DataFrame, *, by: str | list[str] = "district") -> pd.DataFrame:
    """Count the isolated schools by area, phase or any other column.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`isolation`.
    by : str or list of str, default "district"
        The column(s) to group by, such as ``"district"``, ``"phase"`` or
        ``["district", "phase"]``. A column not in ``table`` is not allowed:
        join it first.

    Returns
    -------
    pandas.DataFrame
        One row per group, worst share first, with ``schools``, ``isolated``,
        ``share_isolated`` (0 to 1), ``no_partnership`` (schools with no live
        tie at all), and ``no_<kind>`` for each required kind.

    Raises
    ------
    ParameterError
        If ``by`` names a column that ``table`` does not have.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> summary = isolation_summary(isolation(G), by="district")
    >>> summary.index[0], int(summary["schools"].sum())
    ('Fellside', 395)
    """
    columns = [by] if isinstance(by, str) else list(by)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(
            f"by={missing[0]!r}: not a column of the table; expected one of {', '.join(table.columns)}"
        )
    flags = pd.DataFrame(
        {
            "schools": 1,
            "isolated": table["isolated"].astype(int),
            "no_partnership": (table["partners"] == 0).astype(int),
        },
        index=table.index,
    )
    for column in table.columns:
        if column.startswith("in_"):
            flags[f"no_{column[3:]}"] = (~table[column].astype(bool)).astype(int)
    keys = [table[c].fillna("(unknown)") for c in columns]
    summary = flags.groupby(keys).sum()
    summary.insert(2, "share_isolated", summary["isolated"] / summary["schools"])
    return summary.sort_values(["share_isolated", "isolated"], ascending=False)
