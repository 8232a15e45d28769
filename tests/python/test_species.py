"""Runs with [[species]] from Python: grazing.run returns the CLI's species table bit for bit,
grazing.read_species reads species.csv (numpy, and pandas), and
grazing.plot draws species.png (docs/plasma.md)."""
import os
import subprocess

import numpy as np
import pytest

import grazing
from grazing import plot

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def species_run(grazing_bin, tmp_path_factory):
    d = tmp_path_factory.mktemp("species") / "run"
    subprocess.run([grazing_bin, "run", os.path.join(ROOT, "examples/plasma/thermalisation.toml"), "--out", str(d), "-q",
                    "--set", "run.t_end=2e-15", "--set", "run.output_every=1e-15", "--set", "run.replicas=2"], check=True)
    return d


def test_read_species_numpy(species_run):
    s = grazing.read_species(str(species_run))
    assert s.dtype.names == ("replica", "t", "species", "density", "drift_x", "drift_y", "drift_z", "T_x", "T_y", "T_z",
                             "T_par", "T_perp", "energy_density")
    assert len(s) == 3 * 2 * 2  # output times x replicas x species
    assert set(s["species"]) == {"electron", "ion"}
    e0 = s[(s["species"] == "electron") & (s["t"] == 0)]
    # The electrons' sample temperature at t = 0 is the configured 102.1998 eV within ~6 standard
    # errors of a sample of 5000 (sqrt(2 / (3 N)) = 1.2 % of T).
    assert np.all(np.abs((e0["T_x"] + e0["T_y"] + e0["T_z"]) / 3 / 102.1998 - 1) < 0.07)
    np.testing.assert_allclose(s["density"], 1.116398e28, rtol=1e-12)


def test_read_species_pandas(species_run):
    pandas = pytest.importorskip("pandas")
    f = grazing.read_species(str(species_run), frame=True)
    assert isinstance(f, pandas.DataFrame)
    assert list(f.columns)[:3] == ["replica", "t", "species"]
    np.testing.assert_array_equal(f["T_par"].to_numpy(), grazing.read_species(str(species_run))["T_par"])


def test_plot_species(species_run):
    written = plot.plot_run(str(species_run))
    assert "species.png" in written and os.path.getsize(os.path.join(species_run, "species.png")) > 10000


PLASMA = {"model": {"name": "mbc", "tau": 0.01},
          "species": [{"name": "e", "mass_me": 1, "Z": -1, "density": 1e28, "T_eV": 100.0, "N": 500},
                      {"name": "i", "mass_me": 10, "Z": 1, "density": 1e28, "T_eV": 50.0, "N": 500}],
          "plasma": {"coulomb_log": {"e-i": 5, "e-e": 3, "i-i": 0}, "axis": "x"},
          "run": {"t_end": 2e-15, "output_every": 1e-15, "replicas": 2, "seed": 3}}


def test_run_returns_the_species_table_of_the_cli(grazing_bin, tmp_path):
    res = grazing.run(PLASMA)
    cfg = tmp_path / "p.toml"
    cfg.write_text(grazing.to_toml(PLASMA))
    subprocess.run([grazing_bin, "run", str(cfg), "--out", str(tmp_path / "run"), "-q"], check=True)
    cli = grazing.read_species(str(tmp_path / "run"))
    assert res.species.dtype.names == cli.dtype.names == grazing.SPECIES_COLUMNS
    assert len(res.species) == len(cli) == 3 * 2 * 2
    for c in grazing.SPECIES_COLUMNS:
        np.testing.assert_array_equal(res.species[c], cli[c])  # bit for bit
    assert res.run_info["plasma"]["species"][1]["name"] == "i"
    pandas = pytest.importorskip("pandas")
    assert isinstance(res.species_frame(), pandas.DataFrame)
