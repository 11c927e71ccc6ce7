"""Querysets built and compiled once per process, then run again with other values.

A cold public page reads a handful of rows, and the ORM spends longer building and
compiling each query (annotations, subqueries, joins) than PostgreSQL spends answering it:
a doctor's profile query took about 4 ms, 1.4 of them in the database. ``KeptQuery`` keeps
what the ORM worked out the first time (the SQL, where each column goes, which related
rows each row fills) and from then on only swaps in the values named as markers:

    def _question(pk: int):
        return Question.objects.select_related("specialty").filter(pk=pk)

    _QUESTION = KeptQuery(_question)
    question = _QUESTION.first(pk=12)

Only the marked values change between runs, so a value worked out when the queryset is
built (a setting, the time) would be kept with it: a query whose parameters hold a date or
time that is not a marker is refused (pass ``now`` as a marker instead). Model instances
come back as the queryset would have given them (``select_related`` rows and annotations
included). Not for querysets with ``prefetch_related`` or known related objects: they are
refused too, and so is an integer marker on a small or positive-only integer column (it
suits keys and other 32- or 64-bit columns).

A page of a list is ``rows(**values)[start:stop]`` (``KeptRows``): the kept SQL with
``LIMIT`` and ``OFFSET``, as a paginator slices a queryset; counting it builds the
queryset (with the values) and counts that.

A ``list[int]`` marker is one array parameter, for ``AnyOf(F("column"), marker)``
(``column = ANY(%s)``): the rows of a list of keys, however many, with the same SQL
(``column__in`` writes one parameter per key).
"""

import datetime
import threading
from collections.abc import Callable
from itertools import count
from typing import get_type_hints

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Lookup, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Stand-ins for the values each run swaps in: distinct from anything a query would hold.
# Integers stay within a 32-bit column's range: Django refuses to compile a lookup with a
# value out of its field's range (a small or positive-only integer column refuses them).
_MARKER_SERIALS = count(1)
_MARKER_INT_BASE = -2_013_265_920
_MARKER_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def _marker(kind: type) -> object:
    serial = next(_MARKER_SERIALS)
    if kind == list[int]:
        return [_MARKER_INT_BASE - serial]
    if kind is int:
        return _MARKER_INT_BASE - serial
    if kind is str:
        return f"\x1fkept-query-marker-{serial}\x1f"
    if kind is datetime.datetime:
        return _MARKER_TIME + datetime.timedelta(microseconds=serial)
    raise TypeError(f"KeptQuery markers are int, str, datetime or list[int], not {kind}")


