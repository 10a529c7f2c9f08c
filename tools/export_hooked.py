#!/usr/bin/env python3
"""Exports an image classifier as a hooked TorchScript file that Gaze analyses.

The exported module's forward takes a float batch [B, C, H, W] and returns Dict[str, Tensor]:

  logits               [B, classes]
  act.<tap>            a feature map [B, C, H, W] (CNN stem and stages; a ViT's patch embedding
                       and each block's patch tokens as a map [B, D, g, g])
  attn.<tap>           a Transformer block's attention probabilities [B, heads, T, T], computed
                       explicitly (softmax(q k^T / sqrt(d))) and used by the block itself, so they
                       are exactly what the model attends with

Beside FILE.pt it writes FILE.manifest.json (input, preprocessing, class names, taps with kind and
shape, patch grid, source, versions, the .pt's sha256) and FILE.golden.json (outputs for a fixed
input, which `gaze analyze --verify` and `gaze models --inspect --verify` recompute).

Examples (on a machine with PyTorch and, for pretrained weights, internet):

  export_hooked.py torchvision:resnet50 --weights DEFAULT --out resnet50.pt
  export_hooked.py timm:vit_small_patch16_224 --pretrained --out vit_s16.pt
  export_hooked.py --module mypkg.models:build --state-dict best.pth --out mine.pt
"""

import argparse
import copy
import datetime
import hashlib
import importlib
import json
import math
import os
import sys
import warnings

import torch
from torch import nn
import torch.nn.functional as F

FORMAT = "gaze-hooked-torchscript/1"
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
GOLDEN_BATCH = 2
GOLDEN_SAMPLES = 64
# How far the exported outputs may be from the unmodified model's (relative to the largest value).
SELF_CHECK_TOLERANCE = 1e-5


class ExportError(Exception):
    """A problem with the arguments or the model, reported as one line."""


# ----------------------------------------------------------------------------------------------
# Explicit attention: replaces a model's attention module with one that computes the
# probabilities as tensors and uses them, so that they can be returned.


class ExplicitMultiheadAttention(nn.Module):
    """torch.nn.MultiheadAttention (batch_first, self-attention, packed in_proj) computed
    explicitly; returns (output, probabilities [B, heads, T, T])."""

    def __init__(self, original):
        super().__init__()
        if not original.batch_first:
            raise ExportError("nn.MultiheadAttention with batch_first=False is not supported")
        if not original._qkv_same_embed_dim or original.in_proj_weight is None:
            raise ExportError("nn.MultiheadAttention with separate q/k/v projections is not supported")
        if original.bias_k is not None or original.add_zero_attn:
            raise ExportError("nn.MultiheadAttention with bias_k/add_zero_attn is not supported")
        self.heads = original.num_heads
        self.in_proj_weight = original.in_proj_weight
        self.in_proj_bias = original.in_proj_bias
        self.out_proj = original.out_proj
        self.last = None

    def forward(self, query, key=None, value=None, need_weights=False, **unused):
        b, t, e = query.shape
        h = self.heads
        d = e // h
        qkv = F.linear(query, self.in_proj_weight, self.in_proj_bias)
        q, k, v = qkv.chunk(3, dim=-1)
        q = q.reshape(b, t, h, d).transpose(1, 2)
        k = k.reshape(b, t, h, d).transpose(1, 2)
        v = v.reshape(b, t, h, d).transpose(1, 2)
        probs = torch.softmax((q / math.sqrt(d)) @ k.transpose(-2, -1), dim=-1)
        out = (probs @ v).transpose(1, 2).reshape(b, t, e)
        self.last = probs
        self.last_input = query
        return self.out_proj(out), None


