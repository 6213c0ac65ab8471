# Interview Coach: `coach run` in a slim, multi-stage image, as a non-root user.
# Build: docker build -t interview-coach .
# Run:   docker run -e DISCORD_TOKEN=... -v coach-data:/data interview-coach

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
WORKDIR /src
# Packaging metadata first, source last: editing code does not invalidate the layers above.
COPY pyproject.toml setup.py README.md ./
COPY questions ./questions
COPY cogs ./cogs
COPY bot ./bot
# The wheel carries the question bank (bot/questions) and the Alembic migrations.
RUN /venv/bin/pip install .

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/coach.db
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home coach \
    && mkdir -p /data && chown coach:coach /data
COPY --from=build /venv /venv
USER coach
WORKDIR /data
VOLUME ["/data"]
CMD ["coach", "run"]
