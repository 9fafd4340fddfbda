# web, customers and payment in Java, built as services/java/launch.json says:
#   docker build -f deploy/docker/java.Dockerfile -t <registry>/scl-java:<tag> .
FROM maven:3-eclipse-temurin-21 AS build
WORKDIR /app
# The poms read the contract files from spec/ at build time.
COPY spec ./spec
COPY library/java ./library/java
COPY services/java ./services/java
RUN mvn -B -q -f services/java/pom.xml -Dmaven.repo.local=.cache/m2 -DskipTests package

# `java` on PATH, as the launch file's start command names it.
FROM gcr.io/distroless/java21-debian12:nonroot
WORKDIR /app
COPY --from=build /app/spec ./spec
COPY --from=build /app/.cache/java/scl-service.jar ./.cache/java/scl-service.jar
USER 65532:65532
ENTRYPOINT []
CMD ["java", "-jar", "/app/.cache/java/scl-service.jar"]
