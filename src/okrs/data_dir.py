"""The data directory: the SQLite database, the secret key and the static files of an install.

Everything in it is private to the OS user running okrs: the directory 0700, the
database (with its WAL and shared-memory files) and the key 0600. Importing the
settings makes nothing: `prepare` makes what is missing when Django starts
(`okrs.apps`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def prepare() -> None:
    """Make the data directory, the SQLite database file, the static folder and the key."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
        path = Path(database["NAME"])
        private_dir(path.parent)
        private_file(path)
    private_dir(settings.DATA_DIR)
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
    str(settings.SECRET_KEY)  # reads the key, made now if missing


def private_dir(path: Path) -> Path:
    """Create a directory only its OS user may enter (0700); an existing one stays as it is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> None:
    """Create an empty file only its OS user may read (0600), unless it exists.

    Made before SQLite opens the database: SQLite gives its -wal and -shm files the
    database file's mode, so all three stay private under any umask.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else the data directory's own key, made once.

    The key belongs to the data directory, whichever process or OS user made it: all who
    share the directory share sessions and reset links. It is written to a private
    temporary file (0600 from its first byte) and linked into place, so processes that
    start at once agree on one key and none ever reads half of one.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = data_dir / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    except PermissionError:
        raise ImproperlyConfigured(
            f"cannot read the secret key {key_file}: it belongs to another OS user. Run okrs "
            f"as the user who owns {data_dir}, use a data directory of your own "
            f"(OKRS_DATA_DIR), or set SECRET_KEY."
        ) from None
    handle, temporary = tempfile.mkstemp(dir=private_dir(data_dir), prefix=".secret_key.")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_urlsafe(50))
        os.link(temporary, key_file)
    except FileExistsError:
        pass  # another process made the key first: use theirs
    finally:
        os.unlink(temporary)
    return key_file.read_text().strip()
