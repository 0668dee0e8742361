"""School names read as a person reads them: spelt out, and split into the words that tell schools apart.

:func:`normalise_name` spells a name out so that "St. Mary's C of E Prim" and
"Saint Mary's Church of England Primary School" read alike. :func:`key_words`
keeps the words of a normalised name that tell two schools apart: the saint,
the place, the phase ("infant", "junior", "primary", "high"), and drops the
words a person leaves out without changing the school (the denomination, "and",
"of", "community", "academy"). :func:`word_agrees` decides whether two such
words are the same word as a person writes it: the same, or one slip of the
pen away (two letters swapped, one letter left out or doubled), or, in a word
of 10 letters or more, two. A different letter in a short word is a different
word: "Annes" is not "Agnes", and "Hall" is not "Hill".

The normalisation, applied to the names given and to the register's alike:

=========================================  ===========================
written                                    read as
=========================================  ===========================
C of E, CofE, C.E., CE, Church of England  church of england
R.C., RC, Roman Catholic, Cath, Catholic   catholic
St, St., Saint                             saint
Ss, SS., Sts, Saints                       saints
Prim, Pri, Primary School                  primary
J&I, Junior and Infant(s)                  junior and infant
Inf, Infant(s) School                      infant
Jun, Jnr, Junior School                    junior
Sec, Secondary School                      secondary
Acad, Academy                              academy
Comm, Com, Meth, Nurs, Coll, Gram          community, methodist, nursery, college, grammar
Rd, Ave, Ln, Gdns, Grn, Pk, Mt, Gt, Nth    road, avenue, lane, gardens, green, park, mount, great, north
VA, VC                                     voluntary aided, controlled
&, and                                     and
case, punctuation, "the"                   ignored
School, Sch, Schl                          ignored
=========================================  ===========================
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache
from typing import Final

__all__ = ["DENOMINATIONS", "OMISSIBLE", "corrected", "key_words", "normalise_name", "word_agrees"]

#: Phrases of several words read alike, replaced first.
_PHRASES: Final = (
    (r"\bchurch of england\b|\bc\s*of\s*e\b|\bc\s*e\b", " church of england "),
    (r"\broman cath(?:olic)?\b|\br\s*c\b", " catholic "),
    (r"\bj\s*and\s*i\b|\bjunior and infants?\b", " junior and infant "),
)
_PHRASE: Final = re.compile("|".join(f"(?P<r{i}>{pattern})" for i, (pattern, _) in enumerate(_PHRASES)))
#: Single words read alike; the empty ones do not tell schools apart. (VA and VC are spelt out, so that "St Mary's
#: CofE VA Primary" scores higher against the VA school than against a plain "St Mary's CofE Primary".)
_WORDS: Final = {
    **dict.fromkeys(("cofe", "coe"), "church of england"),
    "cath": "catholic",
    "st": "saint",
    **dict.fromkeys(("ss", "sts"), "saints"),
    **dict.fromkeys(("prim", "pri"), "primary"),
    **dict.fromkeys(("inf", "infants"), "infant"),
    **dict.fromkeys(("jun", "jnr", "juniors"), "junior"),
    "sec": "secondary",
    "acad": "academy",
    **dict.fromkeys(("comm", "com"), "community"),
    "meth": "methodist",
    "nurs": "nursery",
    "coll": "college",
    "gram": "grammar",
    "rd": "road",
    "ave": "avenue",
    "ln": "lane",
    "gdns": "gardens",
    "grn": "green",
    "pk": "park",
    "mt": "mount",
    "gt": "great",
    "nth": "north",
    "sth": "south",
    "va": "voluntary aided",
    "vc": "voluntary controlled",
    **dict.fromkeys(("the", "school", "sch", "schl"), ""),
}
_PUNCTUATION: Final = re.compile(r"[^\w\s]")

#: Words of a normalised name that a person leaves out without naming another school.
OMISSIBLE: Final = frozenset(
    {
        "and", "of", "a", "at", "in", "on", "with", "church", "england", "catholic", "methodist", "community",
        "county", "voluntary", "aided", "controlled", "academy", "foundation", "endowed", "free", "roman",
    }
)  # fmt: skip
#: The word of a normalised name that says its denomination, and the denomination it says.
DENOMINATIONS: Final = {"england": "Church of England", "catholic": "Catholic", "methodist": "Methodist"}
#: Words too common to be a distinguishing word misspelt: a name's word close to one of them is read as it.
_COMMON: Final = (
    "school", "primary", "prim", "junior", "jnr", "infant", "infants", "secondary", "nursery", "college", "academy",
    "acad", "catholic", "cath", "roman", "church", "england", "cofe", "methodist", "community", "voluntary",
    "controlled", "aided", "foundation",
)  # fmt: skip


def normalise_name(name: object) -> str:
    """A school's name as it is compared: lower case, spelt out, without punctuation or filler words.

    Parameters
    ----------
    name : object
        A name as written; anything else is read as blank.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_name("St. Mary's C of E Prim")
    'saint marys church of england primary'
    >>> normalise_name("Saint Mary's Church of England Primary School")
    'saint marys church of england primary'
    >>> normalise_name("Burnley Rd Comm Prim Sch")
    'burnley road community primary'
    """
    if not isinstance(name, str):
        return ""
    text = name.lower().replace("'", "").replace("\u2019", "").replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text)
    text = _PHRASE.sub(_replacement, text)
    return " ".join(w for w in (_WORDS.get(word, word) for word in text.split()) if w)


def _replacement(found: re.Match[str]) -> str:
    return _PHRASES[int(str(found.lastgroup)[1:])][1]


def corrected(normalised: str, known: Collection[str] = ()) -> str:
    """A normalised name with its misspelt common words read as a person reads them.

    A word that is not in ``known`` (the words of the register's names) and is
    one slip of the pen from a word every register uses ("scohol", "primray",
    "coef", "roamn") is read as that word. In the common words of 6 letters or
    more, one letter changed is a slip too ("acadimy").

    Parameters
    ----------
    normalised : str
        A name as :func:`normalise_name` gives it.
    known : collection of str, optional
        Words that are right as they are.

    Returns
    -------
    str
        The name normalised again, with those words corrected.

    Examples
    --------
    >>> corrected(normalise_name("Padiham Prmi Scohol"))
    'padiham primary'
    >>> corrected(normalise_name("St Thomas More Roamn Cath Voulntary Acadimy"))
    'saint thomas more catholic voluntary academy'
    """
    words = normalised.split()
    fixed = [_common(w) if len(w) >= 4 and w not in known else w for w in words]
    return normalised if fixed == words else normalise_name(" ".join(fixed))


@lru_cache(maxsize=65536)
def _common(word: str) -> str:
    return next((c for c in _COMMON if _one_slip(word, c, change=len(c) >= 6)), word)


def key_words(normalised: str) -> tuple[str, ...]:
    """The words of a normalised name that tell schools apart, each once, in their order.

    Parameters
    ----------
    normalised : str
        A name as :func:`normalise_name` gives it.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> key_words(normalise_name("St Paul's CofE Primary School, Rawtenstall"))
    ('saint', 'pauls', 'primary', 'rawtenstall')
    """
    return tuple(dict.fromkeys(w for w in normalised.split() if w not in OMISSIBLE))


@lru_cache(maxsize=1 << 18)
def word_agrees(one: str, other: str, *, loose: bool = True) -> bool:
    """Whether two words are the same word as a person writes it, allowing one slip of the pen.

    Parameters
    ----------
    one, other : str
        Two words, lower case.
    loose : bool, default True
        Allow a few slips in long words; False for two words written as one,
        whose length says nothing of how carefully they were written.

    Returns
    -------
    bool
        True if they are equal; or, both of 4 letters or more, one letter is
        left out, added or doubled; or, both of 3 letters or more, two
        neighbouring letters are swapped; or, both of 10 letters or more, they
        differ by at most 2 letters in 20 (rapidfuzz's ratio of 90 or more) and ``loose``.

    Examples
    --------
    >>> word_agrees("marys", "mary"), word_agrees("oakfeild", "oakfield"), word_agrees("rawtenstal", "rawtenstall")
    (True, True, True)
    >>> word_agrees("annes", "agnes"), word_agrees("hall", "hill"), word_agrees("pauls", "marys")
    (False, False, False)
    """
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    if len(shorter) < 3 or len(longer) - len(shorter) > 2:
        return False
    if (len(shorter) >= 4 or len(one) == len(other)) and _one_slip(one, other, change=False):
        return True
    return loose and len(shorter) >= 10 and _ratio(one, other) >= 90


def _one_slip(one: str, other: str, *, change: bool) -> bool:
    """Whether two different words are one slip apart: neighbouring letters swapped, one left out, or changed."""
    if len(one) == len(other):
        differ = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
        if len(differ) == 1:
            return change
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1
        return swapped and (one[differ[0]], one[differ[1]]) == (other[differ[1]], other[differ[0]])
    shorter, longer = sorted((one, other), key=len)
    return len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _ratio(one: str, other: str) -> float:
    # Indel similarity as rapidfuzz's ratio gives it, from the longest common subsequence, in plain Python, or 0
    # if the letters the two words share cannot reach 90: it is called only on long words not one slip apart.
    common = sum((Counter(one) & Counter(other)).values())  # the longest common subsequence is no longer
    if 200.0 * common / (len(one) + len(other)) < 90:
        return 0.0
    rows = [0] * (len(other) + 1)
    for a in one:
        previous = 0
        for j, b in enumerate(other, start=1):
            previous, rows[j] = rows[j], previous + 1 if a == b else max(rows[j], rows[j - 1])
    return 100.0 * 2 * rows[-1] / (len(one) + len(other))
