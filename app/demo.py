"""Demo data: residents, applications in several states, a family member, and the services to
book (stations in the seven districts, their times, devices and events). Loading twice changes
nothing."""

import io
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app import programmes
from app.extensions import db
from app.models import (
    ApplicationEvent,
    DeviceKind,
    DeviceStock,
    Service,
    Slot,
    Station,
    StationKind,
    Step,
    User,
)
from app.models.base import local_today
from app.services import applications, documents, family
from app.services.bookings import LOCAL_TIME

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
    for step in (
        ApplicationEvent(step=Step.REVIEW_STARTED),
        ApplicationEvent(step=Step.APPROVED, amount_yuan=5000),
        ApplicationEvent(
            step=Step.PAID,
            amount_yuan=5000,
            paid_on=local_today(),
            payment_reference="DEMO-000001",
        ),
    ):
        applications.take_step(application, step, actor=None)

    operating = programmes.get("operating-subsidy")
    application = applications.start(operating, resident, actor=resident)
    applications.save_answers(
        application,
        {key: value for key, value in OPERATING_ANSWERS.items() if key in _names(operating)},
        resident,
        new_documents={"licence_photo": [_demo_photo()]},
    )
    applications.submit(application, operating, actor=resident)
    # A ready-made request, which each reader reads in their language, and the caseworker's
    # own words, in Chinese and beside them in Uyghur.
    asked = ApplicationEvent(
        step=Step.INFORMATION_REQUESTED,
        reason="business_income",
        note="三个月的都要，每个月一张。",
        note_translations={"ug": "ئۈچ ئاينىڭ ھەممىسى كېرەك، ھەر ئايغا بىر پارچە."},
    )
    applications.take_step(application, asked, actor=None)
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
    family.decide(resident, link, approve=True)


# Districts as the demo's station names need them, in each language.
DISTRICT_NAMES = {
    "changji": ("昌吉市", "سانجى شەھىرى"),
    "fukang": ("阜康市", "فۇكاڭ شەھىرى"),
    "hutubi": ("呼图壁县", "قۇتۇبى ناھىيىسى"),
    "manas": ("玛纳斯县", "ماناس ناھىيىسى"),
    "qitai": ("奇台县", "گۇچۇڭ ناھىيىسى"),
    "jimsar": ("吉木萨尔县", "جىمسار ناھىيىسى"),
    "mori": ("木垒哈萨克自治县", "مورى قازاق ئاپتونوم ناھىيىسى"),
}
KIND_NAMES = {
    StationKind.REHAB: ("社区康复站", "مەھەللە ئەسلىگە كەلتۈرۈش پونكىتى"),
    StationKind.LENDING: ("辅助器具租借站", "ياردەمچى ئەسۋاب ئارىيەت بېرىش پونكىتى"),
    StationKind.HOME_CARE: ("居家服务中心", "ئائىلىدە مۇلازىمەت قىلىش مەركىزى"),
    StationKind.VENUE: ("残疾人就业培训中心", "مېيىپلەرنى ئىشقا ئورۇنلاشتۇرۇش تەربىيەلەش مەركىزى"),
}
HOURS = {
    "zh": "周一至周五 9:30–13:30，15:30–19:30",
    "ug": "دۈشەنبىدىن جۈمەگىچە 9:30–13:30، 15:30–19:30",
}
ACCESS = {
    StationKind.REHAB: {
        "zh": "一楼，门口有坡道，有无障碍卫生间。",
        "ug": "بىرىنچى قەۋەت، ئىشىك ئالدىدا يانتۇ يول بار، توسالغۇسىز ھاجەتخانا بار.",
    },
    StationKind.LENDING: {
        "zh": "一楼，门口有坡道；工作人员可以把器具送到车上。",
        "ug": "بىرىنچى قەۋەت، ئىشىك ئالدىدا يانتۇ يول بار؛ خادىملار ئەسۋابنى ماشىنىغا ئاپىرىپ بېرىدۇ.",
    },
    StationKind.HOME_CARE: {
        "zh": "上门服务，工作人员到您家里来。",
        "ug": "ئۆيگە بېرىپ مۇلازىمەت قىلىدۇ، خادىملار ئۆيىڭىزگە كېلىدۇ.",
    },
    StationKind.VENUE: {
        "zh": "有电梯、盲道和无障碍卫生间，可以带导盲犬。",
        "ug": "لىفىت، ئەمالار يولى ۋە توسالغۇسىز ھاجەتخانا بار، يول باشلىغۇچى ئىتنى ئەكىرىشكە بولىدۇ.",
    },
}
STOCK = {
    DeviceKind.WHEELCHAIR: (5, 60),
    DeviceKind.WALKER: (4, 60),
    DeviceKind.CRUTCHES: (6, 30),
    DeviceKind.SHOWER_CHAIR: (3, 60),
    DeviceKind.COMMODE: (2, 60),
    DeviceKind.WHITE_CANE: (8, 90),
}
EVENTS = [
    (
        Service.TRAINING,
        {"zh": "盲人按摩技能培训（5天）", "ug": "ئەمالار ئۇۋۇلاش ماھارىتى تەربىيەسى (5 كۈن)"},
        9,
        30,
    ),
    (
        Service.TRAINING,
        {"zh": "电脑和手机读屏入门", "ug": "كومپيۇتېر ۋە يانفون ئېكران ئوقۇغۇچ دەسلەپكى دەرسى"},
        12,
        20,
    ),
    (
        Service.JOB_FAIR,
        {"zh": "残疾人专场招聘会", "ug": "مېيىپلەر ئۈچۈن مەخسۇس خىزمەتچى قوبۇل قىلىش يەرمەنكىسى"},
        16,
        200,
    ),
]


