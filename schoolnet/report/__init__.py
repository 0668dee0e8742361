"""The report on an area's network.

Its sections (:mod:`~schoolnet.report.parts`,
:mod:`~schoolnet.report.outcomes`) and the page and files that
:func:`~schoolnet.report.write.write_report` writes.

May import: every floor below it; only the command line and the package's own
``__init__`` stand above it.
"""
