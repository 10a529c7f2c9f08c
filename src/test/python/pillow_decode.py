"""Pillow's decode of photos and of variants made from them, for PillowDecodeTest.

    pillow_decode.py LIST OUT

LIST holds one photo path a line. Into OUT go variants of each photo (progressive, grey baseline,
grey progressive, an EXIF-rotated JPEG; an RGBA and a grey+alpha PNG of each PNG), then for every
file, originals included, its pixels as Pillow decodes them: mode L for grey images (L, LA),
otherwise Image.convert("RGB") (alpha dropped), written as raw bytes to OUT/<n>.raw. OUT/files.txt
lists "<path> <width> <height> <channels>" a line, in the order of the .raw files.
"""

import io
import sys
from pathlib import Path

from PIL import Image


def pillow_pixels(path):
    with Image.open(path) as im:
        im.load()
        grey = im.mode in ("L", "LA")
        out = im.convert("L" if grey else "RGB")
        return out.size, 1 if grey else 3, out.tobytes()


def variants(photo, out, n):
    made = []
    with Image.open(photo) as im:
        im.load()
        rgb = im.convert("RGB")
        grey = im.convert("L")
        if photo.suffix == ".jpg":
            p = out / f"{n}-progressive.jpg"
            rgb.save(p, quality=90, progressive=True)
            made.append(p)
            p = out / f"{n}-grey.jpg"
            grey.save(p, quality=85)
            made.append(p)
            p = out / f"{n}-grey-progressive.jpg"
            grey.save(p, quality=85, progressive=True)
            made.append(p)
            # EXIF orientation 6 (rotate 90 on display): Pillow ignores it, and so must Gaze.
            exif = Image.Exif()
            exif[0x0112] = 6
            p = out / f"{n}-exif-rotated.jpg"
            rgb.save(p, quality=80, exif=exif.tobytes(), subsampling="4:4:4")
            made.append(p)
        else:
            rgba = rgb.copy()
            rgba.putalpha(grey.point(lambda v: 255 - v))
            p = out / f"{n}-rgba.png"
            rgba.save(p)
            made.append(p)
            la = grey.copy().convert("LA")
            la.putalpha(128)
            p = out / f"{n}-grey-alpha.png"
            la.save(p)
            made.append(p)
            p = out / f"{n}-q75.jpg"
            rgb.save(p, quality=75)
            made.append(p)
    return made


def main():
    photos = [Path(line) for line in Path(sys.argv[1]).read_text().split("\n") if line]
    out = Path(sys.argv[2])
    files = list(photos)
    for n, photo in enumerate(photos):
        files.extend(variants(photo, out, n))
    lines = []
    for i, f in enumerate(files):
        (w, h), channels, data = pillow_pixels(f)
        (out / f"{i}.raw").write_bytes(data)
        lines.append(f"{f} {w} {h} {channels}")
    (out / "files.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
