"""Bringing in a new key: `flask rotate-data-key` (decision 13, README "Keys").

Once the new key is first in DATA_KEYS (or INDEX_KEYS) on every server, this re-encrypts each
identifier that an older key encrypted (or that is still in clear), and recomputes each ID
number index that an older index key made. It reads the stored JSON as text, so it can tell
which key wrote it, and writes a row only where that text is still what it read: a resident
saving answers meanwhile wins, and their save is encrypted with the new key anyway. It works a
batch at a time, committing each, so it can be stopped and run again; a second run finds
nothing to do.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Text, bindparam, cast, select, update

from app import encryption
from app.extensions import db
from app.models import Application, User


@dataclass(frozen=True)
class Rotated:
    applications: int
    accounts: int


def rotate(batch: int = 1000) -> Rotated:
    """Brings every application and account to the current keys; returns how many changed."""
    applications = Application.__table__
    users = User.__table__
    return Rotated(
        applications=_rotate(
            applications.c.answers,
            _stale_application,
            batch,
            also_read=[applications.c.id_number_index],
            # Not a change anyone made: the time of the last change stays.
            kept={"updated_at": applications.c.updated_at},
        ),
        accounts=_rotate(users.c.details, _stale_account, batch),
    )


def _stale_application(row, stored: dict) -> dict | None:
    """The new values of an application row that an older key wrote, else None."""
    cipher, index = encryption.cipher(), encryption.blind_index()
    indexed = row.id_number_index is not None
    if cipher.is_current(stored) and not (indexed and not index.is_current(row.id_number_index)):
        return None
    answers = cipher.unseal(stored)
    return {
        "answers": answers,
        "id_number_index": index.of(answers["id_number"]) if indexed else None,
    }


def _stale_account(row, stored: dict) -> dict | None:
    cipher = encryption.cipher()
    return None if cipher.is_current(stored) else {"details": cipher.unseal(stored)}


def _rotate(
    column: Column,
    stale: Callable,
    batch: int,
    also_read: Sequence[Column] = (),
    kept: dict | None = None,
) -> int:
    table = column.table
    # As stored: the column's own type would decrypt it, hiding which key wrote it.
    stored_text = cast(column, Text)
    changed = 0
    last = 0
    while True:
        rows = db.session.execute(
            select(table.c.id, stored_text.label("stored"), *also_read)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return changed
        last = rows[-1].id
        changes = [
            (row, values)
            for row in rows
            if row.stored and (values := stale(row, json.loads(row.stored))) is not None
        ]
        if changes:
            names = list(changes[0][1])
            # Bound as new_<column>: a column's own name is kept for SQLAlchemy's use.
            new = {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
            db.session.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"), stored_text == bindparam("was"))
                .values(new)
                .values(kept or {}),
                [
                    {
                        "row_id": row.id,
                        "was": row.stored,
                        **{f"new_{name}": value for name, value in values.items()},
                    }
                    for row, values in changes
                ],
            )
            changed += len(changes)
        db.session.commit()
