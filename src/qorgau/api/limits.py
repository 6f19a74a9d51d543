"""A pure ASGI middleware refusing request bodies over a size limit with 413, as JSON.

A declared ``Content-Length`` over the limit is refused before anything is read; a body sent
without one (chunked) is read here as it arrives, refused as soon as it passes the limit, and
otherwise handed on whole.
"""

from __future__ import annotations

import json
from typing import Any

Scope = dict[str, Any]


class BodyTooLarge(Exception):
    """Raised by code that reads a body past the limit on its own."""


class BodyLimit:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _body(self) -> bytes:
        return json.dumps({"error": {
            "code": "too_large",
            "message": f"the request body is larger than {self.max_bytes} bytes",
            "field": "body",
        }}).encode()

    async def _refuse(self, send: Any) -> None:
        body = self._body()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._refuse(send)
                    return
        if not any(name == b"content-length" for name, _ in scope.get("headers", [])) and any(
            name == b"transfer-encoding" for name, _ in scope.get("headers", [])
        ):
            # No declared length: read the body here, up to the limit, then replay it.
            chunks: list[bytes] = []
            seen = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    break
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    await self._refuse(send)
                    return
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            sent = False

            async def replay() -> Any:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)
