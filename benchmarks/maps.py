"""Time the interactive map of a local authority, and of England thinned, on the synthetic national network.

Run ``python benchmarks/maps.py`` from the repository. It builds ``schoolnet.datasets.synthetic(22_000)``, selects local
authorities by ``la`` (largest first) while at most 600 schools are in focus, keeping their partners across
the border, and times, median of 3:

- ``to_geodataframes`` of the area;
- ``explore`` of the area, and writing the map as HTML;
- ``explore`` of the whole network with ``thin=True`` (``max_ties`` at its default).

It prints seconds and the sizes; it asserts nothing.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from _timing import median_seconds

import schoolnet

AS_OF = "2025-09-01"
AREA_SCHOOLS = 600


def main() -> None:
    warnings.simplefilter("ignore", schoolnet.SchoolnetWarning)
    tables = schoolnet.datasets.synthetic(22_000)
    counts = tables.schools["la"].value_counts()
    areas = counts.index[: max(1, int((counts.cumsum() <= AREA_SCHOOLS).sum()))].tolist()
    area = schoolnet.build_network(tables.select(la=areas), as_of=AS_OF)
    print(f"area: {', '.join(areas)}: {area.number_of_nodes():,} schools, {area.number_of_edges():,} ties")
    print(f"to_geodataframes of the area   {median_seconds(lambda: schoolnet.to_geodataframes(area)):8.3f} s")
    table = schoolnet.isolation(area)
    print(
        "explore of the area            "
        f"{median_seconds(lambda: schoolnet.explore(area, table=table, column='reasons', tiles=None)):8.3f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "area.html"
        m = schoolnet.explore(area, table=table, column="reasons", tiles=None)
        print(f"saving the area's map          {median_seconds(lambda: m.save(page)):8.3f} s")
        print(f"  {page.stat().st_size / 1e6:.1f} MB")
    england = schoolnet.build_network(tables, as_of=AS_OF)
    print(f"England: {england.number_of_nodes():,} schools, {england.number_of_edges():,} ties")
    print(
        "explore of England, thinned    "
        f"{median_seconds(lambda: schoolnet.explore(england, tiles=None, thin=True), repeat=1):8.3f} s"
    )


if __name__ == "__main__":
    main()
