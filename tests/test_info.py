"""Tests of distill.info: known values, identities and error messages."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from distill.info import (
    binary_entropy,
    conditional_entropy,
    cross_entropy_bound,
    entropy,
    entropy_from_samples,
    fano_bound,
    joint_entropy,
    joint_from_labels,
    kl_divergence,
    mutual_information,
    mutual_information_from_samples,
)

# The paper's two CIFAR tables, rows Y=1 and Y=2 across bins (Tegmark & Wu 2019)
CIFAR_2x2 = np.array([[0.454555, 0.045445], [0.042725, 0.457275]])
CIFAR_2x5 = np.array([
    [0.350685, 0.053337, 0.054679, 0.034542, 0.006756],
    [0.007794, 0.006618, 0.032516, 0.069236, 0.383836],
])


def test_paper_cifar_2x2_information():
    assert round(mutual_information(CIFAR_2x2.T), 5) == 0.56971


def test_paper_cifar_2x5_information():
    assert round(mutual_information(CIFAR_2x5.T), 4) == 0.6882


def test_information_is_symmetric_in_the_table_orientation():
    assert mutual_information(CIFAR_2x5) == pytest.approx(mutual_information(CIFAR_2x5.T), abs=1e-14)


def test_entropy_known_values():
    assert entropy([1.0]) == 0.0
    assert entropy([0.5, 0.5]) == 1.0
    assert entropy([0.25] * 4) == 2.0
    assert entropy([0.5, 0.5, 0.0]) == 1.0  # 0 log 0 = 0


def test_binary_entropy_known_values():
    assert binary_entropy(0.5) == 1.0
    assert binary_entropy(0.0) == 0.0
    assert binary_entropy(1.0) == 0.0
    h = binary_entropy(np.array([0.11, 0.89]))
    assert h[0] == pytest.approx(h[1])
    assert h[0] == pytest.approx(-(0.11 * math.log2(0.11) + 0.89 * math.log2(0.89)))


def test_conditional_and_joint_entropy_chain_rule():
    p = np.array([[0.1, 0.2], [0.3, 0.15], [0.05, 0.2]])
    h_z = entropy(p.sum(axis=1))
    assert joint_entropy(p) == pytest.approx(h_z + conditional_entropy(p))
    assert mutual_information(p) == pytest.approx(entropy(p.sum(axis=0)) - conditional_entropy(p))


def test_kl_divergence_values():
    assert kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0.0
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == 1.0
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_mutual_information_is_kl_of_joint_from_product():
    p = np.array([[0.1, 0.2], [0.3, 0.15], [0.05, 0.2]])
    prod = np.outer(p.sum(axis=1), p.sum(axis=0))
    assert mutual_information(p) == pytest.approx(kl_divergence(p, prod))


def test_sample_estimates_match_tables():
    a = np.array([0, 0, 1, 1, 1, 2, 2, 0])
    b = np.array([1, 2, 1, 1, 2, 2, 2, 1])
    joint = joint_from_labels(a, b)
    assert joint.sum() == pytest.approx(1.0)
    assert mutual_information_from_samples(a, b) == pytest.approx(mutual_information(joint))
    assert entropy_from_samples(a) == pytest.approx(entropy(joint.sum(axis=1)))


def test_fano_bound_binary():
    assert fano_bound(0.0) == 1.0
    assert fano_bound(0.5) == 0.0
    eps = 0.1
    assert fano_bound(eps) == pytest.approx(1 - binary_entropy(eps))
    # more classes subtract eps log2(K - 1)
    assert fano_bound(eps, H_Y=math.log2(10), n_classes=10) == pytest.approx(
        math.log2(10) - binary_entropy(eps) - eps * math.log2(9))


def test_fano_bound_is_below_true_information():
    # binary symmetric channel with crossover eps: I = 1 - h2(eps) exactly
    eps = 0.2
    p = np.array([[0.5 * (1 - eps), 0.5 * eps], [0.5 * eps, 0.5 * (1 - eps)]])
    assert fano_bound(eps) <= mutual_information(p) + 1e-12


def test_cross_entropy_bound():
    assert cross_entropy_bound(0.25) == 0.75
    assert cross_entropy_bound(2.0) == 0.0
    assert cross_entropy_bound([0.1, 0.2], H_Y=0.9).tolist() == pytest.approx([0.8, 0.7])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: entropy([0.5, -0.1, 0.6]), "p must be non-negative; got minimum -0.1"),
        (lambda: entropy([0.5, np.nan]), "p must be finite"),
        (lambda: entropy([0.5, 0.4]), r"p must sum to 1 .* off by -0.1"),
        (lambda: mutual_information([0.5, 0.5]), r"joint must be 2-D; got shape \(2,\)"),
        (lambda: binary_entropy(1.5), r"p must lie in \[0, 1\]; got 1.5"),
        (lambda: kl_divergence([0.5, 0.5], [1.0]), "p and q must have the same shape"),
        (lambda: fano_bound(-0.1), r"error_rate must lie in \[0, 1\]"),
        (lambda: fano_bound(0.1, n_classes=1), "n_classes must be an integer >= 2"),
        (lambda: cross_entropy_bound(-1.0), "cross_entropy_bits must be >= 0"),
    ],
)
def test_bad_input_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


tables = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 4)),
                elements=st.floats(0, 1)).filter(lambda a: a.sum() > 1e-3)


@settings(max_examples=60, deadline=None)
@given(tables)
def test_information_inequalities(raw):
    p = raw / raw.sum()
    mi = mutual_information(p)
    h_a = entropy(p.sum(axis=1))
    h_b = entropy(p.sum(axis=0))
    assert -1e-12 <= mi <= min(h_a, h_b) + 1e-12
    assert conditional_entropy(p) <= h_b + 1e-12
    assert joint_entropy(p) <= h_a + h_b + 1e-12
    assert joint_entropy(p) >= max(h_a, h_b) - 1e-12


@settings(max_examples=40, deadline=None)
@given(tables, st.randoms(use_true_random=False))
def test_relabeling_rows_and_columns_changes_nothing(raw, rnd):
    p = raw / raw.sum()
    r = list(range(p.shape[0])); rnd.shuffle(r)
    c = list(range(p.shape[1])); rnd.shuffle(c)
    assert mutual_information(p[r][:, c]) == pytest.approx(mutual_information(p), abs=1e-12)
    assert entropy(p[r][:, c]) == pytest.approx(entropy(p), abs=1e-12)
