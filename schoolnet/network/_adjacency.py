"""Adding many edges to a new networkx graph at once, by writing its adjacency directly.

networkx's ``add_edges_from`` checks every edge, looks its ends up through
views and clears the graph's caches once per edge: for the 200,000 ties of a
national network that is most of the time the network takes to build. The
functions here write the same adjacency dictionaries that ``add_edge`` writes,
in the same order, so the graph is the same one, edge for edge and in the same
iteration order; they are for graphs being built, not for graphs in use.

Making hundreds of thousands of small dictionaries also sets off Python's
cyclic garbage collector again and again, each time walking every object made
so far: :func:`collector_paused` holds it off while a graph is built (the
dictionaries hold no cycles for it to find).
"""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

__all__ = ["add_multi_edges", "add_nodes", "add_simple_edges", "collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector within the block, and restore it after.

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ends(G: nx.Graph, u: Hashable, v: Hashable) -> None:
    """Make ``u`` and ``v`` nodes of ``G`` when they are not, as ``add_edge`` does."""
    for end in (u, v):
        if end not in G._node:
            if end is None:
                raise ValueError("None cannot be a node")
            G._adj[end] = G.adjlist_inner_dict_factory()
            G._node[end] = G.node_attr_dict_factory()


def add_nodes(G: nx.Graph, nodes: Iterable[tuple[Hashable, dict[str, Any]]]) -> None:
    """Give a graph or multigraph the nodes of ``(node, attributes)`` pairs, the graph ``add_nodes_from`` would make.

    networkx's own route first tries each pair as a node, and catches the
    error its dictionary raises, once per node. Here each dictionary is the
    node's own, not a copy: one must not serve two nodes. A node named twice
    keeps its first place and gains the later attributes.

    Examples
    --------
    >>> import networkx as nx
    >>> M, N = nx.MultiGraph(), nx.MultiGraph()
    >>> nodes = [(1, {"a": 1}), (2, {}), (1, {"b": 2})]
    >>> add_nodes(M, [(n, dict(d)) for n, d in nodes])
    >>> N.add_nodes_from(nodes)
    >>> list(M.nodes(data=True)) == list(N.nodes(data=True)), M.nodes[1]
    (True, {'a': 1, 'b': 2})
    """
    if type(G) not in (nx.Graph, nx.MultiGraph):
        raise TypeError(f"add_nodes fills a networkx.Graph or MultiGraph, not a {type(G).__name__}")
    adj, node = G._adj, G._node
    for n, data in nodes:
        if n in node:
            node[n].update(data)
        elif n is None:
            raise ValueError("None cannot be a node")
        else:
            adj[n] = G.adjlist_inner_dict_factory()
            node[n] = data
    nx._clear_cache(G)


def add_multi_edges(G: nx.MultiGraph, edges: Iterable[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]) -> None:
    """Add keyed edges ``(u, v, key, attributes)`` to an undirected multigraph, as ``add_edges_from`` would.

    Each ``attributes`` dictionary becomes the edge's own (it is not copied),
    so it must not be shared between edges. An edge whose ``u``, ``v`` and
    ``key`` are already in ``G`` has its attributes updated, as networkx does.

    Examples
    --------
    >>> import networkx as nx
    >>> M, N = nx.MultiGraph(), nx.MultiGraph()
    >>> edges = [(1, 2, "a", {"w": 1}), (2, 1, "b", {"w": 2}), (1, 2, "a", {"x": 3}), (3, 3, "c", {})]
    >>> add_multi_edges(M, [(u, v, k, dict(d)) for u, v, k, d in edges])
    >>> keys = N.add_edges_from(edges)
    >>> list(M.edges(keys=True, data=True)) == list(N.edges(keys=True, data=True))
    True
    >>> list(M.edges(keys=True, data=True))[0]
    (1, 2, 'a', {'w': 1, 'x': 3})
    """
    if type(G) is not nx.MultiGraph:
        raise TypeError(f"add_multi_edges fills a networkx.MultiGraph, not a {type(G).__name__}")
    adj, node = G._adj, G._node
    for u, v, key, data in edges:
        if u not in node or v not in node:
            _ends(G, u, v)
        keys = adj[u].get(v)
        if keys is None:
            keys = {key: data}
            adj[u][v] = keys
            adj[v][u] = keys
        elif key in keys:
            keys[key].update(data)
        else:
            keys[key] = data
    nx._clear_cache(G)


def add_simple_edges(G: nx.Graph, edges: Iterable[tuple[Hashable, Hashable, dict[str, Any]]]) -> None:
    """Add edges ``(u, v, attributes)`` to an undirected simple graph, as ``add_edges_from`` would.

    Each ``attributes`` dictionary becomes the edge's own (it is not copied),
    so it must not be shared between edges. An edge already in ``G`` has its
    attributes updated, as networkx does.

    Examples
    --------
    >>> import networkx as nx
    >>> H, K = nx.Graph(), nx.Graph()
    >>> edges = [(1, 2, {"w": 1}), (2, 3, {"w": 2}), (2, 1, {"x": 3})]
    >>> add_simple_edges(H, [(u, v, dict(d)) for u, v, d in edges])
    >>> K.add_edges_from(edges)
    >>> list(H.edges(data=True)) == list(K.edges(data=True)), H.edges[1, 2]
    (True, {'w': 1, 'x': 3})
    """
    if type(G) is not nx.Graph:
        raise TypeError(f"add_simple_edges fills a networkx.Graph, not a {type(G).__name__}")
    adj, node = G._adj, G._node
    for u, v, data in edges:
        if u not in node or v not in node:
            _ends(G, u, v)
        old = adj[u].get(v)
        if old is None:
            adj[u][v] = data
            adj[v][u] = data
        else:
            old.update(data)
    nx._clear_cache(G)
