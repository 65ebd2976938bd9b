#!/usr/bin/env bash
# Copies the CustomResourceDefinitions fabric8's crd-generator writes for the cluster-sources module
# into charts/celador/crds/, where Helm installs them before the templates. Never edit the copies:
# conformance-tests' ChartCrdsIT fails when they differ from a fresh build's.
#
#   ./mvnw -B -q -pl cluster-sources -am package -DskipTests && charts/sync-crds.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
generated="$root/cluster-sources/target/classes/META-INF/fabric8"
crds="$root/charts/celador/crds"
shopt -s nullglob
files=("$generated"/*.celador.dev-v1.yml)
if ((${#files[@]} == 0)); then
  echo "sync-crds.sh: no CRDs in $generated; build cluster-sources first" >&2
  exit 1
fi
rm -f "$crds"/*.celador.dev.yaml
for f in "${files[@]}"; do
  name="$(basename "$f" -v1.yml)"
  cp "$f" "$crds/$name.yaml"
done
echo "copied ${#files[@]} CRDs into $crds" >&2
