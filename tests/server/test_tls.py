"""TLS: ``jempol-server serve --ssl-certfile/--ssl-keyfile`` with a certificate of an office
CA made here, the sync transport trusting that CA through ``ca_bundle``, and plain http
refused beyond this machine unless explicitly allowed."""

from __future__ import annotations

import gc
import ipaddress
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync import cli as sync_cli
from sync.errors import EXIT_USAGE, SyncError, Unreachable
from sync.transport import Transport, TransportConfig, apply_settings

ROOT = Path(__file__).resolve().parents[2]


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def make_office_ca(directory: Path) -> tuple[Path, Path, Path]:
    """(ca.pem, server.pem, server.key): a CA and a server certificate for 127.0.0.1."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Disdukcapil Kukar internal CA"))
        .issuer_name(_name("Disdukcapil Kukar internal CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("jempol.local"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = (directory / n for n in ("ca.pem", "server.pem", "server.key"))
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, cert_pem, key_pem


@pytest.fixture
def tls_server(tmp_path):
    """``jempol-server serve`` over TLS in its own process; yields (url, ca.pem)."""
    ca_pem, cert_pem, key_pem = make_office_ca(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEMPOL_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--data-dir",
            str(tmp_path / "data"),
            "--port",
            "0",
            "--log-level",
            "warning",
            "--ssl-certfile",
            str(cert_pem),
            "--ssl-keyfile",
            str(key_pem),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # printed once the socket listens
        assert line.startswith("Jempol server listening on https://127.0.0.1:"), (
            line + proc.stderr.read() if proc.poll() is not None else line
        )
        url = line.split()[4]
        yield url, ca_pem
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            print(proc.stderr.read())
            raise
        proc.stdout.close()
        proc.stderr.close()


def _config(**options) -> TransportConfig:
    return TransportConfig(
        connect_timeout=10, read_timeout=30, retries=0, body_retries=0, **options
    )


def test_serves_tls_and_the_client_trusts_an_office_ca(tls_server):
    url, ca_pem = tls_server
    with Transport(url, config=_config(ca_bundle=str(ca_pem))) as api:
        health = api.health()
        assert health.status == "ok"
        # HSTS only over TLS, with the other security headers.
        answer = api.session.get(f"{url}/api/v1/health", verify=api.verify, timeout=30)
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    with Transport(url, config=_config()) as untrusting:  # system CAs only
        with pytest.raises(Unreachable) as refused:
            untrusting.health()
    seen = (refused.value.code, refused.value.detail, refused.value.message("id"))
    del refused  # its traceback holds the half-open TLS socket, which would delay shutdown
    gc.collect()
    assert seen[:2] == ("unreachable", "tls") and "--ca-bundle" in seen[2]


def test_serve_needs_both_certificate_and_key(tmp_path, monkeypatch):
    from server import cli as server_cli
    from server.config import ENV_DATABASE_URL
    from server.keys import ENV_KEY_FILE

    for name in (ENV_DATABASE_URL, ENV_KEY_FILE):  # serve exports them for its workers
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(SystemExit, match="both --ssl-certfile and --ssl-keyfile"):
        server_cli.main(
            ["serve", "--data-dir", str(tmp_path), "--port", "0", "--ssl-certfile", "x.pem"]
        )
    assert not (tmp_path / "jempol-server.sqlite3").exists()  # refused before anything
    with pytest.raises(SystemExit, match="missing.pem: no such file"):
        server_cli.main(
            [
                "serve",
                "--data-dir",
                str(tmp_path),
                "--port",
                "0",
                "--ssl-certfile",
                str(tmp_path / "missing.pem"),
                "--ssl-keyfile",
                str(tmp_path / "missing.key"),
            ]
        )


# --------------------------------------------------------------------------- client rules
# No request is sent in these: the transport refuses before connecting.


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080", "https://example.org"],
)
def test_https_and_local_http_are_accepted(url):
    Transport(url, config=_config()).close()


def test_plain_http_to_another_machine_needs_explicit_permission():
    with pytest.raises(SyncError) as refused:
        Transport("http://192.0.2.10:8080", config=_config())
    err = refused.value
    assert err.code == "insecure_http" and err.exit_code == EXIT_USAGE
    assert "tanpa enkripsi" in err.message("id") and "--allow-insecure-http" in err.message("id")
    assert "unencrypted" in err.message("en")
    Transport("http://192.0.2.10:8080", config=_config(allow_insecure_http=True)).close()


def test_a_missing_ca_bundle_is_a_clear_error(tmp_path):
    with pytest.raises(SyncError) as refused:
        Transport("https://jempol.local", config=_config(ca_bundle=str(tmp_path / "ca.pem")))
    assert refused.value.code == "ca_bundle" and "PEM" in refused.value.message("id")


def test_settings_fill_what_the_command_line_left_open():
    settings = {"ca_bundle": "/etc/jempol/ca.pem", "allow_insecure_http": True}
    config = apply_settings(TransportConfig(), lambda key, default=None: settings.get(key, default))
    assert config.ca_bundle == "/etc/jempol/ca.pem" and config.allow_insecure_http
    mine = apply_settings(TransportConfig(ca_bundle="/x.pem"), lambda key, default=None: default)
    assert mine.ca_bundle == "/x.pem" and not mine.allow_insecure_http


def test_sync_cli_refuses_insecure_http_before_asking_the_password(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)  # reading a password would crash the test
    code = sync_cli.main(
        [
            "register",
            "--data-dir",
            str(tmp_path),
            "--server",
            "http://192.0.2.10:8080",
            "--username",
            "petugas",
        ]
    )
    assert code == EXIT_USAGE
    assert "memakai http tanpa enkripsi" in capsys.readouterr().err
