"""ekslint: offline linter for EKS cluster configuration."""

__version__ = "0.1.0"
