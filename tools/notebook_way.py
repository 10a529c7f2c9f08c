#!/usr/bin/env python3
"""The notebook way: what a researcher writes to get per-class activation statistics of a CNN
over an image folder, with PyTorch and torchvision alone. It is Gaze's baseline in the
side-by-side comparison (tools/side_by_side.sh, docs/performance.md).

It reads an ImageFolder with torchvision (PIL decode), applies the usual ImageNet eval transform
(Resize(256), CenterCrop(224), ToTensor, Normalize), runs a torchvision ResNet-18 (random weights
unless --state-dict; eval mode, no_grad) with forward hooks on the layers Gaze taps in a ResNet
exported by tools/export_hooked.py (maxpool as "stem", layer1..layer4), each hook keeping
`output.detach().cpu()`, and sums per class, in NumPy float64: each tap's channel means, channel
maxima and channel-averaged map, and the logits. Batch 32; torch and OpenMP threads = the cores.

It prints the images per second over the whole process (from interpreter start to the end, data
listing, model build and writing the sums included) and over the forward passes alone.

Run it with the Python that has torch and torchvision (Debian's: /usr/bin/python3):

  /usr/bin/python3 tools/notebook_way.py /tmp/photos2048 --out /tmp/sums.npz
"""

import time

PROCESS_START = time.perf_counter()  # before the heavy imports: they are part of the process

import argparse
import os
import sys


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", help="an ImageFolder: DATA/<class>/<image>")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch and OpenMP threads (default: the cores)")
    p.add_argument("--workers", type=int, default=0, help="DataLoader worker processes (default: 0, decode in this process)")
    p.add_argument("--state-dict", help="weights to load into the ResNet-18 (default: random, seed 0)")
    p.add_argument("--out", help="write the per-class sums here (.npz)")
    args = p.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f"notebook_way: {args.data} is not a folder; give an ImageFolder", file=sys.stderr)
        return 2
    if args.batch_size < 1 or args.threads < 1 or args.workers < 0:
        print("notebook_way: --batch-size and --threads must be at least 1, --workers at least 0", file=sys.stderr)
        return 2
    # OpenMP reads this when torch loads, so set it first (as a notebook's first cell would)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)

    import numpy as np
    import torch
    import torchvision
    from torchvision import transforms

    torch.set_num_threads(args.threads)

    transform = transforms.Compose(
        [
            transforms.Resize(256),
            transforms.CenterCrop(224),
            transforms.ToTensor(),
            transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
        ]
    )
    dataset = torchvision.datasets.ImageFolder(args.data, transform=transform)
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=False, num_workers=args.workers)

    torch.manual_seed(0)
    model = torchvision.models.resnet18()
    if args.state_dict:
        model.load_state_dict(torch.load(args.state_dict, map_location="cpu"))
    model.eval()

    taps = {"stem": model.maxpool, "layer1": model.layer1, "layer2": model.layer2, "layer3": model.layer3, "layer4": model.layer4}
    captured = {}

    def keep(name):
        def hook(module, inputs, output):
            captured[name] = output.detach().cpu()

        return hook

    for name, module in taps.items():
        module.register_forward_hook(keep(name))

    classes = len(dataset.classes)
    counts = np.zeros(classes, dtype=np.int64)
    sums = {}  # name -> {"mean": [K, C], "max": [K, C], "map": [K, H, W]}
    logit_sums = None
    forward_s = 0.0
    images = 0
    with torch.no_grad():
        for x, y in loader:
            t0 = time.perf_counter()
            logits = model(x)
            forward_s += time.perf_counter() - t0
            labels = y.numpy()
            np.add.at(counts, labels, 1)
            if logit_sums is None:
                logit_sums = np.zeros((classes, logits.shape[1]))
            np.add.at(logit_sums, labels, logits.numpy().astype(np.float64))
            for name, act in captured.items():
                a = act.numpy()  # [B, C, H, W]
                if name not in sums:
                    _, c, h, w = a.shape
                    sums[name] = {"mean": np.zeros((classes, c)), "max": np.zeros((classes, c)), "map": np.zeros((classes, h, w))}
                s = sums[name]
                np.add.at(s["mean"], labels, a.mean(axis=(2, 3), dtype=np.float64))
                np.add.at(s["max"], labels, a.max(axis=(2, 3)).astype(np.float64))
                np.add.at(s["map"], labels, a.mean(axis=1, dtype=np.float64))
            images += len(labels)

    if args.out:
        arrays = {"counts": counts, "logits": logit_sums}
        for name, s in sums.items():
            for stat, value in s.items():
                arrays[f"{name}.{stat}"] = value
        np.savez(args.out, **arrays)
    total_s = time.perf_counter() - PROCESS_START
    print(
        f"notebook_way: {images} images of {classes} classes, batch {args.batch_size}, {args.threads} threads, "
        f"{args.workers} workers, torch {torch.__version__}"
    )
    print(f"whole process: {total_s:.1f} s, {images / total_s:.1f} images/s")
    print(f"forward only: {forward_s:.1f} s, {images / forward_s:.1f} images/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
