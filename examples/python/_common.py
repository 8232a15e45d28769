"""What the examples share: their command line ([--short] [OUT_DIR]) and writing the figure."""
import os
import sys

import matplotlib

matplotlib.use("Agg")


def command_line():
    """(short, out): --short asks for the seconds-long version (CI); OUT_DIR (created) defaults to '.'."""
    out = ([a for a in sys.argv[1:] if not a.startswith("--")] or ["."])[0]
    os.makedirs(out, exist_ok=True)
    return "--short" in sys.argv, out


def save(fig, out, name):
    """Writes the figure as out/name and prints the path."""
    fig.tight_layout()
    path = os.path.join(out, name)
    fig.savefig(path, dpi=100)
    print(path)
