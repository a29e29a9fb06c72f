#!/usr/bin/env bash
# Detection quality harness (issue 14): generates the documented scenario at both prevalence levels (45 Minas Gerais
# municipalities, 8 weeks of history then 90 scored days, 108 injected outbreaks, 120 null windows, seed 14), backtests
# every detector setup of bench/Sentinela.DetectionQuality/Running/EngineConfigurations.cs over the same hemograms, and
# prints the Markdown tables of docs/DETECTION.md ("Quality harness"). About 9 minutes on a busy 2-core machine, most
# of it the old rules' sweeps.
#
#   bench/detection-quality.sh                                       # everything; the tables on stdout and in $OUT/report.md
#   bench/detection-quality.sh --levels realistic --configs "Old rules"
#   bench/detection-quality.sh --seed 7                              # another seed: the numbers move within their intervals
#
# Options pass through to sentinela-detection-quality (see --help). Scenario files stay in $OUT (default
# $TMPDIR/sentinela-detection-quality): <level>/hemograms.ndjson.gz is FHIR NDJSON for `sentinela-server backtest`, and
# <level>/truth.json is what `sentinela-detection-quality score --truth … --alerts …` scores a backtest's output against.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-${TMPDIR:-/tmp}/sentinela-detection-quality}
dotnet build -c Release bench/Sentinela.DetectionQuality >/dev/null
exec dotnet bench/Sentinela.DetectionQuality/bin/Release/net10.0/sentinela-detection-quality.dll run --out "$out" "$@"
