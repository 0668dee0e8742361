"""The bundled sample county, and a seeded synthetic network at national scale.

:func:`load_sample` returns *Wexmoor*, a fictional county of about 400
schools in six districts (see :mod:`schoolnet.datasets.sample`). It names no
real school, has every kind of partnership, and is imperfect on purpose so
that every analysis has something to find.

:func:`synthetic` builds a network of any size, by default the size of
England's state school system, with realistic group sizes, for benchmarks and
tests at scale (see :mod:`schoolnet.datasets.synthetic`).

Both are deterministic for a given seed.
"""

from __future__ import annotations

from .sample import SAMPLE_FOLDER, SAMPLE_SEED, load_sample, sample_county, write_sample
from .synthetic import synthetic

__all__ = ["SAMPLE_FOLDER", "SAMPLE_SEED", "load_sample", "sample_county", "synthetic", "write_sample"]
