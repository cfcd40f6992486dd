//! The Dockerfile the editor opens with: a realistic two-stage Go web app.

/// A Go web service built with the full toolchain and shipped on a distroless base.
pub const GO_WEB_APP: &str = r#"# syntax=docker/dockerfile:1
# A Go web service: build with the full toolchain, ship only the binary.
ARG GO_VERSION=1.23

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Dependencies first, so editing the code does not re-download modules.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/server"]
"#;

/// The build a page opens with when it has no link and no saved work.
pub fn input() -> layerlab_engine::Input {
    layerlab_engine::Input { dockerfile: GO_WEB_APP.to_owned(), ..Default::default() }
}
