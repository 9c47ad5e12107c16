"""Notebook 05's explorer: with and without batch norm."""

import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np

from dlcore import (
    mlp,
    widgets,  # noqa: F401
)
from dlcore.diagnostics import hidden_activations


def run_code(explorer):
    return H.run_code(explorer)[1]
make = H.make

def test_batchnorm_explorer_histograms_and_sweep():
    _, e = make("batchnorm_explorer")
    e.controls["epoch"].value = 2
    e.controls["layer"].value = 2
    history, frames, acc = e.runs[("batch norm", 3.0)]
    np.testing.assert_allclose(e.hists["batch norm"].get_data().values, frames[2][1])
    np.testing.assert_allclose(e.sweep["lines"]["plain"].get_ydata(), [e.runs[("plain", r)][2] for r in e.rates])
    e.controls["epoch"].value = 3
    model = mlp(e.layer_dims, hidden="relu", init="he", batchnorm=True, rng=0)
    from dlcore import train

    with np.errstate(all="ignore"):
        train(model, e.X, e.Y, optimizer="gd", learning_rate=3.0, epochs=3, batch_size=64,
              validation=(e.X_dev, e.Y_dev), rng=0, progress=False)
    A = hidden_activations(model, e.X_dev)[1][1]
    np.testing.assert_allclose(e.hists["batch norm"].get_data().values,
                               np.histogram(np.clip(A, e.edges[0], e.edges[-1]), e.edges)[0] / A.size)
    run_code(e)

