"""Loaded with `-p tests.sandbox_env` before Django's settings, so the whole test session
(and every worker process it starts) talks to one local Dropbox sandbox.

The official SDK reads its hosts from environment variables when it is first imported;
dropbox_integration.sdk_hosts derives them from DROPBOX_SANDBOX_URL when Django sets up. So the
URL must be in the environment before settings load, which is why this is an early plugin and
not a fixture. The sandbox
itself is started by the `dropbox_sandbox` fixture on this port.
"""

import os
import shutil
import socket
import tempfile


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_made_data_dir = None

if not os.environ.get("DROPBOX_SANDBOX_URL"):
    _data_dir = _made_data_dir = tempfile.mkdtemp(prefix="macforum-dropbox-sandbox-")
    os.environ["DROPBOX_SANDBOX_URL"] = f"https://127.0.0.1:{_free_port()}"
    os.environ["DROPBOX_SANDBOX_DATA"] = _data_dir
    os.environ["DROPBOX_SANDBOX_CA"] = os.path.join(_data_dir, "ca.pem")


def pytest_unconfigure(config):
    """The sandbox's files live as long as the test session that made them."""
    if _made_data_dir:
        shutil.rmtree(_made_data_dir, ignore_errors=True)
