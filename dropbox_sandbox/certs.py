"""The sandbox's own certificate authority, kept on disk so clients trust it across restarts."""

from pathlib import Path

import trustme


def load_or_create_ca(data_dir: Path) -> trustme.CA:
    """Return the CA stored in `data_dir`, creating it (ca.pem + ca-key.pem) on first use.

    The key is kept next to the certificate because a restarted sandbox must issue its
    server certificate from the same CA the clients were told to trust.
    """
    cert_path = data_dir / "ca.pem"
    key_path = data_dir / "ca-key.pem"
    if cert_path.exists() and key_path.exists():
        return trustme.CA.from_pem(cert_path.read_bytes(), key_path.read_bytes())
    data_dir.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="Macforum Dropbox sandbox")
    key_path.write_bytes(ca.private_key_pem.bytes())
    key_path.chmod(0o600)
    # Written last and atomically: a waiting client treats ca.pem's presence as "CA ready".
    tmp_path = cert_path.with_suffix(".tmp")
    tmp_path.write_bytes(ca.cert_pem.bytes())
    tmp_path.replace(cert_path)
    return ca


def server_ssl_context(ca: trustme.CA, host: str):
    """An SSL context serving a fresh leaf certificate for `host` (and localhost) signed by `ca`."""
    import ssl

    names = sorted({host, "127.0.0.1", "localhost"})
    leaf = ca.issue_cert(*names)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context
