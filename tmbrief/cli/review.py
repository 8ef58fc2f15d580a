"""Review an alignment in the browser: a local side-by-side app (Chinese left, English right).

Starts a web app on 127.0.0.1 for the documents built under --root (default:
the current directory, with seeds/, segments/ and tm/ as `tmbrief build`
writes them), prints its URL with a token for this run, and opens nothing.
Open the URL in a browser: one row per bead with its confidence band, QA
findings, status and origin; filters; merge, split, move and unpair beads;
edit targets, mark units reviewed, add notes; undo. Alignment fixes are kept
in tm/<id>.review.tsv and edits in tm/<id>.edits.tsv, which `tmbrief build`
replays; the TM and exports are rebuilt in the background after each change.
Ctrl-C stops the server (pending rebuilds are finished first).

Example:
  tmbrief review
  tmbrief review --doc fuling-materials-20231220 --port 8765
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tmbrief.core.errors import InputError, OutputError

HOST = "127.0.0.1"


def _quiet() -> None:
    # Ctrl-C reaches the whole process group: the worker lets the server stop first
    # and then finishes the rebuilds still pending.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _rebuild(seeds: Path, root: Path, doc_id: str, settings) -> int:
    """Rebuild one document (in the worker process); the number of files written."""
    from tmbrief.pipeline import rebuild_document

    return len(rebuild_document(seeds, root, doc_id, settings=settings).files)


def add_arguments(parser) -> None:
    parser.add_argument("--doc", help="document id (default: every built document)")
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")


def run(args) -> int:
    import uvicorn

    from tmbrief.cli import settings_of
    from tmbrief.review.app import create_app
    from tmbrief.review.workspace import Workspace

    root = args.root
    settings = settings_of(args)
    workspace = Workspace(root, settings.align.review_threshold)
    ids = workspace.doc_ids()
    if not ids:
        raise InputError(root / "tm", "no built document to review: run `tmbrief build` first")
    if args.doc is not None and args.doc not in ids:
        raise InputError(root / "tm", f"no document {args.doc} (built: {', '.join(ids)})")
    if not 0 <= args.port <= 65535:
        raise InputError("--port", f"{args.port} is not a port number")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, args.port))
    except OSError as exc:
        sock.close()
        raise OutputError(f"{HOST}:{args.port}", f"cannot listen: {exc.strerror}") from exc
    port = sock.getsockname()[1]
    # Rebuilds run in a worker process: the aligner would hold this one's GIL and
    # slow every answer of the server while it runs.
    worker = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"), initializer=_quiet)
    app = create_app(
        workspace,
        rebuild=lambda doc_id: worker.submit(
            _rebuild, root / "seeds", root, doc_id, settings
        ).result(),
        only=args.doc,
    )
    session = app.state.session
    query = f"?token={session.token}" + (f"&doc={args.doc}" if args.doc else "")
    print(f"tmbrief: review at http://{HOST}:{port}/{query}", flush=True)
    print("tmbrief: Ctrl-C stops the server", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly and re-raises the Ctrl-C it caught
    finally:
        sock.close()
        session.rebuilder.flush()
        worker.shutdown()
    for error in session.rebuilder.errors:
        print(f"tmbrief: warning: rebuild failed: {error}", file=sys.stderr)
    print("tmbrief: review stopped", flush=True)
    return 0
