"""Image comparisons of key figures against the baselines in tests/baseline.

Regenerate the baselines, after a deliberate change to a figure, with
``pytest tests/test_plot_images.py --mpl-generate-path=tests/baseline``.
Text is removed before comparing, so that font rendering does not make the
comparisons fragile; what is compared is the marks: positions, colours, sizes.
"""

from __future__ import annotations

import networkx as nx
import pytest
from matplotlib.figure import Figure

import schoolnet
from schoolnet.plot.charts import plot_timeline
from schoolnet.plot.ties import plot_network

from .conftest import AS_OF

COMPARE = {"style": "default", "tolerance": 2, "remove_text": True, "savefig_kwargs": {"dpi": 80}}


def _fixed(fig: Figure) -> Figure:
    fig.set_size_inches(8.0, 6.0)
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()  # its place depends on the width of its text, which the comparison removes
        for text in list(ax.texts):
            text.remove()  # notes and labels: remove_text takes only titles and tick labels
        ax.set_xlabel("")
        ax.set_ylabel("")
    return fig


@pytest.mark.mpl_image_compare(**COMPARE)
def test_network_map_image(sample_network: nx.MultiGraph) -> Figure:
    fig, _ = plot_network(sample_network)
    return _fixed(fig)


@pytest.mark.mpl_image_compare(**COMPARE)
def test_timeline_image(sample_tables: schoolnet.Tables) -> Figure:
    fig, _ = plot_timeline(sample_tables)
    return _fixed(fig)


@pytest.fixture(scope="module")
def district(sample_tables: schoolnet.Tables) -> nx.MultiGraph:
    """One district of the sample county, with its partners in the other districts kept as boundary schools."""
    return schoolnet.build_network(sample_tables.select(district="Saltmere"), as_of=AS_OF)


@pytest.mark.mpl_image_compare(**COMPARE)
def test_area_network_map_image(district: nx.MultiGraph) -> Figure:
    fig, _ = plot_network(district)
    return _fixed(fig)


@pytest.mark.mpl_image_compare(**COMPARE)
def test_area_isolation_map_image(district: nx.MultiGraph) -> Figure:
    fig, _ = schoolnet.plot_isolation(district)
    return _fixed(fig)
