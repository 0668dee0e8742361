"""The bundled sample county, and a seeded synthetic network at national scale.

:func:`load_sample` returns *Wexmoor*, a fictional county of about 400
schools in six districts (see :mod:`schoolnet.datasets.sample`). It names no
real school, has every kind of partnership, and is imperfect on purpose so
that every analysis has something to find.

:func:`synthetic` builds a network of any size, by default the size of
England's state school system, with realistic group sizes, for benchmarks and
tests at scale (see :mod:`schoolnet.datasets.synthetic`).

:func:`outcomes_panel` makes schools' results over years with a planted effect
of joining a partnership, for checking :mod:`schoolnet.impact.matched` on a known truth,
and :func:`sample_outcomes` the sample county's results, with a planted effect of
joining a trust.

:mod:`schoolnet.datasets.names` writes real schools' names as a spreadsheet
might (abbreviated, the town moved, misspelt) and names of schools that do not
exist, to measure :func:`schoolnet.match_schools` on a register.

All are deterministic for a given seed.
"""

from __future__ import annotations

from .panel import outcomes_panel
from .sample import SAMPLE_FOLDER, SAMPLE_SEED, load_sample, sample_county, write_sample
from .sample_results import SAMPLE_RESULT_YEARS, sample_outcomes
from .synthetic import synthetic

__all__ = [
    "SAMPLE_FOLDER",
    "SAMPLE_RESULT_YEARS",
    "SAMPLE_SEED",
    "load_sample",
    "outcomes_panel",
    "sample_county",
    "sample_outcomes",
    "synthetic",
    "write_sample",
]
