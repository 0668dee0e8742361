"""From the British National Grid to longitude and latitude (WGS84), for web maps and GeoJSON.

Schools carry ``easting`` and ``northing`` on the British National Grid
(EPSG:27700). GeoJSON (RFC 7946) and web maps want longitude and latitude on
WGS84 (EPSG:4326). :func:`bng_to_wgs84` converts with pyproj when it is
installed (``pip install "schoolnet[geo]"``), and otherwise with the same
transformation written out in numpy:

1. the inverse transverse Mercator projection of the National Grid, on the
   Airy 1830 ellipsoid, to latitude and longitude on OSGB36, by the series of
   the Ordnance Survey's guide (reference 1, annex C);
2. those to Cartesian coordinates, at height 0;
3. the seven-parameter Helmert transformation from OSGB36 to WGS84, EPSG:1314
   (the Ordnance Survey's published ETRS89 to OSGB36 parameters, reversed in
   sign), in the position-vector convention;
4. the Cartesian coordinates back to latitude and longitude on the WGS84
   ellipsoid.

Without the OSTN15 grid file, which pyproj does not ship, pyproj's
``EPSG:27700`` to ``EPSG:4326`` uses this same Helmert transformation (its
"OSGB36 to WGS 84 (6)", whose accuracy EPSG gives as 2 m), and the two agree
to well under a millimetre across Great Britain (``tests/test_lonlat.py``
measures it). With the OSTN15 grid installed, pyproj uses it instead, which is
more accurate, and the two then differ by up to a few metres.

References
----------
1. Ordnance Survey (2020). *A guide to coordinate systems in Great Britain*,
   v3.6, annexes B and C.
2. IOGP. *EPSG Geodetic Parameter Dataset*, transformation 1314 ("OSGB36 to
   WGS 84 (6)").
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import cache
from typing import Any, Final, Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from .errors import ParameterError

__all__ = ["AIRY_1830", "HELMERT_OSGB36_TO_WGS84", "NATIONAL_GRID", "WGS84", "Method", "bng_to_wgs84"]

#: How to convert: pyproj if installed, else numpy ("auto"), or one of them.
Method: TypeAlias = Literal["auto", "pyproj", "helmert"]

#: Semi-major and semi-minor axes of the Airy 1830 ellipsoid, in metres.
AIRY_1830: Final = (6_377_563.396, 6_356_256.909)

#: Semi-major axis and inverse flattening of the WGS84 ellipsoid.
WGS84: Final = (6_378_137.0, 298.257223563)

#: The National Grid's projection: scale on the central meridian, true origin (degrees), false origin (metres).
NATIONAL_GRID: Final = {"scale": 0.9996012717, "lat0": 49.0, "lon0": -2.0, "east0": 400_000.0, "north0": -100_000.0}

#: EPSG:1314: translations (m), rotations (arc-seconds, position vector) and scale (parts per million).
HELMERT_OSGB36_TO_WGS84: Final = {
    "tx": 446.448,
    "ty": -125.157,
    "tz": 542.060,
    "rx": 0.150,
    "ry": 0.247,
    "rz": 0.842,
    "s": -20.489,
}

_ARCSEC: Final = np.pi / (180 * 3600)


def _meridional_arc(phi: np.ndarray, phi0: float, b: float, n: float) -> np.ndarray:
    """Distance along the meridian from latitude ``phi0`` to ``phi``, on the scaled ellipsoid (OS guide, C1)."""
    d, s = phi - phi0, phi + phi0
    arc: np.ndarray = b * (
        (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * np.sin(d) * np.cos(s)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * np.sin(2 * d) * np.cos(2 * s)
        - 35 / 24 * n**3 * np.sin(3 * d) * np.cos(3 * s)
    )
    return arc


def _grid_to_osgb36(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude (radians) on OSGB36 of grid coordinates: the inverse projection (OS guide, C2)."""
    a, b = AIRY_1830
    f0 = NATIONAL_GRID["scale"]
    phi0, lam0 = np.radians(NATIONAL_GRID["lat0"]), np.radians(NATIONAL_GRID["lon0"])
    e2 = (a**2 - b**2) / a**2
    n = (a - b) / (a + b)
    north = northing - NATIONAL_GRID["north0"]
    phi = north / (a * f0) + phi0
    for _ in range(50):  # converges to 0.01 mm in a handful of steps
        residual = north - _meridional_arc(phi, phi0, b * f0, n)
        if np.all(np.abs(residual) < 1e-5):
            break
        phi = phi + residual / (a * f0)
    sin2 = np.sin(phi) ** 2
    nu = a * f0 / np.sqrt(1 - e2 * sin2)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin2) ** 1.5
    eta2 = nu / rho - 1
    t, sec = np.tan(phi), 1 / np.cos(phi)
    vii = t / (2 * rho * nu)
    viii = t / (24 * rho * nu**3) * (5 + 3 * t**2 + eta2 - 9 * t**2 * eta2)
    ix = t / (720 * rho * nu**5) * (61 + 90 * t**2 + 45 * t**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t**2)
    xii = sec / (120 * nu**5) * (5 + 28 * t**2 + 24 * t**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t**2 + 1320 * t**4 + 720 * t**6)
    de = easting - NATIONAL_GRID["east0"]
    lat = phi - vii * de**2 + viii * de**4 - ix * de**6
    lon = lam0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return lat, lon