class ExplicitTimmAttention(nn.Module):
    """timm's Attention (qkv linear, optional q/k norms) computed explicitly, without the fused
    kernel that never materialises the probabilities."""

    def __init__(self, original):
        super().__init__()
        self.heads = original.num_heads
        self.qkv = original.qkv
        self.scale = getattr(original, "scale", None)
        self.q_norm = getattr(original, "q_norm", nn.Identity())
        self.k_norm = getattr(original, "k_norm", nn.Identity())
        self.norm = getattr(original, "norm", nn.Identity())
        self.proj = original.proj
        self.last = None

    def forward(self, x, attn_mask=None):
        if attn_mask is not None:
            raise ExportError("timm attention with a mask is not supported")
        b, t, c = x.shape
        h = self.heads
        d = c // h
        qkv = self.qkv(x).reshape(b, t, 3, h, d).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        q, k = self.q_norm(q), self.k_norm(k)
        scale = self.scale if self.scale is not None else d**-0.5
        probs = torch.softmax((q * scale) @ k.transpose(-2, -1), dim=-1)
        self.last = probs
        self.last_input = x
        out = (probs @ v).transpose(1, 2).reshape(b, t, c)
        return self.proj(self.norm(out))


def is_timm_attention(module):
    return (
        type(module).__name__ == "Attention"
        and hasattr(module, "qkv")
        and hasattr(module, "num_heads")
        and hasattr(module, "proj")
    )


def attention_modules(model):
    """(path, module) of every attention module, in definition order."""
    found = []
    for path, module in model.named_modules():
        if isinstance(module, nn.MultiheadAttention) or is_timm_attention(module):
            found.append((path, module))
    return found


def set_submodule(root, path, module):
    parent_path, _, child = path.rpartition(".")
    parent = root.get_submodule(parent_path) if parent_path else root
    setattr(parent, child, module)


# ----------------------------------------------------------------------------------------------
# The hooked wrapper.


class Hooked(nn.Module):
    """Runs the model and returns logits, the chosen module outputs and the attention
    probabilities as one dictionary."""

    def __init__(self, model, act_taps, attn_taps):
        super().__init__()
        self.model = model
        self.act_taps = act_taps  # [(name, module path)]
        self.attn_taps = attn_taps  # [(name, module path)]
        self._store = {}
        for name, path in act_taps:
            model.get_submodule(path).register_forward_hook(self._keeper(name))

    def _keeper(self, name):
        def hook(module, inputs, output):
            if isinstance(output, (tuple, list)):
                output = output[0]
            if output.dim() == 3:  # Transformer tokens [B, T, D]
                output = patch_map(output)
            self._store[name] = output

        return hook

    def forward(self, x):
        self._store = {}
        logits = self.model(x)
        if isinstance(logits, (tuple, list)):
            logits = logits[0]
        out = {"logits": logits}
        for name, _ in self.act_taps:
            out["act." + name] = self._store[name]
        for name, path in self.attn_taps:
            out["attn." + name] = self.model.get_submodule(path).last
        self._store = {}
        return out


def patch_map(tokens):
    """[B, P + g*g, D] tokens (P < 2g + 1 prefix tokens first: class, distillation or register
    tokens) as the feature map [B, D, g, g] of the patches."""
    b, t, d = tokens.shape
    g = math.isqrt(int(t))
    return tokens[:, t - g * g :, :].transpose(1, 2).reshape(b, d, g, g)


# ----------------------------------------------------------------------------------------------
# Building the model.


def build_model(args):
    torch.manual_seed(args.seed)
    weights_meta = None
    if args.module:
        mod_name, _, factory = args.module.partition(":")
        if not factory:
            raise ExportError(f"--module {args.module}: expected pkg.mod:factory")
        try:
            factory_fn = getattr(importlib.import_module(mod_name), factory)
        except (ImportError, AttributeError) as e:
            raise ExportError(f"--module {args.module}: {e}")
        model = factory_fn(**json.loads(args.kwargs))
        source = {"kind": "module", "name": args.module, "kwargs": json.loads(args.kwargs)}
    elif args.source and args.source.startswith("torchvision:"):
        import torchvision.models as tvm

        name = args.source.split(":", 1)[1]
        weights = None
        if args.weights:
            try:
                weights = tvm.get_weight(f"{tvm.get_model_weights(name).__name__}.{args.weights}")
            except (ValueError, KeyError, AttributeError) as e:
                raise ExportError(f"--weights {args.weights} for torchvision:{name}: {e}")
            weights_meta = weights
        try:
            model = tvm.get_model(name, weights=weights, **json.loads(args.kwargs))
        except ValueError as e:
            raise ExportError(f"torchvision:{name}: {e}")
        except OSError as e:  # urllib's URLError included: no internet for the weights
            raise ExportError(f"torchvision:{name}: cannot fetch the weights {weights}: {e}")
        source = {"kind": "torchvision", "name": name, "weights": str(weights) if weights else None}
    elif args.source and args.source.startswith("timm:"):
        try:
            import timm
        except ImportError:
            raise ExportError("timm:... needs timm installed (pip install timm)")
        name = args.source.split(":", 1)[1]
        model = timm.create_model(name, pretrained=args.pretrained, **json.loads(args.kwargs))
        source = {"kind": "timm", "name": name, "pretrained": bool(args.pretrained)}
    else:
        raise ExportError("give torchvision:NAME, timm:NAME or --module pkg.mod:factory")
    if args.state_dict:
        state = torch.load(args.state_dict, map_location="cpu")
        if isinstance(state, dict) and "state_dict" in state:
            state = state["state_dict"]
        model.load_state_dict(state)
        source["state_dict"] = os.path.basename(args.state_dict)
    model.eval()
    return model, source, weights_meta


