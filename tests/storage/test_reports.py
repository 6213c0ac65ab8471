"""Question reports: filing, listing, resolving, and forgetting a member's reports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bank.models import Bank
from bot.db import Sessions
from bot.services import (
    CoachError,
    NotYourSessionError,
    SessionExpiredError,
    SessionNotFoundError,
    check_answerable,
    forget_member,
    open_question,
    open_quiz,
    open_reports,
    report_question,
    resolve_report,
)
from tests.storage.helpers import ALICE, BOB, GUILD, OTHER_GUILD, at

NOW = at("2024-05-15 12:00")


async def test_report_list_and_resolve(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    filed = await report_question(
        sessions,
        bank,
        guild_id=GUILD,
        member_id=ALICE,
        session_id=opened.session_id,
        reason="unclear",
        details="  what is asked?  ",
        now=NOW,
    )
    assert filed.question_id == opened.question.id and filed.details == "what is asked?"
    with pytest.raises(CoachError):
        await report_question(
            sessions, bank, guild_id=GUILD, member_id=ALICE, session_id=opened.session_id,
            reason="nonsense",
        )  # fmt: skip
    found = await open_reports(sessions, bank, guild_id=GUILD)
    assert found.total == 1 and found.reports[0].id == filed.id
    assert (await open_reports(sessions, bank, guild_id=OTHER_GUILD)).total == 0
    with pytest.raises(CoachError):
        await resolve_report(sessions, guild_id=OTHER_GUILD, report_id=filed.id, moderator_id=BOB)
    await resolve_report(sessions, guild_id=GUILD, report_id=filed.id, moderator_id=BOB)
    assert (await open_reports(sessions, bank, guild_id=GUILD)).total == 0


async def test_forget_member_deletes_their_reports_in_that_guild_only(
    sessions: Sessions, bank: Bank
) -> None:
    for guild, member in ((GUILD, ALICE), (GUILD, BOB), (OTHER_GUILD, ALICE)):
        opened = await open_quiz(sessions, bank, guild_id=guild, member_id=member, now=NOW)
        await report_question(
            sessions, bank, guild_id=guild, member_id=member,
            session_id=opened.session_id, reason="other", now=NOW,
        )  # fmt: skip
    gone = await forget_member(sessions, guild_id=GUILD, member_id=ALICE)
    assert gone.reports == 1
    left = await open_reports(sessions, bank, guild_id=GUILD)
    assert [r.member_id for r in left.reports] == [BOB]
    assert (await open_reports(sessions, bank, guild_id=OTHER_GUILD)).total == 1


async def test_check_answerable_before_the_modal(sessions: Sessions, bank: Bank) -> None:
    mine = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    shared = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, shared=True, now=NOW)
    await check_answerable(sessions, session_id=mine.session_id, member_id=ALICE, now=NOW)
    await check_answerable(sessions, session_id=shared.session_id, member_id=BOB, now=NOW)
    with pytest.raises(NotYourSessionError):
        await check_answerable(sessions, session_id=mine.session_id, member_id=BOB, now=NOW)
    with pytest.raises(SessionNotFoundError):
        await check_answerable(sessions, session_id=10**9, member_id=ALICE, now=NOW)
    timed = await open_question(
        sessions, mine.question, guild_id=GUILD, member_id=ALICE,
        ttl=timedelta(minutes=5), now=NOW,
    )  # fmt: skip
    with pytest.raises(SessionExpiredError):
        await check_answerable(
            sessions, session_id=timed.session_id, member_id=ALICE, now=NOW + timedelta(hours=1)
        )
