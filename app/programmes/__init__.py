"""The aid programmes residents apply for."""

from app.programmes.journey import Programme
from app.programmes.startup_subsidy import STARTUP_SUBSIDY

PROGRAMMES: dict[str, Programme] = {p.code: p for p in (STARTUP_SUBSIDY,)}


def get(code: str) -> Programme | None:
    return PROGRAMMES.get(code)
