"""`unalign review`: a local web app to review an alignment and correct it, by mouse or keyboard.

It serves, on 127.0.0.1 only, a list of the documents of a folder of results (coverage, how much is reviewed) and,
for one document, the side-by-side view with the units to check first. Each correction is added at once to
<document>.corrections.json (`corrections.Corrections`), which `unalign align` applies after every alignment.

Safety: the server listens on 127.0.0.1; it refuses (403) a request whose Host or Origin is not this machine's own
address (so a web page cannot reach it through DNS rebinding) or that lacks the per-run token given in the printed
URL; the token travels in a header on every POST, which another page cannot set without the token and a CORS
preflight this server never grants. Pages load scripts and styles only from the server (Content-Security-Policy),
the template escapes every text, and the script puts text into the page as text only.
"""

from __future__ import annotations

import hmac
import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, render_template, request
from jinja2 import ChoiceLoader, PackageLoader

from unalign import settings
from unalign.model import Alignment, UnalignError, footnote_callers
from unalign.outputs.audit import Audit, find_audits
from unalign.outputs.rows import unit_rows
from unalign.review.corrections import Corrections, CorrectionReport, StaleRequest, apply_corrections, \
    corrections_path, operation_for, undo_operation

_HERE = Path(__file__).parent
LOCAL_HOSTS = ("127.0.0.1", "localhost")
TOKEN_HEADER = "X-Unalign-Token"
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class ReviewOptions:
    """What `unalign review` was asked for: the audits to review, the columns shown (None: every language) and the
    run's token."""

    audits: tuple[Path, ...]
    languages: tuple[str, ...] | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


@dataclass(frozen=True)
class DocumentState:
    """One document as the app shows it: the alignment as aligned, the corrections, and the alignment corrected."""

    name: str
    audit_path: Path
    report: Audit
    aligned: Alignment
    corrections: Corrections
    corrected: Alignment
    outcome: CorrectionReport


def aligned_alignment(report: Audit) -> Alignment:
    """The alignment an audit records as the aligner made it, before any corrections (which `unalign align` applied
    to the units it records, keeping the units as aligned beside them)."""
    from unalign.pipeline import load_alignment

    return load_alignment(report, as_aligned=True)


class Library:
    """The documents under review, by name, each read again from its audit and corrections when they change."""

    def __init__(self, audits: tuple[Path, ...]):
        self.paths: dict[str, Path] = {}
        for path in audits:
            name = path.name.removesuffix(".audit.json")
            key, n = name, 1
            while key in self.paths:  # documents of one name in two folders: both listed, the second as name~2
                n += 1
                key = f"{name}~{n}"
            self.paths[key] = path
        self._cache: dict[str, tuple[tuple, DocumentState]] = {}
        self._guard = threading.Lock()

    def names(self) -> list[str]:
        return list(self.paths)

    def load(self, name: str) -> DocumentState:
        """The document `name`, as its audit and corrections files are now."""
        path = self.paths[name]
        fixes = corrections_path(path)
        stamp = (path.stat().st_mtime_ns, fixes.stat().st_mtime_ns if fixes.exists() else 0,
                 fixes.stat().st_size if fixes.exists() else 0)
        with self._guard:
            cached = self._cache.get(name)
        if cached and cached[0] == stamp:
            return cached[1]
        if cached and cached[0][0] == stamp[0]:
            report, aligned = cached[1].report, cached[1].aligned
        else:
            report = Audit.read(path)
            aligned = aligned_alignment(report)
        corrections = Corrections.read(fixes, aligned.document)
        corrected, outcome = apply_corrections(aligned, corrections, report.confidence_flag_below)
        state = DocumentState(name, path, report, aligned, corrections, corrected, outcome)
        with self._guard:
            self._cache[name] = (stamp, state)
        return state


def _columns(langs: tuple[str, ...]) -> list[dict]:
    return [{"code": lang, "name": settings.language(lang)["name"], "native": settings.language(lang)["native"],
             "dir": settings.language(lang)["direction"]} for lang in langs]


