"""distill: Pareto-optimal compression of classifier outputs for binary tasks.

Tools for Tegmark & Wu (2019), *Pareto-optimal data compression for binary
classification tasks*: information measures in bits, contiguous binning of
W = P(Y=1|X), exact corners and frontiers of H(Z) against I(Z;Y), and the
information-bottleneck baseline.
"""

__version__ = "0.1.0"
