"""One-off startup subsidy (一次性创业补贴): for a resident who starts a business of their own."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from app.districts import district_choices
from app.forms import validators as check
from app.forms.common import mobile_number
from app.forms.fields import DatePartsField, Radios, strip_spaces
from app.forms.question import QuestionForm
from app.programmes.journey import Programme, Question

# Attributes for inputs of numbers that read left to right in every language.
NUMBER_INPUT = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}


class FullName(QuestionForm):
    full_name = StringField(
        _l("What is your full name?"),
        description=_l("As it is written on your ID card."),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter your full name")),
            check.max_length(50, _l("Full name must be 50 characters or fewer")),
        ],
        render_kw={"autocomplete": "name", "spellcheck": "false", "dir": "auto"},
    )
    short_labels = {"full_name": _l("Full name")}


class IdNumber(QuestionForm):
    id_number = StringField(
        _l("What is your ID number?"),
        description=_l("The 18 characters on your resident identity card. The last may be X."),
        filters=[strip_spaces],
        validators=[DataRequired(_l("Enter your ID number")), check.id_number()],
        render_kw={**NUMBER_INPUT, "class": "width-20"},
    )
    short_labels = {"id_number": _l("ID number")}


class CertificateNumber(QuestionForm):
    certificate_number = StringField(
        _l("What is your disability certificate number?"),
        description=_l(
            "The 20 characters on your disability certificate: your ID number, "
            "then one digit for the category and one for the grade."
        ),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter your disability certificate number")),
            check.certificate_number("id_number"),
        ],
        render_kw={**NUMBER_INPUT, "class": "width-20"},
    )
    short_labels = {"certificate_number": _l("Disability certificate number")}


class Mobile(QuestionForm):
    mobile = mobile_number(_l("We send news about your application to this number."))
    short_labels = {"mobile": _l("Mobile number")}

    @classmethod
    def suggestions(cls, resident):
        return {"mobile": resident.mobile}


class District(QuestionForm):
    district = Radios(
        _l("Which county or city do you live in?"),
        description=_l("Your application goes to the Disabled Persons' Federation there."),
        choices=district_choices(),
        required=_l("Select the county or city where you live"),
    )
    short_labels = {"district": _l("County or city")}


class BusinessName(QuestionForm):
    business_name = StringField(
        _l("What is the name of your business?"),
        description=_l("As on your business licence, if you have one."),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the name of your business")),
            check.max_length(100, _l("The name must be 100 characters or fewer")),
        ],
        render_kw={"dir": "auto", "autocomplete": "organization"},
    )
    short_labels = {"business_name": _l("Business name")}


class BusinessKind(QuestionForm):
    business_kind = Radios(
        _l("What kind of business is it?"),
        choices=[
            ("massage", _l("Massage or physical therapy")),
            ("shop", _l("Shop or market stall")),
            ("food", _l("Food and drink")),
            ("crafts", _l("Handicrafts")),
            ("farming", _l("Farming or livestock")),
            ("online", _l("Online shop")),
            ("services", _l("Repairs or other services")),
            ("other", _l("Something else")),
        ],
        required=_l("Select the kind of business"),
    )
    short_labels = {"business_kind": _l("Kind of business")}


class BusinessAddress(QuestionForm):
    business_address = TextAreaField(
        _l("What is the address of your business?"),
        description=_l("The township or street, the building and the door number."),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the address of your business")),
            check.max_length(200, _l("The address must be 200 characters or fewer")),
        ],
        render_kw={"dir": "auto", "rows": 3},
    )
    short_labels = {"business_address": _l("Business address")}


class HasLicence(QuestionForm):
    has_licence = Radios(
        _l("Do you have a business licence?"),
        description=_l("If you do not have one yet, you can still apply."),
        choices=[("yes", _l("Yes")), ("no", _l("No, not yet"))],
        required=_l("Select yes if you have a business licence"),
    )
    short_labels = {"has_licence": _l("Business licence")}


class LicenceNumber(QuestionForm):
    licence_code = StringField(
        _l("What is the unified social credit code on your business licence?"),
        description=_l("18 digits and capital letters, printed near the top of the licence."),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the unified social credit code on your business licence")),
            check.credit_code(),
        ],
        render_kw={**NUMBER_INPUT, "autocapitalize": "characters", "class": "width-20"},
    )
    short_labels = {"licence_code": _l("Unified social credit code")}


class StartedOn(QuestionForm):
    started_on = DatePartsField(
        _l("When did your business start?"),
        description=_l("The day it opened, or the date on your licence."),
        required=_l("Enter the date your business started"),
        not_future=_l("The date your business started must be today or in the past"),
    )
    short_labels = {"started_on": _l("Date the business started")}


class BankAccount(QuestionForm):
    heading = _l("Which bank account should we pay the subsidy into?")
    bank_name = StringField(
        _l("Name of the bank"),
        description=_l("For example: Agricultural Bank of China, Changji branch."),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the name of your bank")),
            check.max_length(60, _l("The bank name must be 60 characters or fewer")),
        ],
        render_kw={"dir": "auto"},
    )
    account_number = StringField(
        _l("Account number"),
        description=_l("The number on your bank card. The account must be in your name."),
        filters=[strip_spaces],
        validators=[DataRequired(_l("Enter your account number")), check.bank_account()],
        render_kw={**NUMBER_INPUT, "inputmode": "numeric", "class": "width-20"},
    )
    short_labels = {"bank_name": _l("Bank"), "account_number": _l("Account number")}


STARTUP_SUBSIDY = Programme(
    code="startup-subsidy",
    title=_l("One-off startup subsidy"),
    start_template="apply/startup_subsidy_start.html",
    questions=(
        Question("full-name", FullName),
        Question("id-number", IdNumber),
        Question("certificate-number", CertificateNumber),
        Question("mobile", Mobile),
        Question("district", District),
        Question("business-name", BusinessName),
        Question("business-kind", BusinessKind),
        Question("business-address", BusinessAddress),
        Question("business-licence", HasLicence),
        Question(
            "licence-code",
            LicenceNumber,
            ask_if=lambda answers: answers.get("has_licence") == "yes",
        ),
        Question("business-started", StartedOn),
        Question("bank-account", BankAccount),
    ),
)
