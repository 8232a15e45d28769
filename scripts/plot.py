#!/usr/bin/python3
"""Plots of a grazing run or study directory (run by `grazing plot DIR` and `grazing study`).

Usage: /usr/bin/python3 scripts/plot.py run|study DIR
The code is the package's grazing.plot (python/grazing/plot.py); this script needs only Debian's
python3-numpy, python3-matplotlib and (for particles.h5) python3-h5py, not the compiled module.
Writes PNG files into DIR and prints their names.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from grazing.plot import main  # noqa: E402

if __name__ == "__main__":
    main()
