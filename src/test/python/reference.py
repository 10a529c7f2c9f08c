"""Independent Python computations the Java tests compare against.

  reference.py reductions MODEL.pt INPUT.f32 B C H W OUT.json
      runs the TorchScript file in this PyTorch and reduces every act.* output with NumPy as Gaze
      defines it: per channel the spatial mean, max and fraction of positions <= 0, and the
      channel-mean map average-pooled with a window of ceil(side / 64) (last window partial).
  reference.py attention FACTORY.py:fn MODEL.pt INPUT.f32 B C H W ATTN_DIR OUT.json
      builds the unmodified torchvision model, loads the exported weights into it, runs it on the
      input and, per encoder block, calls its nn.MultiheadAttention with need_weights=True; compares
      with the attention arrays Java wrote to ATTN_DIR/<tap>.f32 and writes the largest differences.
  reference.py attention-stats MODEL.pt INPUT.f32 B C H W OUT.json
      runs the TorchScript file and, with NumPy in float64, computes from every attn.* output what
      Gaze defines per image, for each head and the head mean: the class token's map over the
      patches (self-weight dropped, renormalised), its entropy, the mean attention distance, the
      border fraction, the cosine of every head pair; and the rollout over all blocks.
  reference.py preprocess LIST.txt OUT_DIR [bilinear|bicubic]
      torchvision's eval transform (Resize(256), CenterCrop(224), ToTensor) of each listed image,
      written as OUT_DIR/<index>.f32.
"""

import importlib
import json
import math
import os
import sys

import numpy as np
import torch


def read_input(path, b, c, h, w):
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(b, c, h, w).copy())


