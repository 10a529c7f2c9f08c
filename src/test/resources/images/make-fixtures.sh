#!/usr/bin/env bash
# Regenerates the image fixtures used by dev.gaze.image tests. Needs ImageMagick 6 (`convert`) and
# python3 (raw pixel data, byte surgery, the oversized PNG). Run from anywhere; writes beside itself.
#
#   rb-baseline.jpg     64x48, left half (x < 32) pure red (255,0,0), right half pure blue, baseline
#   rb-progressive.jpg  the same, progressive (-interlace Plane)
#   rb-cmyk.jpg         the same, -colorspace CMYK, no ICC profile; ImageMagick 6 (libjpeg's default
#                       for CMYK input) stores it YCCK-encoded: 4 components, Adobe APP14 transform 2
#   grey.jpg            64x48 grey JPEG, left half 64, right half 192
#   extraneous.jpg      rb-baseline.jpg with 4 garbage bytes before EOI (libjpeg warns "extraneous
#                       bytes before marker 0xd9" but the pixels are intact)
#   truncated.jpg       rb-baseline.jpg less its last 30 bytes (cut inside the entropy-coded data)
#   rb.png              the red/blue image as 8-bit RGB PNG (colour type 2)
#   rb-rgba.png         8-bit RGBA (colour type 6): left red opaque, right blue with alpha 0
#   rb-palette.png      palette PNG (colour type 3) of the red/blue image
#   grey.png            8-bit grey PNG (colour type 0), left half 64, right half 192
#   grey-alpha.png      8-bit grey+alpha PNG (colour type 4), same grey values, right half alpha 0
#   grey16.png          8x16 16-bit grey PNG, pixel i = y*8+x has value 300*i+7
#   rgb16.png           8x16 16-bit RGB PNG, pixel i: R = 300*i+7, G = 65535-200*i, B = 4099*i mod 65536
#   truncated.png       the first 60% of the bytes of rgb16.png (cut inside IDAT)
#   huge.png            10000x9000 1-bit grey PNG, all white (about 11 KB; 90,000,000 pixels, over
#                       Pillow's limit of 89,478,485)
#   rb.gif              the red/blue image as GIF (a valid image in a format Gaze does not take)
#   page.html           "<html>..." (not an image)
#   random.bin          512 pseudo-random bytes (Python random.Random(42))
#   empty.bin           0 bytes
set -euo pipefail
cd "$(dirname "$0")"

IM=(convert -define png:exclude-chunks=date,time)
rb() { "${IM[@]}" -size 32x48 xc:'#ff0000' -size 32x48 xc:'#0000ff' +append "$@"; }
grey() { "${IM[@]}" -size 32x48 xc:'gray(64)' -size 32x48 xc:'gray(192)' +append \
  -colorspace Gray "$@"; }

rb -strip -quality 95 rb-baseline.jpg
rb -strip -quality 95 -interlace Plane rb-progressive.jpg
rb -strip -quality 95 -colorspace CMYK rb-cmyk.jpg
grey -strip -quality 95 grey.jpg

rb -strip -define png:color-type=2 -depth 8 PNG24:rb.png
"${IM[@]}" -size 32x48 xc:'#ff0000' \( -size 32x48 xc:'#0000ff' -alpha set -channel A -evaluate set 0 \
  +channel \) +append -strip -define png:color-type=6 -depth 8 PNG32:rb-rgba.png
rb -strip PNG8:rb-palette.png
grey -strip -define png:color-type=0 -depth 8 grey.png
"${IM[@]}" -size 32x48 xc:'gray(64)' \( -size 32x48 xc:'gray(192)' -alpha set -channel A \
  -evaluate set 0 +channel \) +append -colorspace Gray -strip -define png:color-type=4 -depth 8 \
  grey-alpha.png

python3 - <<'PY'
import random, struct, zlib

def u16(v):
    return struct.pack(">H", v)

with open("grey16.raw", "wb") as f:
    f.write(b"".join(u16(300 * i + 7) for i in range(8 * 16)))
with open("rgb16.raw", "wb") as f:
    f.write(b"".join(u16(300 * i + 7) + u16(65535 - 200 * i) + u16((4099 * i) % 65536)
                     for i in range(8 * 16)))

rng = random.Random(42)
data = bytes(rng.randrange(256) for _ in range(512))
assert not data.startswith(b"\xff\xd8") and not data.startswith(b"\x89PNG")
open("random.bin", "wb").write(data)
open("empty.bin", "wb").write(b"")
open("page.html", "wb").write(b"<html><body>not an image</body></html>\n")

def chunk(kind, payload):
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

w, h = 10000, 9000
row = b"\x00" + b"\xff" * ((w + 7) // 8)
comp = zlib.compressobj(9)
idat = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
       + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
open("huge.png", "wb").write(png)

jpg = open("rb-baseline.jpg", "rb").read()
open("truncated.jpg", "wb").write(jpg[:-30])
assert jpg.endswith(b"\xff\xd9")
open("extraneous.jpg", "wb").write(jpg[:-2] + b"\x12\x34\x56\x78" + jpg[-2:])
PY

"${IM[@]}" -size 8x16 -depth 16 -endian MSB gray:grey16.raw -strip -define png:color-type=0 \
  -define png:bit-depth=16 grey16.png
"${IM[@]}" -size 8x16 -depth 16 -endian MSB rgb:rgb16.raw -strip -define png:color-type=2 \
  -define png:bit-depth=16 rgb16.png
rm grey16.raw rgb16.raw
python3 -c "d=open('rgb16.png','rb').read(); open('truncated.png','wb').write(d[:len(d)*6//10])"

rb -strip rb.gif
