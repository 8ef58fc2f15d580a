"""The review web app: a Starlette application over a :class:`Workspace` (served by uvicorn).

Every request needs the run's token, as ``?token=`` or an ``Authorization:
token …`` header (401 without one, 403 with a wrong one), and a ``Host`` of
127.0.0.1 or localhost (a web page elsewhere cannot reach the app through DNS
rebinding). Document ids in a URL are looked up among the project's documents;
no part of a request is ever used as a file path. Errors are JSON
``{"error": "...", "status": n}`` and change nothing.

The API (the page uses nothing else)::

    GET  /api/docs                              the documents
    GET  /api/docs/{id}/beads?filter=&offset=&limit=   a page of bead rows
    GET  /api/docs/{id}/units/{tuid}            one unit
    POST /api/docs/{id}/units/{tuid}            {"rev", "target"?, "status"?, "note"?}
    POST /api/docs/{id}/beads/{n}/merge         {"rev"}
    POST /api/docs/{id}/beads/{n}/split         {"rev", "zh": k, "en": k}
    POST /api/docs/{id}/beads/{n}/move          {"rev", "to": "prev"|"next"}
    POST /api/docs/{id}/beads/{n}/unpair        {"rev", "lang": "zh"|"en", "segment": id}
    POST /api/docs/{id}/undo                    {}
    GET  /api/status                            background rebuilds
"""

from __future__ import annotations

import datetime
import hmac
import json
import secrets
from importlib import resources

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from tmbrief.review import ops
from tmbrief.review.state import (
    Change,
    DocState,
    NotFound,
    ReviewError,
    edit_unit,
    fix_beads,
    undo,
)
from tmbrief.review.views import DEFAULT_LIMIT, FILTER_NAMES, MAX_LIMIT, bead_row, page, unit_view
from tmbrief.review.workspace import Rebuilder, Workspace

ALLOWED_HOSTS = ("127.0.0.1", "localhost")
# Arguments of each bead operation: name -> (type, allowed values or None).
OP_ARGS = {
    "merge": {},
    "split": {"zh": (int, None), "en": (int, None)},
    "move": {"to": (str, ("prev", "next"))},
    "unpair": {"lang": (str, ("zh", "en")), "segment": (int, None)},
}
UNIT_ARGS = {"rev": (str, None), "target": (str, None), "status": (str, None), "note": (str, None)}


class Session:
    """The app's live state: each document's current :class:`DocState`, the token, the writer."""

    def __init__(self, workspace: Workspace, token: str, rebuilder: Rebuilder, only=None):
        self.workspace = workspace
        self.token = token
        self.rebuilder = rebuilder
        ids = workspace.doc_ids()
        if only is not None:
            ids = tuple(i for i in ids if i == only)
        self.doc_ids = ids
        self._states: dict[str, DocState] = {}

    def state(self, doc_id: str) -> DocState:
        if doc_id not in self.doc_ids:
            raise NotFound(f"no document {doc_id!r} (documents: {', '.join(self.doc_ids)})")
        if doc_id not in self._states:
            self._states[doc_id] = self.workspace.load(doc_id)
        return self._states[doc_id]

    def commit(self, change: Change) -> None:
        """Save an action (records first) and make its state current."""
        if change.rows or change.edits:
            self.workspace.save(change)
            self._states[change.state.doc_id] = change.state
            self.rebuilder.schedule(change.state.doc_id)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


