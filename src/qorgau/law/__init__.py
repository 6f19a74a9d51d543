"""The legal engine: Kazakhstan's law on stalking, coercion to marry and fraud as dated data.

Every value is asked for at a date. Modules: ``statutes`` (records and lookup), ``mci``,
``fund``, ``penalties``, ``show`` (``law show``), ``qualify``, ``risk``, ``explain`` (kk/ru/en).
Functions whose names match their module (``qualify.qualify``, ``mci.mci``) are imported from
the module, so that the module itself stays reachable by its dotted name.
"""

from qorgau.law.errors import LawInputError
from qorgau.law.fund import compulsory_payment
from qorgau.law.mci import to_tenge
from qorgau.law.penalties import penalty_range, penalty_ranges
from qorgau.law.show import article_view
from qorgau.law.statutes import in_force, resolve

__all__ = [
    "LawInputError",
    "article_view",
    "compulsory_payment",
    "in_force",
    "penalty_range",
    "penalty_ranges",
    "resolve",
    "to_tenge",
]
