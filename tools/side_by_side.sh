#!/usr/bin/env bash
# Gaze against the notebook way (tools/notebook_way.py) on the same real-photo ImageFolder and
# the same architecture (a random-weight torchvision ResNet-18, exported for Gaze by
# tools/export_hooked.py), back to back, each timed as a whole process from outside.
#
#   tools/side_by_side.sh                       # 512, 2048 and 8192 images
#   tools/side_by_side.sh --images "512 2048" --repeat 2 --work /tmp/sbs
#
# Data: `jobs/gaze synth --photos ~/.cache/gaze/photos --format imagefolder` (random crops of the
# 13 photos jobs/setup unpacks, 300-500 px sides, JPEG quality 75-95), made once per size under
# --work and reused. Python: /usr/bin/python3 (Debian's torch and torchvision; GAZE_PYTHON overrides).
# Prints a table (images, python img/s, gaze img/s, gaze/python, each process's CPU core-ms per
# image from /usr/bin/time: user + system) and the load averages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="512 2048 8192"
repeat=1
work="${TMPDIR:-/tmp}/gaze-side-by-side"
photos="${HOME}/.cache/gaze/photos"
python="${GAZE_PYTHON:-/usr/bin/python3}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --images) sizes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --photos) photos="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "side_by_side: unknown argument '$1'; valid: --images \"N ...\", --repeat R, --work DIR, --photos DIR" >&2; exit 2 ;;
  esac
done
for n in $sizes; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "side_by_side: --images '$n' is not a positive whole number" >&2; exit 2; }
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "side_by_side: --repeat '$repeat' is not a positive whole number" >&2; exit 2; }
[[ -d "$photos" ]] || { echo "side_by_side: no photos in $photos (run jobs/setup)" >&2; exit 2; }
"$python" -c 'import torch, torchvision' 2>/dev/null \
  || { echo "side_by_side: $python has no torch/torchvision (set GAZE_PYTHON)" >&2; exit 2; }
mkdir -p "$work"
gaze="$root/jobs/gaze"
"$gaze" --version >/dev/null  # builds the distribution now, not inside the first timing
model="$work/r18.pt"
if [[ ! -f "$model" ]]; then
  "$python" "$root/tools/export_hooked.py" torchvision:resnet18 --out "$model" >&2
fi
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rows=()
for n in $sizes; do
  data="$work/photos-$n"
  if [[ ! -d "$data" ]]; then
    "$gaze" synth --photos "$photos" --format imagefolder --images "$n" --out "$data" >&2
  fi
  for ((r = 1; r <= repeat; r++)); do
    l0="$(load)"
    t0="$(now)"
    /usr/bin/time -f "%U %S" -o "$work/python-$n.time" \
      "$python" "$root/tools/notebook_way.py" "$data" --batch-size 32 --out "$work/python-$n.npz" >"$work/python-$n.log"
    t1="$(now)"
    /usr/bin/time -f "%U %S" -o "$work/gaze-$n.time" \
      "$gaze" analyze --format imagefolder --data "$data" --model "$model" --batch-size 32 \
      --out "$work/gaze-$n" --overwrite >"$work/gaze-$n.log" 2>&1 \
      || { cat "$work/gaze-$n.log" >&2; exit 1; }
    t2="$(now)"
    l1="$(load)"
    forward="$(sed -n 's/^forward only: .*, \([0-9.]*\) images\/s/\1/p' "$work/python-$n.log")"
    pycpu="$(awk '{print $1 + $2}' "$work/python-$n.time")"
    gzcpu="$(awk '{print $1 + $2}' "$work/gaze-$n.time")"
    rows+=("$(awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v f="$forward" -v l0="$l0" -v l1="$l1" \
      -v pc="$pycpu" -v gc="$gzcpu" 'BEGIN {
      py = n / (b - a); gz = n / (c - b);
      printf "| %d | %.1f | %.1f | %.2f | %s | %.1f | %.1f | %s -> %s |", n, py, gz, gz / py, f,
        1000 * pc / n, 1000 * gc / n, l0, l1 }')")
    echo "${rows[-1]}" >&2
  done
done
echo "| images | python img/s | gaze img/s | gaze / python | python forward-only img/s | python CPU ms/img | gaze CPU ms/img | load averages (1, 5, 15 min) before -> after |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo "($(nproc) cores; $(date -u +%FT%TZ); python whole process incl. interpreter start, gaze = jobs/gaze analyze whole process)"
