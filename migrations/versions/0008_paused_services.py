"""Services an administrator has stopped taking bookings for.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 01:10:00

"""
from alembic import op
import sqlalchemy as sa

import app.models.base

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paused_services',
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('paused_at', app.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('service', name=op.f('pk_paused_services'))
    )


def downgrade():
    op.drop_table('paused_services')