def pool_map(m):
    """m: [H, W] -> average pooled with window ceil(side/64), partial last windows."""
    h, w = m.shape
    wh, ww = -(-h // 64), -(-w // 64)
    oh, ow = -(-h // wh), -(-w // ww)
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = m[i * wh : (i + 1) * wh, j * ww : (j + 1) * ww].mean()
    return out


def reductions(model_path, input_path, b, c, h, w, out_path):
    model = torch.jit.load(model_path)
    with torch.no_grad():
        out = model(read_input(input_path, b, c, h, w))
    result = {"logits": out["logits"].double().numpy().tolist(), "taps": {}}
    for key, value in out.items():
        if not key.startswith("act."):
            continue
        x = value.double().numpy()
        images = []
        for i in range(x.shape[0]):
            flat = x[i].reshape(x.shape[1], -1)
            images.append(
                {
                    "channel_mean": flat.mean(axis=1).tolist(),
                    "channel_max": flat.max(axis=1).tolist(),
                    "channel_zero_fraction": (flat <= 0).mean(axis=1).tolist(),
                    "spatial": pool_map(x[i].mean(axis=0)).reshape(-1).tolist(),
                }
            )
        result["taps"][key[len("act.") :]] = images
    with open(out_path, "w") as f:
        json.dump(result, f)


def attention(factory, model_path, input_path, b, c, h, w, attn_dir, out_path):
    module_name, _, fn = factory.partition(":")
    original = getattr(importlib.import_module(module_name), fn)().eval()
    exported = torch.jit.load(model_path)
    state = {k[len("model.") :]: v for k, v in exported.state_dict().items() if k.startswith("model.")}
    original.load_state_dict(state)
    x = read_input(input_path, b, c, h, w)
    captured = []
    hooks = [
        blk.ln_1.register_forward_hook(lambda m, i, o: captured.append(o))
        for blk in original.encoder.layers
    ]
    with torch.no_grad():
        logits = original(x)
        for hk in hooks:
            hk.remove()
        diffs = {}
        for index, (blk, inp) in enumerate(zip(original.encoder.layers, captured)):
            _, weights = blk.self_attention(inp, inp, inp, need_weights=True, average_attn_weights=False)
            tap = f"block{index + 1}.attn"
            java = np.fromfile(os.path.join(attn_dir, tap + ".f32"), dtype="<f4").reshape(weights.shape)
            diffs[tap] = float(np.abs(java.astype(np.float64) - weights.double().numpy()).max())
        java_logits = np.fromfile(os.path.join(attn_dir, "logits.f32"), dtype="<f4").reshape(logits.shape)
        diffs["logits"] = float(np.abs(java_logits - logits.numpy()).max())
    with open(out_path, "w") as f:
        json.dump(diffs, f)


def attention_stats(model_path, input_path, b, c, h, w, out_path):
    model = torch.jit.load(model_path)
    with torch.no_grad():
        out = model(read_input(input_path, b, c, h, w))
    blocks = [(k[len("attn.") :], v.double().numpy()) for k, v in out.items() if k.startswith("attn.")]
    tokens = blocks[0][1].shape[-1]
    g = int(round(np.sqrt(tokens - 1)))
    rows, cols = np.divmod(np.arange(g * g), g)
    dist = np.sqrt((rows[:, None] - rows[None, :]) ** 2 + (cols[:, None] - cols[None, :]) ** 2)
    ring = (rows == 0) | (rows == g - 1) | (cols == 0) | (cols == g - 1)
    result = {"taps": {}, "rollout": []}
    for name, a in blocks:
        images = []
        for i in range(a.shape[0]):
            per_head = list(a[i]) + [a[i].mean(axis=0)]
            maps, entropy, distance, border = [], [], [], []
            for att in per_head:
                m = att[0, 1:] / att[0, 1:].sum()
                maps.append(m)
                nz = m[m > 0]
                entropy.append(float(-(nz * np.log(nz)).sum()))
                q = att[1:, 1:] / att[1:, 1:].sum(axis=1, keepdims=True)
                distance.append(float((q * dist).sum(axis=1).mean()))
                border.append(float(m[ring].sum()))
            heads = a.shape[1]
            cosine = [
                float(maps[x] @ maps[y] / np.sqrt((maps[x] @ maps[x]) * (maps[y] @ maps[y])))
                for x in range(heads)
                for y in range(x + 1, heads)
            ]
            images.append(
                {
                    "maps": np.concatenate(maps).tolist(),
                    "entropy": entropy,
                    "distance": distance,
                    "border": border,
                    "cosine": cosine,
                }
            )
        result["taps"][name] = images
    for i in range(blocks[0][1].shape[0]):
        r = np.eye(tokens)
        for _, a in blocks:
            step = 0.5 * a[i].mean(axis=0) + 0.5 * np.eye(tokens)
            step = step / step.sum(axis=1, keepdims=True)
            r = step @ r
        result["rollout"].append((r[0, 1:] / r[0, 1:].sum()).tolist())
    with open(out_path, "w") as f:
        json.dump(result, f)


def preprocess(list_path, out_dir, interpolation="bilinear"):
    from PIL import Image
    from torchvision import transforms

    mode = transforms.InterpolationMode(interpolation)
    t = transforms.Compose(
        [transforms.Resize(256, interpolation=mode), transforms.CenterCrop(224), transforms.ToTensor()]
    )
    with open(list_path) as f:
        paths = [line.strip() for line in f if line.strip()]
    for index, path in enumerate(paths):
        with Image.open(path) as im:
            tensor = t(im.convert("RGB"))
        tensor.numpy().astype("<f4").tofile(os.path.join(out_dir, f"{index}.f32"))


def main(argv):
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    command = argv[1]
    if command == "reductions":
        reductions(argv[2], argv[3], *map(int, argv[4:8]), argv[8])
    elif command == "attention":
        attention(argv[2], argv[3], argv[4], *map(int, argv[5:9]), argv[9], argv[10])
    elif command == "attention-stats":
        attention_stats(argv[2], argv[3], *map(int, argv[4:8]), argv[8])
    elif command == "preprocess":
        preprocess(argv[2], argv[3], *argv[4:5])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