class TokenMiddleware:
    """Refuse any request without the run's token (401) or with another one (403)."""

    def __init__(self, app, token: str):
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        given = request.query_params.get("token")
        auth = request.headers.get("authorization", "")
        if given is None and auth.lower().startswith("token "):
            given = auth[6:].strip()
        if not given:
            response = _error(401, "no token: open the URL tmbrief review printed")
        elif not hmac.compare_digest(given.encode(), self.token.encode()):
            response = _error(403, "wrong token")
        else:
            return await self.app(scope, receive, send)
        await response(scope, receive, send)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def _body(request: Request, allowed: dict) -> dict:
    """The JSON object of a POST, checked against ``allowed`` (name -> (type, values))."""
    raw = await request.body()
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReviewError(f"malformed JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ReviewError("the body must be a JSON object")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ReviewError(f"unknown fields {unknown}; expected {sorted(allowed)}")
    for name, (kind, values) in allowed.items():
        if name not in data:
            continue
        value = data[name]
        if type(value) is not kind:  # bool is no int here
            raise ReviewError(f"{name} must be a {kind.__name__}")
        if values is not None and value not in values:
            raise ReviewError(f"{name} must be one of {', '.join(values)}")
    return data


def _require(data: dict, *names: str) -> None:
    missing = [n for n in names if n not in data]
    if missing:
        raise ReviewError(f"missing {', '.join(missing)}")


def _page_html() -> str:
    static = resources.files("tmbrief.review") / "static"
    html = (static / "review.html").read_text(encoding="utf-8")
    css = (static / "review.css").read_text(encoding="utf-8")
    js = (static / "review.js").read_text(encoding="utf-8")
    return html.replace("/*CSS*/", css).replace("/*JS*/", js)


def create_app(
    workspace: Workspace,
    *,
    token: str | None = None,
    rebuild=None,
    only: str | None = None,
    rebuild_delay: float = 0.5,
) -> Starlette:
    """The app for ``workspace``; ``rebuild(doc_id)`` rewrites a document's TM and exports.

    ``only`` limits the app to one document. ``app.state.session`` holds the
    :class:`Session` (its ``token``, its ``rebuilder`` to flush on shutdown).
    """
    token = token or secrets.token_urlsafe(24)
    session = Session(workspace, token, Rebuilder(rebuild, rebuild_delay), only)
    html = _page_html()

    def handle(fn):
        async def endpoint(request: Request):
            try:
                return await fn(request)
            except ReviewError as exc:
                return _error(exc.status, str(exc))

        return endpoint

    async def index(request: Request):
        nonce = secrets.token_urlsafe(12)
        body = html.replace("NONCE", nonce)
        csp = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'"
        )
        return HTMLResponse(
            body,
            headers={"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"},
        )

    async def docs(request: Request):
        out = []
        for doc_id in session.doc_ids:
            state = session.state(doc_id)
            out.append(
                {
                    "id": doc_id,
                    "title": state.header.title,
                    "beads": len(state.beads),
                    "units": sum(1 for u in state.units if u.segtype == "sentence"),
                    "needs_review": sum(1 for u in state.units if u.status == "needs-review"),
                }
            )
        return JSONResponse({"docs": out})

    def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
        text = request.query_params.get(name)
        if text is None:
            return default
        if not text.isdigit() or not low <= int(text) <= high:
            raise ReviewError(f"{name} must be a whole number from {low} to {high}")
        return int(text)

    async def beads(request: Request):
        state = session.state(request.path_params["doc"])
        wanted = [f for f in request.query_params.get("filter", "").split(",") if f]
        unknown = sorted(set(wanted) - set(FILTER_NAMES))
        if unknown:
            raise ReviewError(f"unknown filter {unknown}; filters: {', '.join(FILTER_NAMES)}")
        offset = _int(request, "offset", 0, 0, 10**9)
        limit = _int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        return JSONResponse(page(state, filters=wanted, offset=offset, limit=limit))

    async def get_unit(request: Request):
        state = session.state(request.path_params["doc"])
        tuid = request.path_params["tuid"]
        if tuid not in state.unit_index:
            raise NotFound(f"no unit {tuid} in {state.doc_id}")
        return JSONResponse({"unit": unit_view(state, tuid)})

    async def post_unit(request: Request):
        state = session.state(request.path_params["doc"])
        data = await _body(request, UNIT_ARGS)
        _require(data, "rev")
        change = edit_unit(
            state,
            request.path_params["tuid"],
            data["rev"],
            target=data.get("target"),
            status=data.get("status"),
            note=data.get("note"),
            time=_now(),
        )
        session.commit(change)
        new = change.state
        tuid = request.path_params["tuid"]
        n = int(tuid.rsplit(":", 1)[1])
        return JSONResponse(
            {
                "summary": change.summary,
                "unit": unit_view(new, tuid),
                "row": bead_row(new, n),
                "rev": new.rev,
            }
        )

    async def post_bead(request: Request):
        state = session.state(request.path_params["doc"])
        op = request.path_params["op"]
        if op not in OP_ARGS:
            raise NotFound(f"no bead operation {op!r} (one of {', '.join(ops.OPS)})")
        n_text = request.path_params["n"]
        if not n_text.isdigit():
            raise ReviewError(f"bead number {n_text!r} is not a whole number")
        data = await _body(request, {"rev": (str, None)} | OP_ARGS[op])
        _require(data, "rev", *OP_ARGS[op])
        rev = data.pop("rev")
        change = fix_beads(state, op, int(n_text), rev, **data)
        session.commit(change)
        return JSONResponse({"summary": change.summary, "rev": change.state.rev})

    async def post_undo(request: Request):
        state = session.state(request.path_params["doc"])
        await _body(request, {})
        change = undo(state, time=_now())
        session.commit(change)
        return JSONResponse({"summary": change.summary, "rev": change.state.rev})

    async def status(request: Request):
        r = session.rebuilder
        return JSONResponse({"pending": list(r.pending()), "rebuilt": r.done, "errors": r.errors})

    routes = [
        Route("/", index),
        Route("/api/docs", handle(docs)),
        Route("/api/status", handle(status)),
        Route("/api/docs/{doc}/beads", handle(beads)),
        Route("/api/docs/{doc}/units/{tuid}", handle(get_unit), methods=["GET"]),
        Route("/api/docs/{doc}/units/{tuid}", handle(post_unit), methods=["POST"]),
        Route("/api/docs/{doc}/beads/{n}/{op}", handle(post_bead), methods=["POST"]),
        Route("/api/docs/{doc}/undo", handle(post_undo), methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(ALLOWED_HOSTS)),
            Middleware(TokenMiddleware, token=token),
        ],
        exception_handlers={
            404: lambda request, exc: _error(404, f"no such page: {request.url.path}"),
            405: lambda request, exc: _error(405, f"{request.method} not allowed here"),
        },
    )
    app.state.session = session
    return app