class AnyOf(Lookup):
    """``AnyOf(F("column"), values)``: ``column = ANY(values)``, the values as one array
    parameter (``filter(AnyOf(...))``). No values match no row."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class _Compiled:
    def __init__(self, queryset: QuerySet, markers: dict[str, object]):
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("KeptQuery: no prefetch_related or known related objects")
        if queryset._iterable_class is not ModelIterable:
            raise ValueError("KeptQuery: model instances only (no values(), no values_list())")
        self.model = queryset.model
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            raise ValueError(
                "KeptQuery: a marker is out of its column's range (an int marker is a large "
                "negative number: not for small or positive-only integer columns)"
            ) from exc
        self.slots: list[str | None] = []
        self.params: list = []
        by_marker = {
            marker: name for name, marker in markers.items() if not isinstance(marker, list)
        }
        # The ORM copies a list it is given: a list marker is known by what it holds.
        by_list = [(marker, name) for name, marker in markers.items() if isinstance(marker, list)]
        for param in params:
            if isinstance(param, list):
                slot = next((name for marker, name in by_list if param == marker), None)
            elif isinstance(param, (int, str, datetime.date)):
                slot = by_marker.get(param)
            else:
                slot = None
            if slot is None and isinstance(
                param, (datetime.date, datetime.time, datetime.timedelta)
            ):
                raise ValueError("KeptQuery: a time in the query would be kept with it")
            self.slots.append(slot)
            self.params.append(param)
        missing = set(markers) - set(filter(None, self.slots))
        if missing:
            raise ValueError(f"KeptQuery: {sorted(missing)} not in the query's parameters")
        self.query = queryset.query
        # A slice is added as LIMIT and OFFSET after the SQL: only to a query that orders
        # its rows and is neither sliced nor locking already.
        self.sliceable = (
            queryset.ordered
            and not queryset.query.is_sliced
            and not queryset.query.select_for_update
            and not queryset.query.combinator
        )
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.annotation_col_map = compiler.annotation_col_map
        self.col_count = compiler.col_count
        start, end = self.klass_info["select_fields"][0], self.klass_info["select_fields"][-1] + 1
        self.model_slice = slice(start, end)
        self.init_list = [column[0].target.attname for column in self.select[start:end]]

    def run(self, values: dict[str, object], start: int = 0, stop: int | None = None) -> list:
        sql = self.sql
        params = [
            param if slot is None else values[slot]
            for param, slot in zip(self.params, self.slots, strict=True)
        ]
        if start or stop is not None:
            if not self.sliceable:
                raise ValueError("KeptQuery: only an ordered, unsliced query takes a slice")
            if stop is not None:
                sql += " LIMIT %s"
                params.append(max(stop - start, 0))
            sql += " OFFSET %s"
            params.append(start)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return []
        # A compiler of this thread's connection, told what the first one worked out, turns
        # the rows into Python values (the converters) as the queryset would.
        compiler = self.query.get_compiler(using=self.db)
        compiler.select, compiler.klass_info = self.select, self.klass_info
        compiler.annotation_col_map, compiler.col_count = self.annotation_col_map, self.col_count
        populators = get_related_populators(self.klass_info, self.select, self.db)
        objects = []
        for row in compiler.results_iter([rows]):
            obj = self.model.from_db(self.db, self.init_list, row[self.model_slice])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in self.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class KeptQuery:
    """``build(**markers)`` returns the queryset; it is built and compiled on first use
    in each process, and each ``all(**values)`` or ``first(**values)`` runs its SQL
    with ``values`` in the markers' places. The markers' kinds are the keyword arguments'
    annotations of ``build``: ``int``, ``str``, ``datetime`` (a time the caller works
    out for each run, such as now) or ``list[int]`` (for AnyOf)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.kinds = {
            name: kind for name, kind in get_type_hints(build).items() if name != "return"
        }
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def _get(self) -> _Compiled:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                if self._compiled is None:
                    markers = {name: _marker(kind) for name, kind in self.kinds.items()}
                    self._compiled = _Compiled(self.build(**markers), markers)
                compiled = self._compiled
        return compiled

    def _checked(self, values: dict) -> dict:
        if set(values) != set(self.kinds):
            raise TypeError(f"KeptQuery needs exactly {sorted(self.kinds)}")
        for name, value in values.items():
            kind = self.kinds[name]
            if kind == list[int]:
                if not isinstance(value, list) or not all(_is_int(item) for item in value):
                    raise TypeError(f"{name}: a list of int expected")
            elif not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"{name}: {kind.__name__} expected")
        return values

    def all(self, **values) -> list:
        return self._get().run(self._checked(values))

    def rows(self, **values) -> "KeptRows":
        """The rows for ``values``, read only when iterated, a slice at a time."""
        return KeptRows(self, self._checked(values))

    def first(self, **values):
        objects = self.all(**values)
        return objects[0] if objects else None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class KeptRows:
    """A kept query's rows for some values, as a paginator reads a queryset: slicing
    gives another ``KeptRows`` (nothing is read), iterating reads the rows of the slice
    with the kept SQL, and ``count()`` counts the slice with the queryset ``build`` makes
    (a list's total is rarely counted: CachedCountPaginator keeps it)."""

    ordered = True  # the kept query refuses a slice when it does not order its rows

    def __init__(self, kept: KeptQuery, values: dict, start: int = 0, stop: int | None = None):
        self.kept, self.values, self.start, self.stop = kept, values, start, stop
        self._rows: list | None = None

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("KeptRows takes a slice of rows")
        if (item.start or 0) < 0 or (item.stop is not None and item.stop < 0):
            raise ValueError("KeptRows: negative indexing is not supported")
        start = self.start + (item.start or 0)
        stop = None if item.stop is None else self.start + item.stop
        if self.stop is not None:
            stop = self.stop if stop is None else min(stop, self.stop)
        return KeptRows(self.kept, self.values, start, None if stop is None else max(stop, start))

    @property
    def db(self) -> str:
        return self.kept._get().db

    def _fetch(self) -> list:
        if self._rows is None:
            self._rows = self.kept._get().run(self.values, self.start, self.stop)
        return self._rows

    def __iter__(self):
        return iter(self._fetch())

    def __len__(self) -> int:
        return len(self._fetch())

    def count(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        return self.kept.build(**self.values)[self.start : self.stop].count()
