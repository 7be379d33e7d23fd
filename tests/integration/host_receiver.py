"""A stand-in receiver for host batches, run as its own process by the collector tests.

`python tests/integration/host_receiver.py --port P --out FILE --token T [--reject-first N]`

It accepts any POST, checks the bearer token, decompresses (zstd or gzip), decodes the body with
the real `HostBatch` model, and appends one JSON line per request to FILE: the path, the encoding,
the status it answered and the batch. The first N valid batches are answered with 400 and a JSON
error, as a receiver does for a batch it refuses. SIGTERM lets the request in progress finish.
"""

from __future__ import annotations

import argparse
import gzip
import json
import signal
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import msgspec
import zstandard

from atlhyper.model.hosts import HostBatch

_decoder = msgspec.json.Decoder(HostBatch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--reject-first", type=int, default=0)
    args = parser.parse_args()
    rejected = 0
    out = args.out.open("a")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            nonlocal rejected
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Authorization") != f"Bearer {args.token}":
                self._answer(401, {"error": {"code": "unauthorized", "message": "bad token"}})
                return
            encoding = self.headers.get("Content-Encoding", "")
            try:
                if encoding == "zstd":
                    body = zstandard.ZstdDecompressor().decompress(body)
                elif encoding == "gzip":
                    body = gzip.decompress(body)
                batch = _decoder.decode(body)
            except (msgspec.ValidationError, msgspec.DecodeError, zstandard.ZstdError) as exc:
                self._answer(422, {"error": {"code": "invalid", "message": str(exc)}})
                return
            status = 200
            if rejected < args.reject_first:
                rejected += 1
                status = 400
            record = {
                "path": self.path,
                "encoding": encoding,
                "status": status,
                "batch": msgspec.to_builtins(batch),
            }
            out.write(json.dumps(record) + "\n")
            out.flush()
            if status == 400:
                self._answer(400, {"error": {"code": "bad_batch", "message": "test rejects it"}})
            else:
                self._answer(200, {"acceptedSeq": batch.seq})

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"listening on {args.port}", flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
