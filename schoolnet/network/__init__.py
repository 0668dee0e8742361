"""The network: built from the tables, collapsed, converted and validated.

:func:`~schoolnet.network.build.build_network` turns the tables into a
networkx multigraph with a typed edge for each partnership;
:mod:`~schoolnet.network.convert` moves between the graph and DataFrames, and
:mod:`~schoolnet.network.contract` checks a graph made by hand.

May import: :mod:`schoolnet.read`, :mod:`schoolnet.tables` and the shared helpers.
"""
