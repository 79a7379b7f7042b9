#!/usr/bin/env bash
# A release tag must carry a release version: when HEAD is tagged vX.Y.Z, every pom.xml must have
# version X.Y.Z (no -SNAPSHOT). Untagged commits pass. Run by .ci/run; see docs/release.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=$(git describe --exact-match --tags --match 'v[0-9]*' HEAD 2>/dev/null || true)
if [ -z "$tag" ]; then
  echo "check-release-version: HEAD has no release tag; nothing to check"
  exit 0
fi
want="${tag#v}"
fail=0
for pom in pom.xml kd-*/pom.xml; do
  # the project's own version: the first <version> in the parent POM, the parent's in a module
  got=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$pom" | head -n 1)
  if [ "$got" != "$want" ]; then
    echo "check-release-version: $pom has version $got, but HEAD is tagged $tag (want $want)" >&2
    fail=1
  fi
done
case "$want" in
  *-SNAPSHOT) echo "check-release-version: tag $tag names a SNAPSHOT version" >&2; fail=1 ;;
esac
[ "$fail" = 0 ] && echo "check-release-version: $tag matches every pom.xml ($want)"
exit "$fail"
