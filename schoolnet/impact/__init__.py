"""Evidence of impact of partnerships on outcomes.

Schools in a partnership compared with alike schools
outside one (:mod:`~schoolnet.impact.matched`), and before and after joining by
staggered differences in differences (:mod:`~schoolnet.impact.staggered`),
both with the outcome-regression and doubly robust estimators of the effect on
the treated (:mod:`~schoolnet.impact.robust`).

May import: :mod:`schoolnet.network`, :mod:`schoolnet.read`,
:mod:`schoolnet.tables` and the shared helpers; never :mod:`schoolnet.measures`.
"""
