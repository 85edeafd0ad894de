#!/usr/bin/env bash
# npm run setup: installs what a fresh Debian machine lacks, then the npm packages.
# Says plainly what it could not do; fails only when the service itself could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
problems=()
say() { printf 'setup: %s\n' "$*"; }

have() { command -v "$1" >/dev/null 2>&1; }

apt_ok=false
if have apt-get; then
  if [ "$(id -u)" = 0 ]; then APT="apt-get"; apt_ok=true
  elif have sudo && sudo -n true 2>/dev/null; then APT="sudo apt-get"; apt_ok=true
  fi
fi

need_pkgs=()
if [ -n "${FFMPEG_PATH:-}" ] && [ -x "${FFMPEG_PATH}" ]; then
  say "ffmpeg: using FFMPEG_PATH=${FFMPEG_PATH}"
elif have ffmpeg && have ffprobe; then
  say "ffmpeg: $(ffmpeg -version | head -n1 | cut -d' ' -f1-3)"
else
  need_pkgs+=(ffmpeg)
fi
if have chromium || [ -x /usr/bin/chromium ]; then say "chromium: present (browser tests)"; else need_pkgs+=(chromium); fi
# The tests make their meetings of espeak-ng speech (test/helpers/media.ts); the service does not need it.
have espeak-ng || need_pkgs+=(espeak-ng)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if $apt_ok; then
    say "installing with apt-get: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $APT update -qq >/tmp/notula-apt.log 2>&1 || ! $APT install -y -qq "${need_pkgs[@]}" >>/tmp/notula-apt.log 2>&1; then
      problems+=("apt-get could not install ${need_pkgs[*]} (see /tmp/notula-apt.log)")
    fi
  else
    problems+=("cannot install ${need_pkgs[*]}: apt-get is not usable here (not root, no passwordless sudo). Install them yourself.")
  fi
fi
have ffmpeg || [ -n "${FFMPEG_PATH:-}" ] || missing+=("ffmpeg (uploads cannot be processed without it; set FFMPEG_PATH or install Debian's ffmpeg)")
have chromium || [ -x /usr/bin/chromium ] || missing+=("chromium (browser tests will be skipped)")
have espeak-ng || missing+=("espeak-ng (the tests make their test meetings with it; they fail without it)")

say "installing npm packages (npm ci)…"
# onnxruntime-node (the speech detector's runtime) would download CUDA files from outside the npm
# registry in its postinstall; its CPU binaries are in the package and are all Notula uses.
# (.npmrc says the same for a plain npm ci; the variable also covers npm versions that ignore it.)
if ! ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error; then
  say "FAILED: npm ci did not complete."
  exit 1
fi

# Optional: MediaPipe's published YAMNet model for speech/music/noise labels. Offline machines skip it.
if ! node --import tsx scripts/fetch-model.ts; then
  problems+=("the YAMNet model could not be downloaded: speech classification stays off (pause analysis alone cuts segments). Set YAMNET_MODEL to a local copy to turn it on.")
fi

npm run build:client --silent || { say "FAILED: building the browser app failed."; exit 1; }

# Node 24 LTS is the supported runtime; Node 20 is end-of-life. On a machine whose Node is not 24,
# fetch Node 24 from the npm registry with a package tree built for it (.tmp/node24*), so the
# suite can be run on it (npm run test:node24; .ci/run does).
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" = 24 ]; then
  say "node: $(node -v) (the supported LTS)"
else
  say "node: $(node -v) on the PATH; Node 20 is end-of-life and Node 24 LTS the supported runtime: preparing Node 24 in .tmp/node24 (README: Node versions)…"
  if ! bash scripts/node24.sh setup; then
    problems+=("Node 24 could not be prepared in .tmp/node24 (see the lines above): npm run test:node24 will not run.")
  fi
fi

for p in "${problems[@]}"; do say "could not: $p"; done
for m in "${missing[@]}"; do say "MISSING: $m"; done
if [ ${#missing[@]} -eq 0 ]; then say "done. Start with: npm start   (then open http://localhost:3000)"; fi
exit 0
