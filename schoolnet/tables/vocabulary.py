"""The vocabularies of schoolnet: the values its categorical columns take.

Phases, Ofsted judgements, system-leadership designations, kinds of group and
of tie, the roles of a school in a group, and the tie strength of each kind.
:func:`normalise_category` maps the spellings found in real files onto them
(``"RI"`` for requires improvement, ``"MAT"`` for trust). The table schemas
that use them are in :mod:`schoolnet.tables.schema`, which re-exports every name here.

Examples
--------
>>> import pandas as pd
>>> normalise_category(pd.Series(["Primary", "PRU"]), "phase", PHASES).tolist()
['primary', 'alternative provision']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from .._text import OBJECT, fold, per_distinct

__all__ = [
    "DEFAULT_EXPANSION",
    "DEFAULT_TIE_STRENGTH",
    "DESIGNATIONS",
    "EDGE_KINDS",
    "EXPANSIONS",
    "GROUP_KINDS",
    "IN_NEED_OFSTED",
    "OFSTED",
    "OFSTED_CONCERNS",
    "OFSTED_GRADE",
    "PHASES",
    "REPORT_CARD_GRADES",
    "REPORT_CARD_WORDS",
    "ROLES",
    "STRONG_OFSTED",
    "SUPPORT",
    "SYNONYMS",
    "SYSTEM_LEADER_DESIGNATIONS",
    "designation_sets",
    "holds_any",
    "is_urban",
    "normalise_category",
    "read_designations",
]

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

#: Phases of education. ``special`` and ``alternative provision`` are listed as
#: phases because analysts compare them as such, although the DfE register
#: records them as types.
PHASES: Final = (
    "nursery",
    "primary",
    "middle",
    "secondary",
    "all-through",
    "16 plus",
    "special",
    "alternative provision",
    "not applicable",
)

#: Ofsted overall effectiveness judgements, best first; ``none`` means no
#: graded judgement is on record.
OFSTED: Final = ("outstanding", "good", "requires improvement", "inadequate", "none")

#: The five-point scale of Ofsted's report cards, from November 2025, best
#: first: one grade per evaluation area, and no overall grade. A school's
#: ``ofsted`` column holds no report-card grade (it is ``none``); where a file
#: gives one there, it is kept as text in ``ofsted_raw``.
REPORT_CARD_GRADES: Final = (
    "exceptional",
    "strong standard",
    "expected standard",
    "needs attention",
    "urgent improvement",
)

#: Every value of a report card's area as Ofsted writes it in its management information: the five-point scale,
#: "Met" or "Not met" for safeguarding standards, and "Not applicable" (an area a school does not have, such as
#: post-16 provision in a primary school).
REPORT_CARD_WORDS: Final = (
    "Exceptional",
    "Strong standard",
    "Expected standard",
    "Needs attention",
    "Urgent improvement",
    "Met",
    "Not met",
    "Not applicable",
)

#: Ofsted's categories of concern, by the codes and words its files use for them.
OFSTED_CONCERNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "sm": "special measures",
        "special measures": "special measures",
        "swk": "serious weaknesses",
        "serious weaknesses": "serious weaknesses",
    }
)

#: Ofsted grade numbers (1 is outstanding). ``none`` has no grade.
OFSTED_GRADE: Final[Mapping[str, int]] = MappingProxyType(
    {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4}
)

#: Judgements of a school that can support others.
STRONG_OFSTED: Final = frozenset({"outstanding", "good"})

#: Judgements of a school in need of support.
IN_NEED_OFSTED: Final = frozenset({"requires improvement", "inadequate"})

#: System-leadership designations a school can hold.
DESIGNATIONS: Final = ("teaching school hub", "teaching school", "NLE", "LLE", "SLE", "NLG")

#: Designations that make a school a system leader: it leads support for others.
SYSTEM_LEADER_DESIGNATIONS: Final = frozenset({"teaching school hub", "teaching school", "NLE", "LLE"})

#: Ways to turn a group's members into ties.
EXPANSIONS: Final = ("clique", "star", "none")

#: Kinds of group, each with its default expansion into ties.
#:
#: ``clique``
#:     every member is tied to every other: the members work together as
#:     equals (a cluster whose heads meet, a trust board, a shared governing
#:     body, a company the schools own together);
#: ``star``
#:     the lead is tied to each member: an alliance or hub works through its
#:     lead school, and a clique of a 250-school hub would be a modelling
#:     error as well as a cost;
#: ``none``
#:     membership is recorded but makes no tie between schools: a single-academy
#:     trust has one member, a sponsor or umbrella trust is a sponsor rather than
#:     a partnership, a phase association is a county-wide forum.
DEFAULT_EXPANSION: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cluster": "clique",
        "trust": "clique",
        "federation": "clique",
        "company": "clique",
        "other": "clique",
        "alliance": "star",
        "hub": "star",
        "association": "none",
        "single_academy_trust": "none",
        "sponsor": "none",
        "umbrella_trust": "none",
        "childrens_centres": "none",
    }
)

#: Kinds of group.
GROUP_KINDS: Final = tuple(DEFAULT_EXPANSION)

#: The edge kind of a brokered or designated support link.
SUPPORT: Final = "support"

#: Kinds an edge can have: every group kind, and ``support``.
EDGE_KINDS: Final = (*GROUP_KINDS, SUPPORT)

#: Default strength of one tie of each kind, used when parallel ties are
#: collapsed into one weighted edge (:func:`schoolnet.collapse`). The scale is
#: ordinal: a shared governing body (3) binds schools more than a trust board
#: or a brokered support link (2), which binds more than a formal company
#: (1.5), which binds more than a cluster, alliance or other group (1), which
#: binds more than a hub's reach or a county-wide association (0.5).
DEFAULT_TIE_STRENGTH: Final[Mapping[str, float]] = MappingProxyType(
    {
        "federation": 3.0,
        "trust": 2.0,
        SUPPORT: 2.0,
        "company": 1.5,
        "cluster": 1.0,
        "alliance": 1.0,
        "other": 1.0,
        "hub": 0.5,
        "association": 0.5,
        "single_academy_trust": 1.0,
        "sponsor": 1.0,
        "umbrella_trust": 1.0,
        "childrens_centres": 1.0,
    }
)

#: Roles of a school in a group.
ROLES: Final = ("lead", "member")

#: Other spellings of the values of some columns, by column.
SYNONYMS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "phase": {
            "middle deemed primary": "middle",
            "middle deemed secondary": "middle",
            "all through": "all-through",
            "allthrough": "all-through",
            "16+": "16 plus",
            "post 16": "16 plus",
            "sixth form": "16 plus",
            "pru": "alternative provision",
            "pupil referral unit": "alternative provision",
            "ap": "alternative provision",
            "n/a": "not applicable",
        },
        "ofsted": {
            "1": "outstanding",
            "2": "good",
            "3": "requires improvement",
            "4": "inadequate",
            "ri": "requires improvement",
            "satisfactory": "requires improvement",
            "serious weaknesses": "inadequate",
            "special measures": "inadequate",
            "not reported": "none",
            "no judgement": "none",
            "not yet inspected": "none",
            "not judged": "none",
            "no grade": "none",
            "no overall grade": "none",
            "": "none",
        },
        "designations": {
            "teaching school hub": "teaching school hub",
            "tsh": "teaching school hub",
            "hub": "teaching school hub",
            "teaching school": "teaching school",
            "ts": "teaching school",
            "tsa": "teaching school",
            "nle": "NLE",
            "national leader of education": "NLE",
            "lle": "LLE",
            "local leader of education": "LLE",
            "sle": "SLE",
            "specialist leader of education": "SLE",
            "nlg": "NLG",
            "national leader of governance": "NLG",
        },
        "kind": {
            "teaching school alliance": "alliance",
            "tsa": "alliance",
            "teaching school hub": "hub",
            "multi-academy trust": "trust",
            "multi academy trust": "trust",
            "mat": "trust",
            "foundation trust": "trust",
            "single-academy trust": "single_academy_trust",
            "single academy trust": "single_academy_trust",
            "sat": "single_academy_trust",
            "school sponsor": "sponsor",
            "umbrella trust": "umbrella_trust",
            "children's centres group": "childrens_centres",
            "children's centres collaboration": "childrens_centres",
            "phase association": "association",
        },
        "role": {"leader": "lead", "led by": "lead", "": "member"},
    }
)


# ---------------------------------------------------------------------------
# Normalising values
# ---------------------------------------------------------------------------

_LIST_SEPARATORS = re.compile(r"[;,|]")


def normalise_category(values: pd.Series, column: str, vocabulary: Sequence[str]) -> pd.Series:
    """Map the spellings of a categorical column onto its vocabulary.

    Matching ignores case, spacing, underscores and hyphens, and knows common
    synonyms (``"RI"`` for requires improvement, ``"MAT"`` for trust,
    ``"PRU"`` for alternative provision). A value that matches nothing is left
    as it is, for the caller to report.

    Parameters
    ----------
    values : pandas.Series
        Raw values.
    column : str
        The column's name, which selects the synonyms (``phase``, ``ofsted``,
        ``kind``, ``role``, ``designations``).
    vocabulary : sequence of str
        The values allowed.

    Returns
    -------
    pandas.Series
        The values, mapped to the vocabulary where they match it.

    Examples
    --------
    >>> normalise_category(pd.Series(["Good", "RI", "Special Measures"]), "ofsted", OFSTED).tolist()
    ['good', 'requires improvement', 'inadequate']
    """
    lookup: dict[str, str] = {}
    for word in vocabulary:
        lookup[fold(word)] = word
    for spelling, word in SYNONYMS.get(column, {}).items():
        lookup[fold(spelling)] = word
    return per_distinct(values, lambda v: lookup.get(fold(v), v) if isinstance(v, str) else v)


def designation_sets(values: pd.Series) -> pd.Series:
    """Split a ``designations`` column into sets of designations.

    Parameters
    ----------
    values : pandas.Series
        A checked ``designations`` column: designations separated by ``"; "``.

    Returns
    -------
    pandas.Series
        A frozenset of designations per school; empty where there is none.

    Examples
    --------
    >>> [sorted(held) for held in designation_sets(pd.Series(["teaching school; NLE", ""]))]
    [['NLE', 'teaching school'], []]
    """
    # Few distinct values occur: split each once.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    split = [
        frozenset(p.strip() for p in v.split(";") if p.strip()) if isinstance(v, str) else frozenset() for v in distinct
    ]
    sets = np.array([*split, frozenset()], dtype=object)
    return pd.Series(sets[codes], index=values.index, name=values.name, dtype=object)


def holds_any(values: pd.Series, designations: Collection[str]) -> np.ndarray:
    """Whether each school holds any of some designations, from a ``designations`` column.

    Parameters
    ----------
    values : pandas.Series
        A checked ``designations`` column, as :func:`designation_sets` reads it.
    designations : collection of str
        The designations looked for.

    Returns
    -------
    numpy.ndarray
        Boolean, in the order of ``values``.

    Examples
    --------
    >>> holds_any(pd.Series(["teaching school; NLE", "", None]), {"NLE"}).tolist()
    [True, False, False]
    """
    # Few distinct values occur: look in each once.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    wanted = frozenset(designations)
    found = [bool(held & wanted) for held in designation_sets(pd.Series(distinct, dtype=object))]
    flags: np.ndarray = np.array([*found, False], dtype=bool)[codes]
    return flags


def is_urban(values: pd.Series) -> pd.Series:
    """Say whether each urban/rural classification is urban.

    The DfE register uses the ONS rural-urban classification, whose labels
    start with "Urban" or "Rural" (after an optional "(England/Wales) ").

    Parameters
    ----------
    values : pandas.Series
        An ``urban_rural`` column.

    Returns
    -------
    pandas.Series
        A float series: 1.0 for urban, 0.0 for rural, NaN where unknown.

    Examples
    --------
    >>> is_urban(pd.Series(["(England/Wales) Urban city and town", "Rural village", None])).tolist()
    [1.0, 0.0, nan]
    """
    text = values.astype(OBJECT).map(lambda v: v.lower() if isinstance(v, str) else "")
    urban = text.str.contains("urban", regex=False)
    rural = text.str.contains("rural", regex=False)
    return pd.Series(np.where(urban, 1.0, np.where(rural, 0.0, np.nan)), index=values.index)


def read_designations(values: pd.Series, vocabulary: Sequence[str] = DESIGNATIONS) -> tuple[pd.Series, np.ndarray]:
    """Read a column of designations, each a list such as ``"NLE; teaching school"``.

    Matching ignores case and spacing and knows common synonyms (``"NLE"``
    for national leader of education); lists may be separated by ``;``,
    ``,`` or ``|``. Each list is written back in the vocabulary's order.

    Parameters
    ----------
    values : pandas.Series
        Raw values; blanks are ``None`` or NaN.
    vocabulary : sequence of str, default DESIGNATIONS
        The designations allowed.

    Returns
    -------
    text : pandas.Series
        The designations recognised, ``"; "``-separated; ``None`` where blank.
    bad : numpy.ndarray
        Whether each value also names something that is not a designation.

    Examples
    --------
    >>> text, bad = read_designations(pd.Series(["nle, Teaching School", "NLE; wizard", None]))
    >>> text.tolist(), bad.tolist()
    (['teaching school; NLE', 'NLE', None], [False, True, False])
    """
    order = {d: i for i, d in enumerate(vocabulary)}
    lookup = {fold(d): d for d in vocabulary}
    lookup.update({fold(k): v for k, v in SYNONYMS["designations"].items()})

    def read(value: object) -> tuple[str | None, bool]:
        if value is None:
            return None, False
        found = [lookup.get(fold(t)) for t in _LIST_SEPARATORS.split(str(value)) if t.strip()]
        known = "; ".join(sorted({f for f in found if f is not None}, key=order.__getitem__))
        return known, any(f is None for f in found)

    pairs = per_distinct(values.where(values.notna(), None), read)
    bad = np.fromiter((b for _, b in pairs), dtype=bool, count=len(pairs))
    text = pd.Series([v for v, _ in pairs], index=values.index, dtype=OBJECT)
    return text, bad
