# TraceBackend image: `docker build -t tracebackend .`; the compose file builds it too.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/TraceBackend/TraceBackend.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
VOLUME /data
# OTLP gRPC/HTTP, Jaeger gRPC/Thrift HTTP, Zipkin, query HTTP/gRPC, admin; Jaeger agent UDP.
EXPOSE 4317 4318 14250 14268 9411 16686 16685 8888 6831/udp 6832/udp
ENTRYPOINT ["dotnet", "tracebackend.dll"]
CMD ["all-in-one", "--storage-path", "/data"]