def _to_cartesian(lat: np.ndarray, lon: np.ndarray, a: float, e2: float) -> np.ndarray:
    """Cartesian coordinates (metres, shape ``(3, n)``) of points at height 0 on an ellipsoid (OS guide, B1)."""
    nu = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
    return np.stack([nu * np.cos(lat) * np.cos(lon), nu * np.cos(lat) * np.sin(lon), (1 - e2) * nu * np.sin(lat)])


def _from_cartesian(xyz: np.ndarray, a: float, e2: float) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude (radians) on an ellipsoid of Cartesian coordinates (OS guide, B2)."""
    x, y, z = xyz
    p = np.hypot(x, y)
    lat = np.arctan2(z, p * (1 - e2))
    for _ in range(10):  # each step gains several digits; 1e-12 rad is 6 micrometres
        nu = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
        step = np.arctan2(z + e2 * nu * np.sin(lat), p)
        done = np.all(np.abs(step - lat) < 1e-12)
        lat = step
        if done:
            break
    return lat, np.arctan2(y, x)


def _helmert(xyz: np.ndarray) -> np.ndarray:
    """Apply EPSG:1314's seven-parameter Helmert transformation (position vector) to Cartesian coordinates."""
    h = HELMERT_OSGB36_TO_WGS84
    rx, ry, rz = (h[k] * _ARCSEC for k in ("rx", "ry", "rz"))
    rotation = np.array([[1.0, -rz, ry], [rz, 1.0, -rx], [-ry, rx, 1.0]])
    shift = np.array([h["tx"], h["ty"], h["tz"]])[:, None]
    moved: np.ndarray = shift + (1 + h["s"] * 1e-6) * (rotation @ xyz)
    return moved


def _numpy(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = AIRY_1830
    lat, lon = _grid_to_osgb36(easting, northing)
    xyz = _helmert(_to_cartesian(lat, lon, a, (a**2 - b**2) / a**2))
    a84, inverse_flattening = WGS84
    f = 1 / inverse_flattening
    lat84, lon84 = _from_cartesian(xyz, a84, f * (2 - f))
    return np.degrees(lon84), np.degrees(lat84)


@cache
def _transformer() -> Any:
    from pyproj import Transformer

    with warnings.catch_warnings():
        # Without the OSTN15 grid pyproj warns that its best transformation is missing, and uses EPSG:1314.
        warnings.filterwarnings("ignore", message="Best transformation is not available")
        return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True, allow_ballpark=False)


def _pyproj(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _transformer().transform(easting, northing)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def has_pyproj() -> bool:
    """Whether pyproj is installed, so that ``method="auto"`` uses it.

    Returns
    -------
    bool
        True if ``import pyproj`` would work.

    Examples
    --------
    >>> isinstance(has_pyproj(), bool)
    True
    """
    return importlib.util.find_spec("pyproj") is not None


def bng_to_wgs84(easting: ArrayLike, northing: ArrayLike, *, method: Method = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Convert British National Grid coordinates to longitude and latitude on WGS84.

    Parameters
    ----------
    easting, northing : array-like
        Coordinates in metres on the British National Grid (EPSG:27700). A
        point with a blank (NaN) coordinate comes out as NaN.
    method : {"auto", "pyproj", "helmert"}, default "auto"
        ``"pyproj"`` uses pyproj's best available transformation, ``"helmert"``
        the numpy implementation of EPSG:1314 described in the module's
        documentation, and ``"auto"`` pyproj if it is installed, else numpy.

    Returns
    -------
    lon, lat : numpy.ndarray
        Longitude and latitude in degrees (EPSG:4326), shaped like the input.

    Raises
    ------
    ParameterError
        If ``method`` is unknown, if ``method="pyproj"`` and pyproj is not
        installed, or if ``easting`` and ``northing`` differ in shape.

    Examples
    --------
    The Ordnance Survey's worked example (its guide, annex C), a point near
    Caister-on-Sea:

    >>> lon, lat = bng_to_wgs84([651409.903], [313177.270], method="helmert")
    >>> round(float(lon[0]), 5), round(float(lat[0]), 5)
    (1.71605, 52.65798)
    """
    if method not in ("auto", "pyproj", "helmert"):
        raise ParameterError(f"method={method!r}: expected 'auto', 'pyproj' or 'helmert'")
    if method == "pyproj" and not has_pyproj():
        raise ParameterError("method='pyproj' needs pyproj: install it with pip install 'schoolnet[geo]'")
    x, y = np.asarray(easting, dtype=float), np.asarray(northing, dtype=float)
    if x.shape != y.shape:
        raise ParameterError(f"easting has shape {x.shape} and northing {y.shape}; expected the same shape")
    lon, lat = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
    valid = np.isfinite(x) & np.isfinite(y)
    if valid.any():
        convert = _pyproj if method == "pyproj" or (method == "auto" and has_pyproj()) else _numpy
        lon[valid], lat[valid] = convert(x[valid], y[valid])
    return lon, lat
