"""https and wss through lws and OpenSSL, with a self-signed certificate made here."""
import json
import ssl
import subprocess
import urllib.request

import websocket

from conftest import SurveyServer


def test_https_and_wss_with_a_self_signed_certificate(tmp_path):
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True, timeout=60)
    server = SurveyServer(demo_roster=2, arguments=["--tls-cert", str(certificate), "--tls-key", str(key)])
    try:
        assert server.url.startswith("https://")
        context = ssl.create_default_context(cafile=str(certificate))
        context.check_hostname = False
        with urllib.request.urlopen(server.url + "/healthz", context=context, timeout=10) as response:
            assert json.loads(response.read())["status"] == "ok"
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        # Plain http on the TLS port gets nowhere.
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/healthz" % server.port, timeout=5).read()
            raise AssertionError("plain http must not be served on the TLS port")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        socket = websocket.create_connection("wss://127.0.0.1:%d/ws" % server.port, timeout=10,
                                             sslopt={"ca_certs": str(certificate), "check_hostname": False})
        socket.send(json.dumps({"v": 1, "type": "hello", "token": server.tokens()[0][2]}))
        assert json.loads(socket.recv())["type"] == "welcome"
        socket.close()
    finally:
        server.cleanup()
