"""The aid programmes residents apply for, defined as data in this folder (docs/programmes.md)."""

from pathlib import Path

import click
from flask import Flask, current_app

from app.programmes.definitions import (
    FOLDER,
    DefinitionError,
    check_all,
    encrypted_answer_names,
    load_checker,
)
from app.programmes.journey import Programme

# Encrypted whatever the programmes ask: the names _common.toml gives the identifiers, which the
# booking flow's certificate question and the details kept on the account use too.
ALWAYS_ENCRYPTED = {"id_number", "certificate_number", "account_number"}


def init_app(app: Flask) -> None:
    """Loads and checks every definition: a mistake stops the service, saying where it is.
    (So `flask programmes check` reports a mistake before it runs, as every command does.)"""
    folder = Path(app.config.get("PROGRAMMES_FOLDER", FOLDER))
    translations = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    if not app.config.get("CHECK_TRANSLATIONS", True):
        translations = None
    try:
        specs = check_all(folder, translations, app.config["LANGUAGES"])
    except DefinitionError as error:
        raise SystemExit(f"A programme definition is wrong: {error}") from None
    app.extensions["programmes"] = {spec.code: Programme(spec) for spec in specs}
    app.extensions["eligibility_checker"] = load_checker(folder / "_checker.toml")
    app.extensions["encrypted_answers"] = encrypted_answer_names(specs) | ALWAYS_ENCRYPTED

    @app.cli.group("programmes")
    def programmes_cli() -> None:
        """Programme definitions."""

    @programmes_cli.command("check")
    def check() -> None:
        """Check every definition and its translations; say what is wrong and where."""
        for spec in check_all(folder, translations, app.config["LANGUAGES"]):
            rules = len(spec.eligibility)
            click.echo(f"{spec.source.name}: {spec.code}, {len(spec.pages)} pages, {rules} rules")
        click.echo("Every programme definition is correct.")


def all_programmes() -> list[Programme]:
    return list(current_app.extensions["programmes"].values())


def get(code: str) -> Programme | None:
    return current_app.extensions["programmes"].get(code)
