"""Wexmoor: the fictional sample county bundled with schoolnet.

Wexmoor has about 400 schools in six districts, laid out over 60 km by 45 km
of the British National Grid: a county town, market towns, a coast and a
remote upland district. Its schools are in every phase, and its partnerships
are of every kind: clusters, teaching-school alliances, a teaching school hub,
multi-academy trusts, federations, a company the schools own, an association,
and brokered support.

It is imperfect on purpose, so that every analysis has something to find:

- the remote upland district of Fellside has schools in no cluster, far from
  any system leader, and none of the support brokered in the county reaches it;
- a cluster on the coast, in Saltmere, closed on 2023-08-31 and was not
  replaced;
- the Wexmoor Learning Trust has academies in every district of the county;
- a teaching-school alliance, a federation and some support links have ended.

Every name is made up, and a test checks that none is the name of a school in
the DfE register.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
from scipy.spatial import KDTree

from ..tables.schema import DESIGNATIONS, SYSTEM_LEADER_DESIGNATIONS, TABLES
from ..tables.tables import Tables
from ._common import OFSTED_ORDER, RURAL, URBAN, random_dates

__all__ = ["SAMPLE_FOLDER", "SAMPLE_SEED", "load_sample", "sample_county", "write_sample"]

#: The seed of the bundled sample.
SAMPLE_SEED: Final = 20_250_901

#: The folder of the repository where the sample's CSV files are committed.
SAMPLE_FOLDER: Final = Path(__file__).resolve().parents[2] / "data"

_LA: Final = "Wexmoor"
_FIRST_URN: Final = 910_001


@dataclass(frozen=True)
class _Town:
    name: str
    district: str
    easting: float
    northing: float
    radius_km: float
    primaries: int
    secondaries: int
    fsm: float
    others: str = ""  # other phases, separated by commas


# Six districts tile the county: three to the north, three to the south (west, east, south, north).
_DISTRICTS: Final = {
    "Fellside": (340_000, 442_500, 360_000, 465_000),
    "Marrowdale": (360_000, 442_500, 380_000, 465_000),
    "Kettleby": (380_000, 442_500, 400_000, 465_000),
    "Saltmere": (340_000, 420_000, 360_000, 442_500),
    "Brackenmoor": (360_000, 420_000, 380_000, 442_500),
    "Eastholme": (380_000, 420_000, 400_000, 442_500),
}
_VILLAGES: Final = {"Fellside": 38, "Marrowdale": 24, "Kettleby": 20, "Saltmere": 14, "Eastholme": 15, "Brackenmoor": 9}
_RURAL_SECONDARIES: Final = {"Fellside": 1, "Marrowdale": 1, "Kettleby": 1, "Saltmere": 1}
_AP, _SP, _NU, _AT = "alternative provision", "special", "nursery", "all-through"
_TOWNS: Final = (
    _Town("Brackenmoor", "Brackenmoor", 370_000, 431_000, 4.0, 44, 7, 24.0,
          f"{_SP},{_SP},{_SP},{_SP},{_NU},{_NU},{_NU},{_AP},{_AP},{_AT}"),
    _Town("Quarlton", "Brackenmoor", 363_000, 437_000, 2.5, 15, 3, 17.0, f"{_SP},{_NU}"),
    _Town("Saltmere", "Saltmere", 348_000, 428_000, 3.0, 27, 4, 31.0, f"{_SP},{_SP},{_NU},{_AP}"),
    _Town("Wrayness", "Saltmere", 344_500, 436_000, 2.0, 10, 2, 27.0),
    _Town("Eastholme", "Eastholme", 390_000, 432_000, 3.5, 33, 5, 19.0, f"{_SP},{_SP},{_SP},{_NU},{_AP},{_AT}"),
    _Town("Tolderby", "Eastholme", 395_000, 424_000, 2.0, 10, 2, 15.0),
    _Town("Kettleby", "Kettleby", 391_000, 455_000, 3.0, 26, 4, 14.0, f"{_SP},{_SP},{_NU},{_AP}"),
    _Town("Ormesfold", "Kettleby", 384_500, 461_500, 2.0, 9, 1, 12.0),
    _Town("Marrowdale", "Marrowdale", 371_000, 452_000, 2.5, 20, 3, 12.0, f"{_SP},{_SP},{_NU}"),
    _Town("Lathwick", "Marrowdale", 366_000, 460_000, 1.5, 6, 1, 10.0),
    _Town("Fellbeck", "Fellside", 352_000, 452_000, 1.5, 8, 1, 16.0, _SP),
)  # fmt: skip
# fmt: off
_AREAS: Final = (
    "Abbey", "Ashgrove", "Beacon", "Brookside", "Castle", "Chapel", "Cliff", "Common", "Croft", "Fold", "Gate",
    "Grange", "Heath", "Hill", "Kiln", "Lane", "Lea", "Lodge", "Marsh", "Meadow", "Mill", "Moss", "Mount",
    "Orchard", "Park", "Priory", "Ridge", "Rise", "Vale", "Well", "Wood", "Quay", "Tannery", "Weir", "Bridge",
    "Causeway", "Ropewalk", "Cross", "Garth", "Howe",
)
_VILLAGE_HEADS: Final = (
    "Quern", "Wrax", "Thrang", "Blen", "Skarth", "Yarn", "Cove", "Hask", "Ulv", "Gorm", "Fimb", "Drask", "Tarv",
    "Wenn", "Ostr", "Brill", "Keld", "Marn", "Snab", "Holv", "Ravel", "Cragg", "Lund", "Pell",
)
_VILLAGE_TAILS: Final = (
    "thwaite", "garth", "scale", "howe", "bottom", "ridding", "slack", "gill", "wray", "sike", "rigg", "fold",
)
# fmt: on
_FOCUS: Final = ("leadership", "maths", "reading", "SEND", "governance", "early years", "behaviour", "curriculum")
_PUPILS: Final = {
    "primary": (230, 0.35),
    "secondary": (1000, 0.30),
    "special": (120, 0.35),
    "nursery": (80, 0.25),
    "alternative provision": (45, 0.35),
    "all-through": (1500, 0.15),
}
_OFSTED_P: Final = {"remote": (0.08, 0.56, 0.26, 0.06, 0.04), "elsewhere": (0.16, 0.64, 0.13, 0.03, 0.04)}


def _place_schools(rng: np.random.Generator) -> pd.DataFrame:
    """Where each school is, its phase, and the place its name comes from."""
    rows: list[dict[str, object]] = []
    for town in _TOWNS:
        phases = (
            ["primary"] * town.primaries + ["secondary"] * town.secondaries + [p for p in town.others.split(",") if p]
        )
        areas = [str(a) for a in rng.permutation(np.array(_AREAS, dtype=object))]
        for i, phase in enumerate(phases):
            offset = rng.normal(0.0, town.radius_km * 500.0, size=2)
            prefix = ("", "North ", "South ", "East ", "West ")[i // len(areas)]
            rows.append({"place": f"{town.name} {prefix}{areas[i % len(areas)]}", "district": town.district,
                         "town": town.name, "phase": phase, "easting": town.easting + offset[0],
                         "northing": town.northing + offset[1], "fsm_base": town.fsm})  # fmt: skip
    villages = [str(v) for v in rng.permutation(np.array([h + t for h in _VILLAGE_HEADS for t in _VILLAGE_TAILS]))]
    for district, n in _VILLAGES.items():
        x0, y0, x1, y1 = _DISTRICTS[district]
        for i in range(n + _RURAL_SECONDARIES.get(district, 0)):
            rows.append({"place": villages.pop(), "district": district, "town": None,
                         "phase": "secondary" if i < _RURAL_SECONDARIES.get(district, 0) else "primary",
                         "easting": rng.uniform(x0 + 1_000, x1 - 1_000),
                         "northing": rng.uniform(y0 + 1_000, y1 - 1_000),
                         "fsm_base": 13.0 if district == "Fellside" else 9.0})  # fmt: skip
    return pd.DataFrame(rows)


def _describe_schools(rng: np.random.Generator, places: pd.DataFrame) -> pd.DataFrame:
    """Pupils, disadvantage, Ofsted, religious character and setting of each school."""
    n = len(places)
    phase = places["phase"].to_numpy(dtype=object)
    urban = places["town"].notna().to_numpy()
    pupils = np.array([rng.lognormal(np.log(_PUPILS[p][0]), _PUPILS[p][1]) for p in phase])
    pupils = np.where(~urban & (phase == "primary"), pupils * 0.45, pupils).round().astype(int)
    fsm = np.clip(places["fsm_base"].to_numpy() + rng.normal(0, 5.5, n), 2.0, 65.0)
    fsm = np.where(np.isin(phase, ["special", "alternative provision"]), np.minimum(fsm * 1.6, 70), fsm).round(1)
    remote = (places["district"] == "Fellside").to_numpy() & ~urban
    grades = np.array(OFSTED_ORDER, dtype=object)
    ofsted = np.where(
        remote, rng.choice(grades, n, p=_OFSTED_P["remote"]), rng.choice(grades, n, p=_OFSTED_P["elsewhere"])
    )
    faiths = np.array(["Does not apply", "Church of England", "Roman Catholic"], dtype=object)
    faith = rng.choice(faiths, n, p=[0.62, 0.28, 0.10])
    faith = np.where(np.isin(phase, ["primary", "secondary"]), faith, faiths[0])
    faith = np.where((phase == "secondary") & (faith == faiths[1]), faiths[0], faith)
    setting = np.where(
        urban,
        rng.choice(np.array(URBAN, dtype=object), n, p=[0.85, 0.15]),
        rng.choice(np.array(RURAL, dtype=object), n, p=[0.3, 0.55, 0.15]),
    )
    return pd.DataFrame({"pupils": pupils, "fsm_pct": fsm, "ofsted": ofsted,
                         "religious_character": faith, "urban_rural": setting})  # fmt: skip


def _school_name(place: str, phase: str, faith: str, academy: bool) -> str:
    faith_word = {"Church of England": " CofE", "Roman Catholic": " Catholic"}.get(faith, "")
    school = "Academy" if academy else "School"
    names = {
        "primary": f"{place}{faith_word} Primary {school}",
        "secondary": f"{place}{faith_word} {'Academy' if academy else 'High School'}",
        "special": f"{place} Special School",
        "nursery": f"{place} Nursery School",
        "alternative provision": f"{place} Learning Centre",
        "all-through": f"{place} All-Through {school}",
    }
    return names[phase]


def _school_type(phase: str, faith: str, academy: bool, sponsored: bool) -> str:
    if academy:
        return "Academy sponsor led" if sponsored else "Academy converter"
    by_phase = {"special": "Community special school", "nursery": "Local authority nursery school",
                "alternative provision": "Pupil referral unit"}  # fmt: skip
    by_faith = {"Roman Catholic": "Voluntary aided school", "Church of England": "Voluntary controlled school"}
    return by_phase.get(phase) or by_faith.get(faith, "Community school")


def _bisect_groups(xy: np.ndarray, max_size: int = 15) -> np.ndarray:
    """Split points into compact groups of at most ``max_size`` by halving along the longer side.

    Every group of a set of more than ``max_size // 2`` points has between
    half of ``max_size`` and ``max_size`` points. Returns a label per point.
    """
    labels = np.zeros(len(xy), dtype=int)
    todo = [np.arange(len(xy))]
    next_label = 0
    while todo:
        idx = todo.pop()
        if len(idx) <= max_size:
            labels[idx] = next_label
            next_label += 1
            continue
        axis = int(np.argmax(np.ptp(xy[idx], axis=0)))
        order = idx[np.argsort(xy[idx, axis], kind="stable")]
        todo.extend([order[len(order) // 2 :], order[: len(order) // 2]])
    return labels


class _County:
    """Builds Wexmoor's tables step by step from one random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        places = _place_schools(self.rng)
        self.schools = pd.concat([places, _describe_schools(self.rng, places)], axis=1)
        self.urn = _FIRST_URN + np.arange(len(self.schools))
        self.xy = places[["easting", "northing"]].to_numpy(dtype=float).round()
        self.tree = KDTree(self.xy)
        self.district = places["district"].to_numpy(dtype=object)
        self.phase = places["phase"].to_numpy(dtype=object)
        self.town = places["town"].to_numpy(dtype=object)
        self.rural = places["town"].isna().to_numpy()
        self.ofsted = self.schools["ofsted"].to_numpy(dtype=object)
        fellbeck = np.array([352_000.0, 452_000.0])
        self.remote = (self.district == "Fellside") & self.rural & (np.hypot(*(self.xy - fellbeck).T) > 6_000)
        self.designations: list[set[str]] = [set() for _ in range(len(self.schools))]
        self.in_trust = np.zeros(len(self.schools), dtype=bool)
        self.sponsored = np.zeros(len(self.schools), dtype=bool)
        self.groups: list[dict[str, object]] = []
        self.members: list[dict[str, object]] = []
        self.support: list[dict[str, object]] = []

    def _place(self, pos: int) -> str:
        return str(self.schools["place"].iloc[pos])

    def _nearest(self, pos: int, k: int) -> np.ndarray:
        """Positions of the ``k`` schools nearest to one, itself first."""
        return np.asarray(self.tree.query(self.xy[pos], k=k)[1], dtype=int).reshape(-1)

    def pick(self, options: np.ndarray, size: int) -> np.ndarray:
        """Positions drawn without replacement."""
        return np.asarray(self.rng.choice(options, size=min(size, len(options)), replace=False), dtype=int)

    def add_group(self, gid: str, kind: str, name: str, positions: list[int] | np.ndarray, *,
                  lead: int | None = None, opened: str | None = None, closed: str | None = None,
                  joined: pd.Series | None = None) -> None:  # fmt: skip
        lead_urn = None if lead is None else int(self.urn[lead])
        self.groups.append({"group_id": gid, "kind": kind, "name": name, "lead_urn": lead_urn,
                            "opened": opened, "closed": closed})  # fmt: skip
        for i, pos in enumerate(positions):
            self.members.append({"group_id": gid, "urn": int(self.urn[pos]),
                                 "joined": None if joined is None else joined.iloc[i].date().isoformat(),
                                 "left": None, "role": "lead" if pos == lead else "member"})  # fmt: skip

    def _outstanding_in(self, where: np.ndarray, *, first: bool = False) -> int:
        """An outstanding school among some; if there is none, the best judged of them is made outstanding."""
        options = np.flatnonzero(where & (self.ofsted == "outstanding"))
        if len(options):
            return int(options[0] if first else self.pick(options, 1)[0])
        grades = pd.Series(self.ofsted[where]).map({"good": 0, "requires improvement": 1, "inadequate": 2}).fillna(3)
        best = int(np.flatnonzero(where)[int(np.argmin(grades.to_numpy()))])
        self.ofsted[best] = "outstanding"
        self.schools.loc[best, "ofsted"] = "outstanding"
        return best

    def designate(self) -> None:
        """A hub, five teaching schools, NLEs, LLEs, SLEs and NLGs. Fellside has no system leader."""
        self.hub = self._outstanding_in((self.town == "Brackenmoor") & (self.phase == "secondary"), first=True)
        self.designations[self.hub].add("teaching school hub")
        not_hub = np.arange(len(self.schools)) != self.hub
        self.teaching = [
            self._outstanding_in((self.town == name) & not_hub)
            for name in ("Brackenmoor", "Eastholme", "Kettleby", "Marrowdale", "Saltmere")
        ]
        outstanding = (self.ofsted == "outstanding") & (self.district != "Fellside")
        strong = np.isin(self.ofsted, ["outstanding", "good"])
        for pos in self.teaching:
            self.designations[pos].add("teaching school")
        pools = {
            "NLE": (8, np.flatnonzero(outstanding)),
            "LLE": (14, np.flatnonzero(strong & (self.district != "Fellside") & ~self.rural)),
            "SLE": (10, np.flatnonzero(strong)),
            "NLG": (2, np.flatnonzero(outstanding)),
        }
        for label, (count, pool) in pools.items():
            for pos in self.pick(pool, count):
                self.designations[pos].add(label)
        self.leaders = np.array([bool(d & SYSTEM_LEADER_DESIGNATIONS) for d in self.designations])

    def clusters(self) -> None:
        """Compact groups of 8 to 15 schools in each district; remote villages and a few others join none."""
        declined = np.zeros(len(self.schools), dtype=bool)
        declined[self.pick(np.flatnonzero(~self.remote & (self.phase == "primary")), 4)] = True
        declined[self.pick(np.flatnonzero(self.phase == "alternative provision"), 2)] = True
        clustered = ~self.remote & ~declined & (self.phase != "nursery")
        number = 0
        for name in _DISTRICTS:
            in_district = np.flatnonzero(clustered & (self.district == name))
            labels = _bisect_groups(self.xy[in_district])
            for label in np.unique(labels):
                number += 1
                closed = "2023-08-31" if name == "Saltmere" and label == 0 else None
                self.add_group(f"CL{number:02d}", "cluster", f"{name} cluster {label + 1}",
                               in_district[labels == label], opened="2014-09-01", closed=closed)  # fmt: skip

    def alliances(self) -> None:
        """Each teaching school leads some of the schools within 12 km; Kettleby's alliance ended in 2021."""
        for i, pos in enumerate(self.teaching, start=1):
            near = np.array(self.tree.query_ball_point(self.xy[pos], 12_000))
            chosen = np.sort(self.pick(near[near != pos], int(self.rng.integers(18, 32))))
            closed = "2021-08-31" if self.district[pos] == "Kettleby" else None
            name = f"{self._place(pos)} Teaching School Alliance"
            self.add_group(f"TSA{i}", "alliance", name, [pos, *chosen], lead=pos, opened="2013-09-01", closed=closed)

    def hub_reach(self) -> None:
        """The teaching school hub reaches the 200 schools nearest its lead."""
        nearest = self._nearest(self.hub, 201)
        positions = [self.hub, *np.sort(nearest[1:])]
        joined = random_dates(self.rng, "2021-09-01", "2023-07-31", len(positions))
        joined.iloc[0] = pd.Timestamp("2021-09-01")  # the lead from the day the hub opened
        self.add_group("HUB1", "hub", "Wexmoor Teaching School Hub", positions, lead=self.hub,
                       opened="2021-09-01", joined=joined)  # fmt: skip

    def trusts(self) -> None:
        """A trust spread over the whole county, a diocesan trust, and local trusts of neighbours."""
        mainstream = np.isin(self.phase, ["primary", "secondary"])
        wide = np.concatenate(
            [self.pick(np.flatnonzero(mainstream & ~self.remote & (self.district == d)), 4) for d in _DISTRICTS]
        )
        catholic = np.flatnonzero((self.schools["religious_character"] == "Roman Catholic").to_numpy())
        catholic = catholic[~np.isin(catholic, wide)][:9]
        trusts = [("TR01", "Wexmoor Learning Trust", wide), ("TR02", "Holy Fells Catholic Academy Trust", catholic)]
        self.in_trust[np.concatenate([wide, catholic])] = True
        for i, size in enumerate((2, 3, 3, 4, 4, 5, 5, 6, 8, 11), start=3):
            free = np.flatnonzero(~self.in_trust & np.isin(self.phase, ["primary", "secondary", "special"]))
            first = int(self.pick(free, 1)[0])
            order = self._nearest(first, len(self.schools))
            same = [int(p) for p in order if not self.in_trust[p] and self.district[p] == self.district[first]]
            self.in_trust[same[:size]] = True
            name = f"{self._place(first).split()[-1]} Multi-Academy Trust"
            trusts.append((f"TR{i:02d}", name, np.array(same[:size])))
        for gid, name, positions in trusts:
            joined = random_dates(self.rng, "2012-09-01", "2024-04-01", len(positions))
            self.add_group(gid, "trust", name, positions, opened="2012-09-01", joined=joined)
        self.sponsored[self.pick(np.flatnonzero(self.in_trust), 12)] = True
        # One academy moved from one trust to another in 2022.
        mover = next(m for m in self.members if m["group_id"] == "TR05")
        mover["left"] = "2022-08-31"
        if str(mover["joined"]) > "2022-08-31":
            mover["joined"] = "2018-09-01"
        self.members.append({"group_id": "TR03", "urn": mover["urn"], "joined": "2022-09-01", "left": None,
                             "role": "member"})  # fmt: skip

    def federations(self) -> None:
        """Small rural primaries sharing a governing body; the last one dissolved in 2022."""
        federated = self.in_trust | self.remote | ~self.rural | (self.phase != "primary")
        for i in range(1, 9):
            first = int(self.pick(np.flatnonzero(~federated), 1)[0])
            order = self._nearest(first, 6)
            partners = [int(p) for p in order[1:] if not federated[p]][: int(self.rng.integers(1, 3))]
            positions = [first, *(partners or [int(order[1])])]
            federated[positions] = True
            opened = f"{2010 + int(self.rng.integers(0, 10))}-09-01"
            name = f"{self._place(first)} Federation"
            self.add_group(f"FED{i}", "federation", name, positions, opened=opened,
                           closed="2022-07-31" if i == 8 else None)  # fmt: skip

    def company_and_association(self) -> None:
        """A company that ten Eastholme primaries own, and the special schools' association."""
        east = self.pick(np.flatnonzero((self.town == "Eastholme") & (self.phase == "primary")), 10)
        self.add_group("CO1", "company", "Eastholme Schools Partnership Ltd", np.sort(east), opened="2016-04-01")
        special = np.flatnonzero(self.phase == "special")
        self.add_group("AS1", "association", "Wexmoor Special Schools Association", special, opened="2009-01-01")

    def add_support(self, supporter: int, supported: int, kind: str, start: pd.Timestamp, *,
                    end: pd.Timestamp | None = None, focus: str | None = None) -> None:  # fmt: skip
        focus = focus or str(self.rng.choice(np.array(_FOCUS, dtype=object)))
        self.support.append({"supporter_urn": int(self.urn[supporter]), "supported_urn": int(self.urn[supported]),
                             "kind": kind, "start": start.date().isoformat(),
                             "end": None if end is None else end.date().isoformat(), "focus": focus})  # fmt: skip

    def brokered_support(self) -> None:
        """Most schools in need outside Fellside get a nearby system leader; some good schools help neighbours."""
        need = np.flatnonzero(
            np.isin(self.ofsted, ["requires improvement", "inadequate"]) & (self.district != "Fellside")
        )
        leaders = np.flatnonzero(self.leaders)
        leader_tree = KDTree(self.xy[leaders])
        for pos in need:
            if self.rng.random() > 0.7:
                continue
            options = np.asarray(leader_tree.query(self.xy[pos], k=4)[1])
            helper = int(leaders[int(self.rng.choice(options))])
            held = self.designations[helper]
            kind = "nle" if "NLE" in held else "lle" if "LLE" in held else "brokered"
            start = random_dates(self.rng, "2023-01-09", "2025-06-30", 1).iloc[0]
            ended = self.rng.random() < 0.2
            self.add_support(helper, int(pos), kind, start, end=start + pd.Timedelta(days=300) if ended else None)
            if self.ofsted[pos] == "inadequate":
                self.add_support(self.hub, int(pos), "progress_board", start, focus="leadership")
        good = np.flatnonzero((self.ofsted == "good") & ~self.leaders & (self.district != "Fellside"))
        for pos in self.pick(good, 8):
            order = self._nearest(int(pos), 8)
            weaker = [int(p) for p in order[1:] if self.ofsted[p] in ("requires improvement", "none")]
            start = random_dates(self.rng, "2022-09-01", "2025-03-31", 1).iloc[0]
            self.add_support(int(pos), weaker[0] if weaker else int(order[1]), "brokered", start)

    def tables(self) -> dict[str, pd.DataFrame]:
        academy = self.in_trust & np.isin(self.phase, ["primary", "secondary", "all-through", "special"])
        faith = self.schools["religious_character"].to_numpy(dtype=object)
        columns = zip(self.schools["place"], self.phase, faith, academy, self.sponsored, strict=True)
        names, types = zip(
            *((_school_name(p, ph, f, bool(a)), _school_type(ph, f, bool(a), bool(s))) for p, ph, f, a, s in columns),
            strict=True,
        )
        schools = self.schools.assign(
            urn=self.urn, name=names, type=types, la=_LA, easting=self.xy[:, 0].astype(int),
            northing=self.xy[:, 1].astype(int),
            designations=["; ".join(d for d in DESIGNATIONS if d in held) for held in self.designations],
        )  # fmt: skip
        support = pd.DataFrame(self.support).sort_values(["start", "supporter_urn", "supported_urn"], kind="stable")
        support.insert(0, "support_id", [f"S{i:03d}" for i in range(1, len(support) + 1)])
        return {
            "schools": schools[list(TABLES["schools"].names)].reset_index(drop=True),
            "groups": pd.DataFrame(self.groups),
            "memberships": pd.DataFrame(self.members),
            "support": support.reset_index(drop=True),
        }


