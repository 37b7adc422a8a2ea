#!/usr/bin/env python3
"""Generates random SigV4 signing cases and botocore's answers for them.

The output, Tests/AWSSigV4Tests/Resources/botocore-differential.jsonl, is replayed by
Tests/AWSSigV4Tests/BotocoreDifferentialTests.swift: our signer must produce the same canonical
request, string to sign and signature for every case.

botocore (PyPI, Apache-2.0) is the AWS SDK for Python's signer. Run:

    pip install botocore==1.43.11
    scripts/sigv4-differential/generate.py --count 2400 --seed 20261129 \
        > Tests/AWSSigV4Tests/Resources/botocore-differential.jsonl

The generator stays inside what botocore itself canonicalizes the way the SigV4 specification
(and aws-c-auth, whose suite we also pass) does; where botocore takes a shortcut the case is
shaped so that the shortcut does not change the answer:

* query strings of header-signed requests are generated already in canonical encoding (botocore
  sorts the URL's query pieces as given, without decoding and re-encoding them);
* presigned requests have unique query keys, no '+' and escapes that decode to valid UTF-8
  (botocore re-parses the query with parse_qs, which keeps one value per key, reads '+' as a space
  and turns invalid UTF-8 into U+FFFD) and no body (botocore moves a form body into the query);
* header values use only spaces and tabs as odd whitespace (botocore collapses every character
  Python's str.split() treats as whitespace);
* S3 paths are generated in canonical encoding (botocore signs the wire path as given, while S3
  and we re-encode it from the decoded key: uppercase escapes, unreserved characters bare);
* paths do not end in a raw space (swift-http-types, whose HTTPRequest the Swift signer takes,
  trims trailing whitespace from the :path value; a raw space is not valid in a request target);
* paths keep dot segments away from the end (botocore drops the trailing slash RFC 3986 keeps
  after a final '.' or '..' segment);
* the headers botocore never signs (expect, transfer-encoding, user-agent, x-amzn-trace-id) are
  sent unsigned on our side too.
"""
import argparse
import base64
import datetime
import hashlib
import json
import random
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
SUB_DELIMS = "!$&'()*+,;=:@"
UNICODE = ["é", "ü", "ሴ", "日本", "😀", "ß"]
METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]
SERVICES = ["ecr", "sts", "iam", "execute-api", "lambda", "dynamodb", "es", "service"]
REGIONS = ["us-east-1", "eu-central-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "eusc-de-east-1"]
HEADER_NAMES = ["X-Test", "x-amz-meta-Name", "Content-Type", "X-Custom-Header", "My-Header1", "ZZ-Last",
                "A-First", "x-amz-target", "Accept", "content-md5", "X-Amz-Meta-Repeated"]
NEVER_SIGNED = ["User-Agent", "X-Amzn-Trace-Id", "Expect", "Transfer-Encoding"]


def pct(byte):
    return "%%%02X" % byte


def segment(rng):
    """A path segment with bytes from every class, as it goes on the wire."""
    parts = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.45:
            parts.append("".join(rng.choice(UNRESERVED) for _ in range(rng.randint(1, 8))))
        elif kind < 0.6:
            parts.append(rng.choice(SUB_DELIMS.replace("?", "").replace("#", "")))
        elif kind < 0.7:
            parts.append(pct(rng.randrange(256)))
        elif kind < 0.8:
            parts.append(pct(rng.randrange(256)).lower())
        elif kind < 0.9:
            parts.append(rng.choice(UNICODE))
        else:
            parts.append(" ")
    text = "".join(parts)
    return text if text not in (".", "..") else text + "x"


def path(rng, normalize):
    if not normalize:
        # S3 mode: botocore signs the wire path as it is, so give it one already in canonical
        # encoding (what S3 computes from the key it receives).
        segments = [canonical_component(rng) or "k" for _ in range(rng.randint(0, 4))]
        return "/" + "/".join(segments) + ("/" if segments and rng.random() < 0.3 else "")
    segments = [segment(rng) for _ in range(rng.randint(0, 4))]
    if normalize and segments and rng.random() < 0.3:
        # Dot segments and empty segments, but never as the last one (see the module docs).
        for _ in range(rng.randint(1, 3)):
            segments.insert(rng.randrange(len(segments)), rng.choice([".", "..", ""]))
    text = "/" + "/".join(segments)
    if segments and rng.random() < 0.3:
        text += "/"
    if text.endswith("/.") or text.endswith("/.."):
        text += "/x"
    if text.endswith(" "):
        text += "x"  # swift-http-types trims a pseudo-header value's trailing whitespace
    return text


def canonical_component(rng, utf8_only=False):
    """A query key or value (or S3 path segment) already in canonical encoding.

    With utf8_only the escapes decode to valid UTF-8 (botocore's presigner decodes the query as
    UTF-8 and would turn other bytes into U+FFFD).
    """
    out = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if kind < 0.6:
            out.append(rng.choice(UNRESERVED))
        elif utf8_only and kind < 0.8:
            out.append("".join(pct(b) for b in rng.choice(UNICODE).encode()))
        else:
            byte = rng.randrange(128 if utf8_only else 256)
            char = chr(byte)
            out.append(char if char in UNRESERVED else pct(byte))
    return "".join(out)


def query(rng, unique):
    pairs = []
    keys = set()
    for _ in range(rng.randint(0, 5)):
        key = canonical_component(rng, utf8_only=unique)
        if unique:
            if key in keys or not key:
                continue
            keys.add(key)
        elif pairs and rng.random() < 0.25:
            key = rng.choice(pairs)[0]  # a repeated key
        value = canonical_component(rng, utf8_only=unique)
        pairs.append((key, value))
    pieces = []
    for key, value in pairs:
        if not unique and not value and rng.random() < 0.3:
            pieces.append(key if key else "=")
        else:
            pieces.append(f"{key}={value}")
    return "&".join(pieces)


def header_value(rng):
    words = []
    for _ in range(rng.randint(1, 4)):
        word = "".join(rng.choice(UNRESERVED + "\"/,;=:") for _ in range(rng.randint(1, 10)))
        if rng.random() < 0.1:
            word += rng.choice(UNICODE)
        words.append(word)
    glue = lambda: rng.choice([" ", "  ", "\t", " \t ", "   "])
    text = words[0]
    for word in words[1:]:
        text += glue() + word
    if rng.random() < 0.4:
        text = glue() + text
    if rng.random() < 0.4:
        text = text + glue()
    return text


def headers(rng, allow_never_signed):
    result = []
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(HEADER_NAMES)
        if rng.random() < 0.3:
            name = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
        result.append([name, header_value(rng)])
        if rng.random() < 0.15:
            result.append([name, header_value(rng)])  # repeated header
    if allow_never_signed and rng.random() < 0.3:
        result.append([rng.choice(NEVER_SIGNED[:3]), header_value(rng).strip() or "x"])
    return result


def credentials(rng):
    key_id = rng.choice(["AKIA", "ASIA"]) + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    secret = "".join(rng.choice(UNRESERVED + "/+") for _ in range(40))
    token = None
    if key_id.startswith("ASIA"):
        token = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.randint(20, 300)))).decode()
    return key_id, secret, token


