"""Named queries: the ``queries/`` catalogue, its parameters, the sandbox and the runner."""

from etl.queries.catalogue import Catalogue, UnknownQueryError, load_catalogue
from etl.queries.header import Chart, Param, QueryFileError, QuerySpec
from etl.queries.params import ParamError
from etl.queries.runner import QueryResult, ResultCache, Runner
from etl.queries.sandbox import QueryRefusedError

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
