"""Which try holds a sent form's claim: a send cut off by a crash is taken over by its repeat,
and only the try that holds the claim settles it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sent_forms', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('attempt', sa.Integer(), server_default='1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('sent_forms', schema=None) as batch_op:
        batch_op.drop_column('attempt')
