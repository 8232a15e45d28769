"""The Python examples (examples/python/) run in their short form and write their PNG."""
import os
import subprocess
import sys

import pytest

EXAMPLES = ["du_thm51_variance.py", "du_propA1_microcanonical.py", "chaos_coulomb.py"]


@pytest.mark.parametrize("script", EXAMPLES)
def test_example_runs_short(script, root, build_python, tmp_path):
    env = dict(os.environ, PYTHONPATH=build_python)
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "python", script), "--short", str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    png = tmp_path / script.replace(".py", ".png")
    assert png.exists() and png.stat().st_size > 10000