def document_json(state: DocumentState, languages: tuple[str, ...] | None) -> dict:
    """What the document page shows, as JSON: the units (of the languages shown) with their problems, the counts,
    the corrections that did not apply, and what undo and redo would do."""
    alignment = state.corrected
    langs = tuple(lang for lang in (languages or alignment.languages) if lang in alignment.languages) \
        or alignment.languages
    flag_below = state.report.confidence_flag_below
    callers = footnote_callers(alignment)
    units = []
    for row in unit_rows(alignment, langs):
        unit, number = row.unit, row.number
        units.append({
            "number": number, "address": unit.address, "confidence": unit.confidence, "reviewed": unit.reviewed,
            "confirmed": [lang for lang in unit.confirmed_missing if lang in langs],
            "missing": list(row.missing), "extra": list(row.extra), "low": row.low, "mismatch": row.mismatch(),
            "problem": row.problem, "joined": list(row.joined),
            "note_to": alignment.units[callers[number - 1]].address if number - 1 in callers else "",
            "cells": {lang: [{"index": p.index, "text": p.text} for p in ps] for lang, ps in row.shown.items()},
            "all": [[p.lang, p.index] for ps in unit.paragraphs.values() for p in ps],
        })
    undo, redo = state.corrections.undoable(), state.corrections.redoable()
    return {
        "document": alignment.document, "languages": list(langs), "columns": _columns(langs),
        "flag_below": flag_below, "units": units, "units_total": len(alignment.units),
        "reviewed": sum(1 for u in alignment.units if u.reviewed),
        "counts": {"problem": sum(u["problem"] for u in units),
                   "unreviewed_problem": sum(u["problem"] and not u["reviewed"] for u in units),
                   "missing": sum(bool(u["missing"]) for u in units), "extra": sum(bool(u["extra"]) for u in units),
                   "joined": sum(bool(u["joined"]) for u in units),
                   "low": sum(u["low"] for u in units), "mismatch": sum(bool(u["mismatch"]) for u in units)},
        "corrections": {"file": corrections_path(state.audit_path).name, "logged": len(state.corrections.operations),
                        **state.outcome.to_json()},
        "undo": undo.describe() if undo else "", "redo": redo.describe() if redo else "",
    }


def document_row(state: DocumentState) -> dict:
    """The documents page's row of one document: coverage per language and how much is reviewed, as corrected."""
    row = Audit.of(state.corrected, state.report.files, corrections=state.outcome.to_json()).coverage_row(
        str(state.audit_path))
    return {"key": state.name, "document": row.document, "audit": str(state.audit_path), "units": row.units, "missing": row.missing,
            "worst_percent": row.worst_percent, "languages": row.languages, "low_confidence": row.low_confidence,
            "numbering_mismatches": row.numbering_mismatches, "reviewed": row.reviewed,
            "reviewed_percent": round(100 * row.reviewed / row.units, 1) if row.units else 100.0,
            "applied": state.outcome.applied, "not_applied": row.corrections_not_applied}


def _is_local(netloc: str, port: int) -> bool:
    parts = urlsplit(f"//{netloc}")
    try:
        given = parts.port
    except ValueError:
        return False
    return parts.hostname in LOCAL_HOSTS and given in (port, None if port == 80 else port)


