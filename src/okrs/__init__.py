"""okrs: OKRs for product teams."""

__version__ = "0.1.0"
