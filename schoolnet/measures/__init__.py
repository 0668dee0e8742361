"""What is measured on a network.

Isolation, need, centrality, brokerage roles,
communities, reach and coverage, similar schools, and change over time.

May import: :mod:`schoolnet.network`, :mod:`schoolnet.read`,
:mod:`schoolnet.tables` and the shared helpers; never :mod:`schoolnet.impact`.
"""
