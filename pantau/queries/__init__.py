"""Named queries: the ``queries/`` catalogue, its parameters, the sandbox and the runner."""

from pantau.queries.catalogue import Catalogue, UnknownQueryError, load_catalogue
from pantau.queries.header import Chart, Param, QueryFileError, QuerySpec
from pantau.queries.params import ParamError
from pantau.queries.runner import QueryResult, ResultCache, Runner
from pantau.queries.sandbox import QueryRefusedError

__all__ = [
    "Catalogue",
    "Chart",
    "Param",
    "ParamError",
    "QueryFileError",
    "QueryRefusedError",
    "QueryResult",
    "QuerySpec",
    "ResultCache",
    "Runner",
    "UnknownQueryError",
    "load_catalogue",
]
