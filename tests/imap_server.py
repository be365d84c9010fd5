"""A private Debian dovecot-imapd on 127.0.0.1 for the `inbox fetch` tests (issue 11).

Its own config file, a passwd-file user with a throwaway password and a maildir, all under the test's
folder; a non-privileged loopback port; started in the foreground by the test and stopped after it
(no system service). Run as root (CI), dovecot wants its login processes unprivileged and refuses
mail access as uid 0: mail is then read as the `dovecot` user, chrooted into the maildir folder
(`/./` in the home), so the test folder's private parents need not be opened up.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.smtp_server import free_port

USER = "pat"
PASSWORD = "imap-pass-Xk4-throwaway"


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/sbin/dovecot") if Path(p).is_file()), None
    )


class Dovecot:
    def __init__(self, root: Path) -> None:
        binary = dovecot_binary()
        assert binary is not None
        self.binary = binary
        self.root = root
        self.port = free_port()
        self.tls_port: int | None = None  # implicit TLS (a self-signed certificate), when openssl is here
        self.log = root / "dovecot.log"
        self.conf = root / "dovecot.conf"
        self.proc: subprocess.Popen[bytes] | None = None

    def _config(self) -> str:
        root, mail = self.root, self.root / "mail"
        (root / "base").mkdir(parents=True)
        (root / "state").mkdir()
        (mail / USER).mkdir(parents=True)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        if os.geteuid() == 0:
            owner = pwd.getpwnam("dovecot")
            for d in (mail, mail / USER):
                os.chown(d, owner.pw_uid, owner.pw_gid)
            users = (
                "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
                f"valid_chroot_dirs = {mail}\n"
                "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}\n"
            )
            userdb = f"uid={owner.pw_uid} gid={owner.pw_gid} home={mail}/./%u"
        else:
            me = pwd.getpwuid(os.geteuid())
            users = (
                f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
                f"default_internal_group = {me.pw_gid}\n"
            )
            userdb = f"uid={me.pw_uid} gid={me.pw_gid} home={mail}/%u"
        ssl, imaps = "ssl = no", "port = 0"
        if shutil.which("openssl"):
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-keyout",
                    str(root / "key.pem"),
                    "-out",
                    str(root / "cert.pem"),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                ],
                check=True,
                capture_output=True,
            )
            self.tls_port = free_port()
            ssl = f"ssl = yes\nssl_cert = <{root / 'cert.pem'}\nssl_key = <{root / 'key.pem'}"
            imaps = f"address = 127.0.0.1\n    port = {self.tls_port}"
        return f"""
base_dir = {root / "base"}
state_dir = {root / "state"}
log_path = {self.log}
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:~/Maildir
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root / "passwd"}
}}
userdb {{
  driver = static
  args = {userdb}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    {imaps}
  }}
}}
service anvil {{
  chroot =
}}
"""

    def start(self) -> Dovecot:
        self.conf.write_text(self._config(), encoding="utf-8")
        self.proc = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stdout.read() if self.proc.stdout else ''}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dovecot did not start on port {self.port}: {self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()

    def client(self) -> imaplib.IMAP4:
        """A logged-in connection, for the test to deliver and inspect mail as the provider would."""
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        imap.login(USER, PASSWORD)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.client()
        try:
            typ, data = imap.append(folder, None, None, raw)
            assert typ == "OK", data
        finally:
            imap.logout()

    def create(self, folder: str) -> None:
        imap = self.client()
        try:
            typ, data = imap.create(folder)
            assert typ == "OK", data
        finally:
            imap.logout()

    def flags(self, folder: str = "INBOX") -> dict[int, str]:
        """UID -> flags of every message in the folder (looked at read-only; \\Recent, which belongs to a
        session, left out)."""
        imap = self.client()
        try:
            typ, _ = imap.select(folder, readonly=True)
            assert typ == "OK"
            typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS)")
            found = {}
            for line in data:
                if isinstance(line, bytes) and b"UID" in line:
                    words = line.decode().replace("(", " ").replace(")", " ").split()
                    uid = int(words[words.index("UID") + 1])
                    found[uid] = " ".join(w for w in words if w.startswith("\\") and w != "\\Recent")
            return found
        finally:
            imap.logout()
