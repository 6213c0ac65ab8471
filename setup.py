"""Package layout only; all metadata lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*", "cogs", "cogs.*"]), "bot.questions"],
    # The checkout keeps the bank at top level (questions/); the wheel ships it as bot/questions.
    package_dir={"bot.questions": "questions"},
    package_data={
        "bot.questions": ["*.yaml", "*.yml", "schema.json"],
        "bot.db": [
            "alembic.ini",
            "migrations/*.py",
            "migrations/*.mako",
            "migrations/versions/*.py",
        ],
    },
)
