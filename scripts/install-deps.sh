#!/usr/bin/env bash
# Installs the Debian 12 packages grazing builds and tests with. Idempotent; needs root (or sudo).
set -euo pipefail
PKGS=(build-essential cmake pkg-config
      librandom123-dev libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
      libhdf5-dev libgtest-dev libgmock-dev libbenchmark-dev liblemon-dev libnanoflann-dev libopenmpi-dev openmpi-bin python3-numpy python3-scipy python3-matplotlib python3-h5py
      pybind11-dev python3-dev python3-pytest python3-pandas libxxhash-dev faketime)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "grazing: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
