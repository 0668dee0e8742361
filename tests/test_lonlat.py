"""Tests of the conversion from the British National Grid to WGS84, against the OS's worked example and pyproj."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import schoolnet.lonlat
from schoolnet.errors import ParameterError
from schoolnet.lonlat import _grid_to_osgb36, bng_to_wgs84

pyproj = pytest.importorskip("pyproj")

#: Metres in a degree of latitude, near enough to turn a difference of degrees into a distance.
METRES_PER_DEGREE = 111_320.0


def helmert_only() -> object:
    """pyproj's OSGB36 to WGS 84 (6) (EPSG:1314), whatever grid files this machine has."""
    with warnings.catch_warnings():  # pyproj warns that the OSTN15 grid, its best transformation, is missing
        warnings.simplefilter("ignore", UserWarning)
        group = pyproj.transformer.TransformerGroup("EPSG:27700", "EPSG:4326", always_xy=True)
    (chosen,) = [t for t in group.transformers if "OSGB36 to WGS 84 (6)" in t.description]
    assert "helmert" in chosen.definition and "x=446.448" in chosen.definition
    return chosen


def metres_apart(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    (lon_a, lat_a), (lon_b, lat_b) = a, b
    east = (lon_a - lon_b) * np.cos(np.radians(lat_b))
    return np.asarray(np.hypot(east, lat_a - lat_b) * METRES_PER_DEGREE)


def test_the_inverse_projection_gives_the_ordnance_surveys_worked_example() -> None:
    # OS, A guide to coordinate systems in Great Britain, annex C: 52°39'27.2531"N, 1°43'4.5177"E on OSGB36.
    lat, lon = _grid_to_osgb36(np.array([651409.903]), np.array([313177.270]))
    assert np.degrees(lat[0]) == pytest.approx(52 + 39 / 60 + 27.2531 / 3600, abs=0.0001 / 3600)
    assert np.degrees(lon[0]) == pytest.approx(1 + 43 / 60 + 4.5177 / 3600, abs=0.0001 / 3600)


def test_numpy_agrees_with_pyprojs_helmert_across_the_whole_grid() -> None:
    rng = np.random.default_rng(0)
    easting, northing = rng.uniform(0, 700_000, 5000), rng.uniform(0, 1_250_000, 5000)
    ours = bng_to_wgs84(easting, northing, method="helmert")
    theirs = helmert_only().transform(easting, northing)  # type: ignore[attr-defined]
    # The OS's series for the inverse projection loses a little far from the central meridian (2° W).
    assert metres_apart(ours, theirs).max() < 0.015


def test_numpy_agrees_with_pyproj_to_a_millimetre_at_every_school_in_the_register(real_data: Path) -> None:
    path = real_data / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz"
    schools = pd.read_csv(path, encoding="cp1252", usecols=["Easting", "Northing"]).dropna()
    schools = schools[(schools["Easting"] > 0) & (schools["Northing"] > 0)]
    assert len(schools) > 10_000
    easting, northing = schools["Easting"].to_numpy(dtype=float), schools["Northing"].to_numpy(dtype=float)
    ours = bng_to_wgs84(easting, northing, method="helmert")
    theirs = helmert_only().transform(easting, northing)  # type: ignore[attr-defined]
    assert metres_apart(ours, theirs).max() < 0.001


def test_auto_uses_pyproj_when_installed_and_numpy_when_not(monkeypatch: pytest.MonkeyPatch) -> None:
    easting, northing = np.array([369336.0, np.nan]), np.array([433587.0, 1.0])
    expected = pyproj.Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(369336.0, 433587.0)
    lon, lat = bng_to_wgs84(easting, northing)
    assert (lon[0], lat[0]) == pytest.approx(expected, abs=1e-12)
    assert np.isnan(lon[1]) and np.isnan(lat[1])
    monkeypatch.setattr(schoolnet.lonlat, "has_pyproj", lambda: False)
    lon, lat = bng_to_wgs84(easting, northing)
    helmert = bng_to_wgs84(easting, northing, method="helmert")
    assert lon.tolist()[:1] == helmert[0].tolist()[:1] and lat.tolist()[:1] == helmert[1].tolist()[:1]
    with pytest.raises(ParameterError, match=r"method='pyproj' needs pyproj: install it with pip install"):
        bng_to_wgs84(easting, northing, method="pyproj")


def test_bad_arguments() -> None:
    with pytest.raises(ParameterError, match="method='proj': expected 'auto', 'pyproj' or 'helmert'"):
        bng_to_wgs84([1.0], [1.0], method="proj")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"easting has shape \(2,\) and northing \(1,\)"):
        bng_to_wgs84([1.0, 2.0], [1.0])
