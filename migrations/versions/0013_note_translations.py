"""A caseworker's note in other languages, written beside the original (a Uyghur text beside
the Chinese), by language code.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_translations', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_column('note_translations')
