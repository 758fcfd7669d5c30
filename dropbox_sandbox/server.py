"""The sandbox's HTTPS server: one port for Dropbox's api, content and web hosts.

`SandboxServer(data_dir=..., host=..., port=..., faults=...)` with `start()` (background
thread), `serve_forever()`, `stop()`, `.url` and `.ca_path`.
"""

import collections
import http.client
import http.server
import ipaddress
import json
import logging
import socket
import ssl
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from dropbox.stone_serializers import json_decode

from . import admin, oauth, routing
from .certs import load_or_create_ca, server_ssl_context
from .context import Call, authenticate, path_root_namespace
from .faults import FaultInjector, FaultSettings
from .hashing import IncompleteBody, copy_exactly, discard, stream_to_file
from .store import Store
from .wire import RouteError, SandboxHttpError, bad_request, encode, rate_limited, route_error

logger = logging.getLogger("dropbox_sandbox")

MAX_UPLOAD_BYTES = 150 * 1024 * 1024  # Dropbox refuses larger request bodies
MAX_HEADER_LINE = 1024 * 1024

# http.server reads headers with http.client's 64 KiB line limit, but a Dropbox-API-Arg for
# upload_session/append_batch with its 500 entries is longer than that (Dropbox accepts it).
http.client._MAXLINE = max(http.client._MAXLINE, MAX_HEADER_LINE)  # noqa: SLF001
MAX_RPC_BYTES = 16 * 1024 * 1024


class CloseConnection(Exception):
    """Drop the connection without answering (the `drop` fault, or a client gone mid-body)."""


class SandboxHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server_version = "DropboxSandbox/1"
    timeout = 300  # idle keep-alive connections are closed after this long
    # Headers and body leave in separate writes; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms) and keep-alive RPC drops to ~20 calls/s per connection.
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.server.sandbox.track_connection(self.request, open_=True)
        try:
            self.request.do_handshake()  # in this thread, never in the accept loop
        except (ssl.SSLError, OSError):
            self.close_connection = True
            self.rfile = _EmptyReader()

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        logger.debug("%s " + format, self.address_string(), *args)

    # --- entry points --------------------------------------------------------------------
    def do_POST(self):
        self._serve("POST")

    def do_GET(self):
        self._serve("GET")

    def _serve(self, method: str):
        sandbox = self.server.sandbox
        url = urlsplit(self.path)
        self._body_consumed = False
        if self._body_source_is_copy():
            self._body_source.close()  # the previous request's de-chunked body
        self._body_source = self.rfile  # or the de-chunked copy of a chunked body
        self._chunked_length = None
        try:
            if url.path.startswith("/2/") and method == "POST":
                self._api(sandbox, url.path[3:], url.query)
            elif url.path.startswith("/oauth2/"):
                sandbox.count_call(url.path.lstrip("/"))
                status, headers, body = oauth.handle(sandbox, method, url.path, url.query, self._small_body())
                content_type = headers.pop("Content-Type", "text/plain; charset=utf-8")
                self._send(status, body, content_type=content_type, headers=headers)
            elif url.path.startswith(admin.PREFIX):
                if not ipaddress.ip_address(self.client_address[0]).is_loopback:
                    # Even on --host 0.0.0.0 the admin routes answer only this machine.
                    raise SandboxHttpError(403, "The sandbox admin routes answer local clients only.")
                status, payload = admin.handle(sandbox, method, url.path, self._small_body())
                self._send(status, json.dumps(payload).encode(), content_type="application/json")
            else:
                raise SandboxHttpError(404, f"Unknown endpoint {url.path}")
        except SandboxHttpError as error:
            self._finish_body()
            self._send(
                error.status, error.body.encode(), content_type=error.content_type, headers=error.headers
            )
        except CloseConnection:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, IncompleteBody, TimeoutError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - a sandbox bug must answer 500, not kill the connection
            logger.error("sandbox error on %s\n%s", self.path, traceback.format_exc())
            self._finish_body()
            self._send(500, b"Internal sandbox error; see the sandbox log.")

    # --- /2/<namespace>/<route> ----------------------------------------------------------
    def _api(self, sandbox, url_name: str, query: str):
        route = sandbox.routes.get(url_name)
        if route is None:
            raise bad_request(f"Unknown API function: {url_name}")
        sandbox.count_call(url_name)
        settings = sandbox.faults.settings
        if settings.latency_ms:
            time.sleep(settings.latency_ms / 1000)
        fault = sandbox.faults.choose(url_name)
        if fault == "drop":
            raise CloseConnection
        if fault in ("rate_limit", "write_contention"):
            raise rate_limited(write_contention=fault == "write_contention", retry_after=settings.retry_after)
        if fault == "server_error":
            raise SandboxHttpError(500, "Internal Server Error (sandbox fault)")
        handler = routing.handler_for(route)
        if handler is None:
            raise bad_request(f"Unknown API function: {url_name} (not implemented by the sandbox)")
        store = sandbox.store
        style = route.attrs.get("style") or "rpc"
        with store.lock:  # one SQLite connection serves every thread; reads take the lock too
            token, team, member, as_admin = authenticate(store, route, url_name, self.headers)
            path_root = self.headers.get("Dropbox-API-Path-Root")
            namespace = path_root_namespace(store, team, member, as_admin, path_root)
        arg = self._decode_arg(route, url_name, style, query)
        call = Call(sandbox, route, url_name, arg, team, member, as_admin, token, namespace)
        try:
            if style == "upload":
                self._receive_upload(route, call)
            kept_error = None
            if getattr(handler, "manages_transactions", False):
                try:
                    result = handler(call)
                except RouteError as error:
                    raise route_error(route, error.error_obj) from None
            else:
                with store.transaction():
                    try:
                        result = handler(call)
                    except RouteError as error:
                        if not error.commit:
                            raise route_error(route, error.error_obj) from None
                        kept_error = error
            if kept_error is not None:
                raise route_error(route, kept_error.error_obj)
            if style == "download":
                metadata, blob_path = result
                self._send_file(encode(route.result_type, metadata), blob_path)
            else:
                self._send(200, encode(route.result_type, result).encode(), content_type="application/json")
        finally:
            if call.body_path is not None:
                call.body_path.unlink(missing_ok=True)

    def _decode_arg(self, route, url_name: str, style: str, query: str):
        if style == "rpc":
            raw = self._small_body().decode("utf-8", "replace")
            where = "request body"
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if raw and content_type not in ("application/json", "text/plain"):
                raise bad_request(
                    f'Error in call to API function "{url_name}": Bad HTTP "Content-Type" header: '
                    f'"{content_type}". Expecting one of "application/json", '
                    '"application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".'
                )
        else:
            raw = self.headers.get("Dropbox-API-Arg") or parse_qs(query).get("arg", [""])[0]
            # http.server decodes headers as Latin-1; the SDK sends UTF-8 JSON.
            raw = raw.encode("latin-1", "replace").decode("utf-8", "replace")
            where = 'HTTP header "Dropbox-API-Arg"'
        try:
            return json_decode(route.arg_type, raw or "null", strict=True)
        except Exception as error:  # noqa: BLE001 - ValidationError or JSON errors: the client's fault
            raise bad_request(f'Error in call to API function "{url_name}": {where}: {error}') from None

    def _receive_upload(self, route, call: Call):
        length = self._content_length()
        if length > MAX_UPLOAD_BYTES:
            # Refuse before reading 150 MiB we would throw away; the connection cannot be reused.
            self.close_connection = True
            self._body_consumed = True
            raise route_error(route, route.error_type.definition.payload_too_large)
        call.body_path = call.store.new_tmp_path()
        call.body_hash = stream_to_file(self._body_source, call.body_path, length)
        call.body_size = length
        self._body_consumed = True

    # --- bodies and responses ------------------------------------------------------------
    def _content_length(self) -> int:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            if self._chunked_length is None:
                self._chunked_length = self._dechunk()
            return self._chunked_length
        try:
            return max(0, int(self.headers.get("Content-Length") or 0))
        except ValueError:
            raise bad_request("Bad Content-Length") from None

    def _dechunk(self) -> int:
        """Decode a chunked body into a temporary file read in its place; returns its length.

        A body over the upload limit is read only as far as the limit; the connection closes.
        """
        store = self.server.sandbox.store
        path = store.new_tmp_path()
        size = 0
        with open(path, "w+b") as copy:
            while True:
                line = self.rfile.readline(65537)
                try:
                    chunk_size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    raise bad_request("Malformed chunked request body") from None
                if chunk_size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailer headers
                    break
                if size + chunk_size > MAX_UPLOAD_BYTES:
                    self.close_connection = True
                    size = MAX_UPLOAD_BYTES + 1
                    break
                copy_exactly(self.rfile, copy, chunk_size)
                size += chunk_size
                self.rfile.readline(3)  # the CRLF after each chunk
        self._body_source = open(path, "rb")  # noqa: SIM115 - closed with the request (see finish)
        path.unlink()  # the open handle keeps the data until it is closed
        return size

    def finish(self):
        if self._body_source_is_copy():
            self._body_source.close()
        self.server.sandbox.track_connection(self.request, open_=False)
        super().finish()

    def _body_source_is_copy(self) -> bool:
        source = getattr(self, "_body_source", None)
        return source is not None and source is not self.rfile

    def _small_body(self) -> bytes:
        if self._body_consumed:
            return b""
        length = self._content_length()
        if length > MAX_RPC_BYTES:
            self.close_connection = True
            self._body_consumed = True
            raise SandboxHttpError(413, "Request body too large")
        self._body_consumed = True
        return self._body_source.read(length) if length else b""

    def _finish_body(self):
        """Read what the client still sends, so the keep-alive connection stays in sync."""
        if self._body_consumed:
            return
        self._body_consumed = True
        try:
            length = self._content_length()
        except SandboxHttpError:
            self.close_connection = True
            return
        if length > MAX_UPLOAD_BYTES:
            self.close_connection = True
        else:
            discard(self._body_source, length)

    def _send(
        self, status: int, body: bytes, *, content_type: str = "text/plain; charset=utf-8", headers=None
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Dropbox-Request-Id", self.server.sandbox.next_request_id())
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        # Headers and body in one TLS write: two writes cost a record and a syscall each, and
        # small answers are most of what the sandbox sends.
        self._headers_buffer.append(b"\r\n" + body)
        self.flush_headers()

    def _send_file(self, result_json: str, blob_path: Path):
        size = blob_path.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.send_header("Dropbox-API-Result", result_json)
        self.send_header("X-Dropbox-Request-Id", self.server.sandbox.next_request_id())
        self.end_headers()
        with open(blob_path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                self.wfile.write(chunk)


class _EmptyReader:
    def close(self):
        pass

    def readline(self, *args):
        return b""

    def read(self, *args):
        return b""


class _ThreadingHTTPSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True


class SandboxServer:
    """The sandbox, importable: start() runs it in a background thread, stop() shuts it down."""

    def __init__(
        self,
        *,
        data_dir,
        host: str = "127.0.0.1",
        port: int = 8765,
        faults: FaultSettings | str | None = None,
        default_licences: int | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host = host
        if isinstance(faults, str):
            faults = FaultSettings.parse(faults)
        self.faults = FaultInjector(faults)
        self.default_licences = default_licences or oauth.DEFAULT_LICENCES
        self.access_token_seconds = oauth.ACCESS_TOKEN_SECONDS
        self.ca = load_or_create_ca(self.data_dir)
        self.store = Store(self.data_dir)
        routing.load_handlers()
        self.routes = routing.route_table()
        self._calls = collections.Counter()
        self._calls_lock = threading.Lock()
        self._request_ids = iter(range(1, 1 << 62))
        self._httpd = _ThreadingHTTPSServer((host, port), SandboxHandler)
        self._httpd.sandbox = self
        context = server_ssl_context(self.ca, host)
        self._httpd.socket = context.wrap_socket(
            self._httpd.socket, server_side=True, do_handshake_on_connect=False
        )
        self.port = self._httpd.server_address[1]
        self._thread = None
        self._connections: set = set()
        self._connections_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def ca_path(self) -> Path:
        return self.data_dir / "ca.pem"

    def count_call(self, name: str) -> None:
        with self._calls_lock:
            self._calls[name] += 1

    def call_counts(self) -> dict:
        with self._calls_lock:
            return dict(self._calls)

    def reset_call_counts(self) -> None:
        with self._calls_lock:
            self._calls.clear()

    def next_request_id(self) -> str:
        return f"sandbox-{next(self._request_ids)}"

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def start(self) -> "SandboxServer":
        self._thread = threading.Thread(target=self.serve_forever, name="dropbox-sandbox", daemon=True)
        self._thread.start()
        return self

    def track_connection(self, sock, *, open_: bool) -> None:
        with self._connections_lock:
            (self._connections.add if open_ else self._connections.discard)(sock)

    def stop(self) -> None:
        """Stop accepting, end idle keep-alive connections, then close the index."""
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._connections_lock:
            open_connections = list(self._connections)
        for sock in open_connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a handler waiting for the next request
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.store.close()  # takes the store's lock: a request inside a transaction finishes first


def wait_until_listening(host: str, port: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
