"""flask commands: `flask demo-data` loads residents and applications to try the service with."""

import click
from flask import Flask
from sqlalchemy import select

from app import programmes
from app.extensions import db
from app.models import User
from app.services import applications

# The demo resident: sign in with this number; in demo mode the code is shown on the page.
DEMO_MOBILE = "13800138000"
DEMO_ANSWERS = {
    "full_name": "王军",
    "id_number": "11010519491231002X",
    "certificate_number": "11010519491231002X11",
    "mobile": DEMO_MOBILE,
    "district": "changji",
    "business_name": "达康盲人推拿店",
    "business_kind": "massage",
    "business_address": "昌吉市延安北路 1 号",
    "has_licence": "yes",
    "licence_code": "91350100M000100Y43",
    "licence_photo": [],
    "started_on": "2021-06-01",
    "bank_name": "中国农业银行昌吉分行",
    "account_number": "6228480012345678901",
}


def load_demo_data() -> bool:
    """Adds the demo resident with one submitted application. Returns False if already there."""
    resident = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).first()
    if resident is None:
        resident = User(mobile=DEMO_MOBILE, locale="zh")
        db.session.add(resident)
        db.session.commit()
    elif applications.for_resident(resident):
        return False
    startup = programmes.get("startup-subsidy")
    application = applications.start(startup, resident, actor=resident)
    applications.save_answers(application, DEMO_ANSWERS, actor=resident)
    applications.submit(application, startup, actor=resident)
    return True


def init_app(app: Flask) -> None:
    @app.cli.command("demo-data")
    def demo_data() -> None:
        """Load demo residents and applications (once; running it again changes nothing)."""
        if load_demo_data():
            click.echo(f"Demo data loaded. Sign in with {DEMO_MOBILE}.")
        else:
            click.echo("Demo data is already there.")
