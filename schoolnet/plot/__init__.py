"""Every figure and map.

Static matplotlib maps and charts, interactive folium
maps (:mod:`~schoolnet.plot.explore`) and GeoDataFrames
(:mod:`~schoolnet.plot.geoframes`). What the figures share, the colours of each
kind of tie among them, is in :mod:`~schoolnet.plot.base`.

May import: :mod:`schoolnet.brokering`, :mod:`schoolnet.impact`,
:mod:`schoolnet.measures` and every floor below them.
"""
