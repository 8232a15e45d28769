"""pytest set-up: the package under test is the build's (build/python), the CLI is GRAZING_BIN."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("GRAZING_BUILD", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(BUILD, "python"))


@pytest.fixture(scope="session")
def grazing_bin():
    path = os.environ.get("GRAZING_BIN", os.path.join(BUILD, "grazing"))
    assert os.path.exists(path), "grazing binary not found at %s (set GRAZING_BIN)" % path
    return path


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def build_python():
    return os.path.join(BUILD, "python")
