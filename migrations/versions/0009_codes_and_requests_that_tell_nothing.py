"""Sign-in codes count every try and lock only themselves; family requests name a number.

A code's tries (`wrong_tries` becomes `tries`) are counted before it is compared, and the
number is never locked (`locked_until` goes). A family link request keeps the number asked for
(`resident_mobile`), and `resident_id` stays empty until someone first signs in with it, so
that asking tells nobody whether the number has an account. At most one live link per number
and family member.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.models.base

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LIVE = sa.text("status IN ('requested', 'approved')")


def upgrade():
    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.alter_column('wrong_tries', new_column_name='tries', existing_type=sa.Integer(), existing_nullable=False)
        batch_op.drop_column('locked_until')

    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.drop_index('uq_family_links_live', sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.add_column(sa.Column('resident_mobile', sa.String(length=11), nullable=True))
    op.execute(
        "UPDATE family_links SET resident_mobile = "
        "(SELECT users.mobile FROM users WHERE users.id = family_links.resident_id)"
    )
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.alter_column('resident_mobile', existing_type=sa.String(length=11), nullable=False)
        batch_op.alter_column('resident_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('uq_family_links_live', ['resident_mobile', 'family_id'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade():
    # Requests still waiting for a number's first sign-in have nobody to point at: they go.
    op.execute("DELETE FROM family_links WHERE resident_id IS NULL")
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.drop_index('uq_family_links_live', sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.alter_column('resident_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('resident_mobile')
        batch_op.create_index('uq_family_links_live', ['resident_id', 'family_id'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)

    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.alter_column('tries', new_column_name='wrong_tries', existing_type=sa.Integer(), existing_nullable=False)
        batch_op.add_column(sa.Column('locked_until', app.models.base.UTCDateTime(), nullable=True))
