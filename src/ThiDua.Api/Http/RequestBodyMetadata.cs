using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ThiDua.Api.Http;

/// <summary>
/// The body a handler reads itself, for the OpenAPI document only. Accepts metadata would also make
/// routing refuse other content types with an empty 415 before the handler runs; the handler
/// refuses them with a problem body instead, the same way in both hosts.
/// </summary>
/// <param name="Type">The body's type.</param>
/// <param name="ContentType">Its media type, or several separated by ", ".</param>
internal sealed record RequestBodyMetadata(Type Type, string ContentType)
{
    /// <summary>Adds the request body of operations carrying this metadata.</summary>
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyMetadata>().FirstOrDefault() is not { } body)
        {
            return;
        }

        // A body taken as a file (a spreadsheet, a signature) or as JSON: each media type gets its own schema.
        IOpenApiSchema binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var json = body.Type == typeof(Stream) ? binary : await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = body.ContentType.Split(", ").ToDictionary(type => type, type => new OpenApiMediaType { Schema = type.EndsWith("json", StringComparison.Ordinal) ? json : binary }),
        };
    }
}
