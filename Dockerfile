# calcom-emulator: docker run -p 8080:8080 calcom-emulator
FROM python:3.11-slim

# Listening on 0.0.0.0 makes the admin API (every key and secret) reachable from the network: with no
# CALCOM_EMULATOR_ADMIN_TOKEN the emulator generates one at start-up and prints it (README.md, Security).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CALCOM_EMULATOR_SPECS=/app/openapi/upstream \
    CALCOM_EMULATOR_HOST=0.0.0.0 \
    CALCOM_EMULATOR_PORT=8080

WORKDIR /app
COPY pyproject.toml README.md ./
COPY emulator ./emulator
COPY openapi ./openapi
COPY fixtures ./fixtures
RUN pip install --no-compile . \
    # The specs are baked in: use the synced copy in the build context, or download the pinned files.
    && calcom-emulator specs sync \
    && useradd --system --uid 10001 --home-dir /app calcom \
    && chown -R calcom /app

USER calcom
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8080/_emulator/health', timeout=2)" || exit 1
CMD ["calcom-emulator", "serve"]
