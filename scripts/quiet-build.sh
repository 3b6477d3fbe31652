#!/usr/bin/env sh
# Builds every package (turbo, cached) and stays silent unless the build fails, so that
# `pnpm loom …` prints only what loom prints.
log=$(TURBO_TELEMETRY_DISABLED=1 turbo run build --output-logs=errors-only 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }
