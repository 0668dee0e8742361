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

from . import datasets
from ._version import __version__
from .brokering.brokerage import Assignment, assign_supporters, capacities, recommend_supporters
from .brokering.whatif import Comparison, apply, compare
from .datasets import load_sample
from .errors import (
    DayFirstDateWarning,
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
from .export import to_geojson, to_gephi
from .impact.matched import MatchedComparison, compare_outcomes, standardised_differences
from .impact.robust import doubly_robust_att, outcome_regression_att
from .impact.staggered import EventStudy, joining_years, staggered_did
from .measures.brokerage_roles import brokerage_roles
from .measures.centrality import centrality, structural_holes
from .measures.changes import Changes, changes, groups_over_time, over_time, snapshots
from .measures.communities import Communities, communities, ei_index
from .measures.coverage import coverage, nearest_leader, reach, suggest_leaders, uncovered
from .measures.families import context_features, similar_not_connected, similar_schools
from .measures.isolation import isolation, isolation_summary
from .measures.need import in_need, strong, system_leaders
from .network.build import build_network, collapse, select_kinds, select_schools
from .network.contract import validate_network
from .network.convert import from_frames, node_groups, nodes_frame, ties_frame, to_frames, with_labels
from .plot.base import KIND_COLOURS
from .plot.changes import plot_changes, plot_over_time
from .plot.charts import plot_partners_distribution, plot_timeline
from .plot.explore import explore
from .plot.geoframes import from_geodataframes, to_geodataframes
from .plot.impact import plot_impact
from .plot.isolation import plot_isolation
from .plot.support import plot_assignment, plot_coverage, plot_reach
from .plot.ties import plot_network
from .read.additions import add_clusters, add_ofsted
from .read.gias import read_gias
from .read.history import current_urns, follow_urns, read_urn_links, urn_history
from .read.hubs import Hubs, read_hubs
from .read.io import read_tables
from .read.matching import UnmatchedNamesWarning, match_schools, normalise_name
from .read.ofsted import join_ofsted, need_from_ofsted, read_ofsted, strong_from_ofsted
from .read.outcomes import outcomes_by_group, read_outcomes
from .read.trust_history import read_trust_history
from .report.write import write_report
from .tables import schema, vocabulary
from .tables.tables import Tables

__all__ = [
    "KIND_COLOURS",
    "Assignment",
    "Changes",
    "Communities",
    "Comparison",
    "DayFirstDateWarning",
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
    "add_clusters",
    "add_ofsted",
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
    "doubly_robust_att",
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
    "outcome_regression_att",
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
    "read_trust_history",
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
