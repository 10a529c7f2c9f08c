#!/usr/bin/python3
"""Decode time per image, one thread, warm: Gaze's native and ImageIO paths against Pillow.

    /usr/bin/python3 tools/decode_bench.py DIR [--make N] [--rounds R] [--gaze-json FILE]

With --make N (or when DIR holds no .jpg), first fills DIR with N real-photo JPEGs: random crops
and rescales of the photos jobs/setup unpacks (~/.cache/gaze/photos), 300 to 500 px a side,
quality 75 to 95, a tenth of them progressive, made with a fixed seed. Then times Pillow's
Image.open(BytesIO(b)).convert("RGB") (with .load()) on every .jpg/.png of DIR, R rounds after a
warm-up, and runs `jobs/gaze bench --decode DIR --rounds R` for Gaze's two paths on the same files;
prints the three medians side by side (wall clock and the thread's CPU time, which a busy machine
disturbs less) with the ratios to Pillow and the load average. Run it with Debian's
/usr/bin/python3, which has Pillow (linked to the system's libjpeg-turbo).
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
import PIL

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = Path.home() / ".cache" / "gaze" / "photos"


def make(out, count, seed=13):
    photos = sorted(p for p in PHOTOS.iterdir() if p.suffix in (".jpg", ".png"))
    if not photos:
        sys.exit(f"no photos in {PHOTOS}: run jobs/setup")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    sources = [Image.open(p).convert("RGB") for p in photos]
    for i in range(count):
        src = sources[i % len(sources)]
        w, h = src.size
        # a random crop of at least half of each side, rescaled so its longer side is 300-500 px
        cw = rng.randint(w // 2, w)
        ch = rng.randint(h // 2, h)
        x = rng.randint(0, w - cw)
        y = rng.randint(0, h - ch)
        crop = src.crop((x, y, x + cw, y + ch))
        side = rng.randint(300, 500)
        scale = side / max(cw, ch)
        size = (max(300, round(cw * scale)), max(300, round(ch * scale)))
        img = crop.resize(size, Image.BICUBIC)
        img.save(
            out / f"{i:05d}.jpg",
            quality=rng.randint(75, 95),
            progressive=rng.random() < 0.1,
        )


def pillow(files, rounds):
    data = [f.read_bytes() for f in files]
    for b in data:  # warm-up
        Image.open(io.BytesIO(b)).convert("RGB").load()
    wall, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.thread_time()
        for b in data:
            Image.open(io.BytesIO(b)).convert("RGB").load()
        wall.append((time.perf_counter() - t0) / len(data) * 1e3)
        cpu.append((time.thread_time() - c0) / len(data) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--make", type=int, default=0, metavar="N")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--gaze-json", type=Path, help="also keep Gaze's figures here")
    args = ap.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if args.make or not args.dir.is_dir() or not any(args.dir.glob("*.jpg")):
        make(args.dir, args.make or 300)
    files = sorted(f for f in args.dir.iterdir() if f.suffix.lower() in (".jpg", ".jpeg", ".png"))
    load_before = os.getloadavg()
    pillow_ms, pillow_cpu = pillow(files, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.gaze_json) if args.gaze_json else Path(tmp) / "decode.json"
        subprocess.run(
            [str(ROOT / "jobs" / "gaze"), "bench", "--decode", str(args.dir),
             "--rounds", str(args.rounds), "--json", str(out)],
            check=True, stdout=subprocess.DEVNULL)
        gaze = json.loads(out.read_text())
    load_after = os.getloadavg()
    print(f"decode of {len(files)} files in {args.dir}, one thread, median of {args.rounds} rounds")
    print("                   wall ms  x Pillow   CPU ms  x Pillow   (per image)")
    rows = [
        (f"Pillow {PIL.__version__}", pillow_ms, pillow_cpu),
        ("gaze, native", gaze["native_ms_per_image"], gaze["native_cpu_ms_per_image"]),
        ("gaze, ImageIO", gaze["imageio_ms_per_image"], gaze["imageio_cpu_ms_per_image"]),
    ]
    for name, wall, cpu in rows:
        print(f"  {name:<15} {wall:8.3f} {wall / pillow_ms:8.2f}x {cpu:8.3f} {cpu / pillow_cpu:8.2f}x")
    print(f"  {gaze['native_decoded']} of {gaze['images']} decoded natively: {gaze['native_version']}")
    print("  load average before %.2f %.2f %.2f, after %.2f %.2f %.2f" % (load_before + load_after))


if __name__ == "__main__":
    main()