def input_policy(args, model, weights_meta):
    """Input size, resize and normalisation: the weights' eval transform, timm's data config, or
    ImageNet's defaults; options override."""
    size, resize, mean, std, interpolation = 224, 256, IMAGENET_MEAN, IMAGENET_STD, "bilinear"
    if weights_meta is not None:
        t = weights_meta.transforms()
        size, resize = t.crop_size[0], t.resize_size[0]
        mean, std = list(t.mean), list(t.std)
        interpolation = t.interpolation.value
    elif args.source and args.source.startswith("timm:"):
        import timm.data

        cfg = timm.data.resolve_data_config({}, model=model)
        size = cfg["input_size"][-1]
        resize = int(math.floor(size / cfg.get("crop_pct", 0.875)))
        mean, std = list(cfg["mean"]), list(cfg["std"])
        interpolation = cfg.get("interpolation", "bilinear")
    image_size = getattr(model, "image_size", None)
    if isinstance(image_size, int):
        size = image_size
        resize = int(size * 256 / 224)
    size = args.image_size or size
    resize = args.resize or resize
    mean = parse_floats(args.mean, "--mean") if args.mean else mean
    std = parse_floats(args.std, "--std") if args.std else std
    interpolation = args.interpolation or interpolation
    return {
        "channels": 3,
        "height": size,
        "width": size,
        "resize": resize,
        "policy": "shorter_side_then_center_crop",
        "interpolation": interpolation,
        "mean": mean,
        "std": std,
    }


def parse_floats(text, what):
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise ExportError(f"{what} {text}: expected three comma-separated numbers")
    if len(values) != 3:
        raise ExportError(f"{what} {text}: expected three comma-separated numbers")
    return values


def class_names(args, weights_meta, num_classes):
    if args.classes == "imagenet-1k":
        return "imagenet-1k"
    if args.classes:
        with open(args.classes, encoding="utf-8") as f:
            names = [line.strip() for line in f if line.strip()]
        if len(names) != num_classes:
            raise ExportError(f"--classes {args.classes} has {len(names)} names, the model {num_classes}")
        return names
    categories = weights_meta.meta.get("categories") if weights_meta is not None else None
    if categories is not None and len(categories) == 1000:
        return "imagenet-1k"
    if args.pretrained and num_classes == 1000:
        return "imagenet-1k"
    return categories


# ----------------------------------------------------------------------------------------------
# Choosing the taps.


def default_act_paths(model, is_vit):
    """(name, module path) pairs: the stem and each stage of a CNN; a ViT's patch embedding."""
    names = dict(model.named_modules())
    if is_vit:
        for path in ("conv_proj", "patch_embed"):
            if path in names:
                return [("patch_embed", path)]
        return []
    if all(p in names for p in ("maxpool", "layer1", "layer2", "layer3", "layer4")):
        return [("stem", "maxpool")] + [(f"layer{i}", f"layer{i}") for i in range(1, 5)]
    if "stem" in names and "stages" in names:  # timm ConvNeXt, RegNet, ...
        return [("stem", "stem")] + [
            (f"stages.{n}", f"stages.{n}") for n, _ in names["stages"].named_children()
        ]
    feature_info = getattr(model, "feature_info", None)
    if feature_info is not None and hasattr(feature_info, "module_name"):
        paths = feature_info.module_name()
        return [(p.replace("_", "."), p) for p in paths]
    if "features" in names and isinstance(names["features"], nn.Sequential):
        children = [n for n, _ in names["features"].named_children()]
        return [("stem", f"features.{children[0]}")] + [(f"features.{c}", f"features.{c}") for c in children[1:]]
    raise ExportError("cannot find this model's stem and stages: name modules with --taps")


