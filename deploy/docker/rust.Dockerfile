# web, customers and payment in Rust, built as services/rust/launch.json says:
#   docker build -f deploy/docker/rust.Dockerfile -t <registry>/scl-rust:<tag> .
FROM rust:1-slim-bookworm AS build
WORKDIR /app
# The spec files are compiled in (include_str!), from the workspace's layout.
COPY Cargo.toml Cargo.lock ./
COPY spec ./spec
COPY library/rust ./library/rust
COPY services/rust ./services/rust
RUN cargo build --release --locked --package scl-service --target-dir .cache/rust

# glibc and libgcc only: SQLite is bundled and reqwest has no TLS.
FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /app
COPY --from=build /app/spec ./spec
COPY --from=build /app/.cache/rust/release/scl-service ./.cache/rust/release/scl-service
USER 65532:65532
CMD ["/app/.cache/rust/release/scl-service"]
