"""`python -m ui.port PORT`: exit 0 when the page can listen on PORT, else say what to do."""

from __future__ import annotations

import errno
import socket
import sys


def problem(port: int) -> str | None:
    """Why Streamlit could not listen on `port` (on every address, as it does), or None."""
    if not 1 <= port <= 65535:
        return f"port {port} is not a port number (1-65535)"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tornado binds
        try:
            s.bind(("", port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return f"port {port} is already in use (another app is serving there)"
            return f"port {port} cannot be used: {e.strerror}"
    return None


def main(argv: list[str]) -> int:
    try:
        port = int(argv[0])
    except (IndexError, ValueError):
        print("usage: python -m ui.port PORT", file=sys.stderr)
        return 2
    why = problem(port)
    if why:
        print(f"error: {why}: choose another, e.g. make run PORT={port + 1}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
