"""The ``schoolnet`` command.

``schoolnet report`` writes the report on the bundled sample county, or on the
user's own tables::

    schoolnet report                          # the sample county
    schoolnet report my-tables/               # a folder of schools.csv, groups.csv, ...
    schoolnet report --schools s.xlsx --memberships m.csv --groups g.csv
    schoolnet report my-tables/ --out report --as-of 2024-09-01
    schoolnet report --since 2024-09-01      # with what changed since that date
    schoolnet report --outcomes sample        # with the sample county's (made-up) results
    schoolnet report --gias edubasealldata20240901.csv --gias-links alllinksdata20240901.csv \
        --outcomes england_ks2final2023.csv england_ks2final2024.csv --urn-links links_edubasealldata20240901.csv
    schoolnet report --gias edubasealldata20240901.csv --gias-links alllinksdata20240901.csv --la Lancashire
    schoolnet report --gias edubasealldata20240901.csv --la Lancashire --clusters clusters.xlsx \
        --ofsted management_information_state_funded_schools.csv

Bad arguments or a bad file print the error and exit with a non-zero status,
with no traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ._version import __version__
from .datasets import load_sample, sample_outcomes
from .errors import SchoolnetError
from .network.build import parse_as_of
from .read.additions import add_clusters, add_ofsted
from .read.gias import read_gias
from .read.history import read_urn_links, urn_history
from .read.io import read_tables
from .read.outcomes import read_outcomes
from .report.outcomes import OUTCOME_KINDS
from .report.write import write_report
from .tables.tables import Tables

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolnet", description="Collaboration networks between schools: isolation, centrality and coverage."
    )
    parser.add_argument("--version", action="version", version=f"schoolnet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.required = True
    report = commands.add_parser(
        "report",
        help="write the report: index.html and CSV tables",
        description="Write the report on a school network: index.html and one CSV per table. "
        "With no input, it uses the bundled sample county.",
    )
    report.add_argument(
        "folder", nargs="?", type=Path, help="a folder of schools.csv, groups.csv, memberships.csv, support.csv"
    )
    for table in ("schools", "groups", "memberships", "support"):
        report.add_argument(f"--{table}", type=Path, metavar="FILE", help=f"the {table} table (.csv, .xlsx, .parquet)")
    report.add_argument(
        "--out", type=Path, default=Path("schoolnet-report"), help="folder to write (default: %(default)s)"
    )
    register = report.add_argument_group("the DfE register (Get Information about Schools)")
    register.add_argument("--gias", type=Path, metavar="FILE", help="the establishments file, edubasealldata<date>.csv")
    register.add_argument("--gias-links", dest="gias_links", type=Path, metavar="FILE", help="a group links file")
    register.add_argument("--gias-groups", dest="gias_groups", type=Path, metavar="FILE", help="the groups file")
    register.add_argument("--la", action="append", metavar="NAME", help="keep one local authority (repeatable)")
    register.add_argument(
        "--clusters",
        type=Path,
        metavar="FILE",
        help="the authority's clusters: a sheet (CSV or Excel) with a cluster column and a school column (names, "
        "URNs or both); names are matched to the schools, with cluster_matches.csv written beside the report",
    )
    register.add_argument(
        "--ofsted", type=Path, metavar="FILE", help="Ofsted's management-information file, joined to the schools"
    )
    register.add_argument("--phase", action="append", metavar="PHASE", help="keep one phase (repeatable)")
    register.add_argument(
        "--boundary",
        choices=("keep", "cut"),
        default="keep",
        help="with --la or --phase: keep the partners across the border as boundary schools (default), or cut them",
    )
    results = report.add_argument_group("outcomes: do schools in partnerships do better?")
    results.add_argument(
        "--outcomes",
        action="extend",
        nargs="+",
        metavar="FILE",
        help="performance-table files (england_ks2final<year>.csv, ...); or 'sample' for the sample county's "
        "made-up results",
    )
    results.add_argument("--measure", default=None, help="the measure to report (default: the most widely reported)")
    results.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help=f"a kind of group that counts as a partnership (repeatable; default: {', '.join(OUTCOME_KINDS)})",
    )
    results.add_argument(
        "--urn-links",
        dest="urn_links",
        type=Path,
        metavar="FILE",
        help="the register's links file, links_edubasealldata<date>.csv, to follow schools whose URN changed",
    )
    report.add_argument(
        "--as-of",
        dest="as_of",
        default=None,
        help="date of the network, YYYY-MM-DD, or DD/MM/YYYY read day first (default: the register's extract date, "
        "or today for data with no date)",
    )
    report.add_argument("--since", default=None, help="add a section on what changed since this date, YYYY-MM-DD")
    report.add_argument("--title", default=None, help="the report's title")
    return parser


def _tables(args: argparse.Namespace) -> Tables:
    files = {t: getattr(args, t) for t in ("schools", "groups", "memberships", "support") if getattr(args, t)}
    if args.gias is not None and "schools" not in files and args.folder is None:
        # The register's schools are the schools: the analyst's groups, memberships and support are added to them.
        register = read_gias(
            args.gias,
            links=args.gias_links,
            groups=args.gias_groups,
            la=args.la,
            phases=args.phase,
            boundary=args.boundary,
        )
        return register.combine(read_tables(files)) if files else register
    if sum([args.folder is not None, bool(files), args.gias is not None]) > 1:
        raise SchoolnetError(
            "give one source of schools: a folder, --schools (with --groups/--memberships/--support), or --gias "
            "(to which --groups, --memberships, --support and --clusters may be added)"
        )
    if (args.gias_links or args.gias_groups or args.la or args.phase) and args.gias is None:
        raise SchoolnetError("--gias-links, --gias-groups, --la and --phase need --gias, the establishments file")
    if args.folder is not None:
        return read_tables(args.folder)
    if files:
        if "schools" not in files:
            raise SchoolnetError("--schools is required when tables are given one by one, unless with --gias")
        return read_tables(files)
    return load_sample()


def _added(args: argparse.Namespace, tables: Tables) -> tuple[Tables, pd.DataFrame | None, list[str]]:
    """The tables with the analyst's clusters and Ofsted's file added, the cluster matches, and what to say of them."""
    matches, notes = None, []
    if args.clusters is not None:
        tables, matches = add_clusters(tables, args.clusters)
    if args.ofsted is not None:
        tables, note = add_ofsted(tables, args.ofsted)
        notes.append(note)
    return tables, matches, notes


def _check_outcome_arguments(args: argparse.Namespace) -> None:
    if not args.outcomes and (args.measure or args.kind or args.urn_links):
        raise SchoolnetError("--measure, --kind and --urn-links need --outcomes, the results files")
    own = args.folder is not None or args.gias is not None or args.schools is not None
    if args.outcomes == ["sample"] and own:
        raise SchoolnetError("--outcomes sample: the sample's results are of the sample county; give results files")


def _outcomes(args: argparse.Namespace, tables: Tables) -> pd.DataFrame | None:
    if not args.outcomes:
        return None
    if args.outcomes == ["sample"]:
        return sample_outcomes(tables)
    history = None
    if args.urn_links is not None:
        history = urn_history(read_urn_links(args.urn_links), schools=tables.schools)
    return read_outcomes([Path(f) for f in args.outcomes], history=history)


def _report(args: argparse.Namespace) -> int:
    _check_outcome_arguments(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_as_of(args.as_of)
        if args.since is not None:
            parse_as_of(args.since)
        tables, matches, notes = _added(args, _tables(args))
        outcomes = _outcomes(args, tables)
        page = write_report(
            tables,
            cluster_matches=matches,
            notes=notes,
            out=args.out,
            as_of=args.as_of,
            title=args.title,
            since=args.since,
            outcomes=outcomes,
            measure=args.measure,
            outcome_kinds=args.kind or OUTCOME_KINDS,
        )
    said = set()
    for warning in caught:
        if issubclass(warning.category, UserWarning) and str(warning.message) not in said:
            said.add(str(warning.message))
            print(f"schoolnet: warning: {warning.message}", file=sys.stderr)
    csvs = sorted(p.name for p in page.parent.glob("*.csv"))
    schools = tables.schools
    focus = int(schools["in_focus"].astype(bool).sum()) if "in_focus" in schools.columns else len(schools)
    across = len(schools) - focus
    kept = f" (and {across} partner schools across the border)" if across else ""
    print(f"Report on {focus} schools{kept} written to {page}")
    print(f"Tables ({len(csvs)} CSV files) in {page.parent}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``schoolnet`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0 on success, 1 for a problem with the data or
        files, 2 for bad arguments.
    """
    args = _parser().parse_args(argv)
    try:
        return _report(args)
    except SchoolnetError as err:
        print(f"schoolnet: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"schoolnet: error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
