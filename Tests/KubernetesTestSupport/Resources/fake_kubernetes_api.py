#!/usr/bin/env python3
"""A fake Kubernetes API server: the core/v1 Secrets subset, for the tests of swift-ecr-fleet-auth.

Started by the tests (KubernetesTestSupport.FakeKubernetesAPIServer), or by hand:

    python3 fake_kubernetes_api.py --token dev-token --serve-forever
    python3 fake_kubernetes_api.py --token t --tls-cert tls/server.crt --tls-key tls/server.key \
        --client-ca tls/ca.crt

It listens on 127.0.0.1 (port 0 unless --port is given) and prints one line
"LISTENING <port> <control-port>" on stdout. With TLS, <control-port> is a second, plain HTTP
listener for the control endpoints (so a test can drive the fake without trusting its CA);
without TLS both numbers are the same. It serves until its stdin reaches end of file (so it never
outlives the test process that started it), or forever with --serve-forever.

The Kubernetes API, as far as Secrets go (responses and Status bodies shaped like the real
kube-apiserver's, messages worded as it words them):

  GET    /api/v1/namespaces/{ns}/secrets/{name}   200 Secret | 404 NotFound
  POST   /api/v1/namespaces/{ns}/secrets          201 Secret | 409 AlreadyExists | 422 Invalid | 400
  PUT    /api/v1/namespaces/{ns}/secrets/{name}   200 Secret | 404 | 409 Conflict (stale
                                                  metadata.resourceVersion or uid) | 422 | 400
  DELETE /api/v1/namespaces/{ns}/secrets/{name}   200 Status (counted, so tests can assert that
                                                  nothing ever deletes)
  anything else under /api                        405 MethodNotAllowed (PATCH included) or 404

  - Authentication: "Authorization: Bearer <token>" with a token from --token (allowed) or
    --forbidden-token (authenticated but not allowed: 403); a missing or unknown token is 401.
    Over TLS with --client-ca, a verified client certificate authenticates too (allowed).
  - resourceVersion is one counter for the whole server, as etcd's revision is; every write
    takes the next value. uid and creationTimestamp are set on create.
  - Validation (422): metadata.name is an RFC 1123 subdomain of at most 253 characters; data
    keys match [-._a-zA-Z0-9]+, at most 253 characters, not "." or ".." or starting with "..";
    data at most 1 MiB in total; type is immutable; data is immutable when "immutable" is true;
    kubernetes.io/dockerconfigjson needs a .dockerconfigjson key holding JSON;
    kubernetes.io/basic-auth needs username or password. Data values that are not standard
    base64 are 400 BadRequest, as the real server's JSON decoding makes them.
  - A request body must be application/json (415 otherwise) and at most 3 MiB (413).
  - PUT without metadata.resourceVersion is an unconditional update, as Kubernetes allows for
    Secrets; the stats count them ("unconditionalUpdates").

Control endpoints for tests (no authentication, never counted):

  GET  /_fake/stats                 {"gets", "creates", "updates", "deletes", "writes",
                                    "conflicts", "unconditionalUpdates", "requests", "rejected"}
  GET  /_fake/requests              every API request: [{"method", "path", "query", "auth",
                                    "contentType", "accept"}]; auth is "bearer:<token>",
                                    "cert:<CN>" or "none"
  POST /_fake/conflicts             {"count": N, "mode": "concurrent-write" | "status"}: the next
                                    N writes (POST or PUT) conflict. "concurrent-write" (the
                                    default) simulates another writer first: a PUT finds the
                                    Secret's resourceVersion bumped (and an annotation
                                    fake.kubernetes.io/concurrent-write added), a POST finds the
                                    Secret already created with other data; "status" answers 409
                                    without changing anything
  POST /_fake/failures              {"status": S, "count": N, "reason": R, "retryAfter": T}: the
                                    next N API requests answer S with a Status (and Retry-After)
  POST /_fake/tokens                {"valid": [...], "forbidden": [...]}: replaces the tokens
  POST /_fake/secrets               a Secret (with metadata.namespace): stored as is, no checks
  GET  /_fake/secrets/{ns}/{name}   the stored Secret, or 404
  POST /_fake/reset                 forgets every Secret, request, count and injection
"""

