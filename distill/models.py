"""The classifiers whose outputs W = P(Y=1|X) the book compresses.

* :class:`LeNet`: the paper's network for MNIST and Fashion-MNIST: two 5x5
  convolutions (20 and 50 channels, stride 1, ReLU), each followed by 2x2
  max-pooling, a 500-unit ReLU layer and a two-way output.
* :func:`resnet18`: ResNet-18 (He et al. 2016) in its CIFAR form (a 3x3
  stem, no initial pooling), the paper's network for CIFAR-10 cats and dogs.
* :class:`ResNet9`: a compact residual network (Page 2018, "How to train
  your ResNet") that reaches good cat/dog accuracy on two CPU cores in about
  ten minutes: the ``full`` profile's CIFAR network.

Every model maps a batch ``(N, C, H, W)`` of images in [0, 1] to two logits
``(N, 2)``; column 0 is Y = 1, so ``softmax(logits)[:, 0]`` is W. Inputs are
standardized inside the model (a fixed per-channel shift and scale), so the
data stay in [0, 1] everywhere else.
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["LeNet", "ResNet9", "resnet18", "ResNet", "build_model", "MODELS", "count_parameters"]


class _Standardize(nn.Module):
    """Map pixel values in [0, 1] to roughly zero mean and unit spread.

    A fixed affine map (0.5 and 0.25 per channel) rather than dataset
    statistics, so that the model does not depend on the training subset.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - 0.5) * 4.0


class LeNet(nn.Module):
    """Two 5x5 convolutions (20, 50 channels), 2x2 max-pools, 500 ReLU units.

    Parameters
    ----------
    in_channels : int, default 1
    size : int, default 28
        Side of the square input images in pixels (28 for MNIST: 28 -> 24 ->
        12 -> 8 -> 4, so 50 x 4 x 4 features enter the 500-unit layer).
    n_classes : int, default 2
    """

    def __init__(self, in_channels: int = 1, size: int = 28, n_classes: int = 2):
        super().__init__()
        side = ((size - 4) // 2 - 4) // 2
        if side < 1:
            raise ValueError(f"size must be at least 16 pixels for LeNet; got {size}")
        self.features = nn.Sequential(
            _Standardize(),
            nn.Conv2d(in_channels, 20, kernel_size=5, stride=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(20, 50, kernel_size=5, stride=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(50 * side * side, 500),
            nn.ReLU(),
            nn.Linear(500, n_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def _conv_bn(c_in: int, c_out: int, stride: int = 1) -> list[nn.Module]:
    return [
        nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    ]


class _Residual(nn.Module):
    """x + f(x) with f two 3x3 conv-BN-ReLU layers of the same width."""

    def __init__(self, channels: int):
        super().__init__()
        self.body = nn.Sequential(*_conv_bn(channels, channels), *_conv_bn(channels, channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class ResNet9(nn.Module):
    """The compact residual network of Page (2018), with a width parameter.

    Layers (``w = width``): conv(w) - conv(2w), pool - residual(2w) -
    conv(4w), pool - conv(8w), pool - residual(8w) - global max-pool - linear.
    ``width=64`` is Page's DAWNBench network (6.5 M parameters); the
    ``full`` profile uses a narrower one.

    Parameters
    ----------
    width : int, default 32
    in_channels : int, default 3
    n_classes : int, default 2
    """

    def __init__(self, width: int = 32, in_channels: int = 3, n_classes: int = 2):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            _Standardize(),
            *_conv_bn(in_channels, w),
            *_conv_bn(w, 2 * w), nn.MaxPool2d(2),
            _Residual(2 * w),
            *_conv_bn(2 * w, 4 * w), nn.MaxPool2d(2),
            *_conv_bn(4 * w, 8 * w), nn.MaxPool2d(2),
            _Residual(8 * w),
            nn.AdaptiveMaxPool2d(1),
            nn.Flatten(),
        )
        self.classifier = nn.Linear(8 * w, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Page's network scales its logits by 1/8: the max-pooled features
        # are large, and unscaled logits make the first steps unstable.
        return self.classifier(self.features(x)) * 0.125


class _BasicBlock(nn.Module):
    """ResNet's basic block: two 3x3 convolutions and a (projected) shortcut."""

    def __init__(self, c_in: int, c_out: int, stride: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(c_out),
            nn.ReLU(inplace=True),
            nn.Conv2d(c_out, c_out, 3, stride=1, padding=1, bias=False),
            nn.BatchNorm2d(c_out),
        )
        self.shortcut = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out)
            )
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.body(x) + self.shortcut(x))


class ResNet(nn.Module):
    """ResNet for 32 x 32 images: a 3x3 stem, four stages of basic blocks.

    Parameters
    ----------
    blocks : sequence of int, default (2, 2, 2, 2)
        Basic blocks per stage ((2, 2, 2, 2) is ResNet-18).
    width : int, default 64
        Channels of the first stage; each later stage doubles them.
    in_channels, n_classes : int
    """

    def __init__(self, blocks=(2, 2, 2, 2), width: int = 64, in_channels: int = 3,
                 n_classes: int = 2):
        super().__init__()
        layers: list[nn.Module] = [_Standardize(), *_conv_bn(in_channels, width)]
        c_in = width
        for stage, n_blocks in enumerate(blocks):
            c_out = width * 2**stage
            for b in range(n_blocks):
                layers.append(_BasicBlock(c_in, c_out, 2 if (b == 0 and stage > 0) else 1))
                c_in = c_out
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c_in, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def resnet18(in_channels: int = 3, n_classes: int = 2) -> ResNet:
    """ResNet-18, CIFAR variant (3x3 stem, no max-pool; 11.2 M parameters)."""
    return ResNet((2, 2, 2, 2), 64, in_channels, n_classes)


MODELS = ("lenet", "resnet9", "resnet18")
"""Names :func:`build_model` accepts."""


def build_model(name: str, in_channels: int, size: int, width: int | None = None,
                n_classes: int = 2) -> nn.Module:
    """A model by name (see :data:`MODELS`) for images of the given shape.

    >>> build_model("lenet", 1, 28)(torch.zeros(3, 1, 28, 28)).shape
    torch.Size([3, 2])
    """
    if name == "lenet":
        return LeNet(in_channels, size, n_classes)
    if name == "resnet9":
        return ResNet9(width or 32, in_channels, n_classes)
    if name == "resnet18":
        return ResNet((2, 2, 2, 2), width or 64, in_channels, n_classes)
    raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}")


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
