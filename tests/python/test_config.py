"""Config validation: the Python errors are the CLI's (same key, same message)."""
import subprocess

import pytest

import grazing

GOOD = {"model": {"name": "mbc", "gamma": -3.0, "h": 0.01},
        "initial": {"kind": "maxwellian", "N": 100},
        "run": {"t_end": 0.1, "output_every": 0.05, "replicas": 2}}

# (override, key named): each makes the config invalid
BAD = [("run.replicas=0", "run.replicas"),
       ("model.gamma=\"x\"", "model.gamma"),
       ("model.name=\"mcb\"", "model.name"),
       ("initial.kind=\"maxwelian\"", "initial.kind"),
       ("run.t_end=-1", "run.t_end"),
       ("model.hh=1", "model.hh"),
       ("run.distribute=\"pairs\"", "run.distribute"),
       ("initial.N=1", "initial.N")]


def cli_error(grazing_bin, tmp_path, override):
    cfg = tmp_path / "c.toml"
    cfg.write_text(grazing.to_toml(GOOD))
    p = subprocess.run([grazing_bin, "run", str(cfg), "--out", str(tmp_path / "out"), "-q", "--set", override],
                       capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert not (tmp_path / "out").exists()
    line = p.stderr.strip().splitlines()[0]
    assert line.startswith("grazing: error: ")
    return line[len("grazing: error: "):]


@pytest.mark.parametrize("override,key", BAD)
def test_errors_match_the_cli(grazing_bin, tmp_path, override, key):
    expected = cli_error(grazing_bin, tmp_path, override)
    with pytest.raises(grazing.InputError) as e:
        grazing.Config(GOOD, overrides=[override])
    assert str(e.value) == expected
    assert e.value.key == key
    assert isinstance(e.value, ValueError)


def test_dict_values_reach_the_config_as_written():
    d = {k: dict(v) for k, v in GOOD.items()}
    d["initial"] = {"kind": "gaussian", "N": 50, "variances": [2.0, 0.5, 0.5]}
    d["run"]["seed"] = 2**62
    c = grazing.Config(d)
    assert c.N == 50 and c.replicas == 2 and c.seed == 2**62 and c.model == "mbc"
    assert c.parameters["initial"]["variances"] == [2.0, 0.5, 0.5]
    assert list(c.output_times) == [0.0, 0.05, 0.1]


def test_file_config_and_dict_config_agree(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(grazing.to_toml(GOOD))
    a, b = grazing.Config(str(path)), grazing.Config(GOOD)
    assert a.parameters == b.parameters and a.N == b.N and list(a.output_times) == list(b.output_times)


def test_file_errors_name_the_file(tmp_path):
    with pytest.raises(grazing.InputError) as e:
        grazing.Config(str(tmp_path / "missing.toml"))
    assert "missing.toml" in str(e.value)
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\n")
    with pytest.raises(grazing.InputError):
        grazing.Config(str(bad))


def test_unsupported_values_are_refused():
    with pytest.raises(TypeError):
        grazing.Config({"model": {"name": object()}})
    with pytest.raises(TypeError):
        grazing.Config(42)
