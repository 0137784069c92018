"""iepprep: a calm, private terminal companion for IEP meetings."""

__version__ = "0.1.0"