def _station(code: str, kind: StationKind, district: str, number: int) -> Station:
    district_zh, district_ug = DISTRICT_NAMES[district]
    kind_zh, kind_ug = KIND_NAMES[kind]
    return Station(
        code=code,
        kind=kind,
        district=district,
        name={"zh": f"{district_zh}{kind_zh}", "ug": f"{district_ug} {kind_ug}"},
        address={
            "zh": f"{district_zh}人民路 {number} 号",
            "ug": f"{district_ug} خەلق يولى {number}-نومۇر",
        },
        opening_hours=HOURS,
        accessibility=ACCESS[kind],
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TIME)


def load_demo_services(days: int = 14) -> bool:
    """A rehabilitation station, a lending station and a home-care provider in each district,
    with times for the next two weeks, devices to borrow, and training courses and a job fair
    at the prefecture's centre. False if they are there already."""
    if db.session.scalars(select(Station)).first():
        return False
    today = local_today()
    workdays = [today + timedelta(days=n) for n in range(1, days + 1)]
    workdays = [d for d in workdays if d.weekday() < 5]
    for number, district in enumerate(DISTRICT_NAMES, start=1):
        rehab = _station(f"{district}-rehab", StationKind.REHAB, district, number * 10 + 1)
        lending = _station(f"{district}-lending", StationKind.LENDING, district, number * 10 + 2)
        care = _station(f"{district}-home-care", StationKind.HOME_CARE, district, number * 10 + 3)
        db.session.add_all([rehab, lending, care])
        db.session.flush()
        for kind, (total, loan_days) in STOCK.items():
            db.session.add(
                DeviceStock(
                    station_id=lending.id,
                    kind=kind,
                    total=total,
                    available=total,
                    loan_days=loan_days,
                )
            )
        for day in workdays:
            for hour, minute in ((10, 0), (11, 30), (16, 0)):
                start = _at(day, hour, minute)
                db.session.add(
                    Slot(
                        station_id=rehab.id,
                        service=Service.REHAB,
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        capacity=4,
                        places_left=4,
                    )
                )
            for service in (
                Service.MEAL_HELP,
                Service.PERSONAL_CARE,
                Service.ESCORT,
                Service.HOUSEKEEPING,
            ):
                for hour in (10, 16):
                    start = _at(day, hour)
                    db.session.add(
                        Slot(
                            station_id=care.id,
                            service=service,
                            starts_at=start,
                            ends_at=start + timedelta(hours=2),
                            capacity=3,
                            places_left=3,
                        )
                    )
    venue = _station("prefecture-centre", StationKind.VENUE, "changji", 1)
    db.session.add(venue)
    db.session.flush()
    for service, title, in_days, seats in EVENTS:
        start = _at(today + timedelta(days=in_days), 10)
        db.session.add(
            Slot(
                station_id=venue.id,
                service=service,
                title=title,
                starts_at=start,
                ends_at=start + timedelta(hours=6),
                capacity=seats,
                places_left=seats,
            )
        )
    db.session.commit()
    return True