def create_app(options: ReviewOptions, port_of: callable = lambda: 0) -> Flask:
    """The review app for `options`; `port_of()` gives the port it is served on (to check Host and Origin)."""
    app = Flask(__name__, template_folder=str(_HERE / "templates"), static_folder=str(_HERE / "static"),
                static_url_path="/static")
    # The view's stylesheet (align/outputs/templates/view.css) is found beside the review's own templates.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PackageLoader("unalign.outputs", "templates")])
    # Flask escapes only templates named .html; ours end in .j2, and document names and texts are the user's input.
    app.jinja_env.autoescape = True
    library = Library(options.audits)

    @app.before_request
    def _guard():
        port = port_of()
        if not _is_local(request.host, port):
            abort(403, "this server answers only to 127.0.0.1 and localhost")
        origin = request.headers.get("Origin")
        if origin is not None and not _is_local(urlsplit(origin).netloc, port):
            abort(403, "requests from other sites are refused")
        given = request.headers.get(TOKEN_HEADER) if request.method != "GET" else \
            request.args.get("token") or request.headers.get(TOKEN_HEADER)
        if not given or not hmac.compare_digest(given.encode(), options.token.encode()):
            abort(403, "a request without this run's token (see the address unalign review printed)")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    def _state(name: str) -> DocumentState:
        if name not in library.paths:
            abort(404, f"no document {name} here")
        try:
            return library.load(name)
        except UnalignError as exc:
            abort(500, str(exc))

    def _languages() -> tuple[str, ...] | None:
        asked = request.args.get("langs")
        if not asked:
            return options.languages
        return tuple(lang for lang in (v.strip().lower() for v in asked.split(","))
                     if lang in settings.language_order()) or options.languages

    @app.get("/")
    def index():
        rows, problems = [], []
        for name in library.names():
            try:
                rows.append(document_row(library.load(name)))
            except UnalignError as exc:
                problems.append(str(exc))
        rows.sort(key=lambda r: (r["worst_percent"], -r["missing"], r["key"]))
        langs = [lang for lang in settings.language_order() if any(lang in r["languages"] for r in rows)]
        return render_template("index.html.j2", rows=rows, problems=problems, languages=_columns(tuple(langs)),
                               token=options.token)

    @app.get("/doc/<name>")
    def document(name: str):
        state = _state(name)
        data = document_json(state, _languages())
        return render_template("document.html.j2", data=data, token=options.token, key=name,
                               langs=",".join(data["languages"]))

    @app.get("/static/view.css")
    def view_css():
        source = app.jinja_loader.get_source(app.jinja_env, "view.css")[0]
        return Response(source, mimetype="text/css")

    @app.get("/api/doc/<name>")
    def state(name: str):
        return jsonify(document_json(_state(name), _languages()))

    @app.post("/api/doc/<name>")
    def correct(name: str):
        state = _state(name)
        try:
            asked = request.get_json(silent=True)
        except RecursionError:  # JSON nested thousands deep
            asked = None
        if not isinstance(asked, dict):
            abort(400, "a correction is a JSON object")
        fixes = corrections_path(state.audit_path)

        def make(current: Corrections):
            if asked.get("kind") in ("undo", "redo"):
                return [undo_operation(current, asked["kind"])]
            if current.operations == state.corrections.operations:  # as loaded: no need to apply them again
                corrected = state.corrected
            else:
                corrected, _ = apply_corrections(state.aligned, current, state.report.confidence_flag_below)
            return [operation_for(corrected, asked)]

        try:
            log, added = Corrections.change(fixes, state.aligned.document, make)
        except StaleRequest as exc:
            return jsonify({"error": str(exc), "state": document_json(library.load(name), _languages())}), 409
        except ValueError as exc:
            return jsonify({"error": str(exc), "state": document_json(library.load(name), _languages())}), 400
        data = document_json(library.load(name), _languages())
        done = added[0]
        data["done"] = f"{done.kind}: {log.operation(done.of).describe()}" if done.of else done.describe()
        return jsonify(data)

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(400)
    @app.errorhandler(500)
    def _error(exc):
        return Response(f"{exc.code} {exc.name}: {exc.description}\n", status=exc.code, mimetype="text/plain")

    return app


class ReviewServer:
    """The review app served on 127.0.0.1 in a thread: `url` (with the token), `stop()`."""

    def __init__(self, options: ReviewOptions, port: int = 0):
        from werkzeug.serving import make_server

        self.options = options
        self.app = create_app(options, lambda: self.port)
        if port:  # werkzeug itself prints a paragraph and exits with status 1 when the port is taken
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError as exc:
                    raise UnalignError(f"port {port}: {exc.strerror or exc} (another program listens there; choose "
                                       "another with --port, or 0 for any free one)") from None
        try:
            self.server = make_server("127.0.0.1", port, self.app, threaded=True)
        except OSError as exc:
            raise UnalignError(f"port {port}: {exc.strerror or exc}") from None
        self.port = self.server.server_port
        # serve_forever looks for a shutdown request once per poll interval: 0.5 s by default, which every stop()
        # then waits for; a tenth of a second keeps an idle server near zero CPU.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.options.token}"

    def start(self) -> ReviewServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def review_options(paths: list[Path], languages: tuple[str, ...] | None = None) -> ReviewOptions:
    """The options of a review of `paths` (folders of results, searched for *.audit.json, or audit files)."""
    audits = find_audits(paths)
    for path in audits:
        Audit.read(path)  # a file that is not an audit is a one-line error now, not a broken page later
    return ReviewOptions(tuple(audits), languages)

