"""Who may see what. Every view that shows an object asks here; anything refused answers 404,
as if it did not exist, so that nobody learns what others have."""

from app.models import Application, Document, Role, User
from app.services.family import may_act_for


def has_staff_power(user: User) -> bool:
    """Staff power comes only from a session begun with the person's own passkey: a code sent
    to their number (a stolen phone, a swapped SIM card) never gives it."""
    return user.is_authenticated and user.is_staff and user.signed_in_with == "passkey"


def staff_sees_district(user: User, district: str | None) -> bool:
    """Caseworkers see their own district; administrators see the whole prefecture."""
    if not has_staff_power(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.CASEWORKER and district is not None and user.district == district


def resident_district(resident: User) -> str | None:
    return (resident.details or {}).get("district")


def can_see_application(user: User, application: Application) -> bool:
    """The resident, family who act for them, and staff of the application's district."""
    if user.is_staff:  # with a code only, a staff account sees nothing
        return not application.is_draft and staff_sees_district(user, application.district)
    return may_act_for(user, application.resident_id)


def can_see_document(user: User, document: Document) -> bool:
    if user.is_staff:
        application = document.application
        return application is not None and can_see_application(user, application)
    return may_act_for(user, document.resident_id)


def can_see_resident(user: User, resident: User) -> bool:
    """Staff may look at a resident (their activity, to link family on proof) in their district."""
    return user.is_staff and staff_sees_district(user, resident_district(resident))
