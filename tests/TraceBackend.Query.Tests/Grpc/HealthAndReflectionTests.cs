using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using TraceBackend.Query.Grpc;

namespace TraceBackend.Query.Tests.Grpc;

public sealed class HealthAndReflectionTests(GrpcQueryFixture fixture) : IClassFixture<GrpcQueryFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("jaeger.api_v2.QueryService")]
    [InlineData("jaeger.api_v2.metrics.MetricsQueryService")]
    [InlineData("jaeger.api_v3.QueryService")]
    public async Task Health_reports_SERVING(string service)
    {
        var client = new Health.HealthClient(fixture.Server.Channel);
        var response = await client.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        Assert.Contains(service, GrpcQueryExtensions.HealthServiceNames);
    }

    [Fact]
    public async Task Health_of_an_unknown_service_is_NotFound()
    {
        var client = new Health.HealthClient(fixture.Server.Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, cancellationToken: Token));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Conventions_on_the_returned_builder_apply_to_every_grpc_service()
    {
        // The lead restricts the services to the 16685 listener with RequireHost; a host that never matches hides them all.
        await using var server = await GrpcQueryServer.StartAsync(new Support.ListTraceStore(), grpcConventions: b => b.RequireHost("other.invalid:1"));
        var health = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Token));
        Assert.Equal(StatusCode.Unimplemented, health.StatusCode);
        var services = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Jaeger.ApiV2.QueryService.QueryServiceClient(server.Channel).GetServicesAsync(new Jaeger.ApiV2.GetServicesRequest(), cancellationToken: Token));
        Assert.Equal(StatusCode.Unimplemented, services.StatusCode);
        var v3 = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Jaeger.ApiV3.QueryService.QueryServiceClient(server.Channel).GetServicesAsync(new Jaeger.ApiV3.GetServicesRequest(), cancellationToken: Token));
        Assert.Equal(StatusCode.Unimplemented, v3.StatusCode);

        // Without the restriction the same calls succeed (so the failures above come from the convention).
        await using var open = await GrpcQueryServer.StartAsync(new Support.ListTraceStore());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(open.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Token)).Status);
    }

    [Fact]
    public async Task Reflection_lists_the_query_and_health_services()
    {
        var client = new ServerReflection.ServerReflectionClient(fixture.Server.Channel);
        using var call = client.ServerReflectionInfo(cancellationToken: Token);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(Token));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("jaeger.api_v2.QueryService", names);
        Assert.Contains("jaeger.api_v3.QueryService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
