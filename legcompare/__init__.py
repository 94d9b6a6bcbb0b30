"""legcompare: compare countries' kidnapping laws against the minimum elements of the crime."""

__version__ = "0.1.0"
