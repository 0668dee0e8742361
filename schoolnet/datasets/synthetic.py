"""A seeded synthetic network of schools at national scale.

:func:`synthetic` makes tables the size of England's state school system
(about 22,000 schools) in about a second, with group sizes like the national
picture, for benchmarks and tests at scale. Everything is vectorised: schools
are laid along a space-filling curve, and groups are runs along it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd
from scipy.spatial import KDTree

from .._validate import whole_number
from ..tables.tables import Tables
from ._common import OFSTED_ORDER, RURAL, URBAN, ids, random_dates

__all__ = ["synthetic"]

# England's extent on the British National Grid, roughly, in metres.
_ENGLAND: Final = (150_000.0, 50_000.0, 650_000.0, 650_000.0)
_PHASE_SHARES: Final = {
    "primary": 0.76,
    "secondary": 0.15,
    "special": 0.045,
    "nursery": 0.018,
    "alternative provision": 0.012,
    "all-through": 0.015,
}


def _morton(xy: np.ndarray) -> np.ndarray:
    """Z-order codes of points, so that sorting by them keeps neighbours together."""
    lo = xy.min(axis=0)
    span = np.maximum(xy.max(axis=0) - lo, 1.0)
    q = ((xy - lo) / span * 65_535).astype(np.uint64)
    code = np.zeros(len(xy), dtype=np.uint64)
    for bit in range(16):
        for axis in range(2):
            code |= ((q[:, axis] >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit + axis)
    return code


def _chunk_labels(n: int, sizes: np.ndarray) -> np.ndarray:
    """Label ``n`` consecutive items by cutting them into chunks of the given sizes."""
    return np.searchsorted(np.cumsum(sizes), np.arange(n), side="right")


def _member_frame(
    group_ids: np.ndarray, urns: np.ndarray, joined: np.ndarray | None = None, role: np.ndarray | None = None
) -> pd.DataFrame:
    n = len(urns)
    return pd.DataFrame(
        {
            "group_id": group_ids,
            "urn": urns,
            "joined": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]") if joined is None else joined,
            "left": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "role": np.full(n, "member", dtype=object) if role is None else role,
        }
    )


def synthetic(n_schools: int = 22_000, *, seed: int = 0) -> Tables:
    """Generate a seeded network of schools at any scale, by default England's.

    The schools sit in local authorities scattered across England's extent on
    the British National Grid. Group sizes follow the national picture:

    - clusters of 9 to 14 neighbouring schools, covering about 95% of schools;
    - multi-academy trusts for about 40% of schools, with a median of about
      5 academies and a few trusts of 50 to 100;
    - federations of 2 to 4 small primaries;
    - one teaching school hub per 245 schools (about 90 for England), each
      reaching the 200 to 300 schools nearest its lead;
    - brokered support from a nearby system leader for about 70% of the
      schools judged requires improvement or inadequate (a few thousand
      links), a fifth of which have ended.

    Parameters
    ----------
    n_schools : int, default 22_000
        How many schools.
    seed : int, default 0
        The seed; the same seed gives the same tables.

    Returns
    -------
    Tables
        Checked tables, named ``Synthetic school <urn>``.

    Examples
    --------
    >>> tables = synthetic(2_000, seed=1)
    >>> len(tables.schools)
    2000
    >>> sizes = tables.memberships.merge(tables.groups, left_on="group_id", right_index=True)
    >>> int(sizes[sizes["kind"] == "cluster"].groupby("group_id").size().max()) <= 15
    True
    """
    n_schools = whole_number("n_schools", n_schools, minimum=300, what="schools (for groups of realistic size)")
    rng = np.random.default_rng(seed)
    # Each step draws from ``rng`` in turn, so the order of the steps is part of what the seed gives.
    places = _places(rng, n_schools)
    schools = _schools(rng, places)
    order = np.lexsort((_morton(places.xy), places.la_index))  # schools in space-filling order within each LA
    hubs = _hubs(rng, places.xy, order, schools)
    tags = _designations(rng, schools, hubs.leads)
    clusters = _clusters(rng, order, places)
    trusts = _trusts(rng, order, places.xy)
    federations = _federations(rng, order, trusts.members, schools["phase"].to_numpy())
    support = _support(rng, places.xy, tags, schools["ofsted"].to_numpy())

    maintained = np.ones(n_schools, dtype=bool)
    maintained[trusts.members] = False
    schools["type"] = np.where(maintained, "Community school", "Academy converter").astype(object)
    schools["designations"] = _designation_text(tags, n_schools)
    schools = schools[list(_SCHOOL_COLUMNS)]
    urn = schools["urn"].to_numpy()
    parts = (clusters, trusts, federations, hubs)
    groups = pd.concat(
        [pd.DataFrame({"group_id": np.unique(part.group_ids), "kind": part.kind}) for part in parts],
        ignore_index=True,
    )
    groups["name"] = groups["group_id"]
    hub_names = ids("HUB", np.arange(1, len(hubs.leads) + 1))
    groups["lead_urn"] = groups["group_id"].map(pd.Series(urn[hubs.leads], index=hub_names)).astype("Int64")
    memberships = pd.concat(
        [_member_frame(part.group_ids, urn[part.members], joined=part.joined, role=part.role) for part in parts],
        ignore_index=True,
    )
    support["supporter_urn"] = urn[support["supporter_urn"].to_numpy()]
    support["supported_urn"] = urn[support["supported_urn"].to_numpy()]
    source = f"synthetic(n_schools={n_schools}, seed={seed})"
    return Tables.from_frames(schools, groups, memberships, support, source=source)


#: The columns of the schools table, in order.
_SCHOOL_COLUMNS: Final = (
    "urn",
    "name",
    "phase",
    "type",
    "la",
    "district",
    "easting",
    "northing",
    "ofsted",
    "pupils",
    "fsm_pct",
    "urban_rural",
    "religious_character",
    "designations",
)


@dataclass(frozen=True)
class _Places:
    """Where the schools are: their local authority, position, district and whether urban."""

    n_la: int
    la_index: np.ndarray
    xy: np.ndarray
    la: np.ndarray
    district: np.ndarray
    urban: np.ndarray


@dataclass(frozen=True)
class _Groups:
    """The memberships of one kind of group, as positions of schools."""

    kind: str
    group_ids: np.ndarray
    members: np.ndarray
    joined: np.ndarray | None = None
    role: np.ndarray | None = None
    leads: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))


def _places(rng: np.random.Generator, n: int) -> _Places:
    """Local authorities, each a cloud of schools around its centre, cut into six districts by angle."""
    n_la = max(2, round(n / 150))
    x0, y0, x1, y1 = _ENGLAND
    centres = np.column_stack(
        [rng.uniform(x0 + 20_000, x1 - 20_000, n_la), rng.uniform(y0 + 20_000, y1 - 20_000, n_la)]
    )
    la_index = rng.choice(n_la, size=n, p=rng.dirichlet(np.full(n_la, 8.0)))
    spread = rng.uniform(7_000, 16_000, n_la)[la_index]
    xy = centres[la_index] + rng.normal(0.0, 1.0, (n, 2)) * spread[:, None]
    xy = np.clip(xy, [x0, y0], [x1, y1]).round()
    offset = xy - centres[la_index]
    angle = np.arctan2(offset[:, 1], offset[:, 0])
    n_district = 6
    district_index = ((angle + np.pi) / (2 * np.pi) * n_district).astype(int) % n_district
    la = np.array([f"LA {i + 1:03d}" for i in range(n_la)], dtype=object)[la_index]
    district = la + ids(" district ", district_index + 1)
    urban = np.hypot(*offset.T) < spread * 0.8
    return _Places(n_la=n_la, la_index=la_index, xy=xy, la=la, district=district, urban=urban)


def _schools(rng: np.random.Generator, places: _Places) -> pd.DataFrame:
    """The schools' own columns: phase, size, free school meals and Ofsted grade."""
    n = len(places.xy)
    urn = 400_000 + np.arange(1, n + 1)
    phases = np.array(list(_PHASE_SHARES), dtype=object)
    phase = rng.choice(phases, size=n, p=np.array(list(_PHASE_SHARES.values())) / sum(_PHASE_SHARES.values()))
    base = {
        "primary": 240,
        "secondary": 1000,
        "special": 120,
        "nursery": 90,
        "alternative provision": 50,
        "all-through": 1400,
    }
    pupils = (np.vectorize(base.__getitem__)(phase) * rng.lognormal(0, 0.35, n)).round().astype(int)
    fsm = np.clip(rng.gamma(3.0, 7.0, n), 0.5, 80).round(1)
    ofsted = rng.choice(np.array(OFSTED_ORDER, dtype=object), size=n, p=[0.14, 0.64, 0.13, 0.04, 0.05])
    return pd.DataFrame(
        {
            "urn": urn,
            "name": ids("Synthetic school ", urn),
            "phase": phase,
            "la": places.la,
            "district": places.district,
            "easting": places.xy[:, 0],
            "northing": places.xy[:, 1],
            "ofsted": ofsted,
            "pupils": pupils,
            "fsm_pct": fsm,
            "urban_rural": np.where(places.urban, URBAN[0], RURAL[1]).astype(object),
            "religious_character": "Does not apply",
        }
    )


