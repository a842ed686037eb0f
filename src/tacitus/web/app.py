"""The explorer's web app: a read-only JSON API over a store, and the page that shows it.

Reads a store through `queries.Explorer` (events, articles, entities) and `aggregates`
(counts, the network, GeoJSON); writes nothing. `create_app(db_path, token)` builds
a FastAPI app whose OpenAPI description is at `/api/openapi.json`. Every parameter is
validated (a bad value gets 422 with a message saying which and why); page sizes and query
time are bounded; when a token is set, every API call must carry it (compared in constant
time). The page (`static/`) ships every asset it uses: nothing is fetched from elsewhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hmac
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as FastPath
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from tacitus.core.errors import StoreError, UsageError
from tacitus.store import query
from tacitus.web import aggregates
from tacitus.web.queries import DEFAULT_STATUSES, EventFilter, Explorer, QueryTimeout

STATIC = Path(__file__).parent / "static"
MAX_PAGE = 500
MAX_FEATURES = 5000
MAX_TEXT = 200
#: Content-Security-Policy of every response: scripts, styles and data only from this server.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; require-trusted-types-for 'script'; trusted-types default"
)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


#: The PLOVER event types (`query.EVENT_TYPES`: those of the score table the store ships).
EventType = enum.Enum(  # type: ignore[misc]
    "EventType", {kind: kind for kind in query.EVENT_TYPES}, type=str
)
#: Event statuses (`query.STATUSES`) and `all`: an unknown one is a 422 naming them.
Status = enum.Enum(  # type: ignore[misc]
    "Status", {status: status for status in (*query.STATUSES, "all")}, type=str
)


class Bucket(enum.StrEnum):
    auto = "auto"
    day = "day"
    week = "week"
    month = "month"


class MapFormat(enum.StrEnum):
    json = "json"
    geojson = "geojson"


class Sort(enum.StrEnum):
    newest = "-date"
    oldest = "date"
    most_reported = "-num_articles"
    most_confident = "-confidence"


Text = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (1-{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
Country = Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166 alpha-3")]
PathId = Annotated[str, FastPath(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9:_.\-]+$")]


def invalid(param: str, message: str) -> RequestValidationError:
    """A 422 error about one query parameter, shaped like FastAPI's own."""
    return RequestValidationError(
        [{"loc": ("query", param), "msg": message, "type": "value_error"}]
    )


def parse_box(value: str) -> tuple[float, float, float, float]:
    """`south,west,north,east` in degrees."""
    parts = value.split(",")
    try:
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        raise invalid(
            "bbox", "bbox is south,west,north,east in degrees, e.g. 30,30,40,45"
        ) from None
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        raise invalid("bbox", "bbox values must be finite numbers")
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise invalid(
            "bbox", "bbox needs -90 <= south <= north <= 90 and longitudes in [-180, 180]"
        )
    return south, west, north, east


def parse_near(value: str, explorer: Explorer) -> tuple[float, float, float]:
    """`LAT,LON[:KM]` or `PLACE[:KM]` as `tacitus events --near` reads it (50 km by default)."""
    try:
        lat, lon, km = query.parse_near(value, explorer.resolve_place)
    except UsageError as exc:
        raise invalid("near", str(exc).replace("--near", "near")) from None
    if not (math.isfinite(km) and km <= 20_000 and math.isfinite(lat) and math.isfinite(lon)):
        raise invalid("near", "the radius must be at most 20000 km")
    return lat, lon, km


