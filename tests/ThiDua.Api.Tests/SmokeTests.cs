using System.Net;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class OpenApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_with_its_operation_and_problems()
    {
        var reply = await fixture.Anonymous().FetchAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var paths = reply.Json.GetProperty("paths");
        foreach (var route in typeof(ApiRoutes).GetFields().Select(f => (string)f.GetRawConstantValue()!))
        {
            Assert.True(paths.TryGetProperty("/api/" + route, out var path), $"/api/{route} is missing from the OpenAPI document.");
            foreach (var operation in path.EnumerateObject().Where(o => o.Name is "get" or "put" or "post"))
            {
                Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("operationId").GetString()));
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out var unauthorized), $"{operation.Name} /api/{route} documents no 401.");
                Assert.True(unauthorized.GetProperty("content").TryGetProperty("application/problem+json", out _));
            }
        }

        var launch = paths.GetProperty("/api/" + ApiRoutes.Launch).GetProperty("post");
        Assert.True(launch.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }
}