def _hubs(rng: np.random.Generator, xy: np.ndarray, order: np.ndarray, schools: pd.DataFrame) -> _Groups:
    """Teaching school hubs: leads spread evenly along the curve, each reaching the 200 to 300 nearest schools."""
    n = len(xy)
    phase, ofsted = schools["phase"].to_numpy(), schools["ofsted"].to_numpy()
    n_hubs = max(1, round(n / 245))
    candidates = order[(phase[order] == "secondary") & (ofsted[order] == "outstanding")]
    if len(candidates) < n_hubs:
        candidates = order[phase[order] == "secondary"]
    leads = candidates[np.linspace(0, len(candidates) - 1, n_hubs).round().astype(int)]
    reach = rng.integers(200, 301, n_hubs)
    near = np.asarray(KDTree(xy).query(xy[leads], k=int(min(n, reach.max() + 1)))[1], dtype=int)
    keep = np.arange(near.shape[1])[None, :] <= np.minimum(reach, near.shape[1] - 1)[:, None]
    members = near[keep]
    role = np.where(members == np.repeat(leads, keep.sum(axis=1)), "lead", "member").astype(object)
    group_ids = np.repeat(ids("HUB", np.arange(1, n_hubs + 1)), keep.sum(axis=1))
    return _Groups("hub", group_ids, members, role=role, leads=leads)


