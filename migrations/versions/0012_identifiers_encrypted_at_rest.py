"""ID, certificate and bank account numbers encrypted at rest; the ID number searched by a keyed hash.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00.000000

Decision 13. Encrypts the identifiers in every application's answers and every account's kept
details with the app's DATA_KEYS, fills `id_number_index` from the ID number column with its
INDEX_KEYS, then drops that column. It runs inside the app (Flask-Migrate), which has the keys.
(Written beside 0011, which was being written at the same time: re-chained on merging.)
"""
from alembic import op
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import JSONB


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BATCH = 2000

applications = sa.table(
    "applications",
    sa.column("id", sa.Integer),
    sa.column("answers", sa.JSON().with_variant(JSONB(), "postgresql")),
    sa.column("id_number", sa.String),
    sa.column("id_number_index", sa.String),
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("details", sa.JSON))


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number_index', sa.String(length=50), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_id_number_index'), ['id_number_index'], unique=False)

    cipher = current_app.extensions["field_cipher"]
    index = current_app.extensions["blind_index"]

    def application_row(row):
        # unseal first: a value encrypted already (a run stopped half way) is kept whole.
        return {
            "answers": cipher.seal(cipher.unseal(row.answers or {})),
            "id_number_index": index.of(row.id_number) if row.id_number else None,
        }

    _rewrite(applications, [applications.c.answers, applications.c.id_number], application_row)
    _rewrite(users, [users.c.details], lambda row: {"details": cipher.seal(cipher.unseal(row.details or {}))})

    # Dropped in place (SQLite can since 3.35): no copy of a large table.
    op.drop_index('ix_applications_id_number', table_name='applications')
    op.drop_column('applications', 'id_number')


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number', sa.String(length=18), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_id_number'), ['id_number'], unique=False)

    cipher = current_app.extensions["field_cipher"]

    def application_row(row):
        answers = cipher.unseal(row.answers or {})
        return {
            "answers": answers,
            "id_number": answers.get("id_number") if row.id_number_index else None,
        }

    _rewrite(applications, [applications.c.answers, applications.c.id_number_index], application_row)
    _rewrite(users, [users.c.details], lambda row: {"details": cipher.unseal(row.details or {})})

    op.drop_index('ix_applications_id_number_index', table_name='applications')
    op.drop_column('applications', 'id_number_index')


def _rewrite(table, columns, new_values):
    """Every row of `table`, a batch at a time in the order of its id, set to `new_values(row)`."""
    connection = op.get_bind()
    names = None
    last = 0
    while True:
        rows = connection.execute(
            sa.select(table.c.id, *columns).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        changes = [new_values(row) for row in rows]
        names = names or list(changes[0])
        connection.execute(
            table.update()
            .where(table.c.id == sa.bindparam("row_id"))
            .values({name: sa.bindparam(f"new_{name}") for name in names}),
            [
                {"row_id": row.id, **{f"new_{name}": value for name, value in change.items()}}
                for row, change in zip(rows, changes)
            ],
        )
        last = rows[-1].id
