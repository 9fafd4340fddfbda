# web, customers and payment in Python, built as services/python/launch.json says (scripts/setup/python.sh):
#   docker build -f deploy/docker/python.Dockerfile -t <registry>/scl-python:<tag> .
# Both stages are the same image at the same path: the venv links its interpreter and installs the library and
# services editable from /app, so it moves only to where it was built.
FROM python:3.12-slim-bookworm AS build
WORKDIR /app
COPY spec ./spec
COPY scripts/setup/python.sh ./scripts/setup/python.sh
COPY library/python ./library/python
COPY services/python ./services/python
RUN bash scripts/setup/python.sh

FROM python:3.12-slim-bookworm
WORKDIR /app
COPY --from=build /app/spec ./spec
COPY --from=build /app/library/python ./library/python
COPY --from=build /app/services/python ./services/python
COPY --from=build /app/.venv/python ./.venv/python
USER 65532:65532
CMD ["/app/.venv/python/bin/python", "-m", "scl_services"]
