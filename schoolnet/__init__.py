"""schoolnet: collaboration networks between schools.

schoolnet reads the partnerships between schools (clusters, teaching-school
alliances and hubs, trusts, federations and brokered support), builds them
into a network, and answers the questions a local authority, trust or diocese
asks of it: which schools are professionally isolated, which hold the network
together, where support does not reach the schools that need it, and which
strong school should be brokered to support which school in need.

Examples
--------
>>> import schoolnet
>>> tables = schoolnet.load_sample()
>>> G = schoolnet.build_network(tables, as_of="2025-01-01")
>>> G.number_of_nodes() == len(tables.schools)
True
"""

from __future__ import annotations

from . import datasets, schema, vocabulary
from ._version import __version__
from .brokerage import Assignment, assign_supporters, capacities, recommend_supporters
from .brokerage_roles import brokerage_roles
from .centrality import centrality, structural_holes
from .changes import Changes, changes, groups_over_time, over_time, snapshots
from .communities import Communities, communities, ei_index
from .contract import validate_network
from .convert import from_frames, node_groups, nodes_frame, ties_frame, to_frames, with_labels
from .coverage import coverage, nearest_leader, reach, suggest_leaders, uncovered
from .datasets import load_sample
from .errors import (
    KeptAsTextWarning,
    MissingCoordinatesError,
    MissingExtraError,
    NetworkError,
    NoCoordinatesWarning,
    NoGroupsLoadedWarning,
    ParameterError,
    SchemaError,
    SchoolnetError,
    SchoolnetWarning,
    SetAsideWarning,
    UnknownGroupWarning,
)
from .explore import explore
from .export import to_geojson, to_gephi
from .families import context_features, similar_not_connected, similar_schools
from .geoframes import from_geodataframes, to_geodataframes
from .gias import read_gias
from .history import current_urns, follow_urns, read_urn_links, urn_history
from .hubs import Hubs, read_hubs
from .impact import MatchedComparison, compare_outcomes, standardised_differences
from .io import read_tables
from .isolation import isolation, isolation_summary
from .matching import UnmatchedNamesWarning, match_schools, normalise_name
from .need import in_need, strong, system_leaders
from .network import build_network, collapse, select_kinds, select_schools
from .ofsted import join_ofsted, need_from_ofsted, read_ofsted, strong_from_ofsted
from .outcomes import outcomes_by_group, read_outcomes
from .plot import KIND_COLOURS, plot_assignment, plot_coverage, plot_isolation, plot_network, plot_reach
from .plot_changes import plot_changes, plot_over_time
from .plot_charts import plot_partners_distribution, plot_timeline
from .plot_impact import plot_impact
from .report import write_report
from .staggered import EventStudy, joining_years, staggered_did
from .tables import Tables
from .whatif import Comparison, apply, compare

__all__ = [
    "KIND_COLOURS",
    "Assignment",
    "Changes",
    "Communities",
    "Comparison",
    "EventStudy",
    "Hubs",
    "KeptAsTextWarning",
    "MatchedComparison",
    "MissingCoordinatesError",
    "MissingExtraError",
    "NetworkError",
    "NoCoordinatesWarning",
    "NoGroupsLoadedWarning",
    "ParameterError",
    "SchemaError",
    "SchoolnetError",
    "SchoolnetWarning",
    "SetAsideWarning",
    "Tables",
    "UnknownGroupWarning",
    "UnmatchedNamesWarning",
    "__version__",
    "apply",
    "assign_supporters",
    "brokerage_roles",
    "build_network",
    "capacities",
    "centrality",
    "changes",
    "collapse",
    "communities",
    "compare",
    "compare_outcomes",
    "context_features",
    "coverage",
    "current_urns",
    "datasets",
    "ei_index",
    "explore",
    "follow_urns",
    "from_frames",
    "from_geodataframes",
    "groups_over_time",
    "in_need",
    "isolation",
    "isolation_summary",
    "join_ofsted",
    "joining_years",
    "load_sample",
    "match_schools",
    "nearest_leader",
    "need_from_ofsted",
    "node_groups",
    "nodes_frame",
    "normalise_name",
    "outcomes_by_group",
    "over_time",
    "plot_assignment",
    "plot_changes",
    "plot_coverage",
    "plot_impact",
    "plot_isolation",
    "plot_network",
    "plot_over_time",
    "plot_partners_distribution",
    "plot_reach",
    "plot_timeline",
    "reach",
    "read_gias",
    "read_hubs",
    "read_ofsted",
    "read_outcomes",
    "read_tables",
    "read_urn_links",
    "recommend_supporters",
    "schema",
    "select_kinds",
    "select_schools",
    "similar_not_connected",
    "similar_schools",
    "snapshots",
    "staggered_did",
    "standardised_differences",
    "strong",
    "strong_from_ofsted",
    "structural_holes",
    "suggest_leaders",
    "system_leaders",
    "ties_frame",
    "to_frames",
    "to_geodataframes",
    "to_geojson",
    "to_gephi",
    "uncovered",
    "urn_history",
    "validate_network",
    "vocabulary",
    "with_labels",
    "write_report",
]
