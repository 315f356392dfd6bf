"""Queued text messages (reminders, messages about applications) keep their tries, the next
try's time, the provider's id, the delivery receipt and a failure's code.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TABLES = ('reminders', 'notifications')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
            batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('provider_id', sa.String(length=80), nullable=True))
            batch_op.add_column(sa.Column('delivered_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('failed_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('failure_code', sa.String(length=80), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_provider_id'), ['provider_id'], unique=False)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_provider_id'))
            for column in ('failure_code', 'failed_at', 'delivered_at', 'provider_id', 'next_attempt_at', 'attempts'):
                batch_op.drop_column(column)
