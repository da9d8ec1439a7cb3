"""The schema's .sql files (bot/core/db/migrations/<dialect>/): read in order or refused with the
file named, shipped with the package, and taking both dialects to the same tables and columns."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import asyncpg
import pytest

from bot.core.db import postgres, sqlite
from bot.core.db.base import MIGRATIONS_FOLDER, BadMigrations, read_migrations
from bot.core.db.postgres import PostgresStore
from bot.core.db.sqlite import SqliteStore
from tests.support.paths import REPO

DIALECTS = {"sqlite": sqlite.MIGRATIONS, "postgres": postgres.MIGRATIONS}
# A table's column names in order (the stores insert whole rows by position, so order matters too),
# and its primary key's columns in key order.
Tables = dict[str, tuple[list[str], list[str]]]


def migration_names(dialect: str) -> list[str]:
    return sorted(entry.name for entry in (MIGRATIONS_FOLDER / dialect).iterdir() if entry.name.endswith(".sql"))


def sql_files(folder: Path, *names: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(f"CREATE TABLE t_{name[:4]} (x INTEGER);\n", encoding="utf-8")
    return folder


# --- reading the files ---------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_each_dialect_runs_every_file_of_its_folder_in_number_order(dialect: str) -> None:
    folder, names = MIGRATIONS_FOLDER / dialect, migration_names(dialect)
    assert DIALECTS[dialect] == tuple((folder / name).read_text(encoding="utf-8") for name in names)
    assert [int(name[:4]) for name in names] == list(range(1, len(names) + 1))


def test_migration_n_has_the_same_name_in_both_dialects() -> None:
    # The same step in two dialects: one name says so, and a missing twin shows at a glance.
    assert migration_names("sqlite") == migration_names("postgres")


def test_files_are_read_by_number_whatever_the_folder_lists_first(tmp_path: Path) -> None:
    folder = sql_files(tmp_path / "m", "0002_second.sql", "0001_first.sql", "0003_third.sql")
    (folder / "README.md").write_text("not a migration", encoding="utf-8")
    assert read_migrations(folder) == tuple(f"CREATE TABLE t_{n:04} (x INTEGER);\n" for n in (1, 2, 3))


@pytest.mark.parametrize(
    ("names", "named", "says"),
    [
        (("0001_a.sql", "0003_c.sql"), "0003_c.sql", "numbered 3 after migration 1"),
        (("0002_b.sql",), "0002_b.sql", "numbered 2 after migration 0"),
        (("0001_a.sql", "0001_again.sql"), "0001_again.sql", "numbered 1 after migration 1"),
        (("0001_a.sql", "2_b.sql"), "2_b.sql", "NNNN_what_it_does.sql"),
    ],
)
def test_a_gap_a_repeat_or_a_bad_name_is_refused_naming_the_file(
    tmp_path: Path, names: tuple[str, ...], named: str, says: str
) -> None:
    folder = sql_files(tmp_path / "m", *names)
    with pytest.raises(BadMigrations, match=says) as refused:
        read_migrations(folder)
    assert str(folder / named) in str(refused.value)


def test_a_file_that_cannot_be_read_is_refused_naming_it(tmp_path: Path) -> None:
    folder = sql_files(tmp_path / "m", "0001_a.sql")
    (folder / "0002_b.sql").write_bytes(b"CREATE TABLE caf\xe9 (x INTEGER);")  # Latin-1, not UTF-8
    with pytest.raises(BadMigrations, match="cannot read migration") as refused:
        read_migrations(folder)
    assert str(folder / "0002_b.sql") in str(refused.value)


def test_a_missing_or_empty_folder_is_refused(tmp_path: Path) -> None:
    for folder in (tmp_path / "absent", sql_files(tmp_path / "empty")):
        with pytest.raises(BadMigrations, match="no migrations in"):
            read_migrations(folder)


async def test_a_migration_ending_in_a_comment_still_moves_sqlite_to_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = "CREATE TABLE later (x INTEGER);\n-- and no newline after this comment"
    monkeypatch.setattr(sqlite, "MIGRATIONS", (*sqlite.MIGRATIONS, later))
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        assert await store.schema_version() == len(sqlite.MIGRATIONS)
    with closing(sqlite3.connect(tmp_path / "bot.db")) as db:
        assert db.execute("SELECT count(*) FROM later").fetchone() == (0,)


# --- both dialects -------------------------------------------------------------------------------


async def sqlite_tables(path: Path) -> Tables:
    async with await SqliteStore.open(path):
        pass
    with closing(sqlite3.connect(path)) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables: Tables = {}
        for name in names:
            info = db.execute(f"PRAGMA table_info({name})").fetchall()  # cid, name, type, notnull, default, pk
            tables[name] = ([row[1] for row in info], [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]])
    return tables


async def postgres_tables(url: str) -> Tables:
    async with await PostgresStore.open(url):
        pass
    db = await asyncpg.connect(url)
    try:
        columns = await db.fetch(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
        keys = await db.fetch(
            "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c"
            " JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)"
            " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()"
            " ORDER BY k.table_name, k.ordinal_position"
        )
    finally:
        await db.close()
    tables: Tables = {}
    for table, column in columns:
        tables.setdefault(table, ([], []))[0].append(column)
    for table, column in keys:
        tables[table][1].append(column)
    # PostgreSQL keeps its schema version in a table; SQLite keeps it in PRAGMA user_version.
    del tables["schema_version"]
    return tables


async def test_both_dialects_end_with_the_same_tables_columns_and_keys(tmp_path: Path, postgres_url: str) -> None:
    in_sqlite = await sqlite_tables(tmp_path / "bot.db")
    assert in_sqlite == await postgres_tables(postgres_url)
    assert {"episodes", "chapters", "guild_settings", "guild_channels", "meta", "feeds", "feed_items"} <= set(in_sqlite)


# --- packaging -----------------------------------------------------------------------------------


def test_a_built_package_carries_the_migrations(tmp_path: Path) -> None:
    """setuptools' build_py, the step that gathers a wheel's files, run on a copy of the project:
    the .sql files are package data, and without pyproject.toml's package-data they are left out.
    (A whole wheel would need the `wheel` package, or PyPI for an isolated build.)"""
    pytest.importorskip("setuptools", reason="setuptools is not installed here to build the package with")
    project = tmp_path / "project"
    shutil.copytree(REPO / "bot", project / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    built = tmp_path / "lib"
    build = subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib", str(built)],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    shipped = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.sql"))
    in_source = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "bot").rglob("*.sql"))
    assert shipped == in_source
    assert len(shipped) == sum(len(migrations) for migrations in DIALECTS.values())
