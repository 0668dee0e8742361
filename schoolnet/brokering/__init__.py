"""Brokering support between schools.

Which strong school should support which school in
need (:mod:`~schoolnet.brokering.brokerage`), and what a proposed change would do
to the network (:mod:`~schoolnet.brokering.whatif`).

May import: :mod:`schoolnet.measures` and every floor below it.
"""
