# Empty compiler generated dependencies file for grazing_core.
# This may be replaced when dependencies are built.