import argparse
import base64
import binascii
import datetime
import json
import re
import ssl
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_REQUEST_BODY = 3 * 1024 * 1024
MAX_SECRET_SIZE = 1024 * 1024
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
SECRET_PATH = re.compile(r"^/api/v1/namespaces/([^/]+)/secrets(?:/([^/]+))?$")
SUBDOMAIN_MESSAGE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' " \
    "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"


class State:
    def __init__(self, valid, forbidden):
        self.lock = threading.Lock()
        self.valid = set(valid)
        self.forbidden = set(forbidden)
        self.reset()

    def reset(self):
        self.secrets = {}
        self.revision = 1000
        self.stats = {
            "gets": 0, "creates": 0, "updates": 0, "deletes": 0, "writes": 0, "conflicts": 0,
            "unconditionalUpdates": 0, "requests": 0, "rejected": 0,
        }
        self.requests = []
        self.conflicts = 0
        self.conflict_mode = "concurrent-write"
        self.failures = []

    def next_revision(self):
        self.revision += 1
        return str(self.revision)


STATE = None


def now_rfc3339():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_body(code, reason, message, name=None, causes=None):
    details = {}
    if name is not None:
        details = {"name": name, "kind": "secrets"}
    if causes:
        details["causes"] = causes
    body = {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code,
    }
    if details:
        body["details"] = details
    return body


class APIError(Exception):
    def __init__(self, code, reason, message, name=None, causes=None, headers=()):
        super().__init__(message)
        self.code = code
        self.body = status_body(code, reason, message, name, causes)
        self.headers = list(headers)


def invalid(name, causes):
    # causes: [(field, message)]
    text = ", ".join("%s: %s" % (field, message) for field, message in causes)
    message = 'Secret "%s" is invalid: %s' % (name, text if len(causes) == 1 else "[" + text + "]")
    return APIError(422, "Invalid", message, name,
                    [{"reason": "FieldValueInvalid", "message": m, "field": f} for f, m in causes])


