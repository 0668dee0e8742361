"""England's teaching school hubs, from the tables the DfE publishes, as ``hub`` groups.

Each of England's 87 teaching school hub regions has a lead school (by URN)
and serves a list of local authority districts. :func:`read_hubs` turns the
two tables into ``hub`` groups over the schools of a register: the lead school
as the group's lead, and every school of the region's districts as a member.
Built into a network, a hub is a star from its lead (see
:data:`schoolnet.tables.schema.DEFAULT_EXPANSION`), never a clique of hundreds of
schools.

The district names are those of the hub regions, which do not always match
the register's ``DistrictAdministrative (name)``. Each is matched as
honestly as it can be, and the way it was matched is reported:

``exact``
    the register has a district of that name;
``spelling``
    the same name once case, punctuation, "&" and the register's
    ", City of" or ", County of" are set aside (``Bristol`` is
    ``Bristol, City of``);
``authority``
    the name of a local authority rather than a district: every school of
    the authority;
``part``
    a part of a district or authority named with a compass point
    (``Birmingham North``, ``East Suffolk S.``): matched to the whole, whose
    schools are then members of every region that names a part of it;
``successor``
    an authority made since the register's date from older districts
    (:data:`REORGANISATIONS`, such as ``Cumberland`` from Allerdale, Carlisle
    and Copeland): matched to those. A reorganised authority the register
    already has is matched as an authority, and to its predecessor districts
    too, where the register still lists schools under them;
``unmatched``
    none of these: listed, never dropped silently.

A lead URN the register does not hold is followed back through the
establishment links (``history=``, from :func:`schoolnet.urn_history`) to a
predecessor it does hold, or listed.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from .._text import fold
from ..errors import Problem, SchemaError, SchoolnetWarning
from ..geo import km_apart
from ..tables.tables import Tables
from .io import read_table_file, urn_problems

__all__ = ["FAR_FROM_REGION_KM", "REORGANISATIONS", "Hubs", "HubsWarning", "read_hubs"]

#: Local government reorganisations of 2019 to 2023: each new authority, and the districts it was made from.
REORGANISATIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "Cumberland": ("Allerdale", "Carlisle", "Copeland"),
    "Westmorland and Furness": ("Barrow-in-Furness", "Eden", "South Lakeland"),
    "North Yorkshire": (
        "Craven",
        "Hambleton",
        "Harrogate",
        "Richmondshire",
        "Ryedale",
        "Scarborough",
        "Selby",
    ),
    "Somerset": ("Mendip", "Sedgemoor", "Somerset West and Taunton", "South Somerset"),
    "Bournemouth": ("Bournemouth, Christchurch and Poole",),
    "Christchurch and Poole": ("Bournemouth, Christchurch and Poole",),
    "Buckinghamshire": ("Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"),
    "North Northamptonshire": ("Corby", "East Northamptonshire", "Kettering", "Wellingborough"),
    "West Northamptonshire": ("Daventry", "Northampton", "South Northamptonshire"),
}

#: A lead school farther than this from every school its region serves is warned of.
FAR_FROM_REGION_KM: Final = 50.0

_COMPASS: Final = re.compile(r"^(?P<parent>.+?)\s+(?P<point>north|south|east|west|n|s|e|w)\.?$", re.IGNORECASE)
_ADMIN_SUFFIX: Final = re.compile(r",\s*(city|county) of$", re.IGNORECASE)


class HubsWarning(SchoolnetWarning):
    """Some hub districts or lead schools could not be matched to the register; see ``Hubs.districts``."""


@dataclass(frozen=True)
class Hubs:
    """Teaching school hubs, matched to a register's schools.

    Attributes
    ----------
    tables : Tables
        The register's schools, with one ``hub`` group per region (``group_id``
        ``HUB:<region code>``) and its memberships: the lead school as
        ``lead``, the schools of its districts as members. Combine it with the
        register's own tables with :meth:`schoolnet.Tables.combine`, or build it
        into a network as it is.
    districts : pandas.DataFrame
        One row per region and district as given, with ``matched_as``
        (``exact``, ``spelling``, ``authority``, ``part``, ``successor`` or
        ``unmatched``),
        ``register_districts`` (what it was matched to) and ``schools``.
    leads : pandas.DataFrame
        One row per region, with ``lead_urn`` as given, ``register_urn`` (the
        lead in the register, or blank), ``matched_as`` (``exact``,
        ``predecessor`` or ``unmatched``), ``lead_la`` (the lead's local
        authority), ``in_region`` (whether the lead is one of the schools its
        region serves) and ``km_to_region`` (how far it is from the nearest of
        them: a lead just across the region's border is a few km away; one
        more than :data:`FAR_FROM_REGION_KM` away is warned of, as its URN may
        name a different school of the same name).
    """

    tables: Tables
    districts: pd.DataFrame
    leads: pd.DataFrame

    def served(self) -> pd.DataFrame:
        """Every school's hub, its lead, and how far the school is from the lead.

        Returns
        -------
        pandas.DataFrame
            One row per school and hub serving it (a school in a district
            that several hubs share has several), indexed by ``urn``, with the
            school's ``name``, ``la`` and ``district``, the hub's ``group_id``
            and ``hub`` name, its ``lead_urn`` and ``lead_name``, and ``km``
            from the school to the lead in a straight line (blank where either
            has no coordinates, or the hub has no lead in the register).
            Farthest first.

        Examples
        --------
        >>> import schoolnet
        >>> schools = pd.DataFrame(
        ...     {"urn": [1, 2], "name": ["Ash", "Beech"], "district": ["Bristol, City of"] * 2,
        ...      "easting": [358_000, 361_000], "northing": [172_000, 176_000]}
        ... )
        >>> hubs = read_hubs(
        ...     pd.DataFrame({"region_code": ["SW9"], "lead_urn": [1], "hub_name": ["West"]}),
        ...     pd.DataFrame({"region_code": ["SW9"], "district": ["Bristol"]}),
        ...     schoolnet.Tables.from_frames(schools),
        ... )
        >>> hubs.served()[["name", "lead_name", "km"]]
              name lead_name   km
        urn
        2    Beech       Ash  5.0
        1      Ash       Ash  0.0
        """
        schools = self.tables.schools
        groups = self.tables.groups
        rows = self.tables.memberships[["group_id", "urn"]].merge(
            groups[["name", "lead_urn"]].rename(columns={"name": "hub"}), left_on="group_id", right_index=True
        )
        labels = [c for c in ("name", "la", "district") if c in schools.columns]
        rows = rows.join(schools[labels], on="urn")
        lead = rows["lead_urn"].astype("Int64")
        rows["lead_name"] = lead.map(schools["name"]).to_numpy()
        xy = schools.reindex(columns=["easting", "northing"]).astype(float)
        here = xy.reindex(rows["urn"]).to_numpy()
        there = xy.reindex(lead.astype("float").to_numpy()).to_numpy()
        rows["km"] = np.round(km_apart(here, there), 3)
        rows = rows.sort_values(["km", "urn"], ascending=[False, True], na_position="last")
        columns = [*labels, "group_id", "hub", "lead_urn", "lead_name", "km"]
        return rows.set_index("urn")[columns]

    def __repr__(self) -> str:
        d = self.districts["matched_as"].value_counts()
        return (
            f"<Hubs: {len(self.leads)} regions, {len(self.tables.memberships)} memberships; districts "
            + ", ".join(f"{k} {v}" for k, v in d.items())
            + ">"
        )


def _frame(source: pd.DataFrame | str | Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    frame = source.copy() if isinstance(source, pd.DataFrame) else read_table_file(source).frame
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SchemaError([Problem(what, 1, c, None, f"a column named {c!r}") for c in missing])
    return frame


def _key(name: str) -> str:
    text = _ADMIN_SUFFIX.sub("", name.strip())
    text = re.sub(r"^city of\s+", "", text, flags=re.IGNORECASE).replace("&", " and ")
    return fold(re.sub(r"[.,'’]", " ", text))


def _match(name: str, districts: dict[str, str], las: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """How a district name matches the register, and the (column, value) pairs of the schools it names.

    An authority made by a reorganisation names the schools of its predecessor districts too, whichever way it is
    matched: a register of its first years still lists some schools under the old authority (such as "Pre-LGR 2023
    Cumbria") and their old districts.
    """
    key = _key(name)
    old = next((o for new, o in REORGANISATIONS.items() if _key(new) == key), ())
    before = [("district", districts[_key(o)]) for o in old if _key(o) in districts]
    how, found = _match_name(name, key, districts, las)
    if how == "unmatched" and before:
        return "successor", before
    return how, found + [b for b in before if b not in found]


def _match_name(
    name: str, key: str, districts: dict[str, str], las: dict[str, str]
) -> tuple[str, list[tuple[str, str]]]:
    if name in districts.values():
        return "exact", [("district", name)]
    if key in districts:
        return "spelling", [("district", districts[key])]
    if key in las:
        return "authority", [("la", las[key])]
    part = _COMPASS.match(name.strip())
    if part:
        parent = _key(part.group("parent"))
        if parent in districts:
            return "part", [("district", districts[parent])]
        if parent in las:
            return "part", [("la", las[parent])]
    return "unmatched", []


def read_hubs(
    lead_schools: pd.DataFrame | str | Path,
    districts: pd.DataFrame | str | Path,
    tables: Tables,
    *,
    history: pd.DataFrame | None = None,
) -> Hubs:
    """Turn the hub regions' lead schools and districts into ``hub`` groups over a register's schools.

    Parameters
    ----------
    lead_schools : pandas.DataFrame or path
        One row per region: ``region_code``, ``lead_urn``, and optionally
        ``lead_school`` and ``hub_name``.
    districts : pandas.DataFrame or path
        One row per region and district: ``region_code``, ``district``.
    tables : Tables
        The register, from :func:`schoolnet.read_gias`: its schools'
        ``district`` and ``la`` are matched.
    history : pandas.DataFrame, optional
        From :func:`schoolnet.urn_history`, to find a lead school the register
        holds under an earlier URN.

    Returns
    -------
    Hubs
        The groups and memberships, and how each district and lead school was
        matched.

    Raises
    ------
    SchemaError
        If a column is missing, or a ``lead_urn`` is blank or not a whole
        number, naming its line.
    SchoolnetError
        If a file given does not exist.

    Warns
    -----
    HubsWarning
        If a district or lead school could not be matched, with the names.

    Examples
    --------
    >>> import schoolnet
    >>> schools = pd.DataFrame(
    ...     {
    ...         "urn": [1, 2, 3, 4],
    ...         "name": ["Ash", "Beech", "Cedar", "Damson"],
    ...         "la": ["Bristol, City of", "Bristol, City of", "Birmingham", "Birmingham"],
    ...         "district": ["Bristol, City of", "Bristol, City of", "Birmingham", "Birmingham"],
    ...     }
    ... )
    >>> register = schoolnet.Tables.from_frames(schools)
    >>> leads = pd.DataFrame({"region_code": ["SW9", "WM9"], "lead_urn": [1, 3], "hub_name": ["West", "Mid"]})
    >>> served = pd.DataFrame({"region_code": ["SW9", "WM9"], "district": ["Bristol", "Birmingham North"]})
    >>> hubs = read_hubs(leads, served, register)
    >>> hubs.districts[["district", "matched_as", "schools"]]
               district matched_as  schools
    0           Bristol   spelling        2
    1  Birmingham North       part        2
    >>> hubs.tables.memberships[["group_id", "urn", "role"]].to_numpy().tolist()
    [['HUB:SW9', 1, 'lead'], ['HUB:SW9', 2, 'member'], ['HUB:WM9', 3, 'lead'], ['HUB:WM9', 4, 'member']]
    """
    leads = _frame(lead_schools, ("region_code", "lead_urn"), "lead schools")
    served = _frame(districts, ("region_code", "district"), "districts")
    schools = tables.schools
    by_district = {_key(str(d)): str(d) for d in _distinct(schools, "district")}
    by_la = {_key(str(a)): str(a) for a in _distinct(schools, "la")}

    rows, members = [], []
    for region, district in zip(served["region_code"].astype("str"), served["district"].astype("str"), strict=True):
        how, criteria = _match(district, by_district, by_la)
        chosen = np.zeros(len(schools), dtype=bool)
        for column, value in criteria:
            chosen |= (schools[column] == value).to_numpy()
        urns = schools.index[chosen]
        members.append(pd.DataFrame({"group_id": f"HUB:{region}", "urn": urns}))
        rows.append((region, district, how, "; ".join(v for _, v in criteria), len(urns)))
    district_report = pd.DataFrame(
        rows, columns=["region_code", "district", "matched_as", "register_districts", "schools"]
    )

    known = set(schools.index)
    earlier: dict[int, int] = {}
    if history is not None:
        for old, new in zip(history.index.tolist(), history["current_urn"].tolist(), strict=True):
            if int(old) in known:
                earlier.setdefault(int(new), int(old))
    lead_urns = _lead_urns(leads, lead_schools)
    lead_rows: list[tuple[str, int, int | None, str]] = []
    for region, given in zip(leads["region_code"].astype("str"), lead_urns, strict=True):
        urn = int(given)
        if urn in known:
            lead_rows.append((region, urn, urn, "exact"))
        elif urn in earlier:
            lead_rows.append((region, urn, earlier[urn], "predecessor"))
        else:
            lead_rows.append((region, urn, None, "unmatched"))
    lead_report = pd.DataFrame(lead_rows, columns=["region_code", "lead_urn", "register_urn", "matched_as"])
    lead_report["register_urn"] = lead_report["register_urn"].astype("Int64")
    # A lead should be a school of the region it serves, or near it; one elsewhere may be the wrong school.
    served_by_region = pd.concat(members, ignore_index=True) if members else pd.DataFrame({"group_id": [], "urn": []})
    in_region = set(zip(served_by_region["group_id"], served_by_region["urn"], strict=True))
    lead_report["lead_la"] = lead_report["register_urn"].map(schools["la"]) if "la" in schools.columns else None
    lead_report["in_region"] = [
        pd.notna(u) and (f"HUB:{r}", int(u)) in in_region
        for r, u in zip(lead_report["region_code"], lead_report["register_urn"], strict=True)
    ]
    lead_report["km_to_region"] = _km_to_region(lead_report, served_by_region, schools)

    named = leads.set_index(leads["region_code"].astype("str"))
    hub_name = named["hub_name"] if "hub_name" in named.columns else pd.Series(dtype="str")
    groups = pd.DataFrame(
        {
            "group_id": "HUB:" + lead_report["region_code"],
            "kind": "hub",
            "name": [f"{hub_name.get(r, 'Teaching school hub')} ({r})" for r in lead_report["region_code"]],
            "lead_urn": lead_report["register_urn"],
        }
    )
    memberships = pd.concat(members, ignore_index=True) if members else pd.DataFrame(columns=["group_id", "urn"])
    lead_members = pd.DataFrame({"group_id": groups["group_id"], "urn": groups["lead_urn"]}).dropna()
    memberships = pd.concat([lead_members.assign(role="lead"), memberships.assign(role="member")], ignore_index=True)
    memberships = memberships[memberships["group_id"].isin(groups["group_id"])]
    memberships = memberships.drop_duplicates(["group_id", "urn"]).sort_values(["group_id", "role", "urn"])
    memberships = memberships.astype({"urn": "int64"}).reset_index(drop=True)
    hub_tables = Tables.from_frames(
        schools.reset_index(), groups, memberships, source=f"teaching school hubs over {tables.source}"
    )
    _warn(district_report, lead_report)
    return Hubs(hub_tables, district_report, lead_report)


def _lead_urns(leads: pd.DataFrame, source: object) -> pd.Series:
    """The lead schools' URNs as whole numbers; a SchemaError naming each line that has none."""
    file = Path(source).name if isinstance(source, (str, Path)) else "lead schools"
    lines = np.arange(2, len(leads) + 2)
    urns, problems = urn_problems(leads["lead_urn"].astype("string"), column="lead_urn", file=file, lines=lines)
    if problems:
        raise SchemaError(problems)
    return urns


def _km_to_region(leads: pd.DataFrame, members: pd.DataFrame, schools: pd.DataFrame) -> np.ndarray:
    """How far each lead is from the nearest school its region serves, in km (0 inside it; NaN if unknown)."""
    xy = schools.reindex(columns=["easting", "northing"]).astype(float)
    out = np.full(len(leads), np.nan)
    for i, (region, urn) in enumerate(zip(leads["region_code"], leads["register_urn"], strict=True)):
        if pd.isna(urn):
            continue
        here = xy.reindex([int(urn)]).to_numpy()
        there = xy.reindex(members.loc[members["group_id"] == f"HUB:{region}", "urn"]).dropna().to_numpy()
        if len(there) and not np.isnan(here).any():
            out[i] = round(float(km_apart(there, here).min()), 3)
    return out


def _distinct(schools: pd.DataFrame, column: str) -> list[object]:
    return schools[column].dropna().unique().tolist() if column in schools.columns else []


def _warn(districts: pd.DataFrame, leads: pd.DataFrame) -> None:
    parts = []
    lost = districts[districts["matched_as"] == "unmatched"]
    if len(lost):
        listed = ", ".join(f"{d!r} ({r})" for r, d in zip(lost["region_code"], lost["district"], strict=True))
        parts.append(f"{len(lost)} districts match no district or authority of the register: {listed}")
    shared = districts[districts["matched_as"] == "part"]
    if len(shared):
        parts.append(
            f"{len(shared)} districts are parts of a larger one, whose schools are members of every hub naming a part"
        )
    elsewhere = leads[leads["km_to_region"] > FAR_FROM_REGION_KM]
    if len(elsewhere):
        listed = ", ".join(
            f"{u} ({r}, in {la}, {km:.0f} km)"
            for r, u, la, km in zip(
                elsewhere["region_code"],
                elsewhere["register_urn"],
                elsewhere["lead_la"],
                elsewhere["km_to_region"],
                strict=True,
            )
        )
        parts.append(
            f"{len(elsewhere)} lead schools are more than {FAR_FROM_REGION_KM:g} km from every school their region "
            f"serves, so the URN may name a different school of the same name: {listed}"
        )
    missing = leads[leads["matched_as"] == "unmatched"]
    if len(missing):
        urns = ", ".join(f"{u} ({r})" for r, u in zip(missing["region_code"], missing["lead_urn"], strict=True))
        parts.append(f"{len(missing)} lead schools are not in the register, so their hubs have no lead: {urns}")
    if parts:
        warnings.warn(HubsWarning("; ".join(parts) + "; see Hubs.districts and Hubs.leads"), stacklevel=3)