def _designations(rng: np.random.Generator, schools: pd.DataFrame, hub_leads: np.ndarray) -> dict[str, np.ndarray]:
    """Which schools hold each designation, as a boolean array per designation."""
    n = len(schools)
    ofsted = schools["ofsted"].to_numpy()
    strong = np.isin(ofsted, ["outstanding", "good"])
    return {
        "teaching school hub": np.isin(np.arange(n), hub_leads),
        "teaching school": strong & (rng.random(n) < 0.015),
        "NLE": (ofsted == "outstanding") & (rng.random(n) < 0.20),
        "LLE": strong & (rng.random(n) < 0.06),
        "SLE": strong & (rng.random(n) < 0.05),
    }


def _designation_text(tags: dict[str, np.ndarray], n: int) -> np.ndarray:
    """The designations of each school as the register writes them, separated by semicolons."""
    designations = np.full(n, "", dtype=object)
    for label, has in tags.items():
        designations = np.where(has, np.where(designations == "", label, designations + "; " + label), designations)
    return designations


def _clusters(rng: np.random.Generator, order: np.ndarray, places: _Places) -> _Groups:
    """Clusters: consecutive runs of 9 to 14 schools along the curve within each LA; 5% stay out."""
    n = len(order)
    la_index = places.la_index
    n_la = places.n_la
    position = np.empty(n, dtype=int)
    in_cluster = order[rng.random(n) >= 0.05]
    in_cluster = in_cluster[np.argsort(la_index[in_cluster] * n + np.arange(len(in_cluster)), kind="stable")]
    la_of = la_index[in_cluster]
    counts = np.bincount(la_of, minlength=n_la)
    per_la = np.maximum(1, np.round(counts / rng.uniform(9.5, 13.5, n_la))).astype(int)
    position[in_cluster] = np.arange(len(in_cluster)) - np.repeat(np.cumsum(counts) - counts, counts)
    local = (position[in_cluster] * per_la[la_of]) // np.maximum(counts[la_of], 1)
    return _Groups("cluster", ids("CL", (np.cumsum(per_la) - per_la)[la_of] + local + 1), in_cluster)


