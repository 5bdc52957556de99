# The bridge's image: the jar built with Maven, run on a JRE as a non-root user. docker-compose.yml and
# deploy/kubernetes use it.   docker build -t spacebring-luckey-bridge .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The dependencies first: a change to the code does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# The embedded PostgreSQL (no DB_URL) refuses to run as root; /app is the working directory, writable for its data
RUN useradd --system --uid 10001 --create-home --home-dir /app bridge
WORKDIR /app
COPY --from=build /src/target/spacebring-luckey-bridge.jar /app/spacebring-luckey-bridge.jar
USER 10001
# Webhooks; health, metrics and the admin API
EXPOSE 8080 9876
# As .env.example recommends; a JAVA_OPTS of the environment (compose's .env, the ConfigMap) replaces it
ENV JAVA_OPTS="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=5 \
  CMD ["java", "-cp", "/app/spacebring-luckey-bridge.jar", "com.coworking.bridge.HealthProbe", "http://localhost:9876/observe/health/ready"]
# Arguments after the image name reach the bridge: docker run ... spacebring-luckey-bridge --sandbox
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/spacebring-luckey-bridge.jar \"$@\"", "--"]
