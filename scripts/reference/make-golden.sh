#!/usr/bin/env bash
# Regenerates the golden CSVs the detector tests read (tests/Sentinela.Tests/Unit/Detection/Golden) with R's
# `surveillance` package. Installs R and the packages from Debian's archive when missing (needs root for that).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! Rscript -e 'library(surveillance); library(extraDistr)' >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "R with surveillance and extraDistr is needed: apt-get install r-cran-surveillance r-cran-extradistr" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-cran-surveillance r-cran-extradistr >/dev/null
fi
Rscript scripts/reference/detectors.R tests/Sentinela.Tests/Unit/Detection/Golden
