"""The tables schoolnet works on, and their checks.

:class:`~schoolnet.tables.tables.Tables` holds the four tables of the data model
(schools, groups, memberships, support), :mod:`~schoolnet.tables.schema` says what
each column holds, and :mod:`~schoolnet.tables.vocabulary` lists the words each
coded column may take. Everything else in schoolnet stands on this floor.

May import: the shared helpers at the top of the package only.
"""
