#!/usr/bin/env bash
# Installs the system packages Smoothie needs to build and test, if any are missing.
# Idempotent: checks each package with dpkg -s and installs only what is absent.
set -euo pipefail

# Build libraries (FFmpeg for go-astiav, X11/GL for ebiten, ALSA for oto), tools the
# tests drive (Xvfb, tmux, ImageMagick, ffmpeg) and the independent peers the
# end-to-end tests compare against (GStreamer's mssdemux, nginx, PulseAudio; GStreamer's
# Python bindings for the codec matrix's frame counter, e2e/testdata/gstcount.py;
# tesseract reads the window's subtitles back from a screenshot; Locust spreads
# `smoothie load --agent`'s viewers over workers, contrib/locust; GStreamer's
# rtsp-server, its Python bindings, x264enc (ugly) and the overlays (x) serve the RTSP
# tests' clip, e2e/testdata/rtspserve.py).
PKGS=(
  pkg-config gcc
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  libavfilter-dev libavdevice-dev
  libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev
  libxext-dev libgl-dev libgl1-mesa-dev libasound2-dev libgl1-mesa-dri libglx-mesa0
  xvfb xauth x11-utils ffmpeg tmux imagemagick fonts-dejavu-core
  gstreamer1.0-tools gstreamer1.0-plugins-bad gstreamer1.0-plugins-good gstreamer1.0-libav
  python3-gi gir1.2-gstreamer-1.0
  nginx-light pulseaudio pulseaudio-utils libasound2-plugins
  tesseract-ocr tesseract-ocr-eng
  python3-locust
  gir1.2-gst-rtsp-server-1.0 python3-gst-1.0 gstreamer1.0-plugins-ugly gstreamer1.0-x
)

case "$(uname -s)" in
Darwin)
  echo "deps: on macOS install the libraries with:"
  echo "  brew install pkg-config ffmpeg@5 gstreamer nginx tmux imagemagick"
  exit 0
  ;;
Linux) ;;
*)
  echo "deps: unsupported system $(uname -s); install FFmpeg 5.1 development libraries, X11/GL and ALSA headers by hand" >&2
  exit 1
  ;;
esac

if ! command -v dpkg >/dev/null 2>&1; then
  echo "deps: no dpkg: this script knows Debian/Ubuntu; install the equivalents of: ${PKGS[*]}" >&2
  exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