def choose_taps(args, model):
    attn = attention_modules(model)
    is_vit = bool(attn) and not args.no_attention
    attn_paths = [p for p, _ in attn]
    if args.taps:
        act = [(p, p) for p in args.taps.split(",") if p]
        names = dict(model.named_modules())
        for _, path in act:
            if path not in names:
                raise ExportError(f"--taps: the model has no module '{path}'")
    else:
        act = default_act_paths(model, is_vit)
        if is_vit:
            act += [(f"block{i + 1}", p.rpartition(".")[0]) for i, p in enumerate(attn_paths)]
    attn_taps = [(f"block{i + 1}.attn", p) for i, p in enumerate(attn_paths)] if is_vit else []
    return act, attn_taps


# ----------------------------------------------------------------------------------------------
# Checks, golden outputs, manifest.


def golden_input(c, h, w, batch=GOLDEN_BATCH):
    """The fixed input Java recomputes: value i (flat, row-major) = ((i * 7919) % 2001) / 1000 - 1."""
    n = batch * c * h * w
    i = torch.arange(n, dtype=torch.float64)
    return (torch.remainder(i * 7919, 2001) / 1000.0 - 1.0).float().reshape(batch, c, h, w)


def max_rel_diff(a, b):
    scale = max(float(b.abs().max()), 1e-12)
    return float((a.double() - b.double()).abs().max()) / scale


def self_check(original, hooked, attn_taps, x):
    """The export's logits equal the unmodified model's, and every attention tap equals what the
    unmodified attention module returns with need_weights=True on the same input."""
    with torch.no_grad():
        out = hooked(x)
        inputs = {name: hooked.model.get_submodule(path).last_input for name, path in attn_taps}
        reference = original(x)
        if isinstance(reference, (tuple, list)):
            reference = reference[0]
    report = {"logits": max_rel_diff(out["logits"], reference)}
    for name, path in attn_taps:
        module = original.get_submodule(path)
        with torch.no_grad():
            if isinstance(module, nn.MultiheadAttention):
                y, weights = module(
                    inputs[name], inputs[name], inputs[name], need_weights=True, average_attn_weights=False
                )
            else:
                weights = None
        if weights is not None:
            report[name] = float((out["attn." + name] - weights).abs().max())
    bad = {k: v for k, v in report.items() if v > SELF_CHECK_TOLERANCE}
    if bad:
        raise ExportError(f"export differs from the unmodified model: {bad}")
    return report


def describe_outputs(out, act_taps, attn_taps, nonneg):
    taps = []
    for name, path in act_taps:
        t = out["act." + name]
        if t.dim() != 4:
            raise ExportError(
                f"tap '{name}' (module {path}) gives shape {list(t.shape)}; a feature-map tap needs [B, C, H, W]"
            )
        taps.append(
            {
                "name": name,
                "output": "act." + name,
                "kind": "activation",
                "module": path,
                "shape": list(t.shape[1:]),
                "non_negative": bool(nonneg.get(name, False)),
            }
        )
    for name, path in attn_taps:
        t = out["attn." + name]
        taps.append(
            {
                "name": name,
                "output": "attn." + name,
                "kind": "attention",
                "module": path,
                "shape": list(t.shape[1:]),
                "non_negative": True,
            }
        )
    return taps


def forward_order(hooked, taps, x):
    """The taps sorted by when their module finishes in a forward pass (a block's attention
    before the block's output)."""
    finished = []
    handles = [
        hooked.model.get_submodule(t["module"]).register_forward_hook(
            lambda m, i, o, name=t["name"]: finished.append(name)
        )
        for t in taps
    ]
    with torch.no_grad():
        hooked(x)
    for h in handles:
        h.remove()
    return sorted(taps, key=lambda t: finished.index(t["name"]))


