# Empty dependencies file for grazing.
# This may be replaced when dependencies are built.
