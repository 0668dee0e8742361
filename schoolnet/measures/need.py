"""Who needs support, who can give it, and who leads: the definitions shared by the measures.

Reach and coverage (:mod:`schoolnet.measures.reach`, :mod:`schoolnet.measures.coverage`) and
brokerage (:mod:`schoolnet.brokering.brokerage`) ask the same three questions of a
network, and answer them here so that they answer them the same way:

- which schools are **in need** of support (:func:`in_need`);
- which schools are **strong** enough to give it (:func:`strong`);
- which schools are **system leaders** (:func:`system_leaders`).

The default definition of need measures isolation, which takes a while on a
large network. Work it out once, with ``need = schoolnet.in_need(G)``, and
pass it to each measure as ``need=need``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..network.convert import node_values, nodes_frame
from ..read.ofsted import need_from_ofsted, strong_from_ofsted
from ..tables.schema import GROUP_KINDS, SYSTEM_LEADER_DESIGNATIONS, holds_any
from .isolation import isolation

__all__ = ["Leaders", "Need", "in_need", "strong", "system_leaders"]

#: What a ``need=`` argument may be: ``None`` (the default definition), a
#: boolean Series indexed by URN, or a callable that takes the schools table and
#: returns one.
Need: TypeAlias = "pd.Series | Callable[[pd.DataFrame], pd.Series | np.ndarray] | None"

#: What a ``leaders=`` argument may be: ``None`` (every school with a
#: system-leader designation), URNs, or a group kind whose leads count as leaders.
Leaders: TypeAlias = "Iterable[object] | str | None"


def in_need(G: nx.Graph, need: Need = None) -> pd.Series:
    """Say which schools are in need of support.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any graph whose
        nodes carry an ``ofsted`` attribute.
    need : pandas.Series, callable or None, default None
        ``None`` means the default, which in words is: *a school is in need
        of support when its latest graded Ofsted inspection found it
        requires improvement or is inadequate (overall, or, where it has no
        overall grade, as since September 2024, in the quality of education
        or in leadership and management), when it is in special measures or
        has serious weaknesses, when its report card grades an area "needs
        attention" or "urgent improvement" or finds its safeguarding
        standards not met, or when it is professionally
        isolated.* It is :func:`schoolnet.need_from_ofsted` with its defaults,
        or :func:`schoolnet.isolation` with its defaults. Where the schools
        carry only the register's ``ofsted`` column, Ofsted's part is that
        column alone; :func:`schoolnet.join_ofsted` adds the rest from
        Ofsted's own file. A boolean Series indexed by URN says
        which schools are in need; schools it does not mention are not. A
        callable receives the schools table (:func:`schoolnet.nodes_frame`)
        and returns such a Series or a boolean array in the table's order.

    Returns
    -------
    pandas.Series
        Boolean, indexed by URN in the graph's node order, named ``in_need``.

    Raises
    ------
    ParameterError
        If ``need`` is not boolean, or names no school of the graph.

    Examples
    --------
    School 2 is judged inadequate, and school 3 has no tie, so it is isolated:

    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)])
    >>> G.add_nodes_from([(1, {"ofsted": "good"}), (2, {"ofsted": "inadequate"}), (3, {"ofsted": "outstanding"})])
    >>> need = in_need(G)
    >>> need.tolist()
    [False, True, True]

    Pass ``need`` on to the measures that ask who is in need, so that it is
    worked out once. Any other definition can be given instead:

    >>> in_need(G, lambda schools: schools["ofsted"] == "inadequate").tolist()
    [False, True, False]
    """
    if need is None:
        nodes = nodes_frame(G)
        judged = need_from_ofsted()(nodes).to_numpy(dtype=bool)
        isolated = isolation(G)["isolated"].reindex(nodes.index, fill_value=False).to_numpy(dtype=bool)
        return pd.Series(judged | isolated, index=nodes.index, name="in_need")
    if callable(need):
        nodes = nodes_frame(G)
        return _as_flags(need(nodes), nodes.index, "need")
    return _as_flags(need, pd.Index(list(G), name="urn"), "need")


def strong(G: nx.Graph, definition: Callable[[pd.DataFrame], pd.Series | np.ndarray] | None = None) -> pd.Series:
    """Say which schools are strong enough to support others.

    Parameters
    ----------
    G : networkx.Graph
        A network whose nodes carry an ``ofsted`` attribute.
    definition : callable, optional
        Takes the schools table (:func:`schoolnet.nodes_frame`) and says which
        are strong, such as :func:`schoolnet.strong_from_ofsted` with other
        settings. By default: :func:`schoolnet.strong_from_ofsted` with its
        defaults, that is, judged good or outstanding (overall, and in the
        quality of education and in leadership and management where Ofsted's
        file gives them), and every area of its report card, where it has one,
        "exceptional" or "strong standard", with safeguarding standards met;
        never a school in a category of concern.

    Returns
    -------
    pandas.Series
        Boolean, indexed by URN, named ``strong``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"ofsted": "good"}), (2, {"ofsted": "inadequate"}), (3, {"ofsted": "outstanding"})])
    >>> strong(G).tolist()
    [True, False, True]
    """
    nodes = nodes_frame(G)
    flags = _as_flags((definition or strong_from_ofsted())(nodes), nodes.index, "definition")
    return flags.rename("strong")


def system_leaders(G: nx.Graph, leaders: Leaders = None) -> pd.Index:
    """Return the URNs of the system leaders.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`.
    leaders : iterable of URNs, str or None, default None
        ``None`` means every school with a system-leader designation
        (:data:`schoolnet.tables.schema.SYSTEM_LEADER_DESIGNATIONS`: teaching school,
        teaching school hub, NLE or LLE). A group kind, such as ``"hub"`` or
        ``"alliance"``, means the leads of the live groups of that kind. Any
        other iterable is a list of URNs.

    Returns
    -------
    pandas.Index
        The leaders' URNs, in the graph's node order, named ``urn``.

    Raises
    ------
    ParameterError
        If a URN is not a school of the graph, or a kind is unknown.

    Examples
    --------
    An NLE and a teaching school lead; an SLE alone does not:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"designations": "NLE"}), (2, {"designations": "SLE"})])
    >>> G.add_node(3, designations="teaching school; SLE")
    >>> system_leaders(G).tolist()
    [1, 3]
    >>> system_leaders(G, [3, 2]).tolist()
    [2, 3]
    """
    if leaders is None:
        designations = node_values(G, "designations")
        return _urns(designations.index[holds_any(designations, SYSTEM_LEADER_DESIGNATIONS)])
    nodes = nodes_frame(G)
    if isinstance(leaders, str):
        if leaders not in GROUP_KINDS:
            raise ParameterError(
                f"leaders={leaders!r}: not a group kind; expected URNs, None, or one of {', '.join(GROUP_KINDS)}"
            )
        memberships = G.graph.get("memberships")
        if not isinstance(memberships, pd.DataFrame):
            raise ParameterError(f"leaders={leaders!r}: this graph records no memberships; pass URNs instead")
        leads = memberships.loc[memberships["lead"] & (memberships["kind"] == leaders), "urn"]
        return _urns(nodes.index[nodes.index.isin(leads)])
    wanted = pd.Index(list(leaders))
    unknown = wanted[~wanted.isin(nodes.index)]
    if len(unknown):
        raise ParameterError(
            f"leaders: {unknown.tolist()[0]!r} is not a school of this network; expected URNs of its nodes"
        )
    return _urns(nodes.index[nodes.index.isin(wanted)])


def _urns(values: pd.Index) -> pd.Index:
    index: pd.Index = pd.Index(values, name="urn")
    return index


def _as_flags(values: object, index: pd.Index, argument: str) -> pd.Series:
    """A boolean Series on ``index`` from a Series or array given as an argument."""
    if isinstance(values, pd.Series):
        if not (pd.api.types.is_bool_dtype(values.dtype) or values.dropna().isin([True, False]).all()):
            raise ParameterError(f"{argument}: expected a boolean Series indexed by URN, got dtype {values.dtype}")
        if len(values) and not values.index.isin(index).any():
            raise ParameterError(f"{argument}: none of its index is a school of this network; index it by URN")
        flags = values.reindex(index).fillna(False).astype(bool)
    else:
        array = np.asarray(values)
        if array.shape != (len(index),) or array.dtype != bool:
            raise ParameterError(
                f"{argument}: expected a boolean Series indexed by URN, or a boolean array of length {len(index)}"
            )
        flags = pd.Series(array, index=index)
    return flags.rename(f"in_{argument}" if argument == "need" else argument)
