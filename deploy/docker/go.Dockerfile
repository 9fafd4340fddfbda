# web, customers and payment in Go, built as services/go/launch.json says:
#   docker build -f deploy/docker/go.Dockerfile -t <registry>/scl-go:<tag> .
FROM golang:1.26-bookworm AS build
WORKDIR /app
COPY spec ./spec
COPY library/go ./library/go
COPY services/go ./services/go
# Pure Go (modernc.org/sqlite): a static binary, no libc in the image.
ENV CGO_ENABLED=0
RUN go generate -C library/go ./spec \
 && go generate -C services/go ./... \
 && go build -C services/go -o ../../.cache/go/bin/scl-service ./cmd/scl-service

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/spec ./spec
COPY --from=build /app/.cache/go/bin/scl-service ./.cache/go/bin/scl-service
USER 65532:65532
CMD ["/app/.cache/go/bin/scl-service"]
