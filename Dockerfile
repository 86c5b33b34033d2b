# MailGuard: build with the SDK, run on the ASP.NET runtime (the review console needs it) as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# ReadyToRun: the code is compiled here, not while the first mail after each start waits for the JIT. The first 500
# messages after a start cost ~12 ms of CPU each instead of ~16 (steady state ~5); bench/startup.sh measures it.
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet publish src/MailGuard.Cli/MailGuard.Cli.csproj -c Release -o /app --no-self-contained \
    -a "${TARGETARCH:-amd64}" -p:PublishReadyToRun=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN groupadd --system mailguard && useradd --system --gid mailguard --home-dir /var/lib/mailguard mailguard \
    && mkdir -p /var/lib/mailguard && chown mailguard:mailguard /var/lib/mailguard
WORKDIR /app
COPY --from=build /app .
# The spool, outbox and quarantine live on the volume; listen on all interfaces inside the container.
ENV MAILGUARD_DataDirectory=/var/lib/mailguard \
    MAILGUARD_Receive__Endpoints__0=0.0.0.0:2525 \
    MAILGUARD_Review__Urls=http://0.0.0.0:8025 \
    MAILGUARD_Health__Url=http://127.0.0.1:8026/health
VOLUME /var/lib/mailguard
EXPOSE 2525 8025
USER mailguard
ENTRYPOINT ["dotnet", "/app/mailguard.dll"]
CMD ["run", "--config", "/app/config"]
