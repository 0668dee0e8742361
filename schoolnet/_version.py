"""The version of schoolnet, read by the package, its command and its build."""

__version__ = "0.1.0"
