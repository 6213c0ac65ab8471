"""What a service refuses to do, as exceptions whose message is fit to show a member."""

from __future__ import annotations


class CoachError(Exception):
    """A request the coach cannot carry out; `str(error)` is safe to show the member."""


class NoQuestionsError(CoachError):
    """No question matches the topic and difficulty asked for."""


class SessionNotFoundError(CoachError):
    """The quiz session id is unknown (or was forgotten)."""


class NotYourSessionError(CoachError):
    """A private quiz session used by someone other than its owner."""


class SessionExpiredError(CoachError):
    """The quiz session's time is up."""


class QuestionUnavailableError(CoachError):
    """The session's question is no longer in the bank."""


class NoMoreHintsError(CoachError):
    """Every hint of the question has been taken (or it has none)."""


class AlreadyAnsweredError(CoachError):
    """The member already answered or skipped this session."""
