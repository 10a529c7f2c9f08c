"""A small torchvision VisionTransformer with random weights, for the export tests."""

import torch
from torchvision.models.vision_transformer import VisionTransformer


def build(image_size=224, patch_size=32, num_layers=2, num_heads=4, hidden_dim=64, mlp_dim=128, num_classes=10):
    model = VisionTransformer(
        image_size=image_size,
        patch_size=patch_size,
        num_layers=num_layers,
        num_heads=num_heads,
        hidden_dim=hidden_dim,
        mlp_dim=mlp_dim,
        num_classes=num_classes,
    )
    # torchvision starts the head at zero; random values give the logits something to check.
    torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    torch.nn.init.normal_(model.class_token, std=0.02)
    return model