def goldens(out):
    result = {}
    for key, t in out.items():
        flat = t.detach().double().reshape(-1)
        g = torch.Generator().manual_seed(1234)
        idx = torch.randint(0, flat.numel(), (min(GOLDEN_SAMPLES, flat.numel()),), generator=g)
        result[key] = {
            "shape": list(t.shape),
            "sum": float(flat.sum()),
            "abs_sum": float(flat.abs().sum()),
            "max_abs": float(flat.abs().max()),
            "samples": [[int(i), float(flat[i])] for i in idx],
        }
    return result


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def companion(out_path, suffix):
    base = out_path[:-3] if out_path.endswith(".pt") else out_path
    return base + suffix


def export(args):
    if not args.out.endswith(".pt"):
        raise ExportError(f"--out {args.out}: the file name must end in .pt")
    model, source, weights_meta = build_model(args)
    original = copy.deepcopy(model).eval()
    spec = input_policy(args, model, weights_meta)
    act_paths, attn_taps = choose_taps(args, model)
    attn_types = {}
    for name, path in attn_taps:
        module = model.get_submodule(path)
        attn_types[name] = type(module).__name__
        explicit = (
            ExplicitMultiheadAttention(module)
            if isinstance(module, nn.MultiheadAttention)
            else ExplicitTimmAttention(module)
        )
        set_submodule(model, path, explicit)
    act_taps = act_paths
    # ReLU outputs (ResNet's max-pooled stem and its stages, which end in a ReLU) are never negative.
    nonneg = {n: p == "maxpool" or (p.startswith("layer") and hasattr(model.get_submodule(p)[-1], "relu"))
              for n, p in act_paths if p in dict(model.named_modules())}
    hooked = Hooked(model, act_taps, attn_taps).eval()
    for p in hooked.parameters():
        p.requires_grad_(False)

    c, h, w = spec["channels"], spec["height"], spec["width"]
    x = golden_input(c, h, w)
    check = self_check(original, hooked, attn_taps, x)
    with torch.no_grad():
        eager = hooked(x)
        traced = torch.jit.trace(hooked, x[:1], strict=False, check_trace=False)
        traced_out = traced(x)
    for key, value in eager.items():
        if max_rel_diff(traced_out[key], value) > SELF_CHECK_TOLERANCE:
            raise ExportError(f"traced output {key} differs from the eager model at batch {x.shape[0]}")
    frozen = {"frozen": False, "reason": "--no-freeze"}
    if not args.no_freeze:
        # Freezing pays by folding BatchNorm into the convolutions; it also empties the file's
        # state_dict (parameters become graph constants), so a model without BatchNorm keeps it.
        if any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules()):
            traced, frozen = freeze(traced, eager, x)
        else:
            frozen = {"frozen": False, "reason": "no BatchNorm to fold; the parameters stay in the state_dict"}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    traced.save(args.out)

    logits = eager["logits"]
    if logits.dim() != 2:
        raise ExportError(f"the model's output has shape {list(logits.shape)}; expected [B, classes]")
    taps = forward_order(hooked, describe_outputs(eager, act_taps, attn_taps, nonneg), x[:1])
    grid = None
    if attn_taps:
        tokens = next(t for t in taps if t["kind"] == "attention")["shape"][-1]
        side = math.isqrt(tokens)
        grid = {"tokens": tokens, "side": side, "prefix_tokens": tokens - side * side}
    golden_path = companion(args.out, ".golden.json")
    manifest = {
        "format": FORMAT,
        "file": os.path.basename(args.out),
        "sha256": sha256(args.out),
        "source": source,
        "description": args.description or describe_source(source, attn_taps),
        "torch_version": torch.__version__,
        "torchvision_version": version_of("torchvision"),
        "timm_version": version_of("timm"),
        "exported": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "input": spec,
        "num_classes": int(logits.shape[1]),
        "classes": class_names(args, weights_meta, int(logits.shape[1])),
        "logits": "logits",
        "taps": taps,
        "patch_grid": grid,
        "attention": {n: {"module_type": attn_types[n], "computed": "softmax(q k^T / sqrt(d))"} for n, _ in attn_taps},
        "golden": os.path.basename(golden_path),
        "self_check": check,
        "inference_preparation": frozen,
    }
    golden = {
        "format": FORMAT,
        "sha256": manifest["sha256"],
        "input": {
            "shape": list(x.shape),
            "formula": "value[i] = ((i * 7919) % 2001) / 1000 - 1 over the flat row-major index i",
        },
        "outputs": goldens(eager),
    }
    with open(companion(args.out, ".manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(golden_path, "w", encoding="utf-8") as f:
        json.dump(golden, f)
        f.write("\n")
    return manifest


def freeze(traced, eager, x):
    """torch.jit.freeze of the traced module (eval mode): parameters become constants, and
    BatchNorm after a convolution is folded into it. Kept only where every output, taps included,
    stays within SELF_CHECK_TOLERANCE of the eager model's; else the unfrozen module is kept and
    the manifest says why."""
    try:
        frozen = torch.jit.freeze(traced.eval())
        with torch.no_grad():
            out = frozen(x)
    except Exception as e:  # noqa: BLE001 - any failure to freeze keeps the unfrozen module
        return traced, {"frozen": False, "reason": f"torch.jit.freeze failed: {str(e).splitlines()[0]}"}
    worst = {key: max_rel_diff(out[key], value) for key, value in eager.items()}
    if set(out.keys()) != set(eager.keys()) or max(worst.values()) > SELF_CHECK_TOLERANCE:
        return traced, {"frozen": False, "reason": f"frozen outputs differ from the eager model's: {worst}"}
    folded = sum(1 for n in traced.inlined_graph.nodes() if n.kind() == "aten::batch_norm") - sum(
        1 for n in frozen.graph.nodes() if n.kind() == "aten::batch_norm"
    )
    return frozen, {
        "frozen": True,
        "batch_norms_folded": int(folded),
        "max_rel_diff_to_eager": max(worst.values()),
    }


def describe_source(source, attn_taps):
    kind = "Vision Transformer" if attn_taps else "CNN"
    return f"{kind} {source['kind']}:{source['name']} exported as hooked TorchScript"


def version_of(package):
    try:
        return importlib.import_module(package).__version__
    except ImportError:
        return None


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", nargs="?", help="torchvision:NAME or timm:NAME")
    p.add_argument("--out", required=True, help="the TorchScript file to write, FILE.pt")
    p.add_argument("--weights", help="torchvision weights enum value, e.g. DEFAULT or IMAGENET1K_V1")
    p.add_argument("--pretrained", action="store_true", help="timm: load the pretrained weights")
    p.add_argument("--module", help="your own model: pkg.mod:factory (called with --kwargs)")
    p.add_argument("--kwargs", default="{}", help="JSON object of keyword arguments for the factory")
    p.add_argument("--state-dict", help="a .pth state dict loaded into the model")
    p.add_argument("--taps", help="comma-separated module paths to tap instead of the stem and stages")
    p.add_argument("--no-attention", action="store_true", help="do not export attention taps")
    p.add_argument("--image-size", type=int, help="input height and width (default: the weights')")
    p.add_argument("--resize", type=int, help="shorter side before the centre crop (default: the weights')")
    p.add_argument("--mean", help="three comma-separated channel means")
    p.add_argument("--std", help="three comma-separated channel standard deviations")
    p.add_argument("--interpolation", choices=["bilinear", "bicubic"], help="resize filter to record (default: what the weights say, else bilinear)")
    p.add_argument("--classes", help="imagenet-1k, or a text file with one class name a line")
    p.add_argument("--description", help="one line for gaze models --inspect")
    p.add_argument("--seed", type=int, default=0, help="seed for random initialisation (no weights)")
    p.add_argument(
        "--no-freeze",
        action="store_true",
        help="save the traced module as it is, without torch.jit.freeze (which folds BatchNorm into convolutions and leaves the file without a state_dict; models without BatchNorm are never frozen)",
    )
    args = p.parse_args(argv)
    torch.set_grad_enabled(False)
    # Shapes read while tracing become constants (the input size is fixed anyway); say so once.
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    try:
        manifest = export(args)
    except ExportError as e:
        print(f"export_hooked: {e}", file=sys.stderr)
        return 2
    taps = ", ".join(f"{t['name']}{t['shape']}" for t in manifest["taps"])
    print(f"wrote {args.out} ({manifest['sha256'][:12]}), taps: {taps}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
