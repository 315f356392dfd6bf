"""Facts about a person that eligibility rules look at, from answers or from the checker."""

from collections.abc import Mapping

from app.identifiers import certificate_category, certificate_grade


def from_answers(answers: Mapping) -> dict[str, str]:
    """An application's answers as facts: each answer by its name, and what the disability
    certificate number tells (that there is one, its grade and category)."""
    known = {name: str(value) for name, value in answers.items() if isinstance(value, str | int)}
    certificate = answers.get("certificate_number")
    if isinstance(certificate, str) and len(certificate) == 20:
        known["has_certificate"] = "yes"
        known["grade"] = str(certificate_grade(certificate))
        known["category"] = str(certificate_category(certificate))
    return known


def from_checker(answers: Mapping) -> dict[str, str]:
    """The eligibility checker's answers as facts: its grade question also says whether there
    is a certificate at all."""
    known = {name: str(value) for name, value in answers.items() if value is not None}
    if known.get("grade") == "none":
        known.pop("grade")
        known["has_certificate"] = "no"
    elif "grade" in known:
        known["has_certificate"] = "yes"
    return known
