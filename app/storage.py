"""Where residents' documents are kept: a folder (the default, `UPLOAD_FOLDER`), or a bucket of
S3-compatible object storage (`STORAGE_URL=s3://bucket/prefix`: Alibaba Cloud OSS, MinIO, Ceph).

Both keep opaque bytes under random keys and know nothing of who may read them: documents are
only ever served through the app's access checks (app/apply/views.py), never by the storage
itself. In a bucket every object is written with server-side encryption and no ACL, so it stays
private to the bucket's owner.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit

from flask import Flask, current_app

CHUNK = 256 * 1024


class Missing(Exception):
    """No object under this key."""


@dataclass
class Opened:
    """A stored object opened for reading: its size and a file-like to read (and close)."""

    size: int
    file: BinaryIO


class Store(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def open(self, key: str) -> Opened: ...
    def delete(self, key: str) -> None: ...
    def stored_keys(self) -> Iterator[str]: ...
    def check(self) -> None: ...


class FolderStore:
    """Files in a folder: one server's disk, or storage every server mounts."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / key

    def put(self, key: str, data: bytes) -> None:
        self._path(key).write_bytes(data)

    def open(self, key: str) -> Opened:
        try:
            file = self._path(key).open("rb")
        except FileNotFoundError:
            raise Missing(key) from None
        return Opened(os.fstat(file.fileno()).st_size, file)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def stored_keys(self) -> Iterator[str]:
        if self.folder.is_dir():
            yield from sorted(p.name for p in self.folder.iterdir() if p.is_file())

    def check(self) -> None:
        """Raises unless the folder takes a file. It is not made here: a shared mount that has
        gone away must fail, not be replaced by an empty local folder."""
        with tempfile.NamedTemporaryFile(dir=self.folder):
            pass


class BucketStore:
    """Objects in an S3-compatible bucket, under a prefix. Credentials and region come from
    boto3's usual places (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, or the
    server's role); `endpoint_url` names a provider other than Amazon."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        addressing_style: str = "auto",
    ):
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        self.addressing_style = addressing_style

    def _client(self, timeout: int, attempts: int):
        import boto3
        from botocore.config import Config

        config = Config(
            s3={"addressing_style": self.addressing_style},
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"mode": "standard", "max_attempts": attempts},
            # boto3 adds CRC checksums to every upload by default; several S3-compatible
            # services refuse them. Only where the API requires one.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        return boto3.client("s3", endpoint_url=self.endpoint_url, config=config)

    @cached_property
    def client(self):
        """Made at first use, not at start: no connection is opened before gunicorn forks."""
        return self._client(timeout=30, attempts=3)

    @cached_property
    def probe_client(self):
        """For /readyz: one try, answered within the load balancer's few seconds."""
        return self._client(timeout=2, attempts=1)

    def _key(self, key: str) -> str:
        return self.prefix + key

    def put(self, key: str, data: bytes) -> None:
        # Never an ACL: objects stay private to the bucket's owner.
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ServerSideEncryption="AES256"
        )

    def open(self, key: str) -> Opened:
        from botocore.exceptions import ClientError

        try:
            got = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise Missing(key) from None
            raise
        return Opened(got["ContentLength"], got["Body"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def stored_keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix) :]

    def check(self) -> None:
        """Raises unless the bucket answers, and lets us in (HeadBucket: no object is read)."""
        self.probe_client.head_bucket(Bucket=self.bucket)


class BadStorageUrl(ValueError):
    pass


def from_config(config) -> Store:
    """The store the settings name: STORAGE_URL's bucket, or else the folder UPLOAD_FOLDER."""
    url = config.get("STORAGE_URL")
    if not url:
        return FolderStore(config["UPLOAD_FOLDER"])
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise BadStorageUrl(f"STORAGE_URL: s3://bucket/prefix, not {url!r}")
    prefix = parts.path.strip("/")
    return BucketStore(
        bucket=parts.netloc,
        prefix=prefix + "/" if prefix else "",
        endpoint_url=config.get("S3_ENDPOINT_URL") or None,
        addressing_style=config.get("S3_ADDRESSING_STYLE") or "auto",
    )


def init_app(app: Flask) -> None:
    app.extensions["document_store"] = from_config(app.config)


def documents() -> Store:
    """The current app's document store."""
    return current_app.extensions["document_store"]


def check_reachable() -> None:
    """Raises when the document store does not answer: /readyz's check (app/health.py), which
    logs the kind of error. One cheap request; no document is read."""
    documents().check()


def read_all(store: Store, key: str) -> bytes:
    opened = store.open(key)
    with opened.file:
        return opened.file.read()


def sha256_of(store: Store, key: str) -> str | None:
    """The SHA-256 of what is stored under `key`, read back in chunks; None when nothing is."""
    try:
        opened = store.open(key)
    except Missing:
        return None
    digest = hashlib.sha256()
    with opened.file:
        while chunk := opened.file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Copied:
    """What copy_checked did, key by key."""

    copied: int = 0
    already_there: int = 0
    bytes: int = 0
    # Each key copied or found there, with the SHA-256 it was checked by.
    hashes: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # not in the source
    damaged: list[str] = field(default_factory=list)  # not as `expected` says, in the source
    mismatched: list[str] = field(default_factory=list)  # read back other than it was written

    @property
    def failed(self) -> bool:
        return bool(self.missing or self.damaged or self.mismatched)


def copy_checked(
    source: Store, target: Store, keys, expected: dict[str, str] | None = None
) -> Copied:
    """Copies each key from source to target and reads it back: it counts as copied only when
    the target gives back the bytes' SHA-256. What the target holds already, the same, is left
    as it is, so running it again after a stop finishes the job. With `expected` (a backup's
    manifest), a source object whose hash differs is reported, never copied."""
    done = Copied()
    for key in keys:
        try:
            data = read_all(source, key)
        except Missing:
            done.missing.append(key)
            continue
        digest = hashlib.sha256(data).hexdigest()
        if expected is not None and expected.get(key) != digest:
            done.damaged.append(key)
            continue
        if sha256_of(target, key) == digest:
            done.already_there += 1
        else:
            target.put(key, data)
            if sha256_of(target, key) != digest:
                done.mismatched.append(key)
                continue
            done.copied += 1
        done.bytes += len(data)
        done.hashes[key] = digest
    return done