def sample_county(seed: int = SAMPLE_SEED) -> dict[str, pd.DataFrame]:
    """Generate the four tables of the fictional county of Wexmoor.

    Parameters
    ----------
    seed : int, default SAMPLE_SEED
        The seed. The bundled sample uses :data:`SAMPLE_SEED`; the same seed
        always gives the same tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        The ``schools``, ``groups``, ``memberships`` and ``support`` tables
        as they are written to CSV, not yet checked (see :func:`load_sample`).

    Examples
    --------
    >>> frames = sample_county()
    >>> sorted(frames)
    ['groups', 'memberships', 'schools', 'support']
    >>> frames["schools"]["urn"].is_unique
    True
    """
    county = _County(seed)
    county.designate()
    county.clusters()
    county.alliances()
    county.hub_reach()
    county.trusts()
    county.federations()
    county.company_and_association()
    county.brokered_support()
    return county.tables()


def load_sample() -> Tables:
    """Load the sample county of Wexmoor.

    The county is fictional: its schools, names and partnerships are made up
    by :func:`sample_county` with :data:`SAMPLE_SEED`, and the same tables are
    committed as CSV files in the repository's ``data/`` folder.

    Returns
    -------
    Tables
        About 400 schools in six districts, with every kind of partnership.

    Examples
    --------
    >>> import schoolnet
    >>> tables = schoolnet.load_sample()
    >>> sorted(tables.schools["district"].unique())
    ['Brackenmoor', 'Eastholme', 'Fellside', 'Kettleby', 'Marrowdale', 'Saltmere']
    >>> sorted(tables.groups["kind"].unique())
    ['alliance', 'association', 'cluster', 'company', 'federation', 'hub', 'trust']
    """
    return Tables.from_frames(**sample_county(SAMPLE_SEED), source="schoolnet sample county (Wexmoor, fictional)")


def write_sample(folder: str | Path = SAMPLE_FOLDER, *, seed: int = SAMPLE_SEED) -> Path:
    """Write the sample county's tables as CSV files.

    Parameters
    ----------
    folder : str or pathlib.Path, default SAMPLE_FOLDER
        Where to write ``schools.csv``, ``groups.csv``, ``memberships.csv``
        and ``support.csv``.
    seed : int, default SAMPLE_SEED
        The seed; the same seed writes byte-identical files.

    Returns
    -------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_sample(tempfile.mkdtemp())
    >>> (folder / "schools.csv").read_text().splitlines()[0]
    'urn,name,phase,type,la,district,easting,northing,ofsted,pupils,fsm_pct,urban_rural,religious_character,designations'
    """
    return Tables.from_frames(**sample_county(seed), source="sample").to_folder(folder)
