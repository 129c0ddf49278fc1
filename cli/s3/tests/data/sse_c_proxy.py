"""An HTTP proxy in front of moto_server that checks customer-provided encryption keys (SSE-C)
as S3 does, since moto accepts and ignores them.

It remembers the key's MD5 of every object written with one (PutObject, CopyObject,
CreateMultipartUpload then CompleteMultipartUpload) and rejects a read (GetObject, HeadObject),
a part (UploadPart, UploadPartCopy) or a copy source whose key does not match, with S3's
status codes. Everything else is forwarded unchanged.

Usage: python3 sse_c_proxy.py http://127.0.0.1:MOTO_PORT   (prints the proxy's port)
"""

import base64
import hashlib
import http.client
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = urllib.parse.urlsplit(sys.argv[1])
LOCK = threading.Lock()
OBJECTS = {}  # (bucket, key) -> key MD5 (base64) or None
UPLOADS = {}  # upload id -> key MD5 (base64) or None
HOP = {"connection", "keep-alive", "transfer-encoding", "expect", "proxy-connection"}


class Refused(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def customer_key(headers, prefix):
    """The MD5 of the key the headers give (checked against the key), or None."""
    name = "x-amz-%sserver-side-encryption-customer-" % prefix
    algorithm = headers.get(name + "algorithm")
    key = headers.get(name + "key")
    md5 = headers.get(name + "key-md5")
    if algorithm is None and key is None and md5 is None:
        return None
    if algorithm != "AES256" or key is None or md5 is None:
        raise Refused(400, "InvalidArgument", "Incomplete SSE-C parameters.")
    raw = base64.b64decode(key)
    if len(raw) != 32:
        raise Refused(400, "InvalidArgument", "The secret key was invalid for the specified algorithm.")
    if base64.b64encode(hashlib.md5(raw).digest()).decode() != md5:
        raise Refused(400, "InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided.")
    return md5


def check_read(stored, given):
    if stored is None and given is not None:
        raise Refused(400, "InvalidRequest", "The encryption parameters are not applicable to this object.")
    if stored is not None and given is None:
        raise Refused(400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.")
    if stored != given:
        raise Refused(403, "AccessDenied", "Access Denied")


def source_of(headers):
    text = headers["x-amz-copy-source"].split("?")[0].lstrip("/")
    bucket, _, key = urllib.parse.unquote(text).partition("/")
    return bucket, key


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def handle_any(self):
        body = self.body()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        bucket, _, key = urllib.parse.unquote(url.path).lstrip("/").partition("/")
        h = {k.lower(): v for k, v in self.headers.items()}
        method = self.command
        after = None
        try:
            mine = customer_key(h, "")
            if key and method == "PUT" and "uploadId" in query:
                with LOCK:
                    expected = UPLOADS.get(query["uploadId"][0])
                if mine != expected:
                    raise Refused(400, "InvalidRequest", "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.")
                if "x-amz-copy-source" in h:
                    with LOCK:
                        stored = OBJECTS.get(source_of(h))
                    check_read(stored, customer_key(h, "copy-source-"))
            elif key and method == "PUT" and "x-amz-copy-source" in h:
                with LOCK:
                    stored = OBJECTS.get(source_of(h))
                check_read(stored, customer_key(h, "copy-source-"))
                after = ("object", (bucket, key), mine)
            elif key and method == "PUT":
                after = ("object", (bucket, key), mine)
            elif key and method == "POST" and "uploads" in query:
                after = ("create", None, mine)
            elif key and method == "POST" and "uploadId" in query:
                with LOCK:
                    after = ("object", (bucket, key), UPLOADS.get(query["uploadId"][0]))
            elif key and method in ("GET", "HEAD") and "uploadId" not in query:
                with LOCK:
                    stored = OBJECTS.get((bucket, key))
                check_read(stored, mine)
            elif key and method == "DELETE" and "uploadId" not in query:
                after = ("delete", (bucket, key), None)
        except Refused as refused:
            return self.refuse(refused)
        status, headers, data = self.forward(method, body)
        if 200 <= status < 300 and after:
            with LOCK:
                kind, target, md5 = after
                if kind == "object":
                    OBJECTS[target] = md5
                elif kind == "delete":
                    OBJECTS.pop(target, None)
                elif kind == "create":
                    found = re.search(rb"<UploadId>([^<]+)</UploadId>", data)
                    if found:
                        UPLOADS[found.group(1).decode()] = md5
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP and (method == "HEAD" or name.lower() != "content-length"):
                self.send_header(name, value)
        if method != "HEAD":
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def forward(self, method, body):
        conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        headers["Content-Length"] = str(len(body))
        conn.request(method, self.path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        result = (response.status, response.getheaders(), data)
        conn.close()
        return result

    def refuse(self, refused):
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message></Error>'
            % (refused.code, refused.message)
        ).encode()
        self.send_response(refused.status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(xml)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(xml)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