def decode_data(data):
    """The Secret's data with values decoded; 400 for values that are not base64 (Go's decoder
    ignores CR and LF, and needs padding)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise APIError(400, "BadRequest", "Secret in version \"v1\" cannot be handled as a Secret: "
                       "json: cannot unmarshal into Go struct field Secret.data of type map[string][]uint8")
    decoded = {}
    for key, value in data.items():
        if value is None:
            decoded[key] = b""
            continue
        if not isinstance(value, str):
            raise APIError(400, "BadRequest", "Secret in version \"v1\" cannot be handled as a Secret: "
                           "json: cannot unmarshal into Go struct field Secret.data of type []uint8")
        cleaned = value.replace("\r", "").replace("\n", "")
        try:
            decoded[key] = base64.b64decode(cleaned, validate=True)
        except (binascii.Error, ValueError):
            raise APIError(400, "BadRequest", "Secret in version \"v1\" cannot be handled as a Secret: "
                           "illegal base64 data at input byte 0")
    return decoded


def validate(secret, old=None):
    metadata = secret.get("metadata") or {}
    name = metadata.get("name") or ""
    causes = []
    if not name:
        causes.append(("metadata.name", "Required value: name or generateName is required"))
    elif len(name) > 253 or not DNS1123_SUBDOMAIN.match(name):
        causes.append(("metadata.name", 'Invalid value: "%s": %s' % (name, SUBDOMAIN_MESSAGE)))
    data = decode_data(secret.get("data"))
    for key in sorted(data):
        if len(key) > 253:
            causes.append(("data[%s]" % key, 'Invalid value: "%s": must be no more than 253 characters' % key))
        elif not CONFIG_KEY.match(key):
            causes.append(("data[%s]" % key, 'Invalid value: "%s": %s' % (key, KEY_MESSAGE)))
        elif key in (".", ".."):
            causes.append(("data[%s]" % key, 'Invalid value: "%s": must not be \'%s\'' % (key, key)))
        elif key.startswith(".."):
            causes.append(("data[%s]" % key, 'Invalid value: "%s": must not start with \'..\'' % key))
    if sum(len(v) for v in data.values()) > MAX_SECRET_SIZE:
        causes.append(("data", "Too long: must have at most %d bytes" % MAX_SECRET_SIZE))
    kind = secret.get("type") or "Opaque"
    if kind == "kubernetes.io/dockerconfigjson":
        if ".dockerconfigjson" not in data:
            causes.append(("data[.dockerconfigjson]", "Required value"))
        else:
            try:
                json.loads(data[".dockerconfigjson"])
            except ValueError as error:
                causes.append(("data[.dockerconfigjson]",
                               'Invalid value: "<secret contents redacted>": %s' % error.__class__.__name__))
    if kind == "kubernetes.io/basic-auth" and "username" not in data and "password" not in data:
        causes.append(("data[username]", "Required value"))
        causes.append(("data[password]", "Required value"))
    if old is not None:
        old_kind = old.get("type") or "Opaque"
        if kind != old_kind:
            causes.append(("type", 'Invalid value: "%s": field is immutable' % kind))
        if old.get("immutable") is True:
            if decode_data(old.get("data")) != data:
                causes.append(("data", "Forbidden: field is immutable when `immutable` is set"))
            if secret.get("immutable") is not True:
                causes.append(("immutable", "Forbidden: field is immutable when `immutable` is set"))
    if causes:
        raise invalid(name, causes)
    return data


def normalize(secret, data):
    """The stored form: data re-encoded canonically (as the real server serializes []byte)."""
    stored = json.loads(json.dumps(secret))
    if data:
        stored["data"] = {k: base64.b64encode(v).decode("ascii") for k, v in data.items()}
    else:
        stored.pop("data", None)
    stored.pop("stringData", None)
    stored["kind"] = "Secret"
    stored["apiVersion"] = "v1"
    stored.setdefault("type", "Opaque")
    return stored


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeKubernetesAPI/1"

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        pass

    def setup(self):
        # The TLS handshake happens here, on the connection's own thread, so a client that never
        # completes one cannot stall the accept loop.
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(10)
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                self.request.close()
                raise
            self.request.settimeout(None)
        super().setup()

    def handle(self):
        try:
            super().handle()
        except (ssl.SSLError, ConnectionResetError, BrokenPipeError):
            pass

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def do_PATCH(self):
        self.route()

    # MARK: plumbing

    def read_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(body)
                body += self.rfile.read(size)
                self.rfile.readline()
                if len(body) > MAX_REQUEST_BODY:
                    raise APIError(413, "RequestEntityTooLarge",
                                   "Request entity too large: limit is %d" % MAX_REQUEST_BODY)
        length = int(length or "0")
        if length > MAX_REQUEST_BODY:
            self.close_connection = True
            raise APIError(413, "RequestEntityTooLarge", "Request entity too large: limit is %d" % MAX_REQUEST_BODY)
        return self.rfile.read(length) if length > 0 else b""

    def reply(self, code, payload, headers=()):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def caller(self):
        header = self.headers.get("Authorization")
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return "bearer:" + token.strip()
            return "invalid"
        if isinstance(self.request, ssl.SSLSocket):
            certificate = self.request.getpeercert()
            if certificate:
                for rdn in certificate.get("subject", ()):
                    for key, value in rdn:
                        if key == "commonName":
                            return "cert:" + value
        return "none"

    # MARK: routing

    def route(self):
        parsed = urllib.parse.urlsplit(self.path)
        try:
            try:
                body = self.read_body()
            except APIError:
                raise
            except (ValueError, OSError):
                raise APIError(400, "BadRequest", "the request body could not be read")
            if parsed.path.startswith("/_fake/"):
                self.control(parsed.path, body)
                return
            if self.server.control_only:
                raise APIError(404, "NotFound", "this listener serves the control endpoints only")
            self.api(parsed, body)
        except APIError as error:
            with STATE.lock:
                STATE.stats["rejected"] += 1
            self.reply(error.code, error.body, error.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def api(self, parsed, body):
        caller = self.caller()
        with STATE.lock:
            STATE.stats["requests"] += 1
            STATE.requests.append({
                "method": self.command, "path": parsed.path, "query": parsed.query, "auth": caller,
                "contentType": self.headers.get("Content-Type"), "accept": self.headers.get("Accept"),
            })
            if STATE.failures:
                failure = STATE.failures[0]
                failure["count"] -= 1
                if failure["count"] <= 0:
                    STATE.failures.pop(0)
                headers = []
                if failure.get("retryAfter") is not None:
                    headers.append(("Retry-After", str(failure["retryAfter"])))
                raise APIError(failure["status"], failure.get("reason", "InternalError"),
                               failure.get("message", "injected failure"), headers=headers)
        match = SECRET_PATH.match(parsed.path)
        if not parsed.path.startswith("/api"):
            raise APIError(404, "NotFound", "the server could not find the requested resource")
        token = caller[len("bearer:"):] if caller.startswith("bearer:") else None
        with STATE.lock:
            allowed = caller.startswith("cert:") or (token is not None and token in STATE.valid)
            forbidden = token is not None and token in STATE.forbidden
        if not allowed and not forbidden:
            raise APIError(401, "Unauthorized", "Unauthorized")
        if match is None:
            raise APIError(404, "NotFound", "the server could not find the requested resource")
        namespace, name = match.group(1), match.group(2)
        verbs = {"GET": "get", "POST": "create", "PUT": "update", "DELETE": "delete", "PATCH": "patch"}
        verb = verbs.get(self.command, self.command.lower())
        if name is None and self.command == "GET":
            verb = "list"
        if forbidden:
            where = 'secrets "%s" is forbidden: ' % name if name else "secrets is forbidden: "
            raise APIError(403, "Forbidden", where + 'User "system:serviceaccount:%s:forbidden" cannot %s '
                           'resource "secrets" in API group "" in the namespace "%s"' % (namespace, verb, namespace),
                           name)
        if not DNS1123_LABEL.match(namespace) or len(namespace) > 63:
            raise APIError(404, "NotFound", "the server could not find the requested resource")
        if self.command == "GET" and name is not None:
            self.get(namespace, name)
        elif self.command == "POST" and name is None:
            self.create(namespace, self.decode(body))
        elif self.command == "PUT" and name is not None:
            self.update(namespace, name, self.decode(body))
        elif self.command == "DELETE" and name is not None:
            self.delete(namespace, name)
        else:
            raise APIError(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource (not part of the fake)")

    def decode(self, body):
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise APIError(415, "UnsupportedMediaType",
                           'the body of the request was in an unknown format - accepted media types include: '
                           'application/json, application/yaml, application/vnd.kubernetes.protobuf')
        try:
            secret = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise APIError(400, "BadRequest", "Secret in version \"v1\" cannot be handled as a Secret: "
                           "invalid character in JSON")
        if not isinstance(secret, dict) or not isinstance(secret.get("metadata", {}), dict):
            raise APIError(400, "BadRequest", "Secret in version \"v1\" cannot be handled as a Secret")
        if secret.get("kind") not in (None, "Secret") or secret.get("apiVersion") not in (None, "v1"):
            raise APIError(400, "BadRequest", "the API version in the data (%s) does not match the expected API "
                           "version (v1)" % secret.get("apiVersion"))
        secret.setdefault("metadata", {})
        if secret.get("stringData"):
            data = dict(secret.get("data") or {})
            for key, value in secret["stringData"].items():
                data[key] = base64.b64encode(str(value).encode()).decode()
            secret["data"] = data
            del secret["stringData"]
        return secret

    # MARK: verbs

    def get(self, namespace, name):
        with STATE.lock:
            STATE.stats["gets"] += 1
            stored = STATE.secrets.get((namespace, name))
        if stored is None:
            raise APIError(404, "NotFound", 'secrets "%s" not found' % name, name)
        self.reply(200, stored)

    def create(self, namespace, secret):
        metadata = secret["metadata"]
        name = metadata.get("name") or ""
        if metadata.get("namespace", namespace) != namespace:
            raise APIError(400, "BadRequest",
                           "the namespace of the provided object does not match the namespace sent on the request")
        if metadata.get("resourceVersion"):
            raise APIError(400, "BadRequest", "resourceVersion should not be set on objects to be created")
        data = validate(secret)
        with STATE.lock:
            if STATE.conflicts > 0:
                STATE.conflicts -= 1
                STATE.stats["conflicts"] += 1
                if STATE.conflict_mode == "concurrent-write" and (namespace, name) not in STATE.secrets:
                    STATE.secrets[(namespace, name)] = self.stamp(
                        namespace, {"metadata": {"name": name},
                                    "data": {"written-by": base64.b64encode(b"another writer").decode()},
                                    "type": secret.get("type") or "Opaque"})
                raise APIError(409, "AlreadyExists", 'secrets "%s" already exists' % name, name)
            if (namespace, name) in STATE.secrets:
                raise APIError(409, "AlreadyExists", 'secrets "%s" already exists' % name, name)
            stored = self.stamp(namespace, normalize(secret, data))
            STATE.secrets[(namespace, name)] = stored
            STATE.stats["creates"] += 1
            STATE.stats["writes"] += 1
        self.reply(201, stored)

    def stamp(self, namespace, secret):
        stored = normalize(secret, decode_data(secret.get("data")))
        metadata = stored.setdefault("metadata", {})
        metadata["namespace"] = namespace
        metadata["uid"] = str(uuid.uuid4())
        metadata["resourceVersion"] = STATE.next_revision()
        metadata["creationTimestamp"] = now_rfc3339()
        return stored

    def update(self, namespace, name, secret):
        metadata = secret["metadata"]
        if metadata.get("namespace", namespace) != namespace:
            raise APIError(400, "BadRequest",
                           "the namespace of the provided object does not match the namespace sent on the request")
        if metadata.get("name") != name:
            raise APIError(400, "BadRequest", "the name of the object (%s) does not match the name on the URL (%s)"
                           % (metadata.get("name"), name))
        with STATE.lock:
            old = STATE.secrets.get((namespace, name))
            if old is None:
                raise APIError(404, "NotFound", 'secrets "%s" not found' % name, name)
            if STATE.conflicts > 0:
                STATE.conflicts -= 1
                STATE.stats["conflicts"] += 1
                if STATE.conflict_mode == "concurrent-write":
                    bumped = json.loads(json.dumps(old))
                    annotations = bumped["metadata"].setdefault("annotations", {})
                    count = int(annotations.get("fake.kubernetes.io/concurrent-write", "0")) + 1
                    annotations["fake.kubernetes.io/concurrent-write"] = str(count)
                    bumped["metadata"]["resourceVersion"] = STATE.next_revision()
                    STATE.secrets[(namespace, name)] = bumped
                raise self.conflict(name)
            expected = metadata.get("resourceVersion")
            if expected and expected != old["metadata"]["resourceVersion"]:
                STATE.stats["conflicts"] += 1
                raise self.conflict(name)
            uid = metadata.get("uid")
            if uid and uid != old["metadata"]["uid"]:
                STATE.stats["conflicts"] += 1
                raise APIError(409, "Conflict", 'Operation cannot be fulfilled on secrets "%s": Precondition failed: '
                               'UID in precondition: %s, UID in object meta: %s' % (name, uid, old["metadata"]["uid"]),
                               name)
        data = validate(secret, old)
        with STATE.lock:
            current = STATE.secrets.get((namespace, name))
            if current is not old:
                STATE.stats["conflicts"] += 1
                raise self.conflict(name)
            stored = normalize(secret, data)
            stored["metadata"]["namespace"] = namespace
            stored["metadata"]["uid"] = old["metadata"]["uid"]
            stored["metadata"]["creationTimestamp"] = old["metadata"]["creationTimestamp"]
            stored["metadata"]["resourceVersion"] = STATE.next_revision()
            STATE.secrets[(namespace, name)] = stored
            STATE.stats["updates"] += 1
            STATE.stats["writes"] += 1
            if not expected:
                STATE.stats["unconditionalUpdates"] += 1
        self.reply(200, stored)

    def conflict(self, name):
        return APIError(409, "Conflict", 'Operation cannot be fulfilled on secrets "%s": the object has been '
                        'modified; please apply your changes to the latest version and try again' % name, name)

    def delete(self, namespace, name):
        with STATE.lock:
            stored = STATE.secrets.pop((namespace, name), None)
            if stored is None:
                raise APIError(404, "NotFound", 'secrets "%s" not found' % name, name)
            STATE.stats["deletes"] += 1
            STATE.stats["writes"] += 1
        self.reply(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                         "details": {"name": name, "kind": "secrets", "uid": stored["metadata"]["uid"]}})

    # MARK: control

    def control(self, path, body):
        def arguments():
            try:
                value = json.loads(body.decode("utf-8") or "{}")
            except ValueError:
                raise APIError(400, "BadRequest", "control body is not JSON")
            if not isinstance(value, dict):
                raise APIError(400, "BadRequest", "control body is not a JSON object")
            return value

        with STATE.lock:
            if path == "/_fake/stats" and self.command == "GET":
                payload = dict(STATE.stats)
            elif path == "/_fake/requests" and self.command == "GET":
                payload = list(STATE.requests)
            elif path == "/_fake/conflicts" and self.command == "POST":
                value = arguments()
                STATE.conflicts = int(value.get("count", 1))
                STATE.conflict_mode = value.get("mode", "concurrent-write")
                payload = {"conflicts": STATE.conflicts, "mode": STATE.conflict_mode}
            elif path == "/_fake/failures" and self.command == "POST":
                value = arguments()
                STATE.failures.append({
                    "status": int(value.get("status", 500)), "count": int(value.get("count", 1)),
                    "reason": value.get("reason", "InternalError"),
                    "message": value.get("message", "injected failure"),
                    "retryAfter": value.get("retryAfter"),
                })
                payload = {"failures": len(STATE.failures)}
            elif path == "/_fake/tokens" and self.command == "POST":
                value = arguments()
                STATE.valid = set(value.get("valid", []))
                STATE.forbidden = set(value.get("forbidden", []))
                payload = {"valid": len(STATE.valid), "forbidden": len(STATE.forbidden)}
            elif path == "/_fake/secrets" and self.command == "POST":
                secret = arguments()
                metadata = secret.setdefault("metadata", {})
                namespace = metadata.get("namespace", "default")
                payload = self.stamp(namespace, secret)
                for key in ("uid", "resourceVersion"):
                    if key in metadata:
                        payload["metadata"][key] = metadata[key]
                for key, value in metadata.items():
                    payload["metadata"].setdefault(key, value)
                STATE.secrets[(namespace, metadata.get("name", ""))] = payload
            elif path.startswith("/_fake/secrets/") and self.command == "GET":
                parts = path[len("/_fake/secrets/"):].split("/")
                payload = STATE.secrets.get(tuple(parts)) if len(parts) == 2 else None
                if payload is None:
                    raise APIError(404, "NotFound", "no such secret in the fake")
            elif path == "/_fake/reset" and self.command == "POST":
                STATE.reset()
                payload = {"reset": True}
            else:
                raise APIError(404, "NotFound", "no such control endpoint")
        self.reply(200, payload)


class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    control_only = False


def main():
    parser = argparse.ArgumentParser(description="A fake Kubernetes API server (Secrets only) for tests.")
    parser.add_argument("--token", action="append", default=[], help="a bearer token that is allowed")
    parser.add_argument("--forbidden-token", action="append", default=[],
                        help="a bearer token that authenticates but is not allowed (403)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="the certificate's private key (PEM)")
    parser.add_argument("--client-ca", help="accept client certificates signed by this CA (PEM)")
    parser.add_argument("--serve-forever", action="store_true", help="do not stop at the end of stdin")
    options = parser.parse_args()

    global STATE
    STATE = State(options.token, options.forbidden_token)
    server = Server(("127.0.0.1", options.port), Handler)
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(options.tls_cert, options.tls_key)
        if options.client_ca:
            context.verify_mode = ssl.CERT_OPTIONAL
            context.load_verify_locations(options.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    control_port = server.server_address[1]
    if options.tls_cert:
        control = Server(("127.0.0.1", 0), Handler)
        control.control_only = True
        control_port = control.server_address[1]
        threading.Thread(target=control.serve_forever, daemon=True).start()
    print("LISTENING %d %d" % (server.server_address[1], control_port), flush=True)
    if options.serve_forever:
        server.serve_forever()
        return
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the process that started us closes the pipe or exits


if __name__ == "__main__":
    main()