def _trusts(rng: np.random.Generator, order: np.ndarray, xy: np.ndarray) -> _Groups:
    """Multi-academy trusts: 40% of schools, in consecutive runs along a regional curve."""
    n = len(order)
    academies = order[rng.random(n) < 0.40]
    regional = np.lexsort((_morton(xy[academies]), (xy[academies, 0] // 120_000) * 10 + xy[academies, 1] // 120_000))
    academies = academies[regional]
    sizes = np.clip(np.round(rng.lognormal(np.log(5), 0.65, len(academies))), 2, 40).astype(int)
    big = rng.choice(len(sizes) // 8, size=max(1, n // 1500), replace=False)
    sizes[big] = rng.integers(50, 101, len(big))
    label = _chunk_labels(len(academies), sizes)
    joined = random_dates(rng, "2011-09-01", "2024-09-01", len(academies)).to_numpy()
    return _Groups("trust", ids("TR", label + 1), academies, joined=joined)


def _federations(rng: np.random.Generator, order: np.ndarray, academies: np.ndarray, phase: np.ndarray) -> _Groups:
    """Federations: small runs of 2 to 4 maintained primaries; a run left with one school is no federation."""
    n = len(order)
    maintained = np.ones(n, dtype=bool)
    maintained[academies] = False
    pool = order[maintained[order] & (phase[order] == "primary") & (rng.random(n) < 0.10)]
    label = _chunk_labels(len(pool), rng.integers(2, 5, len(pool)))
    ok = np.bincount(label)[label] >= 2
    return _Groups("federation", ids("FED", label + 1)[ok], pool[ok])


def _support(rng: np.random.Generator, xy: np.ndarray, tags: dict[str, np.ndarray], ofsted: np.ndarray) -> pd.DataFrame:
    """Support from a nearby system leader for 70% of schools in need; a fifth has ended.

    The URN columns hold the schools' positions, turned into URNs by the caller.
    """
    n = len(xy)
    leaders = np.flatnonzero(tags["NLE"] | tags["LLE"] | tags["teaching school"] | tags["teaching school hub"])
    need = np.flatnonzero(np.isin(ofsted, ["requires improvement", "inadequate"]) & (rng.random(n) < 0.7))
    options = np.asarray(KDTree(xy[leaders]).query(xy[need], k=min(5, len(leaders)))[1]).reshape(len(need), -1)
    supporter = leaders[options[np.arange(len(need)), rng.integers(0, options.shape[1], len(need))]]
    valid = supporter != need
    n_valid = int(valid.sum())
    start = random_dates(rng, "2022-09-01", "2025-06-30", n_valid).to_numpy()
    ended = rng.random(n_valid) < 0.2
    end = np.where(ended, start + np.timedelta64(300, "D"), np.datetime64("NaT"))
    return pd.DataFrame(
        {
            "support_id": [f"S{i + 1:05d}" for i in range(n_valid)],
            "supporter_urn": supporter[valid],
            "supported_urn": need[valid],
            "kind": "brokered",
            "start": start,
            "end": end,
            "focus": "leadership",
        }
    )
