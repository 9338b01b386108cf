"""A real SMTP server on localhost for the tests (aiosmtpd): it keeps what it receives, or
refuses every message like a mail server that is failing."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, *, refuse: bool = False) -> None:
        self.refuse = refuse
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 5.3.0 refused: this test server is failing on purpose"
        with self.lock:
            self.messages.append(envelope)
        return "250 OK"

    def recipients(self) -> list[str]:
        with self.lock:
            return [address for message in self.messages for address in message.rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink(*, refuse: bool = False) -> Iterator[tuple[Sink, int]]:
    sink = Sink(refuse=refuse)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
