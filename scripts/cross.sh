#!/usr/bin/env bash
# Builds the portable packages with CGO_ENABLED=0 for each GOOS/GOARCH given (make
# cross, part of make lint), so that nothing Linux-only or cgo creeps into them.
# The portable packages are all but the ones that link FFmpeg, a window or a sound
# device through cgo (decode/..., render/window/..., render/audio, origin/pack,
# player/ffdec, rtspsrc), the commands that link those, and test-only packages (e2e,
# render/windowtest), which have nothing to build. docs/building.md explains.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
CGO_RE='/(decode|render/window|render/audio|origin/pack|player/ffdec|rtspsrc|cmd)(/|$)'

pkgs=$($GO list -f '{{if .GoFiles}}{{.ImportPath}}{{end}}' ./... | grep -v -E "$CGO_RE")
if [ -z "$pkgs" ]; then
  echo "cross: go list found no packages" >&2
  exit 1
fi

for t in "$@"; do
  os=${t%/*} arch=${t#*/}
  echo "cross: $os/$arch: CGO_ENABLED=0 go build of the portable packages"
  # A portable package that imports a cgo one would fail below in that package's C
  # bindings, which does not say why: name the importer first.
  cgo=$(CGO_ENABLED=1 GOOS=$os GOARCH=$arch $GO list -deps -f '{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}' $pkgs)
  if [ -n "$cgo" ]; then
    for p in $pkgs; do
      deps=$(CGO_ENABLED=1 GOOS=$os GOARCH=$arch $GO list -deps "$p")
      for c in $cgo; do
        if grep -qx "$c" <<<"$deps"; then echo "cross: $os/$arch: $p depends on $c, which uses cgo" >&2; fi
      done
    done
    exit 1
  fi
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch $GO build $pkgs
done
