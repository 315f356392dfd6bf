"""Everything under /staff: one blueprint with one guard (app/staff/guard.py), holding the staff
home, residents' pages, invitations and the stations' pages, and, nested inside it, the
caseworkers' office, the figures and administration. Accepting an invitation is not a staff
page (the person is not staff yet): app/staff/join.py."""

from flask import Blueprint

from app.staff.guard import admit_staff, never_kept

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(admit_staff)
bp.after_request(never_kept)

from app.staff import station, views  # noqa: E402, F401  (their routes)


def nest(children) -> None:
    """Puts the staff blueprints inside this one, so that its guard is theirs. Once: every app
    made in this process (tests make several) registers the same blueprints."""
    nested = {child for child, _options in bp._blueprints}
    for child, prefix in children:
        if child not in nested:
            bp.register_blueprint(child, url_prefix=prefix)