def timestamp(rng):
    return datetime.datetime(2015, 1, 1) + datetime.timedelta(seconds=rng.randrange(0, 20 * 365 * 86400))


def sign_with_botocore(case):
    url = f"https://{case['authority']}{case['path']}"
    request = AWSRequest(method=case["method"], url=url, data=base64.b64decode(case["body"]))
    for name, value in case["headers"]:
        request.headers.add_header(name, value)
    creds = Credentials(case["accessKeyID"], case["secretAccessKey"], case.get("sessionToken"))
    when = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        if case["mode"] == "presign":
            auth = SigV4QueryAuth(creds, case["service"], case["region"], expires=case["expires"])
        elif case["mode"] == "s3":
            auth = S3SigV4Auth(creds, case["service"], case["region"])
        else:
            auth = SigV4Auth(creds, case["service"], case["region"])
        # Record what botocore computes while it signs.
        recorded = {}
        original_canonical = auth.canonical_request
        original_string_to_sign = auth.string_to_sign

        def canonical_request(req):
            recorded["canonicalRequest"] = original_canonical(req)
            return recorded["canonicalRequest"]

        def string_to_sign(req, canonical):
            recorded["stringToSign"] = original_string_to_sign(req, canonical)
            return recorded["stringToSign"]

        auth.canonical_request = canonical_request
        auth.string_to_sign = string_to_sign
        auth.add_auth(request)
    if case["mode"] == "presign":
        recorded["signature"] = request.url.rsplit("X-Amz-Signature=", 1)[1]
        recorded["url"] = request.url
    else:
        recorded["signature"] = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    return recorded


def make_case(rng, index):
    mode = rng.choices(["header", "s3", "presign"], weights=[70, 10, 20])[0]
    key_id, secret, token = credentials(rng)
    normalize = mode != "s3"
    method = rng.choice(METHODS)
    request_path = path(rng, normalize)
    q = query(rng, unique=(mode == "presign"))
    if q or rng.random() < 0.1:
        request_path += "?" + q
    body = b""
    if mode != "presign" and method not in ("GET", "HEAD") and rng.random() < 0.6:
        body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    port = rng.choice(["", "", "", ":8443", ":4566"])
    case = {
        "id": index,
        "mode": mode,
        "method": method,
        "authority": rng.choice(["example.amazonaws.com", "sts.amazonaws.com", "api.ecr.eu-central-1.amazonaws.com",
                                 "bucket.s3.amazonaws.com", "localhost"]) + port,
        "path": request_path,
        "headers": headers(rng, allow_never_signed=(mode != "presign")),
        "body": base64.b64encode(body).decode(),
        "accessKeyID": key_id,
        "secretAccessKey": secret,
        "region": rng.choice(REGIONS),
        "service": "s3" if mode == "s3" else rng.choice(SERVICES),
        "timestamp": timestamp(rng).strftime("%Y%m%dT%H%M%SZ"),
    }
    if token:
        case["sessionToken"] = token
    if mode == "presign":
        case["expires"] = rng.randint(1, 604800)
    case["expected"] = sign_with_botocore(case)
    # botocore signs S3 requests over https as UNSIGNED-PAYLOAD; say so, so the replay hashes the
    # same way (every other case hashes the body).
    case["payload"] = "unsigned" if case["expected"]["canonicalRequest"].endswith("\nUNSIGNED-PAYLOAD") else "bytes"
    return case


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for index in range(args.count):
        print(json.dumps(make_case(rng, index), ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
