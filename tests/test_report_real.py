"""The report on an area's real data: the 2022 register for Lancashire, with and without the authority's clusters.

The cluster sheet is written by the test from the register's own schools, as a spreadsheet would write them
("St" for "Saint", "CE" for "Church of England", no "School", some in capitals), with every tenth school left
out and two names of no school. Each check is against counts made here from the sheet and the files.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet.cli import main
from schoolnet.errors import ParameterError, SchoolnetError, SetAsideWarning

FAKE = ["Atlantis High", "Hogwarts Academy of Magic"]

#: The 2022 register, its group links and its groups, in the real data folder.
REGISTER = {
    "establishments": "gias-schools-2022-07/edubasealldata20220706.csv.gz",
    "links": "gias-groups-2022-07/group_links.csv.gz",
    "groups": "gias-groups-2022-07/groups.csv.gz",
}


@pytest.fixture(scope="module")
def files(real_data: Path) -> dict[str, Path]:
    return {key: real_data / name for key, name in REGISTER.items()}


@pytest.fixture(scope="module")
def lancashire(files: dict[str, Path]) -> schoolnet.Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SetAsideWarning)
        return schoolnet.read_gias(
            files["establishments"],
            links=files["links"],
            groups=files["groups"],
            la="Lancashire",
        )


def _as_written(name: str, i: int) -> str:
    written = name.replace("Saint ", "St ").replace(" Church of England ", " CE ").replace(" School", "")
    return written.upper() if i % 3 == 0 else written


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory, lancashire: schoolnet.Tables) -> tuple[Path, pd.DataFrame]:
    """The cluster sheet (one cluster per district), and the schools it lists with the URN each row means."""
    own = lancashire.schools[lancashire.schools["in_focus"]].sort_index()
    rows = [
        (f"{school['district']} cluster", _as_written(school["name"], i), urn)
        for i, (urn, school) in enumerate(own.iterrows())
        if i % 10  # every tenth school is left out
    ]
    rows += [("Preston cluster", FAKE[0], None), ("Wyre cluster", FAKE[1], None)]
    frame = pd.DataFrame(rows, columns=["Cluster Name", "school", "meant"])
    path = tmp_path_factory.mktemp("sheet") / "clusters.csv"
    frame[["Cluster Name", "school"]].to_csv(path, index=False)
    return path, frame


@pytest.fixture(scope="module")
def without(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("without")
    args = ["report", "--gias", str(files["establishments"]), "--gias-links", str(files["links"])]
    args += ["--gias-groups", str(files["groups"]), "--la", "Lancashire", "--out", str(out)]
    return out, _run(args)


@pytest.fixture(scope="module")
def with_sheet(
    files: dict[str, Path], sheet: tuple[Path, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("with")
    args = ["report", "--gias", str(files["establishments"]), "--gias-links", str(files["links"])]
    args += ["--gias-groups", str(files["groups"]), "--la", "Lancashire", "--out", str(out)]
    return out, _run([*args, "--clusters", str(sheet[0])])


def _run(args: list[str]) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        assert main(args) == 0
    return printed.getvalue()


def _findings(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    found = re.findall(r'<p class="findings">(.*?)</p>', text, re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", p) for p in found))


def test_without_clusters_membership_is_unknown_not_failed(
    without: tuple[Path, str], lancashire: schoolnet.Tables
) -> None:
    out, printed = without
    own = lancashire.schools.index[lancashire.schools["in_focus"]]
    assert f"Report on {len(own)} schools" in printed  # the terminal counts the area's schools, as the page does
    findings = _findings(out / "index.html")
    assert "Cluster membership is unknown: no cluster data is loaded" in findings
    assert "--clusters FILE" in findings
    iso = pd.read_csv(out / "isolation.csv", index_col="urn")
    assert len(iso) == len(own)
    # Isolated only for what can be judged: no partnership of any kind. Checked against networkx degrees.
    G = schoolnet.build_network(lancashire, as_of="2022-07-06")
    alone = {u for u in own if G.degree(u) == 0}
    assert set(iso.index[iso["isolated"]]) == alone
    assert set(iso.loc[iso["status"] == "unknown"].index) == set(own) - alone
    assert f"{len(alone)} of {len(own)} schools are professionally isolated" in findings


def test_with_clusters_names_are_matched_and_the_unmatched_listed(
    with_sheet: tuple[Path, str], sheet: tuple[Path, pd.DataFrame], lancashire: schoolnet.Tables
) -> None:
    out, _ = with_sheet
    matches = pd.read_csv(out / "cluster_matches.csv")
    rows = sheet[1]
    assert len(matches) == len(rows)  # one row per row of the sheet
    assert matches.set_index("name").loc[FAKE, "status"].tolist() == ["unmatched", "unmatched"]
    chosen = matches[matches["status"] == "matched"]
    meant = rows.set_index("school")["meant"]
    # Every name matched is matched to the school it was written from.
    assert (chosen["urn"].astype(int).to_numpy() == meant.loc[chosen["name"]].astype(int).to_numpy()).all()
    counts = matches["status"].value_counts()
    findings = _findings(out / "index.html")
    assert (
        f"The cluster sheet has {len(rows)} rows: {counts['matched']} matched to a school (0 of them by URN), "
        f"{counts.get('ambiguous', 0)} ambiguous and {counts['unmatched']} unmatched" in findings
    )
    missed = pd.read_csv(out / "cluster_names_not_matched.csv")
    assert set(missed["name"]) == set(matches.loc[matches["status"] != "matched", "name"])
    # Isolation is judged now: a school of the area is in a cluster if and only if the sheet matched it.
    iso = pd.read_csv(out / "isolation.csv", index_col="urn")
    assert set(iso.index[iso["in_cluster"].astype(bool)]) == set(chosen["urn"].astype(int))
    assert (iso["status"] != "unknown").all()
    assert "Cluster membership is unknown" not in findings


def test_every_table_lists_the_areas_own_schools(with_sheet: tuple[Path, str], lancashire: schoolnet.Tables) -> None:
    out, _ = with_sheet
    own = set(lancashire.schools.index[lancashire.schools["in_focus"]])
    for name in ("top_brokers", "centrality", "brokerage_roles", "isolation", "isolated_schools"):
        table = pd.read_csv(out / f"{name}.csv")
        assert set(table["urn"]) <= own, name
    assert len(pd.read_csv(out / "top_brokers.csv")) == len(own)


def test_need_is_defined_and_no_support_round_contradicts_itself(with_sheet: tuple[Path, str]) -> None:
    out, _ = with_sheet
    findings = _findings(out / "index.html")
    assert "A school is in need of support when its latest Ofsted inspection found it" in findings
    pairs = pd.read_csv(out / "proposed_support.csv")
    assert len(pairs)
    assert not set(pairs["urn"]) & set(pairs["supporter"])  # no school both gives and receives
    iso = pd.read_csv(out / "isolation.csv", index_col="urn")
    picks = pd.read_csv(out / "suggested_designations.csv")
    assert not iso.reindex(picks["urn"])["isolated"].fillna(False).astype(bool).any()
    uncovered = pd.read_csv(out / "uncovered_schools.csv")
    assert not set(picks["urn"]) & set(uncovered["urn"])  # a pick is not itself a school in need


def test_the_network_is_dated_by_the_register(without: tuple[Path, str]) -> None:
    out, _ = without
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "The network on 2022-07-06 (the register&#x27;s extract date, from its file name" in page
    assert "The network is dated 2022-07-06: the register's extract date" in _findings(out / "index.html")


def test_selecting_an_unknown_area_says_what_was_meant(lancashire: schoolnet.Tables) -> None:
    with pytest.raises(ParameterError, match=r"la='Lancashir': no school has that la; did you mean 'Lancashire'\?"):
        lancashire.select(la="Lancashir")


def test_tables_with_no_school_are_refused_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "schools.csv").write_text("urn,name\n")
    with pytest.raises(SchoolnetError, match=r"no school to report on: .* has no school"):
        schoolnet.write_report(schoolnet.read_tables(tmp_path), out=tmp_path / "out")
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "out")]) == 1


def test_a_register_without_districts_or_coordinates(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parent / "data" / "gias" / "edubasealldata20240901.csv"
    est = pd.read_csv(source, encoding="cp1252", dtype=str, keep_default_na=False)
    dropped = [c for c in est.columns if c.startswith("DistrictAdministrative") or c in ("Easting", "Northing")]
    est = est.drop(columns=dropped)
    path = tmp_path / "edubasealldata20240901.csv"
    est.to_csv(path, index=False, encoding="cp1252")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = schoolnet.read_gias(path)
        page = schoolnet.write_report(tables, out=tmp_path / "out")
    findings = _findings(page)
    las = tables.schools["la"].nunique()
    assert f"{len(tables.schools)} schools in {las} local authorit" in findings  # areas fall back to the authority
    assert findings.count("No school has coordinates") == 1  # said once
    assert "(unknown)" not in findings
    assert "The network is dated 2024-09-01: the register's extract date" in findings
