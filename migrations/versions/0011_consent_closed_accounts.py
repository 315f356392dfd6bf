"""Residents' consent to the processing of sensitive personal information; closed accounts.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 15:21:51.548332

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('given_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('agreed', sa.Boolean(), nullable=False),
    sa.Column('at', app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['given_by_id'], ['users.id'], name=op.f('fk_consents_given_by_id_users')),
    sa.ForeignKeyConstraint(['resident_id'], ['users.id'], name=op.f('fk_consents_resident_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_resident_id'), ['resident_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', app.models.base.UTCDateTime(), nullable=True))
        batch_op.alter_column('mobile',
               existing_type=sa.VARCHAR(length=11),
               nullable=True)



def downgrade():
    # Closed accounts have no number; the old schema wants one: a unique stand-in.
    padded = (
        "lpad(CAST(id AS TEXT), 10, '0')"
        if op.get_bind().dialect.name == "postgresql"
        else "substr('0000000000' || id, -10)"
    )
    op.execute(f"UPDATE users SET mobile = 'c' || {padded} WHERE mobile IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('mobile',
               existing_type=sa.VARCHAR(length=11),
               nullable=False)
        batch_op.drop_column('closed_at')

    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_resident_id'))

    op.drop_table('consents')
