"""flask commands: `flask demo-data` loads residents and applications to try the service with."""

import io

import click
from flask import Flask
from PIL import Image, ImageDraw
from sqlalchemy import select

from app import programmes
from app.extensions import db
from app.models import Role, Step, User
from app.services import applications, documents, family, staff

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
    "licence_photo": [],  # the demo licence photo's id is added when it is made
    "started_on": "2021-06-01",
    "bank_name": "中国农业银行昌吉分行",
    "account_number": "6228480012345678901",
}


OPERATING_ANSWERS = {
    **{k: v for k, v in DEMO_ANSWERS.items() if k not in ("started_on",)},
    "what_happened": "疫情期间客人很少，店里几个月没有收入。",
    "difficult_since": "2022-10-01",
    "income_before": 6000,
    "income_now": 800,
}


def _demo_photo() -> documents.Cleaned:
    """A plain picture standing in for a photo of the business licence."""
    image = Image.new("RGB", (600, 420), (236, 230, 214))
    ImageDraw.Draw(image).rectangle((30, 30, 570, 390), outline=(150, 30, 30), width=8)
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return documents.clean(out.getvalue(), "licence.jpg")


def load_demo_data() -> bool:
    """Adds the demo resident with two applications: the startup subsidy, paid (the article's
    massage shop), and the operating subsidy, where the caseworker asks for more information.
    Returns False if they are there already."""
    resident = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).first()
    if resident is None:
        resident = User(mobile=DEMO_MOBILE, locale="zh")
        db.session.add(resident)
        db.session.commit()
    elif applications.for_resident(resident):
        return False

    startup = programmes.get("startup-subsidy")
    application = applications.start(startup, resident, actor=resident)
    applications.save_answers(
        application, DEMO_ANSWERS, resident, new_documents={"licence_photo": [_demo_photo()]}
    )
    applications.submit(application, startup, actor=resident)
    applications.take_step(application, Step.REVIEW_STARTED, actor=None)
    applications.take_step(application, Step.APPROVED, actor=None, amount_yuan=5000)
    applications.take_step(application, Step.PAID, actor=None, amount_yuan=5000)

    operating = programmes.get("operating-subsidy")
    application = applications.start(operating, resident, actor=resident)
    applications.save_answers(
        application,
        {key: value for key, value in OPERATING_ANSWERS.items() if key in _names(operating)},
        resident,
        new_documents={"licence_photo": [_demo_photo()]},
    )
    applications.submit(application, operating, actor=resident)
    applications.take_step(
        application,
        Step.INFORMATION_REQUESTED,
        actor=None,
        note="请上传最近三个月的营业流水或收入记录。",
    )
    return True


def _names(programme) -> set[str]:
    return {name for page in programme.pages for name in page.field_names}


DEMO_FAMILY_MOBILE = "13800138001"


def link_demo_family(resident: User) -> None:
    """The demo resident's wife, who may act for him."""
    if db.session.scalars(select(User).where(User.mobile == DEMO_FAMILY_MOBILE)).first():
        return
    wife = User(mobile=DEMO_FAMILY_MOBILE, locale="zh", details={"full_name": "李梅"})
    db.session.add(wife)
    db.session.commit()
    link = family.request_link(wife, resident.mobile, "spouse")
    family.decide(resident, link.id, approve=True)


def init_app(app: Flask) -> None:
    @app.cli.command("demo-data")
    def demo_data() -> None:
        """Load demo residents and applications (once; running it again changes nothing)."""
        if load_demo_data():
            click.echo(f"Demo data loaded. Sign in with {DEMO_MOBILE}.")
        else:
            click.echo("Demo data is already there.")
        resident = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).one()
        link_demo_family(resident)
        click.echo(f"His wife signs in with {DEMO_FAMILY_MOBILE} and may act for him.")
        token = staff.invite(None, "演示管理员", Role.ADMIN)
        origin = app.config["WEBAUTHN_ORIGIN"]
        click.echo(f"An administrator's invitation (passkeys need {origin}):")
        click.echo(f"  {origin}/staff/invitations/{token}")

    @app.cli.command("invite-staff")
    @click.option("--name", required=True, help="The person's full name.")
    @click.option(
        "--role", type=click.Choice([r.value for r in Role if r.is_staff]), default="admin"
    )
    @click.option("--district", help="A caseworker's district, such as changji.")
    @click.option("--station", help="A station worker's station.")
    def invite_staff(name: str, role: str, district: str | None, station: str | None) -> None:
        """Print a one-time link that makes whoever opens it staff (the first administrator)."""
        token = staff.invite(None, name, Role(role), district=district, station=station)
        click.echo(f"{app.config['WEBAUTHN_ORIGIN']}/staff/invitations/{token}")
