#!/usr/bin/env bash
# Copies the files that kustomize turns into ConfigMaps from where the project keeps them (infra/) into files/:
# kustomize loads nothing outside deploy/kubernetes (its load restrictor), so kustomization.yaml cannot name
# infra/observability/grafana-dashboard.json or infra/redis/redis.conf directly. Run it after changing either; the
# deployment test (deployment/, DeployFilesInSyncTest) fails while a copy differs from its original.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
mkdir -p "$HERE/files"
cp "$ROOT/infra/observability/grafana-dashboard.json" "$HERE/files/grafana-dashboard.json"
cp "$ROOT/infra/redis/redis.conf" "$HERE/files/redis.conf"
echo "synced: files/grafana-dashboard.json files/redis.conf"