def create_app(
    db_path: str | Path,
    token: str | None = None,
    time_limit: float = 5.0,
    loopback_only: bool = False,
) -> FastAPI:
    """The explorer over the store at `db_path`.

    Args:
        db_path: a store made by `tacitus ingest`; opened read-only and checked here, so
            a missing, damaged or foreign file raises `StoreError` (saying what to do) and
            `tacitus serve` refuses to start instead of answering 500.
        token: when set, every API call must carry it (`Authorization: Bearer TOKEN`,
            header `X-Tacitus-Token`, or `?token=`).
        time_limit: seconds a query may run before it is interrupted (answer 503).
        loopback_only: answer only requests addressed to a loopback name (guards a
            server bound to 127.0.0.1 against DNS rebinding).
    """
    explorer = Explorer(db_path, time_limit=time_limit)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        explorer.close()

    app = FastAPI(
        lifespan=lifespan,
        title="tacitus explorer",
        version="1",
        description="Read-only API over a tacitus store: events with their evidence, "
        "articles with every span, actors, places, quotes and aggregates.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.explorer = explorer
    _add_guards(app, token, loopback_only)
    _add_error_handlers(app)
    _add_routes(app, explorer)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _add_guards(app: FastAPI, token: str | None, loopback_only: bool) -> None:
    expected = token.encode("utf-8") if token else None

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if loopback_only and _host_name(request.headers.get("host", "")) not in LOOPBACK_HOSTS:
            return JSONResponse({"detail": "This explorer answers on localhost only."}, 421)
        path = request.url.path
        if expected is not None and path.startswith("/api/") and not _authorised(request, expected):
            return JSONResponse(
                {
                    "detail": "A token is required: send 'Authorization: Bearer TOKEN' (or open "
                    "the page as /?token=TOKEN)."
                },
                401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _host_name(header: str) -> str:
    """The name in a Host header, without its port."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0]


def _authorised(request: Request, expected: bytes) -> bool:
    given = request.headers.get("x-tacitus-token") or request.query_params.get("token") or ""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials:
        given = credentials
    return hmac.compare_digest(given.encode("utf-8"), expected)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryTimeout)
    async def timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 503)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 503)

    @app.exception_handler(UsageError)
    async def usage_error(_: Request, exc: UsageError) -> JSONResponse:
        # A filter value the store's query layer refuses (`query.check_*`): the caller's
        # mistake, answered like FastAPI's own validation errors, never 200 with nothing.
        return JSONResponse({"detail": str(exc)}, 422)


def _event_filter(
    request: Request,
    type: Annotated[list[EventType] | None, Query(description="PLOVER event type(s)")] = None,
    mode: Annotated[
        str | None, Query(pattern=r"^[a-z][a-z-]{0,29}$", description="PLOVER mode")
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_TEXT,
            description="a code (RUS, MIL, RUS/MIL) or part of a name",
        ),
    ] = None,
    recipient: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_TEXT, description="as actor, for the recipient"),
    ] = None,
    country: Country = None,
    since: Annotated[dt.date | None, Query(description="first date, YYYY-MM-DD")] = None,
    until: Annotated[dt.date | None, Query(description="last date, YYYY-MM-DD")] = None,
    near: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_TEXT, description="LAT,LON[:KM] or PLACE[:KM]"),
    ] = None,
    status: Annotated[
        list[Status] | None,
        Query(
            description="event status(es), repeatable; `all` for every status (default: "
            f"{', '.join(DEFAULT_STATUSES)}: what happened)"
        ),
    ] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    quad: Annotated[list[int] | None, Query(description="PLOVER quad class 1-4")] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_TEXT, description="text in the evidence or the names"),
    ] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="south,west,north,east")] = None,
) -> EventFilter:
    """The event filters of the query string (the filters of `tacitus events`)."""
    if since and until and since > until:
        raise invalid("until", "until must not be before since")
    if quad and not all(1 <= value <= 4 for value in quad):
        raise invalid("quad", "quad classes are 1, 2, 3 and 4")
    if len(type or []) > len(EventType):
        raise invalid("type", f"at most {len(EventType)} types")
    explorer: Explorer = request.app.state.explorer
    return EventFilter(
        types=tuple(t.value for t in type or ()),
        mode=mode,
        actor=actor,
        recipient=recipient,
        country=country,
        since=since,
        until=until,
        near=parse_near(near, explorer) if near else None,
        statuses=_statuses(status),
        min_confidence=min_confidence,
        quads=tuple(sorted(set(quad or ()))),
        text=q,
        bbox=parse_box(bbox) if bbox else None,
    )


def _statuses(given: list[Any] | None) -> tuple[str, ...] | None:
    """The statuses asked for: the default ones when none, None (every status) for `all`."""
    if not given:
        return DEFAULT_STATUSES
    values = tuple(sorted({s.value for s in given}))
    return None if "all" in values else values


Filters = Annotated[EventFilter, Depends(_event_filter)]


def _add_routes(app: FastAPI, explorer: Explorer) -> None:
    """Add the page and every API route, group by group (the order is the OpenAPI order)."""
    _add_page_routes(app, explorer)
    _add_event_routes(app, explorer)
    _add_entity_routes(app, explorer)
    _add_article_routes(app, explorer)
    _add_aggregate_routes(app, explorer)


def _call(method: Callable[..., Any], *args: Any) -> Awaitable[Any]:
    """Run a (blocking) query of the explorer in the thread pool."""
    return run_in_threadpool(method, *args)


def _add_page_routes(app: FastAPI, explorer: Explorer) -> None:
    """The page and what the store holds."""

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/api/meta", tags=["store"], summary="What the store holds")
    async def meta() -> Any:
        return await _call(explorer.meta)


def _add_event_routes(app: FastAPI, explorer: Explorer) -> None:
    """Canonical events: filtered pages of them, and one with its reports."""

    @app.get("/api/events", tags=["events"], summary="Canonical events, filtered and paginated")
    async def events(
        filters: Filters, limit: Limit = 50, offset: Offset = 0, sort: Sort = Sort.newest
    ) -> Any:
        return await _call(explorer.events, filters, limit, offset, sort.value)

    @app.get(
        "/api/events/{event_id}",
        tags=["events"],
        summary="One event with its reports and their evidence",
    )
    async def event(event_id: PathId) -> Any:
        found = await _call(explorer.event, event_id)
        if found is None:
            raise HTTPException(404, f"No event {event_id!r} in this store.")
        return found


def _add_entity_routes(app: FastAPI, explorer: Explorer) -> None:
    """Actors, places and quotes named in the articles."""

    @app.get("/api/actors", tags=["entities"], summary="Actors named in the articles")
    async def actors(
        q: Text = None,
        country: Country = None,
        sector: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Any:
        return await _call(explorer.actors, q, country, sector, limit, offset)

    @app.get("/api/places", tags=["entities"], summary="Resolved places named in the articles")
    async def places(
        q: Text = None, country: Country = None, limit: Limit = 50, offset: Offset = 0
    ) -> Any:
        return await _call(explorer.places, q, country, limit, offset)

    @app.get("/api/quotes", tags=["entities"], summary="Quotes and their speakers")
    async def quotes(
        speaker: Text = None,
        contains: Text = None,
        article_id: Annotated[str | None, Query(max_length=100)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Any:
        return await _call(explorer.quotes, speaker, contains, article_id, limit, offset)


def _add_article_routes(app: FastAPI, explorer: Explorer) -> None:
    """Articles: filtered pages of them, and one with its text and every span."""

    @app.get("/api/articles", tags=["articles"], summary="Articles (without their text)")
    async def articles(
        q: Text = None,
        source: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)] = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Any:
        if since and until and since > until:
            raise invalid("until", "until must not be before since")
        return await _call(explorer.articles, q, source, since, until, limit, offset)

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article: text and every span (entities, places, times, quotes, "
        "event evidence)",
    )
    async def article(article_id: PathId) -> Any:
        found = await _call(explorer.article, article_id)
        if found is None:
            raise HTTPException(404, f"No article {article_id!r} in this store.")
        return found


def _add_aggregate_routes(app: FastAPI, explorer: Explorer) -> None:
    """Counts of events by date, country, actor-to-recipient edge and map cell."""

    @app.get(
        "/api/aggregates/timeline", tags=["aggregates"], summary="Counts of events by date and type"
    )
    async def timeline(filters: Filters, bucket: Bucket = Bucket.auto) -> Any:
        return await _call(aggregates.timeline, explorer, filters, bucket.value)

    @app.get(
        "/api/aggregates/countries",
        tags=["aggregates"],
        summary="Counts of events by country of location",
    )
    async def countries(filters: Filters) -> Any:
        return await _call(aggregates.countries, explorer, filters)

    @app.get(
        "/api/aggregates/edges",
        tags=["aggregates"],
        summary="Who acts on whom: resolved actors and the heaviest pairs between them",
    )
    async def edges(filters: Filters, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> Any:
        return await _call(aggregates.network, explorer, filters, limit)

    @app.get(
        "/api/aggregates/map",
        tags=["aggregates"],
        summary="Events grouped in map cells for one zoom level",
    )
    async def map_cells(
        filters: Filters,
        zoom: Annotated[int, Query(ge=0, le=18)] = 2,
        format: Annotated[
            MapFormat, Query(description="json, or geojson: a FeatureCollection of points")
        ] = MapFormat.json,
    ) -> Any:
        if format is MapFormat.geojson:
            return _geojson(await _call(aggregates.map_geojson, explorer, filters, zoom))
        return await _call(aggregates.map_cells, explorer, filters, zoom)

    @app.get(
        "/api/geojson",
        tags=["aggregates"],
        summary="Located events as GeoJSON points with their fields (for QGIS and the like)",
        response_class=JSONResponse,
    )
    async def events_geojson(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_FEATURES)] = 1000,
        offset: Offset = 0,
    ) -> Any:
        return _geojson(await _call(aggregates.events_geojson, explorer, filters, limit, offset))


def _geojson(collection: dict[str, Any]) -> JSONResponse:
    """A GeoJSON answer, with its registered media type (RFC 7946)."""
    return JSONResponse(collection, media_type="application/geo+json")
