"""Readers of files that someone else made.

The project's own CSV tables (:mod:`~schoolnet.read.io`), the DfE register and its
links (:mod:`~schoolnet.read.gias`, :mod:`~schoolnet.read.history`), the register's old snapshots
of its links (:mod:`~schoolnet.read.trust_history`), Ofsted's
management information, the performance tables, the teaching school hubs, and
school names matched to URNs, and an authority's cluster sheet and Ofsted's file
added to the register (:mod:`~schoolnet.read.additions`). Each returns :class:`~schoolnet.Tables` or a plain
DataFrame, with what it set aside and why.

May import: :mod:`schoolnet.tables` and the shared helpers.
"""
